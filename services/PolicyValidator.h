#pragma once

#include <QList>

#include "DecisionPath.h"
#include "PolicyJson.h"

namespace gatehouse {

/// Checks a policy document before it is published (and for the console's editor and
/// `gatehousectl policy validate`), against the decision-path catalogue.
///
/// Errors (publishing refused): everything PolicyJson::parse reports (syntax, unknown
/// fields, bad values, duplicate rule ids or keys), path ids not in the catalogue,
/// literal action types no path declares, unknown trigger names, a default outcome
/// other than review or deny, a T3 floor below review.
/// Warnings: a rule that can never match (min > max, an empty list, a trigger both
/// required and excluded, sensitivity set and minimum disjoint, a window without days,
/// an action-type pattern no declared action type matches), and a rule fully shadowed
/// by an earlier or later rule with a more restrictive outcome whose conditions hold
/// whenever its own do (a conservative, per-condition implication check).
/// Every issue carries its JSON location and source line.
class PolicyValidator
{
public:
    static PolicyParseResult validate(const QByteArray& text, const QList<DecisionPath>& catalogue);

    /// True when rule \a broad matches every request \a narrow matches (conservative:
    /// false when unsure).
    static bool covers(const PolicyRule& broad, const PolicyRule& narrow);
};

} // namespace gatehouse
