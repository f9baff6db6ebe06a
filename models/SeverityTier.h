#pragma once

#include <optional>

#include <QString>

namespace gatehouse {

/// Severity tier of a decision path; the integer value orders them (T0 lowest).
enum class SeverityTier
{
    T0 = 0, ///< informational
    T1 = 1, ///< low
    T2 = 2, ///< high
    T3 = 3, ///< critical
};

/// "T0".."T3"
QString severityTierCode(SeverityTier tier);
/// "informational", "low", "high", "critical"
QString severityTierLabel(SeverityTier tier);
/// Accepts "T0".."T3" (any case), "0".."3" or the label ("critical").
std::optional<SeverityTier> parseSeverityTier(const QString& text);

} // namespace gatehouse
