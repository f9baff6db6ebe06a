#include "DecisionPathDetailView.h"

#include <QCoreApplication>

#include "CountText.h"
#include "FrameworkCatalog.h"
#include "UtcText.h"

namespace gatehouse {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString orDash(const QString& text)
{
    return text.isEmpty() ? QStringLiteral("<span style='color:#888'>—</span>") : esc(text);
}

QString listHtml(const QStringList& items)
{
    if (items.isEmpty())
        return orDash({});
    QStringList escaped;
    for (const QString& item : items)
        escaped << QStringLiteral("<code>") + esc(item) + QStringLiteral("</code>");
    return escaped.join(QStringLiteral("<br>"));
}

QString frameworkHtml(const QStringList& codes)
{
    if (codes.isEmpty())
        return orDash({});
    QStringList rows;
    for (const QString& code : codes) {
        const QString title = FrameworkCatalog::title(code);
        rows << QStringLiteral("<b>%1</b>%2")
                    .arg(esc(code), title.isEmpty() ? QString() : QStringLiteral(" — ") + esc(title));
    }
    return rows.join(QStringLiteral("<br>"));
}

QString row(const QString& label, const QString& valueHtml)
{
    return QStringLiteral(
               "<tr><td style='color:#555; padding-right:12px; white-space:nowrap' valign='top'>%1</td>"
               "<td valign='top'>%2</td></tr>")
        .arg(esc(label), valueHtml);
}

QString section(const QString& title)
{
    return QStringLiteral("<tr><td colspan='2' style='padding-top:10px'><b>%1</b></td></tr>").arg(esc(title));
}

/// First \a max of \a ids as code, "… and N more" after them.
QString someOf(const QStringList& ids, qsizetype total, qsizetype max = 5)
{
    QStringList shown;
    for (qsizetype i = 0; i < ids.size() && i < max; ++i)
        shown << QStringLiteral("<code>") + esc(ids.at(i)) + QStringLiteral("</code>");
    QString html = shown.join(QStringLiteral("<br>"));
    if (total > shown.size())
        html += QStringLiteral("<br>") +
                esc(QCoreApplication::translate("DecisionPathDetailView", "… and %1 more")
                        .arg(total - shown.size()));
    return html;
}

QString exposureHtml(const DecisionPathDetailView::GraphExposure& x)
{
    const auto tr = [](const char* text) {
        return QCoreApplication::translate("DecisionPathDetailView", text);
    };
    QString html = section(tr("Permission graph"));
    if (!x.notComputed.isEmpty()) {
        html += row(tr("Amplification"),
                    QStringLiteral("<span style='color:#888'>%1</span>").arg(esc(x.notComputed)));
        html += row(tr("Blast radius"),
                    QStringLiteral("<span style='color:#888'>%1</span>").arg(esc(x.notComputed)));
        return html;
    }
    const GraphAmplification& a = x.amplification;
    const bool amplified = a.undeclaredIdentityCount > 0 || a.tierZeroCount > 0 ||
                           a.undeclaredPermissionCount > 0 || a.undeclaredResourceCount > 0;
    QString amp = QStringLiteral("<span style='%1'>%2</span>")
                      .arg(amplified ? QStringLiteral("color:#b01c1c; font-weight:bold") : QString(),
                           esc(tr("%1 identities beyond runs_as · %2 Tier Zero · %3 permissions outside the "
                                  "declared actions · %4 resources outside the declared targets")
                                   .arg(a.undeclaredIdentityCount)
                                   .arg(a.tierZeroCount)
                                   .arg(a.undeclaredPermissionCount)
                                   .arg(a.undeclaredResourceCount)));
    html += row(tr("Amplification"), amp);
    if (a.tierZeroCount > 0)
        html += row(tr("Tier Zero reached"), someOf(a.tierZero, a.tierZeroCount));
    if (a.undeclaredIdentityCount > 0)
        html += row(tr("Undeclared identities"), someOf(a.undeclaredIdentities, a.undeclaredIdentityCount));
    const GraphBlastRadius& b = x.blastRadius;
    QStringList kinds;
    for (auto it = b.byKind.cbegin(); it != b.byKind.cend(); ++it)
        kinds << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    html +=
        row(tr("Blast radius"), esc(tr("%1 nodes reachable (%2), %3 of them Tier Zero")
                                        .arg(b.total)
                                        .arg(kinds.isEmpty() ? tr("none") : kinds.join(QStringLiteral(", ")))
                                        .arg(b.tierZero)));
    return html;
}

} // namespace

