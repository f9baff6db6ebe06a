#include "ReviewTriggers.h"

#include <QSqlError>
#include <QSqlQuery>

#include "PolicyPattern.h"

namespace gatehouse {

const QString ReviewTriggers::kNovelAction = QStringLiteral("novel_action");
const QString ReviewTriggers::kUnusualDestination = QStringLiteral("unusual_destination");
const QString ReviewTriggers::kPolicyException = QStringLiteral("policy_exception");
const QString ReviewTriggers::kIdentityStateChange = QStringLiteral("identity_state_change");
const QString ReviewTriggers::kIrreversibleAction = QStringLiteral("irreversible_action");
const QString ReviewTriggers::kLowConfidence = QStringLiteral("low_confidence");
const QString ReviewTriggers::kRestrictedTarget = QStringLiteral("restricted_target");
const QString ReviewTriggers::kOutsideTimeWindow = QStringLiteral("outside_time_window");

const QStringList& ReviewTriggers::all()
{
    static const QStringList kAll{kNovelAction,         kUnusualDestination, kPolicyException,
                                  kIdentityStateChange, kIrreversibleAction, kLowConfidence,
                                  kRestrictedTarget,    kOutsideTimeWindow};
    return kAll;
}

QString ReviewTriggers::targetKind(const QString& target)
{
    const qsizetype slash = target.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? target : target.left(slash);
}

const QStringList& ReviewTriggers::identityChangePatterns()
{
    static const QStringList kPatterns{
        QStringLiteral("iam.role.*"),      QStringLiteral("iam.account.*"),  QStringLiteral("iam.group.*"),
        QStringLiteral("iam.user.*"),      QStringLiteral("iam.password.*"), QStringLiteral("iam.mfa.*"),
        QStringLiteral("*.role.*"),        QStringLiteral("*.account.*"),    QStringLiteral("*.group.*"),
        QStringLiteral("*.password.*"),    QStringLiteral("*.mfa.*"),        QStringLiteral("*.credential.*"),
        QStringLiteral("*.credentials.*"), QStringLiteral("*.access_key.*"), QStringLiteral("secret.rotate"),
        QStringLiteral("*.secret.rotate")};
    return kPatterns;
}

Result<bool> ReviewTriggers::hasExecutedBefore(const QSqlDatabase& db, const QString& pathId,
                                               const QString& actionType, const QString& kind,
                                               const std::optional<QDateTime>& before)
{
    QSqlQuery q(db);
    q.prepare(before
                  ? QStringLiteral("SELECT 1 FROM action_requests WHERE path_id = ? AND action_type = ? AND "
                                   "target_kind = ? AND status = 'executed' AND received_at < ? LIMIT 1")
                  : QStringLiteral("SELECT 1 FROM action_requests WHERE path_id = ? AND action_type = ? AND "
                                   "target_kind = ? AND status = 'executed' LIMIT 1"));
    q.addBindValue(pathId);
    q.addBindValue(actionType);
    q.addBindValue(kind);
    if (before)
        q.addBindValue(before->toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read the action history: %1").arg(q.lastError().text()));
    return q.next();
}

bool ReviewTriggers::unusualDestination(const ActionRequest& request, const DecisionPath& path)
{
    for (const auto& pattern : path.targets) {
        if (PolicyPattern::matches(pattern, request.target))
            return false;
    }
    return true;
}

bool ReviewTriggers::policyException(const ActionRequest& request)
{
    return request.policyException;
}

bool ReviewTriggers::identityStateChange(const ActionRequest& request)
{
    for (const auto& pattern : identityChangePatterns()) {
        if (PolicyPattern::matches(pattern, request.actionType))
            return true;
    }
    return false;
}

bool ReviewTriggers::irreversibleAction(const ActionRequest& request, const DecisionPath& path)
{
    return !request.reversible || path.reversibility == Reversibility::Irreversible;
}

bool ReviewTriggers::lowConfidence(const ActionRequest& request, const DecisionPath& path)
{
    return request.confidence < path.confidenceThreshold;
}

bool ReviewTriggers::restrictedTarget(const ActionRequest& request)
{
    return request.targetSensitivity == TargetSensitivity::Restricted;
}

bool ReviewTriggers::outsideTimeWindow(const std::optional<PolicyTimeWindow>& window, const QDateTime& when)
{
    return window.has_value() && !window->contains(when);
}

QStringList ReviewTriggers::requestTriggers(const ActionRequest& request, const DecisionPath& path,
                                            bool executedBefore)
{
    QStringList fired;
    if (novelAction(executedBefore))
        fired << kNovelAction;
    if (unusualDestination(request, path))
        fired << kUnusualDestination;
    if (policyException(request))
        fired << kPolicyException;
    if (identityStateChange(request))
        fired << kIdentityStateChange;
    if (irreversibleAction(request, path))
        fired << kIrreversibleAction;
    if (lowConfidence(request, path))
        fired << kLowConfidence;
    if (restrictedTarget(request))
        fired << kRestrictedTarget;
    return fired;
}

QStringList ReviewTriggers::withTimeWindow(QStringList base, const std::optional<PolicyTimeWindow>& window,
                                           const QDateTime& when)
{
    if (outsideTimeWindow(window, when))
        base << kOutsideTimeWindow; // last in all() order
    return base;
}

} // namespace gatehouse
