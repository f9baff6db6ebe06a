#include "Ed25519.h"

#include <memory>

#include <openssl/evp.h>

#include "CryptoPrimitives.h"

namespace gatehouse {

namespace {

struct PkeyDeleter
{
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

const unsigned char* bytes(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

Pkey privateKey(const QByteArray& seed)
{
    if (seed.size() != 32)
        return nullptr;
    return Pkey(EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr, bytes(seed), 32));
}

} // namespace

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
    Pkey key = privateKey(seed);
    if (!key)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519: the private key must be 32 bytes"));
    QByteArray pub(32, Qt::Uninitialized);
    size_t len = 32;
    if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pub.data()), &len) != 1 ||
        len != 32)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519: cannot derive the public key"));
    return pub;
}

Result<QByteArray> Ed25519::sign(const QByteArray& seed, const QByteArray& message)
{
    Pkey key = privateKey(seed);
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!key || !ctx ||
        EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) != 1)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519: cannot start signing"));
    QByteArray sig(64, Qt::Uninitialized);
    size_t len = 64;
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes(message),
                       static_cast<size_t>(message.size())) != 1 ||
        len != 64)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519: signing failed"));
    return sig;
}

bool Ed25519::verify(const QByteArray& publicKey, const QByteArray& message, const QByteArray& signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    Pkey key(EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, bytes(publicKey), 32));
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!key || !ctx ||
        EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) != 1)
        return false;
    return EVP_DigestVerify(ctx.get(), bytes(signature), 64, bytes(message),
                            static_cast<size_t>(message.size())) == 1;
}

} // namespace gatehouse
