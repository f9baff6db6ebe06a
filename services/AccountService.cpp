#include "AccountService.h"

#include <QJsonArray>

#include "Authorization.h"
#include "DecisionPathValidator.h"
#include "Logging.h"
#include "OperatorAccountRepository.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

QJsonArray rolesJson(OperatorRoles roles)
{
    return QJsonArray::fromStringList(operatorRoleNames(roles));
}

Status checkUsername(const QString& username)
{
    if (!DecisionPathValidator::isValidUsername(username))
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("username \"%1\" is not valid: use 1 to 64 lower-case letters, digits, '.', '_' "
                           "or '-', starting with a letter or digit")
                .arg(username.left(64)));
    return {};
}

Status checkDisplayName(const QString& displayName)
{
    if (displayName.size() > 200)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the display name is longer than 200 characters"));
    return {};
}

QString subjectOf(const QString& username)
{
    return QStringLiteral("operator:") + username.left(64);
}

} // namespace

AccountService::AccountService(Database& db, AuditLedger& ledger, const Clock& clock, PasswordHasher hasher)
    : m_db(db), m_ledger(ledger), m_clock(clock), m_hasher(hasher)
{}

Result<QString> AccountService::hashForNewAccount(const QString& username, const QString& displayName,
                                                  const QString& password) const
{
    if (auto st = checkUsername(username); !st)
        return std::unexpected(st.error());
    if (auto st = checkDisplayName(displayName); !st)
        return std::unexpected(st.error());
    if (auto st = PasswordHasher::checkPasswordPolicy(password); !st)
        return std::unexpected(st.error());
    return m_hasher.hash(password);
}

Result<bool> AccountService::needsFirstAdmin() const
{
    auto n = OperatorAccountRepository(m_db.connection()).count();
    if (!n)
        return std::unexpected(n.error());
    return *n == 0;
}

