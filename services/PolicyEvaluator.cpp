#include "PolicyEvaluator.h"

#include <algorithm>

#include "PolicyPattern.h"

namespace gatehouse {

enum class CompiledPolicy::Condition : quint8
{
    PathId,
    Tier,
    ActionType,
    Environment,
    Target,
    ConfidenceMin,
    ConfidenceMax,
    RiskMin,
    RiskMax,
    SensitivitySet,
    SensitivityMin,
    Reversible,
    PathReversibility,
    TriggersAny,
    TriggersAll,
    TriggersNone,
    TimeWindow,
};

namespace {

constexpr int kMaxNearMisses = 10;

QString listText(const QStringList& items)
{
    if (items.size() <= 6)
        return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
    return QLatin1Char('[') + items.mid(0, 6).join(QStringLiteral(", ")) +
           QStringLiteral(", ... %1 more]").arg(items.size() - 6);
}

bool anyMatches(const QStringList& patterns, const QString& text)
{
    for (const auto& p : patterns) {
        if (PolicyPattern::matches(p, text))
            return true;
    }
    return false;
}

QString conf(double v)
{
    return QString::number(v, 'f', 2);
}

QString num(double v)
{
    return QString::number(v, 'g', 10);
}

SeverityTier effectiveTier(const DecisionPath& path)
{
    return path.tier.value_or(SeverityTier::T3); // no tier chosen: the strictest floor
}

template <typename T, typename Name> QStringList names(const QList<T>& values, Name name)
{
    QStringList out;
    for (const auto& v : values)
        out << name(v);
    return out;
}

/// Bucket key of an action-type pattern: the literal prefix up to its last '.', e.g.
/// "iam." for "iam.*", "iam.role." for "iam.role.a*"; empty when the pattern starts
/// with '*' or has no '.' before its first '*'.
QString prefixKey(const QString& pattern)
{
    const QStringView literal = PolicyPattern::literalPrefix(pattern);
    const qsizetype dot = literal.lastIndexOf(QLatin1Char('.'));
    return dot < 0 ? QString() : literal.left(dot + 1).toString();
}

} // namespace

CompiledPolicy::CompiledPolicy(Policy policy, QString hash)
    : m_policy(std::move(policy)), m_hash(std::move(hash))
{
    m_code.reserve(m_policy.rules.size());
    for (int i = 0; i < m_policy.rules.size(); ++i) {
        const PolicyRule& rule = m_policy.rules[i];
        m_code.push_back(RuleCode{conditionsOf(rule)});
        if (rule.when.actionTypes) {
            bool generic = false;
            for (const auto& pattern : *rule.when.actionTypes) {
                if (PolicyPattern::isLiteral(pattern)) {
                    m_exact[pattern].push_back(i);
                } else if (const QString key = prefixKey(pattern); !key.isEmpty()) {
                    m_prefix[key].push_back(i);
                } else {
                    generic = true;
                }
            }
            if (generic)
                m_always.push_back(i);
        } else if (rule.when.pathIds) {
            for (const auto& id : *rule.when.pathIds)
                m_byPath[id].push_back(i);
        } else {
            m_always.push_back(i);
        }
    }
}

std::vector<CompiledPolicy::Condition> CompiledPolicy::conditionsOf(const PolicyRule& rule)
{
    // Cheap, selective conditions first: evaluation stops counting a rule once two fail.
    std::vector<Condition> c;
    const PolicyConditions& w = rule.when;
    if (w.actionTypes)
        c.push_back(Condition::ActionType);
    if (w.pathIds)
        c.push_back(Condition::PathId);
    if (w.tiers)
        c.push_back(Condition::Tier);
    if (w.environments)
        c.push_back(Condition::Environment);
    if (w.confidence && w.confidence->min)
        c.push_back(Condition::ConfidenceMin);
    if (w.confidence && w.confidence->max)
        c.push_back(Condition::ConfidenceMax);
    if (w.riskScore && w.riskScore->min)
        c.push_back(Condition::RiskMin);
    if (w.riskScore && w.riskScore->max)
        c.push_back(Condition::RiskMax);
    if (w.sensitivities)
        c.push_back(Condition::SensitivitySet);
    if (w.minSensitivity)
        c.push_back(Condition::SensitivityMin);
    if (w.reversible)
        c.push_back(Condition::Reversible);
    if (w.pathReversibility)
        c.push_back(Condition::PathReversibility);
    if (w.triggersAny)
        c.push_back(Condition::TriggersAny);
    if (w.triggersAll)
        c.push_back(Condition::TriggersAll);
    if (w.triggersNone)
        c.push_back(Condition::TriggersNone);
    if (w.targets)
        c.push_back(Condition::Target);
    if (w.timeWindow)
        c.push_back(Condition::TimeWindow);
    return c;
}

int CompiledPolicy::conditionCount(const PolicyRule& rule)
{
    return static_cast<int>(conditionsOf(rule).size());
}

bool CompiledPolicy::holds(Condition c, const PolicyRule& rule, const PolicyInput& in) const
{
    const PolicyConditions& w = rule.when;
    const ActionRequest& r = in.request;
    switch (c) {
    case Condition::PathId:
        return w.pathIds->contains(in.path.id);
    case Condition::Tier:
        return w.tiers->contains(effectiveTier(in.path));
    case Condition::ActionType:
        return anyMatches(*w.actionTypes, r.actionType);
    case Condition::Environment:
        return w.environments->contains(r.environment);
    case Condition::Target:
        return anyMatches(*w.targets, r.target);
    case Condition::ConfidenceMin:
        return r.confidence >= *w.confidence->min;
    case Condition::ConfidenceMax:
        return r.confidence <= *w.confidence->max;
    case Condition::RiskMin:
        return r.riskScore >= *w.riskScore->min;
    case Condition::RiskMax:
        return r.riskScore <= *w.riskScore->max;
    case Condition::SensitivitySet:
        return w.sensitivities->contains(r.targetSensitivity);
    case Condition::SensitivityMin:
        return r.targetSensitivity >= *w.minSensitivity;
    case Condition::Reversible:
        return r.reversible == *w.reversible;
    case Condition::PathReversibility:
        return w.pathReversibility->contains(in.path.reversibility);
    case Condition::TriggersAny:
        for (const auto& t : *w.triggersAny) {
            if (in.triggers.contains(t))
                return true;
        }
        return false;
    case Condition::TriggersAll:
        for (const auto& t : *w.triggersAll) {
            if (!in.triggers.contains(t))
                return false;
        }
        return true;
    case Condition::TriggersNone:
        for (const auto& t : *w.triggersNone) {
            if (in.triggers.contains(t))
                return false;
        }
        return true;
    case Condition::TimeWindow:
        return w.timeWindow->contains(in.now);
    }
    return false;
}

ConditionResult CompiledPolicy::describe(Condition c, const PolicyRule& rule, const PolicyInput& in,
                                         bool held) const
{
    const PolicyConditions& w = rule.when;
    const ActionRequest& r = in.request;
    QString condition;
    QString detail;
    auto member = [&](const QString& field, const QString& value, const QStringList& set, const char* op) {
        condition = QStringLiteral("%1 %2 %3").arg(field, QLatin1String(op), listText(set));
        detail =
            QStringLiteral("%1 %2 %3 %4")
                .arg(field, value, held ? QLatin1String(op) : QStringLiteral("not %1").arg(QLatin1String(op)),
                     listText(set));
    };
    auto bound = [&](const QString& field, const QString& value, const QString& limit, bool isMin) {
        condition =
            QStringLiteral("%1 %2 %3").arg(field, isMin ? QStringLiteral(">=") : QStringLiteral("<="), limit);
        const QString op = isMin ? (held ? QStringLiteral(">=") : QStringLiteral("<"))
                                 : (held ? QStringLiteral("<=") : QStringLiteral(">"));
        detail = QStringLiteral("%1 %2 %3 %4").arg(field, value, op, limit);
    };
    auto triggerText = [&]() {
        return in.triggers.isEmpty() ? QStringLiteral("none fired")
                                     : QStringLiteral("fired %1").arg(listText(in.triggers));
    };
    switch (c) {
    case Condition::PathId:
        member(QStringLiteral("path_id"), in.path.id, *w.pathIds, "in");
        break;
    case Condition::Tier:
        member(QStringLiteral("tier"), severityTierCode(effectiveTier(in.path)),
               names(*w.tiers, [](SeverityTier t) { return severityTierCode(t); }), "in");
        break;
    case Condition::ActionType:
        member(QStringLiteral("action_type"), r.actionType, *w.actionTypes, "matches");
        break;
    case Condition::Environment:
        member(QStringLiteral("environment"), r.environment, *w.environments, "in");
        break;
    case Condition::Target:
        member(QStringLiteral("target"), r.target, *w.targets, "matches");
        break;
    case Condition::ConfidenceMin:
        bound(QStringLiteral("confidence"), conf(r.confidence), conf(*w.confidence->min), true);
        break;
    case Condition::ConfidenceMax:
        bound(QStringLiteral("confidence"), conf(r.confidence), conf(*w.confidence->max), false);
        break;
    case Condition::RiskMin:
        bound(QStringLiteral("risk_score"), QString::number(r.riskScore), num(*w.riskScore->min), true);
        break;
    case Condition::RiskMax:
        bound(QStringLiteral("risk_score"), QString::number(r.riskScore), num(*w.riskScore->max), false);
        break;
    case Condition::SensitivitySet:
        member(QStringLiteral("target_sensitivity"), targetSensitivityName(r.targetSensitivity),
               names(*w.sensitivities, [](TargetSensitivity s) { return targetSensitivityName(s); }), "in");
        break;
    case Condition::SensitivityMin:
        condition = QStringLiteral("target_sensitivity >= %1").arg(targetSensitivityName(*w.minSensitivity));
        detail = QStringLiteral("target_sensitivity %1 %2 %3")
                     .arg(targetSensitivityName(r.targetSensitivity),
                          held ? QStringLiteral(">=") : QStringLiteral("<"),
                          targetSensitivityName(*w.minSensitivity));
        break;
    case Condition::Reversible:
        condition = QStringLiteral("reversible = %1")
                        .arg(*w.reversible ? QStringLiteral("true") : QStringLiteral("false"));
        detail = QStringLiteral("reversible is %1")
                     .arg(r.reversible ? QStringLiteral("true") : QStringLiteral("false"));
        break;
    case Condition::PathReversibility:
        member(QStringLiteral("path_reversibility"), reversibilityName(in.path.reversibility),
               names(*w.pathReversibility, [](Reversibility v) { return reversibilityName(v); }), "in");
        break;
    case Condition::TriggersAny:
        condition = QStringLiteral("any trigger of %1").arg(listText(*w.triggersAny));
        detail = triggerText();
        break;
    case Condition::TriggersAll:
        condition = QStringLiteral("all triggers of %1").arg(listText(*w.triggersAll));
        detail = triggerText();
        break;
    case Condition::TriggersNone:
        condition = QStringLiteral("no trigger of %1").arg(listText(*w.triggersNone));
        detail = triggerText();
        break;
    case Condition::TimeWindow:
        condition = QStringLiteral("time within %1").arg(w.timeWindow->describe());
        detail = QStringLiteral("%1 is %2 the window")
                     .arg(w.timeWindow->localTime(in.now),
                          held ? QStringLiteral("inside") : QStringLiteral("outside"));
        break;
    }
    return ConditionResult{rule.id, condition, held, detail};
}

std::vector<int> CompiledPolicy::candidates(const PolicyInput& input) const
{
    std::vector<int> out;
    auto add = [&](const std::vector<int>& bucket) { out.insert(out.end(), bucket.begin(), bucket.end()); };
    const QString& type = input.request.actionType;
    if (auto it = m_exact.constFind(type); it != m_exact.constEnd())
        add(*it);
    if (!m_prefix.isEmpty()) {
        for (qsizetype dot = type.indexOf(QLatin1Char('.')); dot >= 0;
             dot = type.indexOf(QLatin1Char('.'), dot + 1)) {
            if (auto it = m_prefix.constFind(type.left(dot + 1)); it != m_prefix.constEnd())
                add(*it);
        }
    }
    if (auto it = m_byPath.constFind(input.path.id); it != m_byPath.constEnd())
        add(*it);
    add(m_always);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<PolicyDecision> CompiledPolicy::evaluate(const PolicyInput& input, const QElapsedTimer& timer,
                                                       qint64 budgetNs) const
{
    PolicyDecision d;
    d.requestId = input.request.requestId;
    d.triggers = input.triggers;
    d.policyVersion = m_hash;

    struct Contribution
    {
        const PolicyOutcomeSpec* spec;
        QString source;
    };
    QList<Contribution> matched;
    QList<ConditionResult> nearMisses;
    int nearMissRules = 0;

    const std::vector<int> rules = candidates(input);
    int counter = 0;
    for (int index : rules) {
        if ((++counter & 31) == 0 && timer.nsecsElapsed() > budgetNs)
            return std::nullopt;
        const PolicyRule& rule = m_policy.rules[index];
        const auto& conditions = m_code[static_cast<size_t>(index)].conditions;
        int failed = 0;
        for (Condition c : conditions) {
            if (!holds(c, rule, input) && ++failed > 1)
                break;
        }
        if (failed == 0) {
            matched << Contribution{&rule.then, rule.id};
            d.matchedRules << rule.id;
            for (Condition c : conditions)
                d.explanation << describe(c, rule, input, true);
            if (conditions.empty())
                d.explanation << ConditionResult{rule.id, QStringLiteral("(no conditions)"), true,
                                                 QStringLiteral("the rule applies to every request")};
        } else if (failed == 1 && nearMissRules < kMaxNearMisses) {
            ++nearMissRules;
            for (Condition c : conditions)
                nearMisses << describe(c, rule, input, holds(c, rule, input));
        }
    }
    if (timer.nsecsElapsed() > budgetNs)
        return std::nullopt;

    // Combine: most restrictive wins.
    const PolicyOutcomeSpec* winner = nullptr;
    QString winnerSource;
    if (matched.isEmpty()) {
        winner = &m_policy.settings.defaultOutcome;
        winnerSource = QStringLiteral("(default)");
        d.explanation << ConditionResult{
            winnerSource, QStringLiteral("no rule matched"), true,
            QStringLiteral("default outcome %1").arg(policyOutcomeName(winner->outcome))};
    }
    PolicyOutcome outcome = winner ? winner->outcome : PolicyOutcome::Allow;
    for (const auto& m : matched)
        outcome = std::max(outcome, m.spec->outcome);
    d.outcome = outcome;

    QList<Contribution> sources = matched;
    if (winner)
        sources << Contribution{winner, winnerSource};
    for (const auto& s : sources) {
        if (s.spec->outcome != outcome)
            continue;
        if (outcome == PolicyOutcome::Deny && d.reason.isEmpty())
            d.reason = QStringLiteral("rule %1: %2").arg(s.source, s.spec->reason);
        if (outcome == PolicyOutcome::AllowSampled)
            d.sampleRate = std::max(d.sampleRate, s.spec->sampleRate);
        if (outcome == PolicyOutcome::Review) {
            if (!d.review) {
                d.review = s.spec->review;
            } else {
                if (s.spec->review.approvals > d.review->approvals) {
                    d.review->approvals = s.spec->review.approvals;
                    d.review->roles = s.spec->review.roles;
                }
                d.review->ttlSeconds = std::min(d.review->ttlSeconds, s.spec->review.ttlSeconds);
            }
        }
    }
    for (const auto& s : matched) {
        if (d.reason.isEmpty() && s.spec->outcome == outcome)
            d.reason = QStringLiteral("rule %1: %2").arg(s.source, policyOutcomeName(outcome));
    }
    if (d.reason.isEmpty())
        d.reason = matched.isEmpty()
                       ? QStringLiteral("no rule matched: default outcome %1").arg(policyOutcomeName(outcome))
                       : QStringLiteral("matched %1").arg(d.matchedRules.join(QStringLiteral(", ")));

    // Tier floors: the policy's, and the built-in one (T3 at least review).
    const SeverityTier tier = effectiveTier(input.path);
    PolicyOutcomeSpec builtIn;
    builtIn.outcome = PolicyOutcome::Review;
    builtIn.review = m_policy.settings.defaultReview;
    QList<const PolicyOutcomeSpec*> floors;
    if (auto it = m_policy.tierFloors.find(tier); it != m_policy.tierFloors.end())
        floors << &it->second;
    if (tier == SeverityTier::T3)
        floors << &builtIn;
    for (const PolicyOutcomeSpec* floor : floors) {
        const QString source = QStringLiteral("(tier floor %1)").arg(severityTierCode(tier));
        if (d.outcome < floor->outcome) {
            d.explanation << ConditionResult{
                source, QStringLiteral("outcome >= %1").arg(policyOutcomeName(floor->outcome)), false,
                QStringLiteral("%1 raised to %2")
                    .arg(policyOutcomeName(d.outcome), policyOutcomeName(floor->outcome))};
            d.reason = QStringLiteral("tier %1 floor: %2 raised to %3")
                           .arg(severityTierCode(tier), policyOutcomeName(d.outcome),
                                policyOutcomeName(floor->outcome));
            d.outcome = floor->outcome;
            d.review.reset();
            if (d.outcome == PolicyOutcome::Review)
                d.review = floor->review;
            if (d.outcome == PolicyOutcome::AllowSampled)
                d.sampleRate = floor->sampleRate;
            if (d.outcome == PolicyOutcome::Deny)
                d.reason = QStringLiteral("tier %1 floor: %2").arg(severityTierCode(tier), floor->reason);
        } else if (d.outcome == PolicyOutcome::Review && floor->outcome == PolicyOutcome::Review &&
                   d.review && floor->review.approvals > d.review->approvals) {
            d.explanation << ConditionResult{
                source, QStringLiteral("approvals >= %1").arg(floor->review.approvals), false,
                QStringLiteral("approvals %1 raised to %2")
                    .arg(d.review->approvals)
                    .arg(floor->review.approvals)};
            d.review->approvals = floor->review.approvals;
            d.review->roles = floor->review.roles;
        }
    }
    if (d.outcome != PolicyOutcome::Review)
        d.review.reset();
    if (d.outcome != PolicyOutcome::AllowSampled)
        d.sampleRate = 0.0;
    d.explanation += nearMisses;
    return d;
}

} // namespace gatehouse
