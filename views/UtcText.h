#pragma once

#include <QDateTime>
#include <QString>

namespace gatehouse {

/// A time for people, in UTC as every console view shows it: "2026-11-29 14:05 UTC", or
/// "2026-11-29 14:05:09 UTC" with \a seconds. An empty string for an invalid time.
inline QString utcText(const QDateTime& t, bool seconds = false)
{
    if (!t.isValid())
        return {};
    return t.toUTC().toString(seconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")
                                      : QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

} // namespace gatehouse
