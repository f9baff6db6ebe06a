#pragma once

#include <optional>

#include <QByteArray>
#include <QString>

#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "Error.h"
#include "OperatorSigningKey.h"
#include "PasswordHasher.h"

namespace gatehouse {

/// Per-operator Ed25519 key pairs (table operator_keys) used to sign reviews. The seed is
/// sealed under the operator's password (PasswordSealedBox, context "gatehouse operator key
/// <username> <key id>"), so nobody, an admin included, can sign as someone else without
/// that person's password. Every new key is ledgered as "operator.key_registered" with its
/// public key, which is what AuditLedger::verify() checks review signatures against.
class OperatorKeyService
{
public:
    OperatorKeyService(Database& db, AuditLedger& ledger, const Clock& clock,
                       ScryptParameters sealParams = {});

    /// The operator's active key, unsealed with \a password, created on first use. The
    /// password is checked against the account first (AuthenticationFailed if wrong; nothing
    /// changes). If the password is right but the seal no longer opens (an admin reset the
    /// password), the old key is retired (its public key stays for verification) and a new one
    /// is made; both are ledgered. NotFound / AccountDisabled for such accounts.
    [[nodiscard]] Result<OperatorSigningKey> unlock(const QString& username, const QString& password);

    /// Public key (32 bytes) of \a keyId and its owner, active or retired; nullopt if unknown.
    struct PublicKey
    {
        QString keyId;
        QString username;
        QByteArray publicKey;
        bool active = false;
    };
    [[nodiscard]] Result<std::optional<PublicKey>> find(const QString& keyId) const;
    /// The active key of \a username, if any.
    [[nodiscard]] Result<std::optional<PublicKey>> activeKey(const QString& username) const;

    /// "ed25519:" + hex of the first 16 bytes of SHA-256(\a publicKey).
    static QString keyIdOf(const QByteArray& publicKey);

private:
    Result<OperatorSigningKey> createKey(const QString& username, const QString& password,
                                         const QString& replacedKeyId);

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    ScryptParameters m_sealParams;
};

} // namespace gatehouse
