#include "Ed25519.h"

#include "CryptoPrimitives.h"
#include "Ed25519Key.h"
#include "Ed25519PublicKey.h"

namespace gatehouse {

// Raw-seed convenience over Ed25519Key / Ed25519PublicKey (one OpenSSL implementation):
// operator review keys are sealed as raw seeds, so they need the seed form.

Result<Ed25519::KeyPair> Ed25519::generate()
{
    auto seed = CryptoPrimitives::randomBytes(32);
    if (!seed)
        return std::unexpected(seed.error());
    auto pub = publicKeyOf(*seed);
    if (!pub) {
        CryptoPrimitives::cleanse(*seed);
        return std::unexpected(pub.error());
    }
    return KeyPair{*seed, *pub};
}

Result<QByteArray> Ed25519::publicKeyOf(const QByteArray& seed)
{
    auto key = Ed25519Key::fromSeed(seed);
    if (!key)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519: %1").arg(key.error().message));
    return key->publicKey();
}

Result<QByteArray> Ed25519::sign(const QByteArray& seed, const QByteArray& message)
{
    auto key = Ed25519Key::fromSeed(seed);
    if (!key)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519: %1").arg(key.error().message));
    return key->sign(message);
}

bool Ed25519::verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature)
{
    auto key = Ed25519PublicKey::fromRaw(publicKey);
    return key && key->verify(message, signature);
}

} // namespace gatehouse
