#include "Ed25519PublicKey.h"

#include <openssl/err.h>
#include <openssl/evp.h>

namespace gatehouse {

namespace {

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

} // namespace

struct Ed25519PublicKey::Impl
{
    EVP_PKEY* key = nullptr;
    ~Impl() { EVP_PKEY_free(key); }
};

Ed25519PublicKey::Ed25519PublicKey(std::shared_ptr<const Impl> impl, QByteArray raw)
    : m_impl(std::move(impl)), m_raw(std::move(raw))
{}

Ed25519PublicKey::~Ed25519PublicKey() = default;

Result<Ed25519PublicKey> Ed25519PublicKey::fromRaw(const QByteArray& raw)
{
    if (raw.size() != 32)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("an Ed25519 public key is 32 bytes, not %1").arg(raw.size()));
    auto impl = std::make_shared<Impl>();
    impl->key = EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr,
                                               reinterpret_cast<const unsigned char*>(raw.constData()), 32);
    if (!impl->key) {
        ERR_clear_error();
        return fail(ErrorCode::InvalidInput, QStringLiteral("OpenSSL refused the Ed25519 public key"));
    }
    return Ed25519PublicKey(std::move(impl), raw);
}

bool Ed25519PublicKey::verify(const QByteArray& message, const QByteArray& signature) const
{
    if (signature.size() != 64)
        return false;
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!ctx ||
        EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, m_impl->key, nullptr) != 1) {
        ERR_clear_error();
        return false;
    }
    const int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
                                    64, reinterpret_cast<const unsigned char*>(message.constData()),
                                    static_cast<size_t>(message.size()));
    if (ok != 1)
        ERR_clear_error();
    return ok == 1;
}

} // namespace gatehouse
