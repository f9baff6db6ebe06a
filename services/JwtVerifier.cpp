#include "JwtVerifier.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>

#include "Base64Url.h"
#include "JwtSigner.h"

namespace gatehouse {

namespace {

std::unexpected<TokenRejection> reject(TokenError error, QString message)
{
    return std::unexpected(TokenRejection{error, std::move(message)});
}

std::optional<QJsonObject> jsonObject(const QByteArray& bytes)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

/// A NumericDate claim: absent, or a finite number (RFC 7519 section 2).
bool numericDate(const QJsonObject& claims, const QString& name, std::optional<double>* out)
{
    const QJsonValue v = claims.value(name);
    if (v.isUndefined()) {
        *out = std::nullopt;
        return true;
    }
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return false;
    *out = v.toDouble();
    return true;
}

} // namespace

QString tokenErrorCode(TokenError error)
{
    switch (error) {
    case TokenError::TooLarge:
        return QStringLiteral("token_too_large");
    case TokenError::Malformed:
        return QStringLiteral("malformed_token");
    case TokenError::BadBase64:
        return QStringLiteral("bad_base64url");
    case TokenError::BadJson:
        return QStringLiteral("bad_json");
    case TokenError::AlgNone:
        return QStringLiteral("alg_none");
    case TokenError::AlgHmac:
        return QStringLiteral("alg_hmac");
    case TokenError::AlgNotAllowed:
        return QStringLiteral("alg_not_allowed");
    case TokenError::UnsupportedCrit:
        return QStringLiteral("unsupported_crit");
    case TokenError::MissingKid:
        return QStringLiteral("missing_kid");
    case TokenError::UnknownKid:
        return QStringLiteral("unknown_kid");
    case TokenError::BadSignature:
        return QStringLiteral("bad_signature");
    case TokenError::InvalidClaims:
        return QStringLiteral("invalid_claims");
    case TokenError::WrongIssuer:
        return QStringLiteral("wrong_issuer");
    case TokenError::WrongAudience:
        return QStringLiteral("wrong_audience");
    case TokenError::Expired:
        return QStringLiteral("expired");
    case TokenError::NotYetValid:
        return QStringLiteral("not_yet_valid");
    }
    return QStringLiteral("rejected");
}

JwtVerifier::JwtVerifier(QHash<QString, Ed25519PublicKey> keys, JwtVerifierOptions options)
    : m_keys(std::move(keys)), m_options(std::move(options))
{}

Result<JwtVerifier> JwtVerifier::create(QHash<QString, Ed25519PublicKey> keys, JwtVerifierOptions options)
{
    if (options.leewaySeconds < 0 || options.leewaySeconds > kMaxLeewaySeconds)
        return fail(ErrorCode::InvalidInput, QStringLiteral("leeway must be 0..%1 seconds, not %2")
                                                 .arg(kMaxLeewaySeconds)
                                                 .arg(options.leewaySeconds));
    if (keys.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("the key set holds no Ed25519 key"));
    return JwtVerifier(std::move(keys), std::move(options));
}

bool JwtVerifier::timeAccepted(double now, std::optional<double> exp, std::optional<double> nbf,
                               qint64 leewaySeconds)
{
    const auto l = static_cast<double>(leewaySeconds);
    if (!exp || !(now < *exp + l))
        return false;
    return !nbf || now >= *nbf - l;
}

std::expected<VerifiedToken, TokenRejection> JwtVerifier::verify(const QByteArray& token,
                                                                 const QDateTime& now) const
{
    if (token.size() > kMaxTokenBytes)
        return reject(TokenError::TooLarge, QStringLiteral("the token is %1 bytes; at most %2 are accepted")
                                                .arg(token.size())
                                                .arg(kMaxTokenBytes));
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return reject(TokenError::Malformed,
                      QStringLiteral("a compact JWS has 3 segments separated by '.', this token has %1")
                          .arg(parts.size()));
    const auto headerBytes = Base64Url::decode(parts[0]);
    if (!headerBytes || parts[0].isEmpty())
        return reject(TokenError::BadBase64, QStringLiteral("the header is not unpadded base64url"));
    const auto header = jsonObject(*headerBytes);
    if (!header)
        return reject(TokenError::BadJson, QStringLiteral("the header is not a JSON object"));

    // The algorithm is pinned here; the header can only confirm it.
    const QJsonValue algValue = header->value(QStringLiteral("alg"));
    if (!algValue.isString())
        return reject(TokenError::AlgNotAllowed, QStringLiteral("the header names no algorithm (alg)"));
    const QString alg = algValue.toString();
    if (alg.compare(QStringLiteral("none"), Qt::CaseInsensitive) == 0)
        return reject(TokenError::AlgNone, QStringLiteral("unsecured tokens (alg none) are never accepted"));
    if (alg.startsWith(QStringLiteral("HS"), Qt::CaseInsensitive))
        return reject(
            TokenError::AlgHmac,
            QStringLiteral("HMAC algorithms (%1) are never accepted: only EdDSA").arg(alg.left(16)));
    if (alg != QLatin1String(JwtSigner::kAlgorithm))
        return reject(TokenError::AlgNotAllowed,
                      QStringLiteral("algorithm \"%1\" is not accepted: only EdDSA").arg(alg.left(16)));
    if (header->contains(QStringLiteral("crit")))
        return reject(TokenError::UnsupportedCrit,
                      QStringLiteral("the header has critical extensions (crit), none are supported"));
    const QJsonValue kidValue = header->value(QStringLiteral("kid"));
    if (!kidValue.isString() || kidValue.toString().isEmpty())
        return reject(TokenError::MissingKid, QStringLiteral("the header names no key (kid)"));
    const QString kid = kidValue.toString();
    const auto key = m_keys.constFind(kid);
    if (key == m_keys.cend())
        return reject(TokenError::UnknownKid,
                      QStringLiteral("no signing key with kid \"%1\" in the key set").arg(kid.left(64)));

    const auto claimBytes = Base64Url::decode(parts[1]);
    const auto signature = Base64Url::decode(parts[2]);
    if (!claimBytes || parts[1].isEmpty())
        return reject(TokenError::BadBase64, QStringLiteral("the claims are not unpadded base64url"));
    if (!signature)
        return reject(TokenError::BadBase64, QStringLiteral("the signature is not unpadded base64url"));
    const QByteArray signingInput = parts[0] + '.' + parts[1];
    if (!key->verify(signingInput, *signature))
        return reject(TokenError::BadSignature,
                      QStringLiteral("the signature does not verify with key \"%1\"").arg(kid.left(64)));

    const auto claims = jsonObject(*claimBytes);
    if (!claims)
        return reject(TokenError::BadJson, QStringLiteral("the claims are not a JSON object"));
    std::optional<double> exp, nbf, iat;
    if (!numericDate(*claims, QStringLiteral("exp"), &exp) ||
        !numericDate(*claims, QStringLiteral("nbf"), &nbf) ||
        !numericDate(*claims, QStringLiteral("iat"), &iat))
        return reject(TokenError::InvalidClaims,
                      QStringLiteral("exp, nbf and iat must be NumericDate numbers"));
    if (!exp)
        return reject(TokenError::InvalidClaims, QStringLiteral("the token has no expiry (exp)"));
    if (!m_options.issuer.isEmpty() && claims->value(QStringLiteral("iss")).toString() != m_options.issuer)
        return reject(TokenError::WrongIssuer,
                      QStringLiteral("issuer \"%1\" is not \"%2\"")
                          .arg(claims->value(QStringLiteral("iss")).toString().left(128), m_options.issuer));
    if (!m_options.audience.isEmpty()) {
        const QJsonValue aud = claims->value(QStringLiteral("aud"));
        const bool match = aud.isString()
                               ? aud.toString() == m_options.audience
                               : aud.isArray() && aud.toArray().contains(QJsonValue(m_options.audience));
        if (!match)
            return reject(TokenError::WrongAudience,
                          QStringLiteral("the token is not for audience \"%1\"").arg(m_options.audience));
    }
    const double t = static_cast<double>(now.toMSecsSinceEpoch()) / 1000.0;
    const auto l = static_cast<double>(m_options.leewaySeconds);
    if (!(t < *exp + l))
        return reject(
            TokenError::Expired,
            QStringLiteral("the token expired at %1 (leeway %2 s)")
                .arg(QDateTime::fromSecsSinceEpoch(static_cast<qint64>(*exp), Qt::UTC).toString(Qt::ISODate))
                .arg(m_options.leewaySeconds));
    if (nbf && t < *nbf - l)
        return reject(
            TokenError::NotYetValid,
            QStringLiteral("the token is not valid before %1 (leeway %2 s)")
                .arg(QDateTime::fromSecsSinceEpoch(static_cast<qint64>(*nbf), Qt::UTC).toString(Qt::ISODate))
                .arg(m_options.leewaySeconds));

    VerifiedToken v;
    v.header = *header;
    v.claims = *claims;
    v.kid = kid;
    v.jti = claims->value(QStringLiteral("jti")).toString();
    v.expiresAt = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(*exp * 1000.0), Qt::UTC);
    return v;
}

