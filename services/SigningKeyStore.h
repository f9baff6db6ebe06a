#pragma once

#include <memory>

#include <QDateTime>
#include <QHash>
#include <QString>

#include "Credential.h"
#include "Ed25519Key.h"
#include "Error.h"

namespace gatehouse {

/// The private halves of the credential signing keys: one PKCS#8 PEM file per key,
/// <keys dir>/credential-<kid>.key, mode 0600 in the workspace's keys/ folder (0700).
/// Public halves and life cycle live in table signing_keys (CredentialRepository).
///
/// A key file whose mode grants anything to group or others is refused - at start-up
/// (checkAll, called by Application::open) and before every signature - with a message
/// naming the file and its mode. Key bytes read from disk are wiped (OPENSSL_cleanse)
/// once OpenSSL holds the key; destroyed keys are overwritten with zeros before unlink.
/// The OS keychain (qtkeychain) is not used.
class SigningKeyStore
{
public:
    explicit SigningKeyStore(QString keysDirectory);

    /// Full path of the file of key \a kid.
    QString keyFile(const QString& kid) const;
    /// RFC 7638 JWK thumbprint of an Ed25519 key: base64url(SHA-256 of
    /// {"crv":"Ed25519","kty":"OKP","x":base64url(publicKey)}).
    static QString thumbprint(const QByteArray& publicKey);

    /// Generates a key and writes its file (0600, never overwriting). The returned info
    /// (kid, public key, createdAt = \a now, status active) is not stored anywhere else yet.
    [[nodiscard]] Result<SigningKeyInfo> create(const QDateTime& now);
    /// The key \a kid, after checking its file's mode (cached after the first read).
    /// NotFound when the file is gone (withdrawn), StorageFailure naming the file and its
    /// mode when it is readable by others, CryptoFailure when it does not hold that key.
    [[nodiscard]] Result<std::shared_ptr<const Ed25519Key>> load(const QString& kid);
    /// StorageFailure naming the file and mode when \a file is not a regular file of
    /// mode 0600 or 0400.
    [[nodiscard]] static Status checkFile(const QString& file);
    /// checkFile on every credential-*.key in the folder.
    [[nodiscard]] Status checkAll() const;
    /// Overwrites the key file with zeros and removes it; forgets the cached key.
    /// Nothing to do when the file does not exist.
    [[nodiscard]] Status destroy(const QString& kid);

private:
    QString m_dir;
    QHash<QString, std::shared_ptr<const Ed25519Key>> m_cache;
};

} // namespace gatehouse
