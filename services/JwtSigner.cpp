#include "JwtSigner.h"

#include "Base64Url.h"
#include "CanonicalJson.h"

namespace gatehouse {

QByteArray JwtSigner::signingInput(const QString& kid, const QJsonObject& claims)
{
    const QJsonObject header{{QStringLiteral("alg"), QLatin1String(kAlgorithm)},
                             {QStringLiteral("kid"), kid},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    return Base64Url::encode(CanonicalJson::serialize(header)) + '.' +
           Base64Url::encode(CanonicalJson::serialize(claims));
}

Result<QByteArray> JwtSigner::sign(const Ed25519Key& key, const QByteArray& signingInput)
{
    auto sig = key.sign(signingInput);
    if (!sig)
        return std::unexpected(sig.error());
    return signingInput + '.' + Base64Url::encode(*sig);
}

} // namespace gatehouse
