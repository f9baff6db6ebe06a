#pragma once

#include <QByteArray>
#include <QString>

#include "Error.h"

namespace gatehouse {

/// An operator's Ed25519 signing key, unsealed by OperatorKeyService::unlock() and held by a
/// front door (a console session, one CLI run) for as long as the operator is signed in.
/// Move-only; the seed is wiped (OPENSSL_cleanse) when the object goes away.
class OperatorSigningKey
{
public:
    OperatorSigningKey() = default;
    OperatorSigningKey(QString username, QString keyId, QByteArray publicKey, QByteArray seed);
    ~OperatorSigningKey();
    OperatorSigningKey(OperatorSigningKey&& other) noexcept;
    OperatorSigningKey& operator=(OperatorSigningKey&& other) noexcept;
    OperatorSigningKey(const OperatorSigningKey&) = delete;
    OperatorSigningKey& operator=(const OperatorSigningKey&) = delete;

    bool isValid() const { return m_seed.size() == 32; }
    QString username() const { return m_username; }
    /// "ed25519:" + the first 16 bytes of SHA-256(public key) in hex.
    QString keyId() const { return m_keyId; }
    QByteArray publicKey() const { return m_publicKey; }
    /// 64-byte Ed25519 signature of \a message. CryptoFailure on an empty key.
    [[nodiscard]] Result<QByteArray> sign(const QByteArray& message) const;

private:
    QString m_username;
    QString m_keyId;
    QByteArray m_publicKey;
    QByteArray m_seed;
};

} // namespace gatehouse
