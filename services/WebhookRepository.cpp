#include "WebhookRepository.h"

#include <QSqlError>
#include <QSqlQuery>

#include "SqlValues.h"

namespace gatehouse {

using sql::timeFrom;
using sql::timeValue;

namespace {

std::unexpected<Error> sqlFailure(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("webhooks: %1").arg(q.lastError().text()));
}

QVariant textOrNull(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

const char* kEndpointColumns = "id, name, url, format, events, enabled, created_by, created_at";

WebhookEndpoint endpointFrom(const QSqlQuery& q)
{
    WebhookEndpoint e;
    e.id = q.value(0).toLongLong();
    e.name = q.value(1).toString();
    e.url = q.value(2).toString();
    e.format = q.value(3).toString();
    e.events = sql::stringListFrom(q.value(4));
    e.enabled = q.value(5).toBool();
    e.createdBy = q.value(6).toString();
    e.createdAt = timeFrom(q.value(7));
    return e;
}

const char* kDeliveryColumns =
    "d.id, d.endpoint_id, e.name, e.url, d.event_type, d.body, d.state, d.attempts,"
    " d.next_attempt_at, d.last_error, d.created_at, d.delivered_at";

WebhookDelivery deliveryFrom(const QSqlQuery& q)
{
    WebhookDelivery d;
    d.id = q.value(0).toLongLong();
    d.endpointId = q.value(1).toLongLong();
    d.endpointName = q.value(2).toString();
    d.url = q.value(3).toString();
    d.eventType = q.value(4).toString();
    d.body = q.value(5).toString();
    d.state = q.value(6).toString();
    d.attempts = q.value(7).toInt();
    d.nextAttemptAt = timeFrom(q.value(8));
    d.lastError = q.value(9).toString();
    d.createdAt = timeFrom(q.value(10));
    d.deliveredAt = timeFrom(q.value(11));
    return d;
}

} // namespace

WebhookRepository::WebhookRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Result<qint64> WebhookRepository::insertEndpoint(const WebhookEndpoint& endpoint)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO webhook_endpoints (name, url, format, events, enabled, created_by,"
                             " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(endpoint.name);
    q.addBindValue(endpoint.url);
    q.addBindValue(endpoint.format);
    q.addBindValue(sql::jsonText(endpoint.events));
    q.addBindValue(endpoint.enabled ? 1 : 0);
    q.addBindValue(endpoint.createdBy);
    q.addBindValue(timeValue(endpoint.createdAt));
    if (!q.exec())
        return sqlFailure(q);
    return q.lastInsertId().toLongLong();
}

Result<std::optional<WebhookEndpoint>> WebhookRepository::findEndpoint(const QString& name) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM webhook_endpoints WHERE name = ?")
                  .arg(QLatin1String(kEndpointColumns)));
    q.addBindValue(name);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<WebhookEndpoint>();
    return std::optional<WebhookEndpoint>(endpointFrom(q));
}

Result<QList<WebhookEndpoint>> WebhookRepository::endpoints() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM webhook_endpoints ORDER BY name")
                    .arg(QLatin1String(kEndpointColumns))))
        return sqlFailure(q);
    QList<WebhookEndpoint> out;
    while (q.next())
        out.append(endpointFrom(q));
    return out;
}

Status WebhookRepository::setEnabled(qint64 endpointId, bool enabled)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE webhook_endpoints SET enabled = ? WHERE id = ?"));
    q.addBindValue(enabled ? 1 : 0);
    q.addBindValue(endpointId);
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<qint64> WebhookRepository::deleteEndpoint(qint64 endpointId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ? AND state = 'pending'"));
    q.addBindValue(endpointId);
    if (!q.exec() || !q.next())
        return sqlFailure(q);
    const qint64 pending = q.value(0).toLongLong();
    q.finish();
    QSqlQuery del(m_db);
    del.prepare(QStringLiteral("DELETE FROM webhook_deliveries WHERE endpoint_id = ?"));
    del.addBindValue(endpointId);
    if (!del.exec())
        return sqlFailure(del);
    del.prepare(QStringLiteral("DELETE FROM webhook_endpoints WHERE id = ?"));
    del.addBindValue(endpointId);
    if (!del.exec())
        return sqlFailure(del);
    return pending;
}

