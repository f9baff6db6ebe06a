#pragma once

#include <optional>

#include <QString>

namespace gatehouse {

/// Lifecycle state of a decision path: draft -> active <-> suspended -> retired.
enum class PathStatus
{
    Draft,
    Active,
    Suspended,
    Retired,
};

/// "draft", "active", "suspended", "retired"
QString pathStatusName(PathStatus status);
std::optional<PathStatus> parsePathStatus(const QString& text);

} // namespace gatehouse
