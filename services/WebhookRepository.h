#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "Error.h"

namespace gatehouse {

/// One row of webhook_endpoints. \a url may carry a secret in its path (Slack's incoming
/// webhooks do): show it through WebhookService::redactedUrl(), never in logs or the ledger.
struct WebhookEndpoint
{
    qint64 id = 0;
    QString name;
    QString url;
    QString format;     ///< "json" or "slack"
    QStringList events; ///< event types, or {"*"} for all
    bool enabled = true;
    QString createdBy;
    QDateTime createdAt;

    bool subscribes(const QString& eventType) const
    {
        return events.contains(QStringLiteral("*")) || events.contains(eventType);
    }
};

/// One row of webhook_deliveries (the outbox), with its endpoint's name and URL.
struct WebhookDelivery
{
    qint64 id = 0;
    qint64 endpointId = 0;
    QString endpointName;
    QString url;
    QString eventType;
    QString body;  ///< the exact bytes POSTed (UTF-8 JSON), already in the endpoint's format
    QString state; ///< "pending", "delivered" or "failed"
    int attempts = 0;
    QDateTime nextAttemptAt; ///< UTC; for a claimed row, the end of the claim's lease
    QString lastError;
    QDateTime createdAt;
    QDateTime deliveredAt;
};

/// Counts of one endpoint's outbox, for the console and `webhooks list`.
struct WebhookEndpointHealth
{
    QString name;
    bool enabled = true;
    qint64 pending = 0;
    qint64 delivered = 0;
    qint64 failed = 0;  ///< includes dropped
    qint64 dropped = 0; ///< failed with "dropped: backlog full"
    QString lastError;  ///< reason of the newest undelivered row that failed at least once, or empty
};

/// SQL for webhook_endpoints and webhook_deliveries (migration 4), nothing else: no
/// validation, no permissions, no transactions (the callers own them). Times are stored
/// as sql::timeValue text, so text order is time order. StorageFailure on SQL errors.
class WebhookRepository
{
public:
    /// The last_error of deliveries discarded because the endpoint's backlog was full.
    static QString droppedError() { return QStringLiteral("dropped: backlog full"); }

    explicit WebhookRepository(QSqlDatabase db);

    [[nodiscard]] Result<qint64> insertEndpoint(const WebhookEndpoint& endpoint);
    [[nodiscard]] Result<std::optional<WebhookEndpoint>> findEndpoint(const QString& name) const;
    /// All endpoints by name.
    [[nodiscard]] Result<QList<WebhookEndpoint>> endpoints() const;
    [[nodiscard]] Status setEnabled(qint64 endpointId, bool enabled);
    /// Deletes the endpoint and its deliveries (the foreign key needs them gone first);
    /// returns how many deliveries were still pending.
    [[nodiscard]] Result<qint64> deleteEndpoint(qint64 endpointId);

    /// A pending delivery due at \a now.
    [[nodiscard]] Status insertDelivery(qint64 endpointId, const QString& eventType, const QString& body,
                                        const QDateTime& now);
    /// Marks the oldest pending deliveries of the endpoint failed ("dropped: backlog full")
    /// until at most \a cap remain pending; returns how many it dropped.
    [[nodiscard]] Result<qint64> dropBeyond(qint64 endpointId, qint64 cap, const QDateTime& now);

    /// Pending deliveries of enabled endpoints due at \a now, oldest first, at most \a limit.
    [[nodiscard]] Result<QList<WebhookDelivery>> due(const QDateTime& now, int limit) const;
    /// Takes a due row for one sender: moves next_attempt_at from \a seen to \a leaseUntil if
    /// nobody changed it meanwhile. False when another dispatcher claimed it first.
    [[nodiscard]] Result<bool> claim(qint64 id, const QDateTime& seen, const QDateTime& leaseUntil);
    /// The outcome of a claimed attempt; false if the claim was lost (lease ran out and
    /// another dispatcher took the row). \a state "delivered", "pending" (retry at \a next)
    /// or "failed".
    [[nodiscard]] Result<bool> finish(qint64 id, const QDateTime& leaseUntil, const QString& state,
                                      int attempts, const QDateTime& next, const QString& error,
                                      const QDateTime& now);

    /// Newest first; \a failedOnly keeps state "failed"; \a endpointName empty = all.
    [[nodiscard]] Result<QList<WebhookDelivery>> deliveries(bool failedOnly, const QString& endpointName,
                                                            int limit) const;
    [[nodiscard]] Result<std::optional<WebhookDelivery>> delivery(qint64 id) const;
    /// One entry per endpoint, by name.
    [[nodiscard]] Result<QList<WebhookEndpointHealth>> health() const;

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
