#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include "ActionRequestRepository.h"
#include "OperatorRole.h"
#include "ReviewRepository.h"
#include "ReviewVerdict.h"

namespace gatehouse {

/// Everything the review rules look at for one attempted review. Plain data, so the rules
/// are a pure function and can be tested as a table.
struct ReviewAttempt
{
    ReviewVerdict verdict = ReviewVerdict::Approve;
    QString reviewer;
    OperatorRoles reviewerRoles;
    QStringList reviewerIdentities; ///< the reviewer's own accounts/groups in target systems
    QString justification;
    ActionRecord request;
    QString pathOwner;
    ReviewCase reviewCase;
    QList<ReviewEntry> reviews; ///< earlier reviews of this request, oldest first
    QString policyPublishedBy;  ///< ledger actor that published request.policyVersion ("operator:alice")
    QDateTime policyPublishedAt;
    QDateTime now; ///< UTC
};

/// A refused review: \a rule is a stable code (docs/review.md), \a message names the rule
/// and the people involved.
struct ReviewRefusal
{
    QString rule;
    QString message;
};

/// The review rules, in the order they are checked:
/// - request_resolved: the request is no longer pending ("already resolved: APPROVED by bob ...")
/// - review_expired: its review deadline has passed
/// - justification_required / justification_too_long: 1..2000 characters after trimming
/// - break_glass_admin_only: break-glass needs the admin role
/// - role_required: approve/reject/escalate need one of the case's required roles
///   (after escalation: manager)
/// - already_approved: the same operator cannot approve twice
/// - already_escalated: a case is escalated once
/// - own_account_target: nobody approves (or break-glasses) an action whose target is their own
///   account or group (target's last segment = username, or the target is one of their identities)
/// - on_behalf_of_self: nor one the agent takes on their behalf
/// - owner_approves_own_t3: a path's owner cannot approve T3 requests of their own path
/// - recent_policy_publisher: whoever published the deciding policy version less than 24 h ago
///   cannot be the sole approver (the approval that would complete a one-approval case)
/// Rejections need only the role: anyone eligible may stop an action, including the owner.
class ReviewRules
{
public:
    static constexpr int kMaxJustificationChars = 2000;
    static constexpr qint64 kPublisherCoolingOffSeconds = 24 * 3600;

    static std::optional<ReviewRefusal> check(const ReviewAttempt& attempt);
    /// Approvals that still count at \a now (not lapsed).
    static int countingApprovals(const QList<ReviewEntry>& reviews, const QDateTime& now);
    /// True if \a target names \a username (its last ':' or '/' segment, before any '@') or
    /// equals one of \a identities; case-insensitive.
    static bool targetNamesOperator(const QString& target, const QString& username,
                                    const QStringList& identities);
};

} // namespace gatehouse