Status WebhookRepository::insertDelivery(qint64 endpointId, const QString& eventType, const QString& body,
                                         const QDateTime& now)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO webhook_deliveries (endpoint_id, event_type, body, state, attempts,"
                             " next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?)"));
    q.addBindValue(endpointId);
    q.addBindValue(eventType);
    q.addBindValue(body);
    q.addBindValue(timeValue(now));
    q.addBindValue(timeValue(now));
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<qint64> WebhookRepository::dropBeyond(qint64 endpointId, qint64 cap, const QDateTime& now)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ? AND state = 'pending'"));
    q.addBindValue(endpointId);
    if (!q.exec() || !q.next())
        return sqlFailure(q);
    const qint64 excess = q.value(0).toLongLong() - cap;
    q.finish();
    if (excess <= 0)
        return 0;
    QSqlQuery drop(m_db);
    drop.prepare(QStringLiteral("UPDATE webhook_deliveries SET state = 'failed', last_error = ?,"
                                " next_attempt_at = ? WHERE id IN (SELECT id FROM webhook_deliveries"
                                " WHERE endpoint_id = ? AND state = 'pending' ORDER BY id LIMIT ?)"));
    drop.addBindValue(droppedError());
    drop.addBindValue(timeValue(now));
    drop.addBindValue(endpointId);
    drop.addBindValue(excess);
    if (!drop.exec())
        return sqlFailure(drop);
    return drop.numRowsAffected();
}

Result<QList<WebhookDelivery>> WebhookRepository::due(const QDateTime& now, int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT %1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                       " WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND e.enabled = 1"
                       " ORDER BY d.next_attempt_at, d.id LIMIT ?")
            .arg(QLatin1String(kDeliveryColumns)));
    q.addBindValue(timeValue(now));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlFailure(q);
    QList<WebhookDelivery> out;
    while (q.next())
        out.append(deliveryFrom(q));
    return out;
}

Result<bool> WebhookRepository::claim(qint64 id, const QDateTime& seen, const QDateTime& leaseUntil)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE webhook_deliveries SET next_attempt_at = ?"
                             " WHERE id = ? AND state = 'pending' AND next_attempt_at = ?"));
    q.addBindValue(timeValue(leaseUntil));
    q.addBindValue(id);
    q.addBindValue(timeValue(seen));
    if (!q.exec())
        return sqlFailure(q);
    return q.numRowsAffected() == 1;
}

Result<bool> WebhookRepository::finish(qint64 id, const QDateTime& leaseUntil, const QString& state,
                                       int attempts, const QDateTime& next, const QString& error,
                                       const QDateTime& now)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?,"
                             " last_error = ?, delivered_at = ?"
                             " WHERE id = ? AND state = 'pending' AND next_attempt_at = ?"));
    const bool delivered = state == QLatin1String("delivered");
    q.addBindValue(state);
    q.addBindValue(attempts);
    q.addBindValue(timeValue(next));
    q.addBindValue(textOrNull(error));
    q.addBindValue(delivered ? timeValue(now) : timeValue(QDateTime()));
    q.addBindValue(id);
    q.addBindValue(timeValue(leaseUntil));
    if (!q.exec())
        return sqlFailure(q);
    return q.numRowsAffected() == 1;
}

Result<QList<WebhookDelivery>> WebhookRepository::deliveries(bool failedOnly, const QString& endpointName,
                                                             int limit) const
{
    QString where = QStringLiteral(" WHERE 1");
    if (failedOnly)
        where += QStringLiteral(" AND d.state = 'failed'");
    if (!endpointName.isEmpty())
        where += QStringLiteral(" AND e.name = ?");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT %1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                       "%2 ORDER BY d.id DESC LIMIT ?")
            .arg(QLatin1String(kDeliveryColumns), where));
    if (!endpointName.isEmpty())
        q.addBindValue(endpointName);
    q.addBindValue(limit);
    if (!q.exec())
        return sqlFailure(q);
    QList<WebhookDelivery> out;
    while (q.next())
        out.append(deliveryFrom(q));
    return out;
}

Result<std::optional<WebhookDelivery>> WebhookRepository::delivery(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id"
                       " WHERE d.id = ?")
            .arg(QLatin1String(kDeliveryColumns)));
    q.addBindValue(id);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<WebhookDelivery>();
    return std::optional<WebhookDelivery>(deliveryFrom(q));
}

Result<QList<WebhookEndpointHealth>> WebhookRepository::health() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const QString sql = QStringLiteral(
        "SELECT e.name, e.enabled,"
        " (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = 'pending'),"
        " (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = 'delivered'),"
        " (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = 'failed'),"
        " (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state = 'failed'"
        "   AND d.last_error = ?),"
        " (SELECT d.last_error FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.state <> "
        "'delivered'"
        "   AND d.last_error IS NOT NULL ORDER BY d.id DESC LIMIT 1)"
        " FROM webhook_endpoints e ORDER BY e.name");
    q.prepare(sql);
    q.addBindValue(droppedError());
    if (!q.exec())
        return sqlFailure(q);
    QList<WebhookEndpointHealth> out;
    while (q.next()) {
        WebhookEndpointHealth h;
        h.name = q.value(0).toString();
        h.enabled = q.value(1).toBool();
        h.pending = q.value(2).toLongLong();
        h.delivered = q.value(3).toLongLong();
        h.failed = q.value(4).toLongLong();
        h.dropped = q.value(5).toLongLong();
        h.lastError = q.value(6).toString();
        out.append(h);
    }
    return out;
}

} // namespace gatehouse