Result<QHash<QString, Ed25519PublicKey>> JwtVerifier::keysFromJwks(const QJsonObject& jwks)
{
    const QJsonValue keys = jwks.value(QStringLiteral("keys"));
    if (!keys.isArray())
        return fail(ErrorCode::InvalidInput, QStringLiteral("a JWK Set is an object with a \"keys\" array"));
    QHash<QString, Ed25519PublicKey> out;
    const QJsonArray list = keys.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject k = list.at(i).toObject();
        if (k.value(QStringLiteral("kty")).toString() != QStringLiteral("OKP") ||
            k.value(QStringLiteral("crv")).toString() != QStringLiteral("Ed25519"))
            continue;
        const QString kid = k.value(QStringLiteral("kid")).toString();
        const auto x = Base64Url::decode(k.value(QStringLiteral("x")).toString().toLatin1());
        if (kid.isEmpty() || !x)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("keys[%1]: an Ed25519 JWK needs a kid and x (base64url)").arg(i));
        if (k.contains(QStringLiteral("d")))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("keys[%1] holds a private key (d): refusing it").arg(i));
        auto pub = Ed25519PublicKey::fromRaw(*x);
        if (!pub)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("keys[%1]: %2").arg(i).arg(pub.error().message));
        out.insert(kid, *pub);
    }
    return out;
}

} // namespace gatehouse
