#pragma once

#include <QJsonObject>

#include "Error.h"
#include "PolicyDecision.h"

namespace gatehouse {

/// The JSON form of a decision: the body the gateway returns, what
/// `gatehousectl policy eval --format json` prints and what action_requests.decision holds.
///
/// {"request_id": str, "outcome": "allow"|"allow_sampled"|"review"|"deny",
///  "matched_rules": [id], "triggers": [name], "policy_version": sha256-hex,
///  "reason": str, "review": {"approvals": n, "roles": [role], "ttl_seconds": n} | null,
///  "sample_rate": 0..1 (allow_sampled only), "evaluation_us": n,
///  "explanation": [{"rule": id, "condition": str, "held": bool, "detail": str}]}
class PolicyDecisionJson
{
public:
    static QJsonObject toJson(const PolicyDecision& decision);
    /// Reads what toJson() wrote (e.g. a stored decision); InvalidInput naming \a where.
    [[nodiscard]] static Result<PolicyDecision> fromJson(const QJsonObject& object, const QString& where);
};

} // namespace gatehouse
