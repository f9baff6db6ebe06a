#pragma once

#include <memory>

#include <QByteArray>

#include "Error.h"

namespace gatehouse {

/// An Ed25519 public key (RFC 8032), parsed once so that verifying many signatures does
/// not decode the point again each time. Copyable (shares the immutable OpenSSL key).
class Ed25519PublicKey
{
public:
    /// \a raw: the 32-byte encoding. InvalidInput for another size or a value OpenSSL
    /// refuses.
    [[nodiscard]] static Result<Ed25519PublicKey> fromRaw(const QByteArray& raw);

    Ed25519PublicKey(const Ed25519PublicKey&) = default;
    Ed25519PublicKey& operator=(const Ed25519PublicKey&) = default;
    ~Ed25519PublicKey();

    QByteArray raw() const { return m_raw; }
    /// True iff \a signature (64 bytes) is a valid Ed25519 signature of \a message under
    /// this key (RFC 8032 section 5.1.7, OpenSSL's strict verification).
    bool verify(const QByteArray& message, const QByteArray& signature) const;

private:
    struct Impl;
    Ed25519PublicKey(std::shared_ptr<const Impl> impl, QByteArray raw);
    std::shared_ptr<const Impl> m_impl;
    QByteArray m_raw;
};

} // namespace gatehouse
