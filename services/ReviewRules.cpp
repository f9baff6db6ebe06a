#include "ReviewRules.h"

#include <QRegularExpression>

namespace gatehouse {

namespace {

std::optional<ReviewRefusal> refuse(const char* rule, QString message)
{
    return ReviewRefusal{QString::fromLatin1(rule), std::move(message)};
}

QString upper(ActionStatus status)
{
    return actionStatusName(status).toUpper();
}

bool holdsAnyRole(OperatorRoles roles, const QStringList& names)
{
    for (const QString& name : names)
        if (auto role = parseOperatorRole(name); role && roles.testFlag(*role))
            return true;
    return false;
}

QString lastReviewerOf(const ReviewAttempt& a)
{
    return a.reviewCase.resolvedBy.isEmpty() ? QStringLiteral("system") : a.reviewCase.resolvedBy;
}

} // namespace

int ReviewRules::countingApprovals(const QList<ReviewEntry>& reviews, const QDateTime& now)
{
    int n = 0;
    for (const ReviewEntry& e : reviews)
        if ((e.verdict == ReviewVerdict::Approve || e.verdict == ReviewVerdict::BreakGlass) &&
            (!e.lapsesAt.isValid() || e.lapsesAt > now))
            ++n;
    return n;
}

bool ReviewRules::targetNamesOperator(const QString& target, const QString& username,
                                      const QStringList& identities)
{
    const QString t = target.trimmed().toLower();
    for (const QString& identity : identities)
        if (!identity.isEmpty() && t == identity.trimmed().toLower())
            return true;
    static const QRegularExpression separators(QStringLiteral("[:/]"));
    QString last = t.section(separators, -1);
    last = last.section(QLatin1Char('@'), 0, 0);
    return !username.isEmpty() && last == username.toLower();
}

std::optional<ReviewRefusal> ReviewRules::check(const ReviewAttempt& a)
{
    const ActionRecord& r = a.request;
    const ReviewCase& c = a.reviewCase;
    if (r.status != ActionStatus::PendingReview || !c.isOpen())
        return refuse("request_resolved", QStringLiteral("request %1 is already resolved: %2 by %3 at %4")
                                              .arg(r.id, upper(r.status), lastReviewerOf(a),
                                                   c.resolvedAt.isValid() ? c.resolvedAt.toString(Qt::ISODate)
                                                                          : QStringLiteral("?")));
    if (a.now >= c.expiresAt)
        return refuse("review_expired",
                      QStringLiteral("request %1 expired at %2: its review window has passed")
                          .arg(r.id, c.expiresAt.toString(Qt::ISODate)));
    const QString justification = a.justification.trimmed();
    if (justification.isEmpty())
        return refuse("justification_required",
                      QStringLiteral("a justification is required to %1").arg(reviewVerdictName(a.verdict)));
    if (justification.size() > kMaxJustificationChars)
        return refuse(
            "justification_too_long",
            QStringLiteral("the justification is longer than %1 characters").arg(kMaxJustificationChars));

    if (a.verdict == ReviewVerdict::BreakGlass) {
        if (!a.reviewerRoles.testFlag(OperatorRole::Admin))
            return refuse("break_glass_admin_only",
                          QStringLiteral("break-glass approval needs the admin role; %1 is not an admin")
                              .arg(a.reviewer));
    } else if (!holdsAnyRole(a.reviewerRoles, c.requiredRoles)) {
        return refuse(
            "role_required",
            QStringLiteral("%1 needs one of the roles %2 to %3 this request%4")
                .arg(a.reviewer, c.requiredRoles.join(QStringLiteral(", ")), reviewVerdictName(a.verdict),
                     c.escalatedAt.isValid() ? QStringLiteral(" (escalated to managers)") : QString()));
    }

    if (a.verdict == ReviewVerdict::Escalate && c.escalatedAt.isValid())
        return refuse("already_escalated",
                      QStringLiteral("request %1 was already escalated by %2 at %3")
                          .arg(r.id, c.escalatedBy, c.escalatedAt.toString(Qt::ISODate)));

    const bool approving = a.verdict == ReviewVerdict::Approve || a.verdict == ReviewVerdict::BreakGlass;
    if (!approving)
        return std::nullopt;

    for (const ReviewEntry& e : a.reviews)
        if (e.reviewer == a.reviewer && e.verdict == ReviewVerdict::Approve &&
            (!e.lapsesAt.isValid() || e.lapsesAt > a.now))
            return refuse(
                "already_approved",
                QStringLiteral("%1 already approved request %2 at %3; approvals must come from distinct "
                               "operators")
                    .arg(a.reviewer, r.id, e.createdAt.toString(Qt::ISODate)));

    if (targetNamesOperator(r.target, a.reviewer, a.reviewerIdentities))
        return refuse(
            "own_account_target",
            QStringLiteral("separation of duties: %1 cannot approve an action whose target (%2) is their "
                           "own account or group")
                .arg(a.reviewer, r.target));
    const QString onBehalfOf = r.body.value(QStringLiteral("on_behalf_of")).toString();
    if (!onBehalfOf.isEmpty() &&
        ReviewRules::targetNamesOperator(onBehalfOf, a.reviewer, a.reviewerIdentities))
        return refuse(
            "on_behalf_of_self",
            QStringLiteral("separation of duties: %1 cannot approve an action the agent takes on their "
                           "behalf (%2)")
                .arg(a.reviewer, onBehalfOf));

    if (a.verdict == ReviewVerdict::BreakGlass)
        return std::nullopt; // break-glass stands alone: the rules below are what it overrides

    if (c.tier == SeverityTier::T3 && !a.pathOwner.isEmpty() && a.pathOwner == a.reviewer)
        return refuse(
            "owner_approves_own_t3",
            QStringLiteral("separation of duties: %1 owns path %2 and cannot approve its T3 requests")
                .arg(a.reviewer, r.pathId));

    const int counting = countingApprovals(a.reviews, a.now);
    const bool completes = counting + 1 >= c.requiredApprovals;
    const bool sole = counting == 0 && completes;
    if (sole && a.policyPublishedBy == QStringLiteral("operator:") + a.reviewer &&
        a.policyPublishedAt.isValid() && a.policyPublishedAt.secsTo(a.now) < kPublisherCoolingOffSeconds)
        return refuse(
            "recent_policy_publisher",
            QStringLiteral("separation of duties: %1 published policy version %2 at %3 (less than 24 h "
                           "ago) and cannot be the sole approver of a request it decided")
                .arg(a.reviewer, r.policyVersion.left(12), a.policyPublishedAt.toString(Qt::ISODate)));
    return std::nullopt;
}

} // namespace gatehouse
