#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "Error.h"
#include "PolicyDecision.h"

namespace gatehouse {

/// Life-cycle state of a stored action request (column action_requests.status).
enum class ActionStatus
{
    Allowed,
    PendingReview,
    Approved,
    Rejected,
    Expired,
    Denied,
    Executed,
    Failed,
    Revoked,
};

/// "allowed", "pending_review", "approved", "rejected", "expired", "denied", "executed", "failed", "revoked"
QString actionStatusName(ActionStatus status);
std::optional<ActionStatus> parseActionStatus(const QString& text);

/// One row of action_requests: a proposed action as received, with its decision.
struct ActionRecord
{
    QString id; ///< request_id (UUID)
    QString pathId;
    QString workloadId; ///< SPIFFE ID of the submitting workload
    QString actionType;
    QString target;
    QString targetKind;     ///< ReviewTriggers::targetKind(target), for novelty look-ups
    QJsonObject body;       ///< the request JSON as received
    QString bodySha256;     ///< hex SHA-256 of the RFC 8785 form of body (idempotency)
    QString idempotencyKey; ///< empty = none
    ActionStatus status = ActionStatus::PendingReview;
    PolicyOutcome outcome = PolicyOutcome::Review;
    QJsonObject decision; ///< PolicyDecisionJson form
    QString policyVersion;
    QDateTime receivedAt;      ///< UTC
    QDateTime decidedAt;       ///< UTC
    QDateTime reviewExpiresAt; ///< UTC; invalid unless outcome is review
    QJsonObject result;        ///< the agent's report, empty until then
    QDateTime completedAt;     ///< UTC; invalid until a result is reported
    int version = 1;           ///< optimistic-concurrency counter
};

/// SQL for the action_requests table. No permission checks, no auditing: IntakeService
/// (and the review workflow) do both, in the same transaction.
class ActionRequestRepository
{
public:
    explicit ActionRequestRepository(QSqlDatabase db);

    [[nodiscard]] Status insert(const ActionRecord& record);
    [[nodiscard]] Result<std::optional<ActionRecord>> find(const QString& id) const;
    [[nodiscard]] Result<std::optional<ActionRecord>> findByIdempotencyKey(const QString& workloadId,
                                                                           const QString& key) const;
    /// Writes status, result, completed_at and version + 1 if the stored version is
    /// record.version; Conflict otherwise.
    [[nodiscard]] Status complete(const ActionRecord& record);
    /// Writes status and version + 1 if the stored version is record.version; Conflict otherwise
    /// (the review workflow's optimistic check, inside its transaction).
    [[nodiscard]] Status changeStatus(const ActionRecord& record);
    /// The latest \a limit requests of \a pathId, newest first (the review pane's history).
    [[nodiscard]] Result<QList<ActionRecord>> recentForPath(const QString& pathId, int limit) const;
    /// Number of rows (tests, status displays).
    [[nodiscard]] Result<qint64> count() const;

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
