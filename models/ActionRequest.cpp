#include "ActionRequest.h"

namespace gatehouse {

QString targetSensitivityName(TargetSensitivity value)
{
    switch (value) {
    case TargetSensitivity::Public:
        return QStringLiteral("public");
    case TargetSensitivity::Internal:
        return QStringLiteral("internal");
    case TargetSensitivity::Confidential:
        return QStringLiteral("confidential");
    case TargetSensitivity::Restricted:
        return QStringLiteral("restricted");
    }
    return {};
}

std::optional<TargetSensitivity> parseTargetSensitivity(const QString& text)
{
    for (auto v : {TargetSensitivity::Public, TargetSensitivity::Internal, TargetSensitivity::Confidential,
                   TargetSensitivity::Restricted}) {
        if (text == targetSensitivityName(v))
            return v;
    }
    return std::nullopt;
}

} // namespace gatehouse
