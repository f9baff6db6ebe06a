#pragma once

#include <QJsonObject>

#include "DecisionPath.h"
#include "Error.h"

namespace gatehouse {

/// The stable JSON form of a decision path (documented in docs/cli.md):
/// snake_case keys id, name, description, owner, team, ai_component, workload_id,
/// action_types[], targets[], environment, tier ("T0".."T3" or null), reversibility
/// ("reversible"|"hard_to_reverse"|"irreversible"), confidence_threshold (0..1),
/// frameworks{owasp_agentic[], maestro_layers[], nist_ai_rmf[], nist_csf[]}, status,
/// next_review_date ("YYYY-MM-DD" or null), created_at, updated_at (ISO 8601 UTC), version.
class DecisionPathJson
{
public:
    static QJsonObject toJson(const DecisionPath& path);

    /// Strict reading for import: unknown keys, wrong types and bad enum values are
    /// errors naming \a where (e.g. "paths.json: item 3") and the field. Only id and
    /// name are required; created_at, updated_at and version are ignored (storage sets them).
    [[nodiscard]] static Result<DecisionPath> fromJson(const QJsonObject& object, const QString& where);
};

} // namespace gatehouse
