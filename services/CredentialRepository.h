#pragma once

#include <optional>

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "Credential.h"
#include "Error.h"

namespace gatehouse {

/// Which credentials to list.
struct CredentialFilter
{
    std::optional<CredentialStatus> status;
    QString pathId;    ///< empty = any
    QString requestId; ///< empty = any
    QString kid;       ///< empty = any
    int limit = 1000;  ///< newest first
};

/// SQL for tables credentials and signing_keys (migration 5); the only SQL about them.
/// No permission checks and no auditing: CredentialService does both, in the same
/// transaction as these writes.
class CredentialRepository
{
public:
    explicit CredentialRepository(QSqlDatabase db);

    [[nodiscard]] Status insert(const Credential& credential);
    [[nodiscard]] Result<std::optional<Credential>> find(const QString& jti) const;
    [[nodiscard]] Result<std::optional<Credential>> findByRequest(const QString& requestId) const;
    [[nodiscard]] Result<QList<Credential>> list(const CredentialFilter& filter) const;
    /// Active credentials whose exp is at or before \a now (UTC), oldest first.
    [[nodiscard]] Result<QList<Credential>> activePastExpiry(const QDateTime& now, int limit) const;
    /// Moves an active credential to \a to (used, revoked or expired). False, and nothing
    /// written, when it is no longer active: each transition happens at most once.
    [[nodiscard]] Result<bool> leaveActive(const QString& jti, CredentialStatus to, const QDateTime& at,
                                           const QString& actor, const QString& reason);

    [[nodiscard]] Status insertKey(const SigningKeyInfo& key);
    [[nodiscard]] Result<std::optional<SigningKeyInfo>> findKey(const QString& kid) const;
    [[nodiscard]] Result<std::optional<SigningKeyInfo>> activeKey() const;
    /// Every key with the latest exp of the credentials it signed, newest first.
    [[nodiscard]] Result<QList<SigningKeyInfo>> keys() const;
    /// Sets status, retired_at (if not yet set) and reason of a key.
    [[nodiscard]] Status setKeyStatus(const QString& kid, SigningKeyStatus status, const QDateTime& at,
                                      const QString& reason);

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
