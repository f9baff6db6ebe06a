#pragma once

#include <QString>

namespace gatehouse {

/// spdlog set-up: one named logger per subsystem ("db", "crypto", "audit", "catalogue",
/// "accounts", "ui", "cli", "gateway"), each writing to a rotating file
/// <logDir>/gatehouse.log (5 MiB x 5) and to stderr, plus Qt's own messages routed in.
class Logging
{
public:
    /// \a level: trace, debug, info, warn, error, critical, off. Returns false (and keeps
    /// stderr-only logging) when \a logDir cannot be written. Safe to call again.
    static bool init(const QString& logDir, const QString& level);
    /// True if \a level is one of the names above.
    static bool isValidLevel(const QString& level);
    /// Logs one line through the named subsystem logger (created on first use).
    static void info(const char* subsystem, const QString& message);
    static void warn(const char* subsystem, const QString& message);
    static void error(const char* subsystem, const QString& message);
    static void debug(const char* subsystem, const QString& message);
};

} // namespace gatehouse
