#pragma once

#include <QList>
#include <QString>

#include "PasswordSource.h"

namespace gatehouse::test {

/// Password source for tests: fixed answers, a record of what was asked, and a switch
/// that makes it behave like a missing terminal. Never touches /dev/tty.
class FakePasswordSource final : public PasswordSource
{
public:
    QString signInPassword;
    QString newPassword = QStringLiteral("a brand new long password");
    bool unavailable = false;
    QList<PasswordPurpose> asked;

    Result<QString> password(PasswordPurpose purpose, const QString& /*username*/) override
    {
        asked << purpose;
        if (unavailable)
            return fail(ErrorCode::InvalidInput, QStringLiteral("no terminal to ask for a password on"));
        return purpose == PasswordPurpose::NewAccount ? newPassword : signInPassword;
    }
};

} // namespace gatehouse::test
