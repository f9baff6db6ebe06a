#pragma once

#include <QList>

#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "Error.h"
#include "OperatorAccount.h"
#include "OperatorSession.h"
#include "PasswordHasher.h"

namespace gatehouse {

/// Local operator accounts: creation, sign-in with lock-out, roles, disabling.
/// Every change is audited in the same transaction. Lock-out: after
/// kMaxFailedAttempts consecutive failures the account is locked for kLockoutSeconds;
/// a locked account refuses even the right password until then (or an admin unlocks it).
class AccountService
{
public:
    static constexpr int kMaxFailedAttempts = 5;
    static constexpr int kLockoutSeconds = 15 * 60;

    AccountService(Database& db, AuditLedger& ledger, const Clock& clock,
                   PasswordHasher hasher = PasswordHasher{});

    /// True when the workspace has no account yet (first start).
    [[nodiscard]] Result<bool> needsFirstAdmin() const;
    /// Creates the first account, with the admin role. Conflict if any account exists.
    [[nodiscard]] Result<OperatorAccount>
    createFirstAdmin(const QString& username, const QString& displayName, const QString& password);
    /// Admin only. InvalidInput for a bad username/password, Conflict if it exists.
    [[nodiscard]] Result<OperatorAccount> createAccount(const OperatorSession& actor, const QString& username,
                                                        const QString& displayName, OperatorRoles roles,
                                                        const QString& password);
    /// Checks the password. Errors: AuthenticationFailed (unknown user or wrong password,
    /// same message for both), AccountLocked (names the unlock time), AccountDisabled.
    [[nodiscard]] Result<OperatorSession> authenticate(const QString& username, const QString& password);

    [[nodiscard]] Result<QList<OperatorAccount>> list(const OperatorSession& actor) const;
    [[nodiscard]] Result<OperatorAccount> find(const QString& username) const;
    /// Admin only. An admin cannot remove their own admin role or disable themselves.
    [[nodiscard]] Status setRoles(const OperatorSession& actor, const QString& username, OperatorRoles roles);
    [[nodiscard]] Status setDisabled(const OperatorSession& actor, const QString& username, bool disabled);
    [[nodiscard]] Status unlock(const OperatorSession& actor, const QString& username);
    /// The account itself (knowing the old password) or an admin (old password ignored).
    [[nodiscard]] Status changePassword(const OperatorSession& actor, const QString& username,
                                        const QString& oldPassword, const QString& newPassword);

private:
    /// Checks username, display name and password policy; returns the password's hash.
    [[nodiscard]] Result<QString> hashForNewAccount(const QString& username, const QString& displayName,
                                                    const QString& password) const;

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    PasswordHasher m_hasher;
};

} // namespace gatehouse
