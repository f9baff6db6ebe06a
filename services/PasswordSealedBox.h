#pragma once

#include <QByteArray>
#include <QString>

#include "Error.h"
#include "PasswordHasher.h"

namespace gatehouse {

/// Seals a small secret (an operator's Ed25519 seed) under a password: scrypt (RFC 7914)
/// derives a 32-byte key from the password and a fresh 16-byte salt, and AES-256-GCM
/// (NIST SP 800-38D, 12-byte random nonce, 16-byte tag) encrypts the secret, with
/// \a context bound as additional authenticated data so a sealed blob cannot be moved to
/// another account or key id.
///
/// Blob layout (bytes): "GHS1" | log2(N) (1) | r (1) | p (1) | salt (16) | nonce (12) |
/// ciphertext (len(secret)) | tag (16).
class PasswordSealedBox
{
public:
    /// CryptoFailure if OpenSSL refuses.
    [[nodiscard]] static Result<QByteArray> seal(const QByteArray& secret, const QString& password,
                                                 const QByteArray& context, const ScryptParameters& params);
    /// The secret. AuthenticationFailed for a wrong password, a wrong context or a tampered
    /// blob (GCM cannot tell these apart); InvalidInput for a blob that is not this format or
    /// asks for a scrypt cost above 2^20.
    [[nodiscard]] static Result<QByteArray> open(const QByteArray& blob, const QString& password,
                                                 const QByteArray& context);
};

} // namespace gatehouse
