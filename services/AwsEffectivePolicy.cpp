#include "AwsEffectivePolicy.h"

#include "IamPattern.h"

namespace gatehouse {

namespace {

const QString kAllIam = QStringLiteral("iam:*");

bool appliesNow(const AwsStatement& s)
{
    return s.conditionState != AwsConditionState::Fails;
}

bool unconditional(const AwsStatement& s)
{
    return s.conditionState == AwsConditionState::None || s.conditionState == AwsConditionState::Holds;
}

/// "On some resource": a Resource list that is not empty, or a NotResource that does not exclude "*".
bool coversSomeResource(const AwsStatement& s)
{
    if (s.notResource)
        return !s.resources.contains(QStringLiteral("*"));
    return true;
}

/// A Deny blocks "on some resource" only when it names every resource.
bool deniesEveryResource(const AwsStatement& s)
{
    if (s.notResource)
        return false;
    if (s.resources.isEmpty())
        return true;
    for (const auto& r : s.resources)
        if (IamPattern::covers(r, QStringLiteral("*"), IamPattern::Case::Sensitive))
            return true;
    return false;
}

/// Could the statement's actions include some iam action?
bool touchesIam(const AwsStatement& s)
{
    if (s.notAction) {
        for (const auto& a : s.actions)
            if (IamPattern::covers(a, kAllIam, IamPattern::Case::Insensitive))
                return false;
        return true;
    }
    for (const auto& a : s.actions)
        if (IamPattern::overlaps(a, kAllIam, IamPattern::Case::Insensitive))
            return true;
    return false;
}

/// Does the statement grant every iam action?
bool coversAllIam(const AwsStatement& s)
{
    if (s.notAction) {
        for (const auto& a : s.actions)
            if (IamPattern::overlaps(a, kAllIam, IamPattern::Case::Insensitive))
                return false;
        return true;
    }
    for (const auto& a : s.actions)
        if (IamPattern::covers(a, kAllIam, IamPattern::Case::Insensitive))
            return true;
    return false;
}

} // namespace

AwsEffectivePolicy::AwsEffectivePolicy(QList<AwsAttributedStatement> statements,
                                       QList<std::pair<QString, QString>> variables)
    : m_statements(std::move(statements)), m_variables(std::move(variables))
{}

AwsAccessDecision AwsEffectivePolicy::decide(const QString& action, const QString& arn) const
{
    AwsAccessDecision d;
    bool hardDeny = false;
    bool unconditionalAllow = false;
    for (const auto& a : m_statements) {
        const AwsStatement& s = a.statement;
        if (!appliesNow(s) || !s.coversAction(action))
            continue;
        if (s.allow) {
            const bool res = arn.isEmpty() ? coversSomeResource(s) : s.coversResource(arn, m_variables);
            if (!res)
                continue;
            if (unconditional(s) && !unconditionalAllow) {
                unconditionalAllow = true;
                d.allows.prepend(a); // the statement that decides comes first
            } else {
                d.allows.append(a);
            }
        } else {
            const bool res = arn.isEmpty() ? deniesEveryResource(s) : s.coversResource(arn, m_variables);
            if (!res)
                continue;
            d.denies.append(a);
            if (unconditional(s))
                hardDeny = true;
        }
    }
    if (hardDeny || d.allows.isEmpty())
        d.outcome = AwsAccessDecision::Outcome::Denied;
    else if (unconditionalAllow && d.denies.isEmpty())
        d.outcome = AwsAccessDecision::Outcome::Allowed;
    else
        d.outcome = AwsAccessDecision::Outcome::Conditional;
    return d;
}

bool AwsEffectivePolicy::grantsFullIam() const
{
    bool granted = false;
    for (const auto& a : m_statements) {
        const AwsStatement& s = a.statement;
        if (!appliesNow(s))
            continue;
        if (!s.allow) {
            if (touchesIam(s))
                return false;
            continue;
        }
        if (!unconditional(s) || s.notResource || !coversAllIam(s))
            continue;
        for (const auto& r : s.resources)
            if (IamPattern::covers(r, QStringLiteral("*"), IamPattern::Case::Sensitive))
                granted = true;
    }
    return granted;
}

} // namespace gatehouse
