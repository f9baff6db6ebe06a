#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gatehouse {

/// One review event as the outbox records it.
struct WebhookEvent
{
    QString type;         ///< "review.opened", "review.approved", ... (WebhookService::eventTypes())
    QDateTime occurredAt; ///< UTC
    QString workspace;    ///< the workspace's name (its folder's name)
    QJsonObject data; ///< what ReviewService reported: request_id, path_id, action_type, target, tier, ...
};

/// The bodies Gatehouse POSTs to webhook endpoints. Both are compact UTF-8 JSON of at most
/// kMaxBodyBytes; longer free text is cut (and data.truncated set) rather than the event lost.
///
/// - "json": {"event": type, "occurred_at": ISO 8601 UTC with ms, "workspace": name, "data": {...}}
/// - "slack": a Slack incoming-webhook message {"text": one line, "blocks": [section (headline),
///   section with fields Tier/Path/Action/Target/Reviewer, section Justification (if any),
///   context (request id, workspace, time)]}. User text is escaped for Slack mrkdwn (&, <, >),
///   so a justification cannot ping "<!channel>" or forge a link.
///
/// Keys that could carry secrets (token, credential, secret, password, jwt, signature, key and
/// anything containing them) are removed from data before either format is built.
class WebhookPayload
{
public:
    static constexpr qsizetype kMaxBodyBytes = 16 * 1024;
    /// Top-level strings in data longer than this are cut when a body would be too large.
    static constexpr qsizetype kShortText = 256;

    /// The body for \a format ("json" or "slack"; anything else is treated as "json").
    static QByteArray render(const QString& format, const WebhookEvent& event);
    static QByteArray json(const WebhookEvent& event);
    static QByteArray slack(const WebhookEvent& event);

    /// \a data without keys that look like secrets.
    static QJsonObject withoutSecrets(const QJsonObject& data);
    /// The one-line summary used as Slack's "text" (not yet escaped).
    static QString headline(const WebhookEvent& event);
    /// Escapes &, < and > as Slack's mrkdwn requires.
    static QString slackEscape(const QString& text);

private:
    static QByteArray renderUnbounded(const QString& format, const WebhookEvent& event);
};

} // namespace gatehouse
