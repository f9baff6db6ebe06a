#pragma once

#include <QDateTime>

namespace gatehouse {

/// Source of the current time, injected so expiry, lock-outs and TTLs are testable.
class Clock
{
public:
    virtual ~Clock() = default;
    /// Current time, UTC, millisecond precision.
    virtual QDateTime now() const = 0;
};

/// The system's wall clock.
class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace gatehouse
