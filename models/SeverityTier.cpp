#include "SeverityTier.h"

#include <array>

namespace gatehouse {

namespace {
constexpr std::array<const char*, 4> kCodes{"T0", "T1", "T2", "T3"};
constexpr std::array<const char*, 4> kLabels{"informational", "low", "high", "critical"};
} // namespace

QString severityTierCode(SeverityTier tier)
{
    return QString::fromLatin1(kCodes.at(static_cast<std::size_t>(tier)));
}

QString severityTierLabel(SeverityTier tier)
{
    return QString::fromLatin1(kLabels.at(static_cast<std::size_t>(tier)));
}

std::optional<SeverityTier> parseSeverityTier(const QString& text)
{
    const QString t = text.trimmed().toLower();
    for (std::size_t i = 0; i < kCodes.size(); ++i) {
        if (t == QString::fromLatin1(kCodes[i]).toLower() || t == QString::number(i) ||
            t == QString::fromLatin1(kLabels[i]))
            return static_cast<SeverityTier>(i);
    }
    return std::nullopt;
}

} // namespace gatehouse
