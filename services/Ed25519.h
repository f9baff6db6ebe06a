#pragma once

#include <QByteArray>

#include "Error.h"

namespace gatehouse {

/// Ed25519 signatures (RFC 8032, pure EdDSA) on raw seeds, over Ed25519Key/Ed25519PublicKey. Keys are raw
/// bytes: a 32-byte private seed and a 32-byte public key; signatures are 64 bytes.
/// Callers wipe seeds with CryptoPrimitives::cleanse() when done.
class Ed25519
{
public:
    struct KeyPair
    {
        QByteArray seed;      ///< 32 bytes, secret
        QByteArray publicKey; ///< 32 bytes
    };

    /// A fresh key pair from OpenSSL's CSPRNG. CryptoFailure if OpenSSL refuses.
    [[nodiscard]] static Result<KeyPair> generate();
    /// The public key of \a seed (32 bytes). CryptoFailure for a seed of the wrong size.
    [[nodiscard]] static Result<QByteArray> publicKeyOf(const QByteArray& seed);
    /// 64-byte signature of \a message. CryptoFailure for a bad seed.
    [[nodiscard]] static Result<QByteArray> sign(const QByteArray& seed, const QByteArray& message);
    /// True only for a valid 64-byte signature of \a message under the 32-byte \a publicKey.
    static bool verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature);
};

} // namespace gatehouse
