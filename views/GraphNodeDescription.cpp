#include "GraphNodeDescription.h"

#include <QCoreApplication>
#include <QJsonArray>

#include "GraphStyle.h"

namespace gatehouse {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("GraphNodeDescription", text);
}

QString escapedList(const QJsonArray& values, int shown)
{
    QStringList out;
    for (qsizetype i = 0; i < values.size() && i < shown; ++i)
        out << QStringLiteral("<code>%1</code>").arg(values[i].toString().toHtmlEscaped());
    if (values.size() > shown)
        out << tr("and %1 more").arg(values.size() - shown);
    return out.join(QStringLiteral(", "));
}

} // namespace

QString GraphNodeDescription::html(const PermissionGraph::Node& n, qsizetype outgoing, qsizetype incoming)
{
    const QJsonObject& a = n.attributes;
    QString html = QStringLiteral("<b>%1</b> · %2<br><code>%3</code>")
                       .arg(n.label.toHtmlEscaped(), GraphStyle::kindTitle(n.kind), n.id.toHtmlEscaped());
    if (n.tierZero) {
        const QString reason = a.value(QStringLiteral("tier_zero_reason")).toString();
        html += QStringLiteral("<br><span style='color:#c62828'><b>%1</b>%2</span>")
                    .arg(tr("Tier Zero"),
                         reason.isEmpty() ? QString() : QStringLiteral(": ") + reason.toHtmlEscaped());
    }
    if (a.value(QStringLiteral("escalation_edges_omitted")).toBool())
        html += QStringLiteral("<br>") +
                tr("Admin-equivalent: it already holds what escalation edges would lead to, so none are "
                   "drawn from it.");
    if (n.view) {
        const QString of = a.value(QStringLiteral("policy")).toString().isEmpty()
                               ? a.value(QStringLiteral("group")).toString()
                               : a.value(QStringLiteral("policy")).toString();
        html +=
            QStringLiteral("<br>") +
            tr("As it applies to <code>%1</code> (the shared node is <code>%2</code>).")
                .arg(a.value(QStringLiteral("effective_for")).toString().toHtmlEscaped(), of.toHtmlEscaped());
        const int removed = a.value(QStringLiteral("removed_count")).toInt();
        const int possibly = a.value(QStringLiteral("possibly_denied_count")).toInt();
        const int narrowed = a.value(QStringLiteral("narrowed_count")).toInt();
        const int outside = a.value(QStringLiteral("outside_boundary_count")).toInt();
        if (removed + possibly + narrowed > 0)
            html +=
                QStringLiteral("<br>") + tr("%1 permission(s) removed (%2 outside the permissions boundary), "
                                            "%3 possibly denied, %4 narrowed.")
                                             .arg(removed)
                                             .arg(outside)
                                             .arg(possibly)
                                             .arg(narrowed);
        const QJsonArray removedList = a.value(QStringLiteral("removed")).toArray();
        if (!removedList.isEmpty())
            html += QStringLiteral("<br>") + tr("Removed: %1").arg(escapedList(removedList, 5));
        const QJsonArray by = a.value(QStringLiteral("narrowed_by")).toArray();
        if (!by.isEmpty())
            html += QStringLiteral("<br>") + tr("By: %1").arg(escapedList(by, 3));
    }
    const QString boundary = a.value(QStringLiteral("permissions_boundary")).toString();
    if (!boundary.isEmpty())
        html += QStringLiteral("<br>") +
                tr("Permissions boundary: <code>%1</code>").arg(boundary.toHtmlEscaped());
    const QJsonArray rewritable = a.value(QStringLiteral("grants_rewritable_by")).toArray();
    if (!rewritable.isEmpty())
        html += QStringLiteral("<br>") +
                tr("Grants can be rewritten by %1 (no edge: they cannot act as a holder).")
                    .arg(escapedList(rewritable, 5));
    html += QStringLiteral("<br>") + tr("%1 outgoing, %2 incoming edges").arg(outgoing).arg(incoming);
    return html;
}

} // namespace gatehouse
