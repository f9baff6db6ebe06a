#pragma once

#include <QString>

namespace gatehouse {

/// A remaining lifetime for people: "45s", "4m 05s", "1h 02m". Zero or less is "0s".
/// Shared by the credentials table and the review detail pane so both read the same.
inline QString timeLeftText(qint64 seconds)
{
    if (seconds <= 0)
        return QStringLiteral("0s");
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m %2s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1h %2m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace gatehouse
