#pragma once

#include <QByteArray>

#include "Error.h"

namespace gatehouse {

/// Small wrappers over OpenSSL 3's EVP API; OpenSSL stays out of every public header.
class CryptoPrimitives
{
public:
    /// SHA-256 (FIPS 180-4) of \a data; 32 bytes.
    static QByteArray sha256(const QByteArray& data);
    /// SHA-256 of a || b without building the concatenation.
    static QByteArray sha256(const QByteArray& a, const QByteArray& b);
    /// \a count bytes from OpenSSL's CSPRNG (RAND_bytes). CryptoFailure if it fails.
    [[nodiscard]] static Result<QByteArray> randomBytes(int count);
    /// Constant-time equality (CRYPTO_memcmp); false when sizes differ.
    static bool constantTimeEquals(const QByteArray& a, const QByteArray& b);
    /// Overwrites \a secret with zeros (OPENSSL_cleanse) and clears it.
    static void cleanse(QByteArray& secret);

    /// Known-answer tests run at start-up: SHA-256 (FIPS 180-2 "abc" vectors), scrypt
    /// (RFC 7914 section 12 vector) and Ed25519 (RFC 8032 section 7.1 test 1).
    /// CryptoFailure naming the failed test; executables refuse to run on failure.
    [[nodiscard]] static Status selfTest();
};

} // namespace gatehouse
