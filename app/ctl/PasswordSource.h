#pragma once

#include <QString>

#include "Error.h"

namespace gatehouse {

/// Why gatehousectl wants a password; decides where it comes from and whether it is confirmed.
enum class PasswordPurpose
{
    SignIn,     ///< the --user operator signing in: GATEHOUSE_PASSWORD, else one prompt
    FirstAdmin, ///< the first admin of `workspace init`: GATEHOUSE_PASSWORD, else prompt twice
    NewAccount, ///< an account an admin creates or resets: GATEHOUSE_NEW_PASSWORD, else prompt twice
};

/// Where gatehousectl obtains passwords. The real one reads an environment variable or
/// prompts on the terminal without echo (TerminalPasswordSource); tests pass a double so
/// no test ever waits on a terminal.
class PasswordSource
{
public:
    virtual ~PasswordSource() = default;

    /// Password of \a username for \a purpose. InvalidInput when none can be obtained
    /// (no variable and no terminal) or when the two entries of a confirmed prompt differ.
    [[nodiscard]] virtual Result<QString> password(PasswordPurpose purpose, const QString& username) = 0;
};

} // namespace gatehouse
