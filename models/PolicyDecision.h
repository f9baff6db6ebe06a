#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// Outcome of request-time policy, ordered from least to most restrictive; combining
/// takes the maximum (deny > review > allow_sampled > allow).
enum class PolicyOutcome
{
    Allow = 0,
    AllowSampled = 1,
    Review = 2,
    Deny = 3,
};

/// "allow", "allow_sampled", "review", "deny"
QString policyOutcomeName(PolicyOutcome outcome);
std::optional<PolicyOutcome> parsePolicyOutcome(const QString& text);

/// What a `review` outcome asks for.
struct ReviewRequirement
{
    int approvals = 1;        ///< distinct approvers needed
    QStringList roles;        ///< operator roles an approver must hold (any of)
    qint64 ttlSeconds = 3600; ///< review window, counted from the decision
};

/// One condition of one rule, as evaluated: the "why" of a decision, down to the value.
struct ConditionResult
{
    QString ruleId;
    QString condition; ///< e.g. "confidence >= 0.80"
    bool held = false;
    QString detail; ///< e.g. "confidence 0.62 < 0.80"
};

/// The decision for one ActionRequest.
struct PolicyDecision
{
    QString requestId;
    PolicyOutcome outcome = PolicyOutcome::Review;
    QStringList matchedRules;                ///< ids of the rules whose conditions all held
    QStringList triggers;                    ///< review triggers that fired (names as in ReviewTriggers)
    QString policyVersion;                   ///< SHA-256 hex of the RFC 8785 form of the policy in force
    QString reason;                          ///< for deny (and for the defaulting cases)
    std::optional<ReviewRequirement> review; ///< set when outcome is review
    double sampleRate = 0.0;                 ///< for allow_sampled: fraction reviewed after the fact
    QList<ConditionResult> explanation;      ///< matched and near-miss rules, condition by condition
    qint64 evaluationMicros = 0;
};

} // namespace gatehouse
