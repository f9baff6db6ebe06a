#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "Error.h"
#include "OperatorSession.h"
#include "WebhookRepository.h"

namespace gatehouse {

/// Limits of the outbox.
struct WebhookSettings
{
    /// Pending deliveries kept per endpoint; beyond this the oldest are marked failed
    /// ("dropped: backlog full") so a dead endpoint cannot grow the database without bound.
    qint64 backlogCap = 10000;
};

/// What an administrator asks for when adding an endpoint.
struct WebhookEndpointDraft
{
    QString name; ///< 1..64 characters: letters, digits, '.', '_', '-'
    QString url;  ///< http:// or https:// with a host; no user:password@, no #fragment; <= 2048 chars
    QString format = QStringLiteral("json"); ///< "json" or "slack" (WebhookPayload)
    QStringList events{QStringLiteral("*")}; ///< subset of eventTypes(), or {"*"}
};

/// Everything the console and `webhooks list` show about the outbox.
struct WebhookHealth
{
    qint64 pending = 0;
    qint64 failed = 0;  ///< includes dropped
    qint64 dropped = 0; ///< discarded because a backlog was full
    QList<WebhookEndpointHealth> endpoints;
};

/// Outgoing review notifications (issue #4): endpoint configuration and the outbox.
///
/// Configuration is for administrators only; each change writes its row and its ledger event
/// ("webhook.added", "webhook.enabled", "webhook.disabled", "webhook.removed") in one
/// transaction. The ledger records the endpoint's name, format, events and host, never the
/// full URL (Slack's URLs are bearer secrets). Refusals: PermissionDenied, InvalidInput (the
/// message names the field: name, url, format, events), Conflict (duplicate name),
/// NotFound (unknown name).
///
/// enqueue() is ReviewHooks::notify: it runs inside the review's transaction and only writes
/// one pending row per enabled, subscribed endpoint (outbox pattern), so a decision never
/// waits on the network; WebhookDispatcher delivers them later. No secret is configured or
/// sent: requests are not signed (no X-Gatehouse-Signature); use HTTPS and an unguessable URL.
class WebhookService
{
public:
    WebhookService(Database& db, AuditLedger& ledger, const Clock& clock, QString workspaceName,
                   WebhookSettings settings = {});

    /// The event types an endpoint may subscribe to, in the order ReviewService emits them.
    static QStringList eventTypes();
    /// \a url as safe to show: scheme, host and port, with any path, query or fragment
    /// replaced by "/…" ("https://hooks.slack.com/…").
    static QString redactedUrl(const QString& url);
    /// InvalidInput naming the field if \a draft is not acceptable; the draft is normalised
    /// (trimmed name, lower-case format, events de-duplicated).
    [[nodiscard]] static Result<WebhookEndpointDraft> validate(WebhookEndpointDraft draft);

    void setSettings(const WebhookSettings& settings) { m_settings = settings; }

    [[nodiscard]] Result<WebhookEndpoint> add(const OperatorSession& actor,
                                              const WebhookEndpointDraft& draft);
    [[nodiscard]] Status remove(const OperatorSession& actor, const QString& name);
    [[nodiscard]] Status setEnabled(const OperatorSession& actor, const QString& name, bool enabled);
    /// Any signed-in operator with a role may read the configuration and the outbox.
    [[nodiscard]] Result<QList<WebhookEndpoint>> endpoints(const OperatorSession& actor) const;
    /// Newest first, at most \a limit (1..1000).
    [[nodiscard]] Result<QList<WebhookDelivery>> deliveries(const OperatorSession& actor, bool failedOnly,
                                                            int limit = 100) const;
    /// Totals and per-endpoint counts with the last error (no session: the Overview of any operator).
    [[nodiscard]] Result<WebhookHealth> health() const;

    /// ReviewHooks::notify. Must run inside the caller's write transaction; writes one pending
    /// delivery per enabled endpoint subscribed to \a eventType, with the body already in the
    /// endpoint's format (<= WebhookPayload::kMaxBodyBytes), then enforces the backlog cap.
    /// Fails only if SQLite fails (the caller then rolls back).
    [[nodiscard]] Status enqueue(const QString& eventType, const QJsonObject& body);

private:
    [[nodiscard]] Result<WebhookEndpoint> find(const QString& name) const;

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    QString m_workspaceName;
    WebhookSettings m_settings;
};

} // namespace gatehouse
