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

/// Resource patterns of \a s with the principal's variables put in; a pattern with a variable
/// that is not known matches nothing and is left out.
QStringList resolvedResources(const AwsStatement& s, const QList<std::pair<QString, QString>>& variables)
{
    QStringList out;
    for (QString r : s.resources) {
        for (const auto& [name, value] : variables)
            r.replace(QStringLiteral("${") + name + QLatin1Char('}'), value, Qt::CaseInsensitive);
        if (!r.contains(QStringLiteral("${")))
            out << r;
    }
    return out;
}

bool anyCovers(const QStringList& general, QStringView specific, IamPattern::Case cs)
{
    for (const auto& g : general)
        if (IamPattern::covers(g, specific, cs))
            return true;
    return false;
}

bool anyOverlaps(const QStringList& patterns, QStringView other, IamPattern::Case cs)
{
    for (const auto& p : patterns)
        if (IamPattern::overlaps(p, other, cs))
            return true;
    return false;
}

/// Whether a statement's element (Action/NotAction or Resource/NotResource) reaches every
/// string of a permission's element, or some of them. Both sides are "these patterns" or
/// "everything but these patterns".
struct ElementMatch
{
    bool all = false;
    bool some = false;
};

ElementMatch matchElement(const QStringList& statementPatterns, bool statementNot, const QString& pattern,
                          const QStringList& notPatterns, IamPattern::Case cs)
{
    ElementMatch m;
    if (!notPatterns.isEmpty()) {
        // The permission is "everything but notPatterns".
        if (statementNot) {
            // Everything but X reaches everything but N when X is inside N.
            m.all = true;
            for (const auto& x : statementPatterns)
                m.all = m.all && anyCovers(notPatterns, x, cs);
            m.some = true;
        } else {
            m.all = anyCovers(statementPatterns, QStringLiteral("*"), cs);
            m.some = false;
            for (const auto& x : statementPatterns)
                m.some = m.some || !anyCovers(notPatterns, x, cs);
        }
        return m;
    }
    if (statementNot) {
        m.all = !anyOverlaps(statementPatterns, pattern, cs);
        m.some = !anyCovers(statementPatterns, pattern, cs);
    } else {
        m.all = anyCovers(statementPatterns, pattern, cs);
        m.some = m.all || anyOverlaps(statementPatterns, pattern, cs);
    }
    return m;
}

ElementMatch matchActions(const AwsStatement& s, const AwsGrantedPermission& p)
{
    return matchElement(s.actions, s.notAction, p.action, p.notActions, IamPattern::Case::Insensitive);
}

ElementMatch matchResources(const AwsStatement& s, const AwsGrantedPermission& p,
                            const QList<std::pair<QString, QString>>& variables)
{
    if (s.resources.isEmpty() && !s.notResource)
        return {true, true}; // no Resource element: every resource
    return matchElement(resolvedResources(s, variables), s.notResource,
                        p.resource.isEmpty() ? QStringLiteral("*") : p.resource, p.notResources,
                        IamPattern::Case::Sensitive);
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
    bool boundaryAllows = false, boundaryAllowsUnconditionally = false;
    for (const auto& b : m_boundary) {
        const AwsStatement& s = b.statement;
        if (!appliesNow(s) || !s.coversAction(action))
            continue;
        if (s.allow) {
            if (!(arn.isEmpty() ? coversSomeResource(s) : s.coversResource(arn, m_variables)))
                continue;
            boundaryAllows = true;
            boundaryAllowsUnconditionally = boundaryAllowsUnconditionally || unconditional(s);
        } else if (arn.isEmpty() ? deniesEveryResource(s) : s.coversResource(arn, m_variables)) {
            d.denies.append(b);
            hardDeny = hardDeny || unconditional(s);
        }
    }
    if (m_hasBoundary && !boundaryAllowsUnconditionally && boundaryAllows)
        unconditionalAllow = false; // allowed only under the boundary's condition
    if (hardDeny || d.allows.isEmpty() || (m_hasBoundary && !boundaryAllows))
        d.outcome = AwsAccessDecision::Outcome::Denied;
    else if (unconditionalAllow && d.denies.isEmpty())
        d.outcome = AwsAccessDecision::Outcome::Allowed;
    else
        d.outcome = AwsAccessDecision::Outcome::Conditional;
    return d;
}

void AwsEffectivePolicy::setPermissionsBoundary(QList<AwsAttributedStatement> boundary)
{
    m_boundary = std::move(boundary);
    m_hasBoundary = true;
}

bool AwsEffectivePolicy::narrows() const
{
    if (m_hasBoundary)
        return true;
    for (const auto& a : m_statements)
        if (!a.statement.allow && appliesNow(a.statement))
            return true;
    return false;
}

AwsGrantNarrowing AwsEffectivePolicy::narrowGrant(const AwsGrantedPermission& permission) const
{
    AwsGrantNarrowing out;
    QList<AwsAttributedStatement> possibly, partly;
    auto denies = [&](const AwsAttributedStatement& a) {
        const AwsStatement& s = a.statement;
        if (s.allow || !appliesNow(s))
            return false;
        const ElementMatch act = matchActions(s, permission);
        const ElementMatch res = matchResources(s, permission, m_variables);
        if (act.all && res.all) {
            if (unconditional(s)) {
                out.outcome = AwsGrantNarrowing::Outcome::Removed;
                out.by = {a};
                return true;
            }
            possibly << a;
        } else if (act.some && res.some) {
            partly << a;
        }
        return false;
    };
    for (const auto& a : m_statements)
        if (denies(a))
            return out;
    for (const auto& a : m_boundary)
        if (denies(a))
            return out;
    if (m_hasBoundary) {
        QList<AwsAttributedStatement> whole, wholeUnderCondition, part;
        for (const auto& b : m_boundary) {
            const AwsStatement& s = b.statement;
            if (!s.allow || !appliesNow(s))
                continue;
            const ElementMatch act = matchActions(s, permission);
            const ElementMatch res = matchResources(s, permission, m_variables);
            if (act.all && res.all)
                (unconditional(s) ? whole : wholeUnderCondition) << b;
            else if (act.some && res.some)
                part << b;
        }
        if (whole.isEmpty() && wholeUnderCondition.isEmpty() && part.isEmpty()) {
            out.outcome = AwsGrantNarrowing::Outcome::Removed;
            out.outsideBoundary = true;
            return out;
        }
        if (whole.isEmpty()) {
            out.outsideBoundary = true;
            if (!wholeUnderCondition.isEmpty())
                possibly += wholeUnderCondition;
            else
                partly += part;
        }
    }
    if (!possibly.isEmpty()) {
        out.outcome = AwsGrantNarrowing::Outcome::PossiblyDenied;
        out.by = possibly + partly;
    } else if (!partly.isEmpty()) {
        out.outcome = AwsGrantNarrowing::Outcome::Narrowed;
        out.by = partly;
    }
    return out;
}

bool AwsEffectivePolicy::grantsFullIam() const
{
    if (m_hasBoundary) {
        AwsEffectivePolicy boundaryOnly(m_boundary, m_variables);
        if (!boundaryOnly.grantsFullIam())
            return false;
    }
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
