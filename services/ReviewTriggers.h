#pragma once

#include <optional>

#include <QDateTime>
#include <QSqlDatabase>
#include <QStringList>

#include "ActionRequest.h"
#include "DecisionPath.h"
#include "Error.h"
#include "PolicyTimeWindow.h"

namespace gatehouse {

/// The review triggers of request-time policy: named facts about a request that rules
/// can test ("triggers": {"any": [...]}) and that every decision reports. Each is one
/// function here, tested on its own (tests/services/ReviewTriggersTest.cpp).
///
/// | name                  | fires when                                                           |
/// |-----------------------|----------------------------------------------------------------------|
/// | novel_action          | the path never had this action type *executed* (status 'executed')  |
/// |                       | against this kind of target (targetKind) before                     |
/// | unusual_destination   | the target matches none of the path's declared target patterns      |
/// |                       | (a path that declares none: every target is unusual)                |
/// | policy_exception      | the request asks for an exception (policy_exception: true)          |
/// | identity_state_change | the action type matches identityChangePatterns()                     |
/// | irreversible_action   | the request says reversible: false, or the path is irreversible     |
/// | low_confidence        | confidence < the path's confidence threshold                         |
/// | restricted_target     | target_sensitivity is restricted                                     |
/// | outside_time_window   | the policy sets an operating window and the decision time is outside |
class ReviewTriggers
{
public:
    static const QString kNovelAction;
    static const QString kUnusualDestination;
    static const QString kPolicyException;
    static const QString kIdentityStateChange;
    static const QString kIrreversibleAction;
    static const QString kLowConfidence;
    static const QString kRestrictedTarget;
    static const QString kOutsideTimeWindow;

    /// All trigger names, in the order decisions list them.
    static const QStringList& all();

    /// The kind of a target: the target up to (not including) its last '/', or the whole
    /// target when it has none. "okta:user/jdoe" -> "okta:user";
    /// "aws:iam:role/prod/admin" -> "aws:iam:role/prod"; "payments" -> "payments".
    /// The gateway stores action_requests.target_kind with this same function.
    static QString targetKind(const QString& target);

    /// Action-type patterns that change identity state: roles, group membership, accounts,
    /// passwords, credentials, MFA, secrets ('*' = any run of characters).
    static const QStringList& identityChangePatterns();

    /// Whether \a path has executed \a actionType against \a kind before (status 'executed'
    /// in action_requests); \a before (optional) only counts requests received earlier,
    /// for replays. StorageFailure when the query fails.
    [[nodiscard]] static Result<bool>
    hasExecutedBefore(const QSqlDatabase& db, const QString& pathId, const QString& actionType,
                      const QString& kind, const std::optional<QDateTime>& before = std::nullopt);

    static bool novelAction(bool executedBefore) { return !executedBefore; }
    static bool unusualDestination(const ActionRequest& request, const DecisionPath& path);
    static bool policyException(const ActionRequest& request);
    static bool identityStateChange(const ActionRequest& request);
    static bool irreversibleAction(const ActionRequest& request, const DecisionPath& path);
    static bool lowConfidence(const ActionRequest& request, const DecisionPath& path);
    static bool restrictedTarget(const ActionRequest& request);
    /// False when the policy sets no operating window.
    static bool outsideTimeWindow(const std::optional<PolicyTimeWindow>& window, const QDateTime& when);

    /// Every trigger that does not depend on the policy (all but outside_time_window),
    /// in all() order. \a executedBefore is hasExecutedBefore()'s answer.
    static QStringList requestTriggers(const ActionRequest& request, const DecisionPath& path,
                                       bool executedBefore);
    /// \a base plus outside_time_window when it fires, in all() order.
    static QStringList withTimeWindow(QStringList base, const std::optional<PolicyTimeWindow>& window,
                                      const QDateTime& when);
};

} // namespace gatehouse
