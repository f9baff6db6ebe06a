#pragma once

#include <memory>

#include <QByteArray>

#include "Error.h"

namespace gatehouse {

/// An Ed25519 private key (RFC 8032) held by OpenSSL 3 (EVP_PKEY_ED25519); the key bytes
/// never sit in a QByteArray longer than a call. OpenSSL wipes them when the key dies.
/// Move-only. Signing is "pure" Ed25519 (EVP_DigestSign with a NULL digest), as JWS
/// alg EdDSA requires (RFC 8037 section 3.1).
class Ed25519Key
{
public:
    /// A fresh key from OpenSSL's CSPRNG. CryptoFailure if OpenSSL refuses.
    [[nodiscard]] static Result<Ed25519Key> generate();
    /// The key whose 32-byte private value (RFC 8032 section 5.1.5 "secret key") is \a seed.
    /// InvalidInput for another size. The caller wipes \a seed (CryptoPrimitives::cleanse).
    [[nodiscard]] static Result<Ed25519Key> fromSeed(const QByteArray& seed);
    /// Reads a PKCS#8 PEM "PRIVATE KEY" block; InvalidInput if it is not an Ed25519 key.
    [[nodiscard]] static Result<Ed25519Key> fromPem(const QByteArray& pem);

    Ed25519Key(Ed25519Key&& other) noexcept;
    Ed25519Key& operator=(Ed25519Key&& other) noexcept;
    ~Ed25519Key();

    /// The 32-byte public key (RFC 8032 section 5.1.5).
    QByteArray publicKey() const;
    /// PKCS#8 PEM of the private key. Secret: wipe it with CryptoPrimitives::cleanse.
    [[nodiscard]] Result<QByteArray> toPem() const;
    /// The 64-byte signature of \a message (RFC 8032 section 5.1.6).
    [[nodiscard]] Result<QByteArray> sign(const QByteArray& message) const;

private:
    struct Impl;
    explicit Ed25519Key(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace gatehouse
