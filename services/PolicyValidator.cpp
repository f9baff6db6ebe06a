#include "PolicyValidator.h"

#include <QSet>

#include "PolicyPattern.h"
#include "ReviewTriggers.h"

namespace gatehouse {

namespace {

constexpr int kMaxShadowAnalysisRules = 3000;

class Issues
{
public:
    Issues(QList<PolicyIssue>& out, const PolicyJson::LineIndex& lines) : m_out(out), m_lines(lines) {}

    void add(PolicyIssue::Severity severity, const QString& location, const QString& ruleId,
             const QString& message)
    {
        m_out << PolicyIssue{severity, location, ruleId, m_lines.lineOf(location), message};
    }
    void error(const QString& location, const QString& ruleId, const QString& message)
    {
        add(PolicyIssue::Severity::Error, location, ruleId, message);
    }
    void warning(const QString& location, const QString& ruleId, const QString& message)
    {
        add(PolicyIssue::Severity::Warning, location, ruleId, message);
    }

private:
    QList<PolicyIssue>& m_out;
    const PolicyJson::LineIndex& m_lines;
};

/// Every request matching pattern \a narrow also matches \a broad.
bool patternCovers(const QString& broad, const QString& narrow)
{
    if (broad == narrow)
        return true;
    if (PolicyPattern::isLiteral(narrow))
        return PolicyPattern::matches(broad, narrow);
    // "prefix*" covers any pattern starting with the same prefix.
    if (broad.endsWith(QLatin1Char('*')) && broad.count(QLatin1Char('*')) == 1)
        return narrow.startsWith(broad.left(broad.size() - 1));
    return false;
}

bool patternsCover(const std::optional<QStringList>& broad, const std::optional<QStringList>& narrow)
{
    if (!broad)
        return true;
    if (!narrow)
        return false;
    for (const auto& n : *narrow) {
        bool covered = false;
        for (const auto& b : *broad)
            covered = covered || patternCovers(b, n);
        if (!covered)
            return false;
    }
    return true;
}

template <typename T> bool subset(const std::optional<T>& broad, const std::optional<T>& narrow)
{
    if (!broad)
        return true;
    if (!narrow)
        return false;
    for (const auto& n : *narrow) {
        if (!broad->contains(n))
            return false;
    }
    return true;
}

bool boundCovers(const std::optional<PolicyRange>& broad, const std::optional<PolicyRange>& narrow)
{
    if (!broad)
        return true;
    if (!narrow)
        return false;
    if (broad->min && (!narrow->min || *narrow->min < *broad->min))
        return false;
    if (broad->max && (!narrow->max || *narrow->max > *broad->max))
        return false;
    return true;
}

QList<TargetSensitivity> sensitivitiesOf(const PolicyConditions& c)
{
    QList<TargetSensitivity> all{TargetSensitivity::Public, TargetSensitivity::Internal,
                                 TargetSensitivity::Confidential, TargetSensitivity::Restricted};
    QList<TargetSensitivity> out;
    for (auto s : all) {
        if (c.sensitivities && !c.sensitivities->contains(s))
            continue;
        if (c.minSensitivity && s < *c.minSensitivity)
            continue;
        out << s;
    }
    return out;
}

} // namespace

bool PolicyValidator::covers(const PolicyRule& broadRule, const PolicyRule& narrowRule)
{
    const PolicyConditions& b = broadRule.when;
    const PolicyConditions& n = narrowRule.when;
    if (!subset(b.pathIds, n.pathIds) || !subset(b.tiers, n.tiers) ||
        !subset(b.environments, n.environments) || !subset(b.pathReversibility, n.pathReversibility))
        return false;
    if (!patternsCover(b.actionTypes, n.actionTypes) || !patternsCover(b.targets, n.targets))
        return false;
    if (!boundCovers(b.confidence, n.confidence) || !boundCovers(b.riskScore, n.riskScore))
        return false;
    if (b.sensitivities || b.minSensitivity) {
        if (!n.sensitivities && !n.minSensitivity)
            return false;
        const auto broadSet = sensitivitiesOf(b);
        for (auto s : sensitivitiesOf(n)) {
            if (!broadSet.contains(s))
                return false;
        }
    }
    if (b.reversible && n.reversible != b.reversible)
        return false;
    // Required (all) and excluded (none) triggers: the narrow rule must demand at least as much.
    auto demands = [](const std::optional<QStringList>& broad, const std::optional<QStringList>& narrow) {
        if (!broad)
            return true;
        if (!narrow)
            return false;
        for (const auto& t : *broad) {
            if (!narrow->contains(t))
                return false;
        }
        return true;
    };
    if (!demands(b.triggersAll, n.triggersAll) || !demands(b.triggersNone, n.triggersNone))
        return false;
    if (b.triggersAny) {
        bool implied = false;
        if (n.triggersAll) {
            for (const auto& t : *n.triggersAll)
                implied = implied || b.triggersAny->contains(t);
        }
        if (!implied && n.triggersAny && !n.triggersAny->isEmpty())
            implied = subset(b.triggersAny, n.triggersAny);
        if (!implied)
            return false;
    }
    if (b.timeWindow && (!n.timeWindow || n.timeWindow->describe() != b.timeWindow->describe()))
        return false;
    return true;
}

PolicyParseResult PolicyValidator::validate(const QByteArray& text, const QList<DecisionPath>& catalogue)
{
    PolicyParseResult result = PolicyJson::parse(text);
    if (!result.policy)
        return result;
    const Policy& policy = *result.policy;
    const PolicyJson::LineIndex lines = PolicyJson::lineIndex(text);
    Issues issues(result.issues, lines);

    QSet<QString> pathIds;
    QSet<QString> declaredTypes;
    for (const auto& p : catalogue) {
        pathIds.insert(p.id);
        for (const auto& a : p.actionTypes)
            declaredTypes.insert(a);
    }
    const QStringList& triggerNames = ReviewTriggers::all();

    if (policy.settings.defaultOutcome.outcome < PolicyOutcome::Review)
        issues.error(QStringLiteral("settings.default.outcome"), {},
                     QStringLiteral("when no rule matches the outcome must be review or deny, not %1")
                         .arg(policyOutcomeName(policy.settings.defaultOutcome.outcome)));
    if (auto it = policy.tierFloors.find(SeverityTier::T3);
        it != policy.tierFloors.end() && it->second.outcome < PolicyOutcome::Review)
        issues.error(QStringLiteral("tier_floors.T3.outcome"), {},
                     QStringLiteral("tier T3 never goes below review; the floor cannot be %1")
                         .arg(policyOutcomeName(it->second.outcome)));

    for (int i = 0; i < policy.rules.size(); ++i) {
        const PolicyRule& rule = policy.rules[i];
        const PolicyConditions& w = rule.when;
        const QString at = QStringLiteral("rules[%1].when.").arg(i);
        if (w.pathIds) {
            for (const auto& id : *w.pathIds) {
                if (!pathIds.contains(id))
                    issues.error(at + QStringLiteral("path_ids"), rule.id,
                                 QStringLiteral("no decision path \"%1\" in the catalogue").arg(id));
            }
        }
        if (w.actionTypes) {
            for (const auto& pattern : *w.actionTypes) {
                if (PolicyPattern::isLiteral(pattern)) {
                    if (!declaredTypes.contains(pattern))
                        issues.error(
                            at + QStringLiteral("action_types"), rule.id,
                            QStringLiteral("no decision path declares the action type \"%1\"").arg(pattern));
                } else {
                    bool any = false;
                    for (const auto& t : declaredTypes)
                        any = any || PolicyPattern::matches(pattern, t);
                    if (!any)
                        issues.warning(
                            at + QStringLiteral("action_types"), rule.id,
                            QStringLiteral("the pattern \"%1\" matches no declared action type, so it "
                                           "matches nothing today")
                                .arg(pattern));
                }
            }
        }
        for (const auto& [list, key] : {std::pair{&w.triggersAny, QStringLiteral("any")},
                                        std::pair{&w.triggersAll, QStringLiteral("all")},
                                        std::pair{&w.triggersNone, QStringLiteral("none")}}) {
            if (!*list)
                continue;
            for (const auto& t : **list) {
                if (!triggerNames.contains(t))
                    issues.error(at + QStringLiteral("triggers.") + key, rule.id,
                                 QStringLiteral("\"%1\" is not a review trigger (%2)")
                                     .arg(t, triggerNames.join(QStringLiteral(", "))));
            }
        }

        // Rules that can never match.
        auto never = [&](const QString& field, const QString& why) {
            issues.warning(at + field, rule.id, QStringLiteral("the rule can never match: %1").arg(why));
        };
        if (w.confidence && w.confidence->min && w.confidence->max && *w.confidence->min > *w.confidence->max)
            never(
                QStringLiteral("confidence"),
                QStringLiteral("confidence min %1 > max %2").arg(*w.confidence->min).arg(*w.confidence->max));
        if (w.riskScore && w.riskScore->min && w.riskScore->max && *w.riskScore->min > *w.riskScore->max)
            never(QStringLiteral("risk_score"),
                  QStringLiteral("risk_score min %1 > max %2").arg(*w.riskScore->min).arg(*w.riskScore->max));
        const std::pair<bool, const char*> empties[] = {
            {w.pathIds && w.pathIds->isEmpty(), "path_ids"},
            {w.tiers && w.tiers->isEmpty(), "tiers"},
            {w.actionTypes && w.actionTypes->isEmpty(), "action_types"},
            {w.environments && w.environments->isEmpty(), "environments"},
            {w.targets && w.targets->isEmpty(), "targets"},
            {w.sensitivities && w.sensitivities->isEmpty(), "target_sensitivity"},
            {w.pathReversibility && w.pathReversibility->isEmpty(), "path_reversibility"},
            {w.triggersAny && w.triggersAny->isEmpty(), "triggers.any"},
        };
        for (const auto& [empty, field] : empties) {
            if (empty)
                never(QString::fromLatin1(field),
                      QStringLiteral("%1 is an empty list").arg(QLatin1String(field)));
        }
        if (w.triggersAll && w.triggersNone) {
            for (const auto& t : *w.triggersAll) {
                if (w.triggersNone->contains(t))
                    never(QStringLiteral("triggers"),
                          QStringLiteral("\"%1\" is both required (all) and excluded (none)").arg(t));
            }
        }
        if ((w.sensitivities || w.minSensitivity) && sensitivitiesOf(w).isEmpty())
            never(QStringLiteral("target_sensitivity"),
                  QStringLiteral("no sensitivity is in the set and at or above the minimum"));
        if (w.timeWindow && w.timeWindow->days == 0)
            never(QStringLiteral("time_window.days"), QStringLiteral("the window has no days"));
    }

    // Shadowing: rule j can never decide when a more restrictive rule covers it.
    if (policy.rules.size() <= kMaxShadowAnalysisRules) {
        for (int j = 0; j < policy.rules.size(); ++j) {
            const PolicyRule& narrow = policy.rules[j];
            for (int i = 0; i < policy.rules.size(); ++i) {
                const PolicyRule& broad = policy.rules[i];
                if (i == j || broad.then.outcome <= narrow.then.outcome)
                    continue;
                if (covers(broad, narrow)) {
                    issues.warning(
                        QStringLiteral("rules[%1]").arg(j), narrow.id,
                        QStringLiteral("fully shadowed by rule \"%1\" (rules[%2]): it matches whenever this "
                                       "rule does and its outcome %3 is more restrictive than %4")
                            .arg(broad.id)
                            .arg(i)
                            .arg(policyOutcomeName(broad.then.outcome),
                                 policyOutcomeName(narrow.then.outcome)));
                    break;
                }
            }
        }
    }
    if (hasErrors(result.issues))
        result.policy.reset();
    return result;
}

} // namespace gatehouse
