#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// Life-cycle state of an issued credential (column credentials.status).
/// active -> used (the agent reported the result) | revoked | expired (the sweeper saw
/// exp pass). Each transition is final and audited exactly once.
enum class CredentialStatus
{
    Active,
    Used,
    Revoked,
    Expired,
};

/// "active", "used", "revoked", "expired"
QString credentialStatusName(CredentialStatus status);
std::optional<CredentialStatus> parseCredentialStatus(const QString& text);

/// One credential the issuer minted: a single-use JWT (EdDSA) for one allowed or approved
/// action request. The token itself is not stored: Ed25519 is deterministic, so the
/// issuer re-signs signingInput with key kid to hand the same token out again, and a
/// copy of the database alone never yields a live bearer token.
struct Credential
{
    QString jti;             ///< UUID, the JWT ID
    QString requestId;       ///< the action request it authorises (one credential per request)
    QString pathId;          ///< decision path of the request
    QString kid;             ///< signing key (RFC 7638 thumbprint)
    QString subject;         ///< sub: the workload's SPIFFE ID
    QString audience;        ///< aud: the target system
    QString actionType;      ///< claim action_type
    QString target;          ///< claim target
    QJsonObject claims;      ///< the whole claims set as signed
    QByteArray signingInput; ///< BASE64URL(header) "." BASE64URL(claims), as signed
    QDateTime issuedAt;      ///< iat (whole seconds, UTC)
    QDateTime notBefore;     ///< nbf (whole seconds, UTC)
    QDateTime expiresAt;     ///< exp (whole seconds, UTC)
    qint64 ttlSeconds = 0;   ///< exp - iat
    CredentialStatus status = CredentialStatus::Active;
    QDateTime statusChangedAt; ///< UTC, when it left active (invalid while active)
    QString statusActor;       ///< who used / revoked it ("workload:..", "operator:..", "system")
    QString revokeReason;      ///< set when revoked
    int version = 1;

    /// Active in the database and not yet past exp at \a now (RFC 7519: invalid on or after exp).
    bool isLive(const QDateTime& now) const { return status == CredentialStatus::Active && now < expiresAt; }
};

/// Life-cycle state of a credential signing key (column signing_keys.status).
/// active (signs new credentials; exactly one) -> retired (rotation: still in the JWKS and
/// still able to re-sign its own live tokens) -> withdrawn (its last token expired: public
/// key out of the JWKS, private key file wiped). revoked: taken out at once (compromise);
/// every credential it signed is revoked with it.
enum class SigningKeyStatus
{
    Active,
    Retired,
    Withdrawn,
    Revoked,
};

QString signingKeyStatusName(SigningKeyStatus status);
std::optional<SigningKeyStatus> parseSigningKeyStatus(const QString& text);

/// Public part and state of one signing key (row of signing_keys).
struct SigningKeyInfo
{
    QString kid;          ///< RFC 7638 JWK thumbprint (base64url SHA-256)
    QByteArray publicKey; ///< 32 raw bytes (Ed25519, RFC 8032)
    SigningKeyStatus status = SigningKeyStatus::Active;
    QDateTime createdAt;  ///< UTC
    QDateTime retiredAt;  ///< UTC; invalid while active
    QString reason;       ///< why it was revoked
    QDateTime lastExpiry; ///< latest exp of a credential it signed (invalid: none yet)
};

} // namespace gatehouse
