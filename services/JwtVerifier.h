#pragma once

#include <expected>
#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include "Ed25519PublicKey.h"
#include "Error.h"

namespace gatehouse {

/// Why a token was rejected; each has its own stable code (tokenErrorCode).
enum class TokenError
{
    TooLarge,        ///< "token_too_large": more than JwtVerifier::kMaxTokenBytes
    Malformed,       ///< "malformed_token": not three dot-separated segments
    BadBase64,       ///< "bad_base64url": a segment is not strict unpadded base64url
    BadJson,         ///< "bad_json": header or claims are not one JSON object
    AlgNone,         ///< "alg_none": alg "none" in any letter case (unsecured JWS)
    AlgHmac,         ///< "alg_hmac": HS256/384/512 (key confusion with the public key)
    AlgNotAllowed,   ///< "alg_not_allowed": any other alg than the pinned EdDSA
    UnsupportedCrit, ///< "unsupported_crit": a "crit" header (RFC 7515 section 4.1.11)
    MissingKid,      ///< "missing_kid"
    UnknownKid,      ///< "unknown_kid": no key of that id in the key set
    BadSignature,    ///< "bad_signature"
    InvalidClaims,   ///< "invalid_claims": exp missing, a time claim not a number, ...
    WrongIssuer,     ///< "wrong_issuer"
    WrongAudience,   ///< "wrong_audience"
    Expired,         ///< "expired": now >= exp + leeway
    NotYetValid,     ///< "not_yet_valid": now < nbf - leeway
};

/// "token_too_large", "malformed_token", ... (see TokenError).
QString tokenErrorCode(TokenError error);

/// A rejection: the code and a sentence that never quotes the token.
struct TokenRejection
{
    TokenError error;
    QString message;
    QString code() const { return tokenErrorCode(error); }
};

/// A token that passed every check.
struct VerifiedToken
{
    QJsonObject header;
    QJsonObject claims;
    QString kid;
    QString jti;
    QDateTime expiresAt; ///< UTC
};

/// What a verifier checks besides the signature.
struct JwtVerifierOptions
{
    QString issuer;           ///< required iss; empty = not checked
    QString audience;         ///< required aud (string or array member); empty = not checked
    qint64 leewaySeconds = 0; ///< clock-skew allowance, 0..kMaxLeewaySeconds
};

/// Verifies Gatehouse credentials as a downstream system must (docs/credentials.md):
/// the algorithm is pinned to EdDSA (Ed25519, RFC 8037) by this class, never taken from
/// the header; the key is chosen by kid from a fixed key set (the gateway's JWKS).
///
/// Order of checks, the first failure wins: size -> three segments -> base64url of the
/// header -> header JSON -> alg (none / HMAC / other) -> crit -> kid known -> base64url of
/// claims and signature -> signature -> claims JSON -> iss -> aud -> exp/nbf. So no claim
/// is read before the signature holds.
///
/// Time rule (RFC 7519 4.1.4/4.1.5, FIELD-CASES 5): accept iff now < exp + L and
/// now >= nbf - L, L = leeway in seconds; exp is required, nbf optional; iat is not a
/// validity bound (an issuer's clock running a little ahead does not reject a token).
class JwtVerifier
{
public:
    static constexpr qsizetype kMaxTokenBytes = 8192;
    static constexpr qint64 kMaxLeewaySeconds = 30;

    /// InvalidInput for a leeway outside 0..30 s or an empty key set.
    [[nodiscard]] static Result<JwtVerifier> create(QHash<QString, Ed25519PublicKey> keys,
                                                    JwtVerifierOptions options);

    [[nodiscard]] std::expected<VerifiedToken, TokenRejection> verify(const QByteArray& token,
                                                                      const QDateTime& now) const;

    /// The time rule alone, for any leeway (seconds since the epoch).
    static bool timeAccepted(double now, std::optional<double> exp, std::optional<double> nbf,
                             qint64 leewaySeconds);

    /// Ed25519 keys of a JWK Set (RFC 7517 section 5, RFC 8037 OKP keys): entries with
    /// kty "OKP", crv "Ed25519", a kid and x; other entries are skipped. InvalidInput if the
    /// document is not a key set or an Ed25519 entry is malformed.
    [[nodiscard]] static Result<QHash<QString, Ed25519PublicKey>> keysFromJwks(const QJsonObject& jwks);

    const JwtVerifierOptions& options() const { return m_options; }

private:
    JwtVerifier(QHash<QString, Ed25519PublicKey> keys, JwtVerifierOptions options);

    QHash<QString, Ed25519PublicKey> m_keys;
    JwtVerifierOptions m_options;
};

} // namespace gatehouse
