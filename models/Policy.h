#pragma once

#include <map>
#include <optional>

#include <QList>
#include <QString>
#include <QStringList>

#include "ActionRequest.h"
#include "PolicyDecision.h"
#include "PolicyTimeWindow.h"
#include "Reversibility.h"
#include "SeverityTier.h"

namespace gatehouse {

/// What a rule (or a default, or a tier floor) decides. JSON (docs/policy.md):
/// {"outcome": "allow"|"allow_sampled"|"review"|"deny", "sample_rate": 0..1,
///  "approvals": 1..10, "roles": ["analyst"], "ttl_seconds": 60..604800, "reason": "..."}
struct PolicyOutcomeSpec
{
    PolicyOutcome outcome = PolicyOutcome::Review;
    double sampleRate = 0.0;  ///< allow_sampled: fraction reviewed after the fact
    ReviewRequirement review; ///< review: approvals, roles, TTL
    QString reason;           ///< deny: shown to the agent and the ledger
};

/// Inclusive numeric bounds; an unset side is open.
struct PolicyRange
{
    std::optional<double> min;
    std::optional<double> max;
};

/// The conditions of one rule ("when"): all that are present must hold; none present
/// matches every request. A list condition that is present but empty never matches.
struct PolicyConditions
{
    std::optional<QStringList> pathIds;
    std::optional<QList<SeverityTier>> tiers;
    std::optional<QStringList> actionTypes;                ///< patterns, '*' = any run of characters
    std::optional<QStringList> environments;               ///< exact names
    std::optional<QStringList> targets;                    ///< patterns
    std::optional<PolicyRange> confidence;                 ///< 0..1
    std::optional<PolicyRange> riskScore;                  ///< 0..100
    std::optional<QList<TargetSensitivity>> sensitivities; ///< "target_sensitivity": [..]
    std::optional<TargetSensitivity> minSensitivity;       ///< "target_sensitivity": {"min": ..}
    std::optional<bool> reversible;                        ///< the request's own flag
    std::optional<QList<Reversibility>> pathReversibility;
    std::optional<QStringList> triggersAny;     ///< at least one of these fired
    std::optional<QStringList> triggersAll;     ///< every one of these fired
    std::optional<QStringList> triggersNone;    ///< none of these fired
    std::optional<PolicyTimeWindow> timeWindow; ///< the decision time lies inside
};

struct PolicyRule
{
    QString id; ///< unique within the policy; [A-Za-z0-9._-], <= 64
    QString description;
    PolicyConditions when;
    PolicyOutcomeSpec then;
};

struct PolicySettings
{
    /// Outcome when no rule matches (review by default; allow is refused by validation).
    PolicyOutcomeSpec defaultOutcome;
    /// Approvals/roles/TTL used by review outcomes that do not give their own.
    ReviewRequirement defaultReview{1, {QStringLiteral("analyst")}, 3600};
    /// Allowed operating window; outside it the trigger outside_time_window fires.
    std::optional<PolicyTimeWindow> operatingWindow;
    /// Lifetime in seconds (30..3600) of the credentials minted for allowed or approved
    /// requests, by the path's tier ("credential_ttl_seconds": {"T0": 900, ...}); a tier
    /// not named keeps the built-in default (CredentialService::defaultTtlSeconds).
    std::map<SeverityTier, qint64> credentialTtlSeconds;
};

/// A request-time policy as data (docs/policy.md). Its identity is the SHA-256 of the
/// RFC 8785 form of its JSON document, computed by services (PolicyService).
struct Policy
{
    QString version; ///< free label, e.g. "2026-03 default"
    QString description;
    PolicySettings settings;
    /// Minimum outcome per tier; T3 is at least review whatever the policy says.
    std::map<SeverityTier, PolicyOutcomeSpec> tierFloors;
    QList<PolicyRule> rules;
};

} // namespace gatehouse