DecisionPathDetailView::DecisionPathDetailView(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("detailView"));
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    clearPath();
}

void DecisionPathDetailView::clearPath()
{
    m_pathId.clear();
    setHtml(QStringLiteral("<p style='color:#888'>%1</p>")
                .arg(esc(tr("Select a decision path to see all of its fields."))));
}

void DecisionPathDetailView::showPath(const DecisionPath& p, const QDate& today,
                                      const std::optional<GraphExposure>& exposure)
{
    m_pathId = p.id;
    QString review;
    if (!p.nextReviewDate.isValid()) {
        review = esc(tr("not scheduled"));
    } else if (p.isReviewOverdue(today) && p.status != PathStatus::Retired) {
        review = QStringLiteral("<span style='color:#b01c1c; font-weight:bold'>%1 — %2</span>")
                     .arg(esc(p.nextReviewDate.toString(Qt::ISODate)),
                          esc(countText(p.nextReviewDate.daysTo(today), tr("overdue by %1 day"),
                                        tr("overdue by %1 days"))));
    } else {
        review = esc(p.nextReviewDate.toString(Qt::ISODate));
    }
    const QString tier =
        p.tier ? esc(severityTierCode(*p.tier) + QStringLiteral(" — ") + severityTierLabel(*p.tier))
               : esc(tr("not chosen"));

    QString html = QStringLiteral("<h3 style='margin-bottom:2px'>%1</h3><p style='margin-top:0; color:#555'>"
                                  "<code>%2</code> · %3</p>")
                       .arg(orDash(p.name), esc(p.id), esc(pathStatusName(p.status)));
    if (!p.description.isEmpty())
        html += QStringLiteral("<p>%1</p>")
                    .arg(esc(p.description).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    html += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    html += section(tr("Accountability"));
    html += row(tr("Owner"), orDash(p.owner));
    html += row(tr("Team"), orDash(p.team));
    html += row(tr("AI component"), orDash(p.aiComponent));
    html += section(tr("Scope"));
    html += row(tr("Workload identity"), p.workloadId.isEmpty() ? orDash({}) : listHtml({p.workloadId}));
    html += row(tr("Environment"), orDash(p.environment));
    html += row(tr("Action types"), listHtml(p.actionTypes));
    html += row(tr("Targets"), listHtml(p.targets));
    html += row(tr("Runs as"), listHtml(p.runsAs));
    html += section(tr("Risk"));
    html += row(tr("Severity tier"), tier);
    html += row(tr("Reversibility"), esc(reversibilityLabel(p.reversibility)));
    html += row(tr("Confidence threshold"), esc(QString::number(p.confidenceThreshold, 'f', 2)));
    html += row(tr("Next review"), review);
    if (exposure)
        html += exposureHtml(*exposure);
    html += section(tr("Framework mapping"));
    html += row(tr("OWASP Agentic"), frameworkHtml(p.frameworks.owaspAgentic));
    html += row(tr("CSA MAESTRO"), frameworkHtml(p.frameworks.maestroLayers));
    html += row(tr("NIST AI RMF"), listHtml(p.frameworks.nistAiRmf));
    html += row(tr("NIST CSF 2.0"), frameworkHtml(p.frameworks.nistCsf));
    html += section(tr("Record"));
    html += row(tr("Created"), orDash(utcText(p.createdAt)));
    html += row(tr("Updated"), orDash(utcText(p.updatedAt)));
    html += row(tr("Version"), QString::number(p.version));
    html += QStringLiteral("</table>");
    setHtml(html);
}

} // namespace gatehouse
