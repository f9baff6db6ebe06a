#include "WebhookPayload.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

namespace {

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

bool looksSecret(const QString& key)
{
    static const char* const kWords[] = {"token",     "credential", "secret",        "password", "jwt",
                                         "signature", "key",        "authorization", "cookie"};
    const QString k = key.toLower();
    for (const char* word : kWords)
        if (k.contains(QLatin1String(word)))
            return true;
    return false;
}

QString cut(const QString& text, qsizetype max)
{
    return text.size() <= max ? text : text.left(max) + QChar(0x2026);
}

QJsonObject field(const QString& label, const QString& value)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")},
                       {QStringLiteral("text"), QStringLiteral("*%1*\n%2").arg(label, value)}};
}

QJsonObject mrkdwnSection(const QString& text)
{
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("section")},
        {QStringLiteral("text"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")}, {QStringLiteral("text"), text}}}};
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QJsonObject WebhookPayload::withoutSecrets(const QJsonObject& data)
{
    QJsonObject out;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (looksSecret(it.key()))
            continue;
        if (it.value().isObject())
            out.insert(it.key(), withoutSecrets(it.value().toObject()));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

QString WebhookPayload::slackEscape(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('&'))
            out += QStringLiteral("&amp;");
        else if (c == QLatin1Char('<'))
            out += QStringLiteral("&lt;");
        else if (c == QLatin1Char('>'))
            out += QStringLiteral("&gt;");
        else
            out += c;
    }
    return out;
}

QString WebhookPayload::headline(const WebhookEvent& event)
{
    const QJsonObject& d = event.data;
    const QString tier = str(d, "tier").isEmpty() ? QStringLiteral("?") : str(d, "tier");
    const QString what =
        QStringLiteral("%1 on %2 (path %3)").arg(str(d, "action_type"), str(d, "target"), str(d, "path_id"));
    const QString reviewer = str(d, "reviewer");
    const QString& t = event.type;
    if (t == QLatin1String("review.opened"))
        return QStringLiteral("%1 request awaits review: %2").arg(tier, what);
    if (t == QLatin1String("review.approved")) {
        if (d.value(QStringLiteral("break_glass")).toBool())
            return QStringLiteral("BREAK-GLASS: %1 request approved alone by %2: %3")
                .arg(tier, reviewer, what);
        return QStringLiteral("%1 request approved by %2: %3").arg(tier, reviewer, what);
    }
    if (t == QLatin1String("review.rejected"))
        return QStringLiteral("%1 request rejected by %2: %3").arg(tier, reviewer, what);
    if (t == QLatin1String("review.escalated"))
        return QStringLiteral("%1 request escalated to managers by %2: %3").arg(tier, reviewer, what);
    if (t == QLatin1String("request.expired"))
        return QStringLiteral("%1 request expired without a decision: %2").arg(tier, what);
    if (t == QLatin1String("request.approval_lapsed"))
        return QStringLiteral("%1 approval lapsed unused: %2").arg(tier, what);
    return QStringLiteral("%1 %2: %3").arg(tier, t, what);
}

QByteArray WebhookPayload::json(const WebhookEvent& event)
{
    const QJsonObject body{{QStringLiteral("event"), event.type},
                           {QStringLiteral("occurred_at"), iso(event.occurredAt)},
                           {QStringLiteral("workspace"), event.workspace},
                           {QStringLiteral("data"), withoutSecrets(event.data)}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray WebhookPayload::slack(const WebhookEvent& event)
{
    const QJsonObject d = withoutSecrets(event.data);
    WebhookEvent clean = event;
    clean.data = d;
    // Slack limits a section's text to 3000 characters and a field to 2000.
    const QString line = cut(slackEscape(headline(clean)), 1000);
    QJsonArray fields{field(QStringLiteral("Tier"), slackEscape(str(d, "tier"))),
                      field(QStringLiteral("Path"), slackEscape(cut(str(d, "path_id"), 500))),
                      field(QStringLiteral("Action"), slackEscape(cut(str(d, "action_type"), 500))),
                      field(QStringLiteral("Target"), slackEscape(cut(str(d, "target"), 500)))};
    if (!str(d, "reviewer").isEmpty())
        fields.append(field(QStringLiteral("Reviewer"), slackEscape(cut(str(d, "reviewer"), 500))));
    QJsonArray blocks{
        mrkdwnSection(QStringLiteral("*%1*").arg(line)),
        QJsonObject{{QStringLiteral("type"), QStringLiteral("section")}, {QStringLiteral("fields"), fields}}};
    const QString justification = str(d, "justification");
    if (!justification.isEmpty())
        blocks.append(
            mrkdwnSection(QStringLiteral("*Justification*\n%1").arg(slackEscape(cut(justification, 2000)))));
    const QString context =
        QStringLiteral("request %1 · workspace %2 · %3")
            .arg(slackEscape(str(d, "request_id")), slackEscape(event.workspace), iso(event.occurredAt));
    blocks.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("context")},
                              {QStringLiteral("elements"),
                               QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")},
                                                      {QStringLiteral("text"), context}}}}});
    const QJsonObject body{{QStringLiteral("text"), line}, {QStringLiteral("blocks"), blocks}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray WebhookPayload::renderUnbounded(const QString& format, const WebhookEvent& event)
{
    return format == QLatin1String("slack") ? slack(event) : json(event);
}

QByteArray WebhookPayload::render(const QString& format, const WebhookEvent& event)
{
    QByteArray body = renderUnbounded(format, event);
    if (body.size() <= kMaxBodyBytes)
        return body;
    // Too large: keep every field but cut long text, then drop bulky nested values.
    WebhookEvent smaller = event;
    QJsonObject data;
    for (auto it = event.data.begin(); it != event.data.end(); ++it) {
        if (it.value().isString()) {
            data.insert(it.key(), cut(it.value().toString(), kShortText));
        } else if (it.value().isArray() || it.value().isObject()) {
            const QByteArray compact =
                it.value().isArray() ? QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact)
                                     : QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact);
            if (compact.size() <= 1024)
                data.insert(it.key(), it.value());
        } else {
            data.insert(it.key(), it.value());
        }
    }
    data.insert(QStringLiteral("truncated"), true);
    smaller.data = data;
    smaller.workspace = cut(event.workspace, kShortText);
    body = renderUnbounded(format, smaller);
    if (body.size() <= kMaxBodyBytes)
        return body;
    // Only pathological input gets here (thousands of keys): say what happened and to which request.
    smaller.data = QJsonObject{{QStringLiteral("request_id"), cut(str(event.data, "request_id"), kShortText)},
                               {QStringLiteral("truncated"), true}};
    return renderUnbounded(format, smaller);
}

} // namespace gatehouse
