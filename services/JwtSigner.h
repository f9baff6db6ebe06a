#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include "Ed25519Key.h"
#include "Error.h"

namespace gatehouse {

/// Compact JWS serialisation (RFC 7515 section 7.1) of a JWT (RFC 7519) signed with
/// Ed25519, alg "EdDSA" (RFC 8037 section 3.1). Header and claims are written in their
/// RFC 8785 canonical form, so the same claims always give the same bytes (and, Ed25519
/// being deterministic, the same token).
class JwtSigner
{
public:
    /// The only algorithm Gatehouse signs or accepts.
    static constexpr const char* kAlgorithm = "EdDSA";

    /// BASE64URL(UTF8({"alg":"EdDSA","kid":kid,"typ":"JWT"})) "." BASE64URL(UTF8(claims)).
    static QByteArray signingInput(const QString& kid, const QJsonObject& claims);
    /// signingInput "." BASE64URL(Ed25519 signature of signingInput). CryptoFailure if
    /// OpenSSL refuses.
    [[nodiscard]] static Result<QByteArray> sign(const Ed25519Key& key, const QByteArray& signingInput);
};

} // namespace gatehouse
