#pragma once

#include <QByteArray>
#include <QString>

#include "Error.h"

namespace gatehouse {

/// scrypt parameters (RFC 7914). Memory used is about 128 * N * r bytes.
struct ScryptParameters
{
    quint64 n = 1u << 15; ///< CPU/memory cost, a power of two (32768 -> 32 MiB with r = 8)
    quint32 r = 8;        ///< block size
    quint32 p = 1;        ///< parallelism
};

/// Password hashing with scrypt through OpenSSL 3's EVP_KDF ("SCRYPT"), 16-byte random
/// salt per hash, 32-byte output. The encoded form keeps the parameters with the hash:
///   "$scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>"
class PasswordHasher
{
public:
    explicit PasswordHasher(ScryptParameters params = {});

    /// Encoded hash of \a password. CryptoFailure if OpenSSL refuses.
    [[nodiscard]] Result<QString> hash(const QString& password) const;
    /// Recomputes with the parameters stored in \a encoded and compares in constant time.
    /// False for a wrong password or an unreadable encoding.
    bool verify(const QString& password, const QString& encoded) const;
    /// A well-formed encoding with this hasher's parameters that no password matches; verifying
    /// against it costs the same as a real check (used for unknown usernames).
    QString unusableHash() const;

    /// Minimum acceptable password policy: 12..1024 characters. InvalidInput otherwise.
    [[nodiscard]] static Status checkPasswordPolicy(const QString& password);

    /// Raw scrypt output of \a length bytes (used by the self-test with RFC 7914 vectors).
    [[nodiscard]] static Result<QByteArray> deriveRaw(const QByteArray& password, const QByteArray& salt,
                                                      const ScryptParameters& params, int length);

private:
    ScryptParameters m_params;
};

} // namespace gatehouse