Result<OperatorAccount> AccountService::createFirstAdmin(const QString& username, const QString& displayName,
                                                         const QString& password)
{
    auto hash = hashForNewAccount(username, displayName, password);
    if (!hash)
        return std::unexpected(hash.error());

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    OperatorAccountRepository repo(m_db.connection());
    auto n = repo.count();
    if (!n)
        return std::unexpected(n.error());
    if (*n != 0)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("the workspace already has operator accounts; sign in as an "
                                   "admin to add more"));
    StoredOperatorAccount s;
    s.account.username = username;
    s.account.displayName = displayName.isEmpty() ? username : displayName;
    s.account.roles = OperatorRole::Admin;
    s.account.createdAt = m_clock.now();
    s.passwordHash = *hash;
    if (auto st = repo.insert(s); !st)
        return std::unexpected(st.error());
    auto ev = m_ledger.append({QStringLiteral("account.created"),
                               QStringLiteral("system"),
                               subjectOf(username),
                               {},
                               QJsonObject{{QStringLiteral("username"), username},
                                           {QStringLiteral("display_name"), s.account.displayName},
                                           {QStringLiteral("roles"), rolesJson(s.account.roles)},
                                           {QStringLiteral("first_admin"), true}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("accounts", QStringLiteral("first admin %1 created").arg(username));
    return s.account;
}

Result<OperatorAccount> AccountService::createAccount(const OperatorSession& actor, const QString& username,
                                                      const QString& displayName, OperatorRoles roles,
                                                      const QString& password)
{
    if (auto st = Authorization::canManageAccounts(actor); !st)
        return std::unexpected(st.error());
    if (roles == OperatorRoles())
        return fail(ErrorCode::InvalidInput, QStringLiteral("an account needs at least one role"));
    auto hash = hashForNewAccount(username, displayName, password);
    if (!hash)
        return std::unexpected(hash.error());

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto current = Authorization::currentSession(m_db.connection(), actor);
    if (!current)
        return std::unexpected(current.error());
    if (auto st = Authorization::canManageAccounts(*current); !st)
        return std::unexpected(st.error());
    OperatorAccountRepository repo(m_db.connection());
    auto existing = repo.find(username);
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return fail(ErrorCode::Conflict,
                    QStringLiteral("operator account \"%1\" already exists").arg(username));
    StoredOperatorAccount s;
    s.account.username = username;
    s.account.displayName = displayName.isEmpty() ? username : displayName;
    s.account.roles = roles;
    s.account.createdAt = m_clock.now();
    s.passwordHash = *hash;
    if (auto st = repo.insert(s); !st)
        return std::unexpected(st.error());
    auto ev = m_ledger.append({QStringLiteral("account.created"),
                               actor.actor(),
                               subjectOf(username),
                               {},
                               QJsonObject{{QStringLiteral("username"), username},
                                           {QStringLiteral("display_name"), s.account.displayName},
                                           {QStringLiteral("roles"), rolesJson(roles)}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    return s.account;
}

Result<OperatorSession> AccountService::authenticate(const QString& username, const QString& password)
{
    static const QString kGeneric = QStringLiteral("unknown username or wrong password");
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    OperatorAccountRepository repo(m_db.connection());
    auto found = repo.find(username);
    if (!found)
        return std::unexpected(found.error());
    const QDateTime now = m_clock.now();

    auto record = [&](const QString& type, QJsonObject payload) -> Status {
        auto ev =
            m_ledger.append({type, QStringLiteral("system"), subjectOf(username), {}, std::move(payload)});
        if (!ev)
            return std::unexpected(ev.error());
        return tx.commit();
    };

    if (!found->has_value()) {
        // Same work and the same answer as a wrong password, so usernames cannot be probed.
        m_hasher.verify(password, m_hasher.unusableHash());
        if (auto st = record(QStringLiteral("operator.sign_in_failed"),
                             QJsonObject{{QStringLiteral("reason"), QStringLiteral("unknown_account")}});
            !st)
            return std::unexpected(st.error());
        return fail(ErrorCode::AuthenticationFailed, kGeneric);
    }
    StoredOperatorAccount s = **found;
    // Exactly one scrypt run on every path, and the state of an account (disabled, locked) is
    // only told to someone who knows its password.
    const bool passwordOk = m_hasher.verify(password, s.passwordHash);
    if (s.account.disabled) {
        if (auto st = record(QStringLiteral("operator.sign_in_failed"),
                             QJsonObject{{QStringLiteral("reason"), QStringLiteral("account_disabled")}});
            !st)
            return std::unexpected(st.error());
        if (!passwordOk)
            return fail(ErrorCode::AuthenticationFailed, kGeneric);
        return fail(ErrorCode::AccountDisabled,
                    QStringLiteral("the account \"%1\" is disabled").arg(username));
    }
    if (s.account.lockedUntil.isValid() && s.account.lockedUntil > now) {
        if (auto st = record(QStringLiteral("operator.sign_in_failed"),
                             QJsonObject{{QStringLiteral("reason"), QStringLiteral("account_locked")}});
            !st)
            return std::unexpected(st.error());
        if (!passwordOk)
            return fail(ErrorCode::AuthenticationFailed, kGeneric);
        return fail(ErrorCode::AccountLocked,
                    QStringLiteral("the account \"%1\" is locked after repeated failed sign-ins until %2 UTC")
                        .arg(username,
                             s.account.lockedUntil.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    }
    if (!passwordOk) {
        ++s.failedAttempts;
        const bool lockNow = s.failedAttempts >= kMaxFailedAttempts;
        if (lockNow) {
            s.account.lockedUntil = now.addSecs(kLockoutSeconds);
            s.failedAttempts = 0;
        }
        if (auto st = repo.update(s); !st)
            return std::unexpected(st.error());
        QJsonObject payload{{QStringLiteral("reason"), QStringLiteral("wrong_password")}};
        if (lockNow)
            payload.insert(QStringLiteral("locked_until"),
                           s.account.lockedUntil.toUTC().toString(Qt::ISODateWithMs));
        if (auto st =
                record(lockNow ? QStringLiteral("account.locked") : QStringLiteral("operator.sign_in_failed"),
                       payload);
            !st)
            return std::unexpected(st.error());
        Logging::warn("accounts", QStringLiteral("failed sign-in for %1%2")
                                      .arg(username, lockNow ? QStringLiteral(" (locked)") : QString()));
        if (lockNow)
            return fail(ErrorCode::AccountLocked,
                        QStringLiteral("too many failed sign-ins: the account \"%1\" is locked until %2 UTC")
                            .arg(username, s.account.lockedUntil.toUTC().toString(
                                               QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
        return fail(ErrorCode::AuthenticationFailed, kGeneric);
    }
    s.failedAttempts = 0;
    s.account.lockedUntil = QDateTime();
    if (auto st = repo.update(s); !st)
        return std::unexpected(st.error());
    if (auto st = record(QStringLiteral("operator.signed_in"), QJsonObject{}); !st)
        return std::unexpected(st.error());
    return OperatorSession{s.account.username, s.account.roles};
}

Result<QList<OperatorAccount>> AccountService::list(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return OperatorAccountRepository(m_db.connection()).list();
}

Result<OperatorAccount> AccountService::find(const QString& username) const
{
    auto found = OperatorAccountRepository(m_db.connection()).find(username);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no operator account \"%1\"").arg(username.left(64)));
    return (*found)->account;
}

namespace {

/// Loads, lets \a change modify, stores and audits one account in one transaction.
template <typename Change>
Status changeAccount(Database& db, AuditLedger& ledger, const OperatorSession& actor, bool requiresAdmin,
                     const QString& username, const QString& eventType, Change change)
{
    WriteTransaction tx(db.connection());
    if (auto st = tx.begun(); !st)
        return st;
    // Re-read the actor: a disabled or demoted admin loses the right at once.
    auto current = Authorization::currentSession(db.connection(), actor);
    if (!current)
        return std::unexpected(current.error());
    if (requiresAdmin) {
        if (auto st = Authorization::canManageAccounts(*current); !st)
            return st;
    }
    OperatorAccountRepository repo(db.connection());
    auto found = repo.find(username);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no operator account \"%1\"").arg(username.left(64)));
    StoredOperatorAccount s = **found;
    auto payload = change(s);
    if (!payload)
        return std::unexpected(payload.error());
    if (auto st = repo.update(s); !st)
        return st;
    auto ev = ledger.append({eventType, actor.actor(), subjectOf(username), {}, *payload});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

} // namespace

Status AccountService::setRoles(const OperatorSession& actor, const QString& username, OperatorRoles roles)
{
    if (auto st = Authorization::canManageAccounts(actor); !st)
        return st;
    if (roles == OperatorRoles())
        return fail(ErrorCode::InvalidInput, QStringLiteral("an account needs at least one role"));
    if (username == actor.username && !roles.testFlag(OperatorRole::Admin))
        return fail(ErrorCode::Conflict, QStringLiteral("you cannot remove your own admin role"));
    return changeAccount(m_db, m_ledger, actor, true, username, QStringLiteral("account.roles_changed"),
                         [&](StoredOperatorAccount& s) -> Result<QJsonObject> {
                             QJsonObject p{{QStringLiteral("before"), rolesJson(s.account.roles)},
                                           {QStringLiteral("after"), rolesJson(roles)}};
                             s.account.roles = roles;
                             return p;
                         });
}

Status AccountService::setDisabled(const OperatorSession& actor, const QString& username, bool disabled)
{
    if (auto st = Authorization::canManageAccounts(actor); !st)
        return st;
    if (username == actor.username && disabled)
        return fail(ErrorCode::Conflict, QStringLiteral("you cannot disable your own account"));
    return changeAccount(m_db, m_ledger, actor, true, username,
                         disabled ? QStringLiteral("account.disabled") : QStringLiteral("account.enabled"),
                         [&](StoredOperatorAccount& s) -> Result<QJsonObject> {
                             s.account.disabled = disabled;
                             return QJsonObject{};
                         });
}

Status AccountService::unlock(const OperatorSession& actor, const QString& username)
{
    if (auto st = Authorization::canManageAccounts(actor); !st)
        return st;
    return changeAccount(m_db, m_ledger, actor, true, username, QStringLiteral("account.unlocked"),
                         [&](StoredOperatorAccount& s) -> Result<QJsonObject> {
                             s.account.lockedUntil = QDateTime();
                             s.failedAttempts = 0;
                             return QJsonObject{};
                         });
}

Status AccountService::changePassword(const OperatorSession& actor, const QString& username,
                                      const QString& oldPassword, const QString& newPassword)
{
    const bool self = actor.username == username;
    if (!self) {
        if (auto st = Authorization::canManageAccounts(actor); !st)
            return st;
    }
    if (auto st = PasswordHasher::checkPasswordPolicy(newPassword); !st)
        return st;
    auto hash = m_hasher.hash(newPassword);
    if (!hash)
        return std::unexpected(hash.error());
    return changeAccount(m_db, m_ledger, actor, !self, username, QStringLiteral("account.password_changed"),
                         [&](StoredOperatorAccount& s) -> Result<QJsonObject> {
                             if (self && !m_hasher.verify(oldPassword, s.passwordHash))
                                 return fail(ErrorCode::AuthenticationFailed,
                                             QStringLiteral("the current password is wrong"));
                             s.passwordHash = *hash;
                             return QJsonObject{{QStringLiteral("by_admin"), !self}};
                         });
}

} // namespace gatehouse
