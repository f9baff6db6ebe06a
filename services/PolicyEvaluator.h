#pragma once

#include <memory>
#include <vector>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>

#include "ActionRequest.h"
#include "DecisionPath.h"
#include "Policy.h"
#include "PolicyDecision.h"

namespace gatehouse {

/// What one evaluation looks at besides the policy.
struct PolicyInput
{
    const ActionRequest& request;
    const DecisionPath& path;
    const QStringList& triggers; ///< fired review triggers (ReviewTriggers)
    QDateTime now;               ///< decision time, UTC (time windows)
};

/// A policy compiled once for evaluation: rules are bucketed by action-type pattern
/// (exact names, and "prefix." buckets for patterns like "iam.*" or "iam.role.*") and,
/// for rules without action types, by path id; only rules in the buckets of the request
/// (plus the few that name neither) are looked at, so cost grows with the rules that
/// could apply rather than with the size of the policy. Immutable and shareable.
///
/// Combining (docs/policy.md): the most restrictive matching outcome wins
/// (deny > review > allow_sampled > allow); no match gives settings.default (review);
/// then the tier floor applies (a path without a tier counts as T3), and T3 never goes
/// below review. Review requirements combine to the most demanding: most approvals
/// (with that rule's roles), shortest TTL. Explanations list every condition of every
/// matched rule and of near-misses (candidate rules that failed exactly one condition).
class CompiledPolicy
{
public:
    CompiledPolicy(Policy policy, QString hash);

    const Policy& policy() const { return m_policy; }
    const QString& hash() const { return m_hash; }

    /// Decides \a input. Returns nullopt when \a timer passes \a budgetNs before the end
    /// (checked between rules), so a pathological policy cannot hold a request.
    /// The decision carries outcome, matched rules, triggers, version, reason, review,
    /// sample rate and explanation; evaluationMicros is left to the caller.
    std::optional<PolicyDecision> evaluate(const PolicyInput& input, const QElapsedTimer& timer,
                                           qint64 budgetNs) const;

    /// Indices (into policy().rules) of the rules the index offers for \a input, ascending.
    std::vector<int> candidates(const PolicyInput& input) const;

    /// Number of conditions of \a rule that are present (for explanations and validation).
    static int conditionCount(const PolicyRule& rule);

private:
    enum class Condition : quint8;
    struct RuleCode
    {
        std::vector<Condition> conditions;
    };

    bool holds(Condition c, const PolicyRule& rule, const PolicyInput& input) const;
    ConditionResult describe(Condition c, const PolicyRule& rule, const PolicyInput& input, bool held) const;
    static std::vector<Condition> conditionsOf(const PolicyRule& rule);

    Policy m_policy;
    QString m_hash;
    std::vector<RuleCode> m_code;
    QHash<QString, std::vector<int>> m_exact;  ///< literal action type -> rules
    QHash<QString, std::vector<int>> m_prefix; ///< "iam." / "iam.role." -> rules
    QHash<QString, std::vector<int>> m_byPath; ///< rules without action types, by path id
    std::vector<int> m_always;                 ///< rules the index cannot narrow
};

} // namespace gatehouse
