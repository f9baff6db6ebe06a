#pragma once

#include "PasswordSource.h"

namespace gatehouse {

/// Passwords from the environment (GATEHOUSE_PASSWORD, GATEHOUSE_NEW_PASSWORD) or, when
/// the variable is not set, from a prompt on /dev/tty with echo switched off (termios).
/// The prompt goes to the terminal, never to stdout, so `--format json` output stays clean;
/// echo is restored on every exit, including SIGINT/SIGTERM/SIGQUIT/SIGHUP while reading.
class TerminalPasswordSource final : public PasswordSource
{
public:
    static constexpr const char* kPasswordVariable = "GATEHOUSE_PASSWORD";
    static constexpr const char* kNewPasswordVariable = "GATEHOUSE_NEW_PASSWORD";

    [[nodiscard]] Result<QString> password(PasswordPurpose purpose, const QString& username) override;

private:
    /// Shows \a promptText on the terminal and reads one line without echo.
    [[nodiscard]] static Result<QString> prompt(const QString& promptText);
};

} // namespace gatehouse
