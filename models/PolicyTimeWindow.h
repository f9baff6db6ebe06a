#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace gatehouse {

/// A weekly time window in an IANA time zone, e.g. Monday to Friday 08:00-18:00
/// Europe/Berlin. JSON: {"time_zone": "Europe/Berlin", "days": ["mon", ..., "sun"],
/// "from": "HH:MM", "to": "HH:MM"}. "to" may be "24:00"; from > to spans midnight and
/// then belongs to the day it starts on (Fri 22:00-06:00 covers Saturday 03:00).
/// Daylight-saving changes follow the zone (QTimeZone, the system's tz database).
struct PolicyTimeWindow
{
    QByteArray timeZoneId;   ///< IANA id, e.g. "Europe/Berlin" or "UTC"
    QTimeZone zone;          ///< resolved from timeZoneId when parsed
    quint8 days = 0x7f;      ///< bit 0 = Monday ... bit 6 = Sunday
    int fromMinutes = 0;     ///< minutes after local midnight, inclusive
    int toMinutes = 24 * 60; ///< exclusive

    /// True when the UTC instant \a when lies inside the window.
    bool contains(const QDateTime& when) const;
    /// "mon-fri 08:00-18:00 Europe/Berlin"
    QString describe() const;
    /// Local time of \a when in the window's zone, e.g. "Sat 03:12 Europe/Berlin".
    QString localTime(const QDateTime& when) const;

    /// "mon".."sun" -> 1..7 (Qt's dayOfWeek), 0 when unknown.
    static int parseDay(const QString& name);
    /// "HH:MM" (00:00..24:00) -> minutes, -1 when malformed.
    static int parseClock(const QString& text);
};

} // namespace gatehouse
