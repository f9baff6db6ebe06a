#include "PolicyDecision.h"

namespace gatehouse {

QString policyOutcomeName(PolicyOutcome outcome)
{
    switch (outcome) {
    case PolicyOutcome::Allow:
        return QStringLiteral("allow");
    case PolicyOutcome::AllowSampled:
        return QStringLiteral("allow_sampled");
    case PolicyOutcome::Review:
        return QStringLiteral("review");
    case PolicyOutcome::Deny:
        return QStringLiteral("deny");
    }
    return {};
}

std::optional<PolicyOutcome> parsePolicyOutcome(const QString& text)
{
    for (auto o :
         {PolicyOutcome::Allow, PolicyOutcome::AllowSampled, PolicyOutcome::Review, PolicyOutcome::Deny}) {
        if (text == policyOutcomeName(o))
            return o;
    }
    return std::nullopt;
}

} // namespace gatehouse
