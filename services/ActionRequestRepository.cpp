#include "ActionRequestRepository.h"

#include <array>

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "SqlValues.h"

namespace gatehouse {

using sql::jsonText;
using sql::timeFrom;
using sql::timeValue;

namespace {

constexpr std::array<std::pair<ActionStatus, const char*>, 9> kStatusNames{{
    {ActionStatus::Allowed, "allowed"},
    {ActionStatus::PendingReview, "pending_review"},
    {ActionStatus::Approved, "approved"},
    {ActionStatus::Rejected, "rejected"},
    {ActionStatus::Expired, "expired"},
    {ActionStatus::Denied, "denied"},
    {ActionStatus::Executed, "executed"},
    {ActionStatus::Failed, "failed"},
    {ActionStatus::Revoked, "revoked"},
}};

const char* kColumns = "id, path_id, workload_id, action_type, target, target_kind, body, body_sha256, "
                       "idempotency_key, status, outcome, decision, policy_version, received_at, decided_at, "
                       "review_expires_at, result, completed_at, version";

std::unexpected<Error> sqlFailure(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("action requests: %1").arg(q.lastError().text()));
}

ActionRecord fromRow(const QSqlQuery& q)
{
    ActionRecord r;
    r.id = q.value(0).toString();
    r.pathId = q.value(1).toString();
    r.workloadId = q.value(2).toString();
    r.actionType = q.value(3).toString();
    r.target = q.value(4).toString();
    r.targetKind = q.value(5).toString();
    r.body = sql::objectFrom(q.value(6));
    r.bodySha256 = q.value(7).toString();
    r.idempotencyKey = q.value(8).isNull() ? QString() : q.value(8).toString();
    r.status = parseActionStatus(q.value(9).toString()).value_or(ActionStatus::Denied);
    r.outcome = parsePolicyOutcome(q.value(10).toString()).value_or(PolicyOutcome::Deny);
    r.decision = sql::objectFrom(q.value(11));
    r.policyVersion = q.value(12).toString();
    r.receivedAt = timeFrom(q.value(13));
    r.decidedAt = timeFrom(q.value(14));
    r.reviewExpiresAt = timeFrom(q.value(15));
    r.result = sql::objectFrom(q.value(16));
    r.completedAt = timeFrom(q.value(17));
    r.version = q.value(18).toInt();
    return r;
}

} // namespace

QString actionStatusName(ActionStatus status)
{
    for (const auto& [s, name] : kStatusNames) {
        if (s == status)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<ActionStatus> parseActionStatus(const QString& text)
{
    for (const auto& [s, name] : kStatusNames) {
        if (text == QLatin1String(name))
            return s;
    }
    return std::nullopt;
}

ActionRequestRepository::ActionRequestRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Status ActionRequestRepository::insert(const ActionRecord& r)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("INSERT INTO action_requests (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?)")
            .arg(QLatin1String(kColumns)));
    q.addBindValue(r.id);
    q.addBindValue(r.pathId);
    q.addBindValue(r.workloadId);
    q.addBindValue(r.actionType);
    q.addBindValue(r.target);
    q.addBindValue(r.targetKind);
    q.addBindValue(jsonText(r.body));
    q.addBindValue(r.bodySha256);
    q.addBindValue(r.idempotencyKey.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                              : QVariant(r.idempotencyKey));
    q.addBindValue(actionStatusName(r.status));
    q.addBindValue(policyOutcomeName(r.outcome));
    q.addBindValue(jsonText(r.decision));
    q.addBindValue(r.policyVersion);
    q.addBindValue(timeValue(r.receivedAt));
    q.addBindValue(timeValue(r.decidedAt));
    q.addBindValue(timeValue(r.reviewExpiresAt));
    q.addBindValue(r.result.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                      : QVariant(jsonText(r.result)));
    q.addBindValue(timeValue(r.completedAt));
    q.addBindValue(r.version);
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<std::optional<ActionRecord>> ActionRequestRepository::find(const QString& id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM action_requests WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<ActionRecord>{};
    return std::optional<ActionRecord>{fromRow(q)};
}

Result<std::optional<ActionRecord>> ActionRequestRepository::findByIdempotencyKey(const QString& workloadId,
                                                                                  const QString& key) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM action_requests WHERE workload_id = ? AND idempotency_key = ?")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(workloadId);
    q.addBindValue(key);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<ActionRecord>{};
    return std::optional<ActionRecord>{fromRow(q)};
}

Status ActionRequestRepository::complete(const ActionRecord& r)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE action_requests SET status = ?, result = ?, completed_at = ?, "
                             "version = version + 1 WHERE id = ? AND version = ?"));
    q.addBindValue(actionStatusName(r.status));
    q.addBindValue(jsonText(r.result));
    q.addBindValue(timeValue(r.completedAt));
    q.addBindValue(r.id);
    q.addBindValue(r.version);
    if (!q.exec())
        return sqlFailure(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::Conflict, QStringLiteral("action request %1 was changed meanwhile").arg(r.id));
    return {};
}

Status ActionRequestRepository::changeStatus(const ActionRecord& r)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "UPDATE action_requests SET status = ?, version = version + 1 WHERE id = ? AND version = ?"));
    q.addBindValue(actionStatusName(r.status));
    q.addBindValue(r.id);
    q.addBindValue(r.version);
    if (!q.exec())
        return sqlFailure(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::Conflict, QStringLiteral("action request %1 was changed meanwhile").arg(r.id));
    return {};
}

Result<QList<ActionRecord>> ActionRequestRepository::recentForPath(const QString& pathId, int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM action_requests WHERE path_id = ? ORDER BY received_at DESC LIMIT ?")
            .arg(QLatin1String(kColumns)));
    q.addBindValue(pathId);
    q.addBindValue(limit);
    if (!q.exec())
        return sqlFailure(q);
    QList<ActionRecord> out;
    while (q.next())
        out.append(fromRow(q));
    return out;
}

Result<qint64> ActionRequestRepository::count() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM action_requests")) || !q.next())
        return sqlFailure(q);
    return q.value(0).toLongLong();
}

} // namespace gatehouse
