#include "Ed25519Key.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

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
struct PkeyCtxDeleter
{
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct BioDeleter
{
    void operator()(BIO* b) const { BIO_free_all(b); }
};

} // namespace

struct Ed25519Key::Impl
{
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key;
};

Ed25519Key::Ed25519Key(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Ed25519Key::Ed25519Key(Ed25519Key&& other) noexcept = default;
Ed25519Key& Ed25519Key::operator=(Ed25519Key&& other) noexcept = default;
Ed25519Key::~Ed25519Key() = default;

Result<Ed25519Key> Ed25519Key::generate()
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "ED25519", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1 || !raw)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519 key generation failed"));
    auto impl = std::make_unique<Impl>();
    impl->key.reset(raw);
    return Ed25519Key(std::move(impl));
}

Result<Ed25519Key> Ed25519Key::fromSeed(const QByteArray& seed)
{
    if (seed.size() != 32)
        return fail(ErrorCode::InvalidInput, QStringLiteral("an Ed25519 private key is 32 bytes"));
    EVP_PKEY* raw = EVP_PKEY_new_raw_private_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(seed.constData()), 32);
    if (!raw)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("OpenSSL refused the Ed25519 private key"));
    auto impl = std::make_unique<Impl>();
    impl->key.reset(raw);
    return Ed25519Key(std::move(impl));
}

Result<Ed25519Key> Ed25519Key::fromPem(const QByteArray& pem)
{
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    EVP_PKEY* raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(raw);
    if (!key || !EVP_PKEY_is_a(key.get(), "ED25519"))
        return fail(ErrorCode::InvalidInput, QStringLiteral("not a PEM Ed25519 private key"));
    auto impl = std::make_unique<Impl>();
    impl->key = std::move(key);
    return Ed25519Key(std::move(impl));
}

QByteArray Ed25519Key::publicKey() const
{
    QByteArray out(32, Qt::Uninitialized);
    size_t len = 32;
    if (EVP_PKEY_get_raw_public_key(m_impl->key.get(), reinterpret_cast<unsigned char*>(out.data()), &len) !=
            1 ||
        len != 32)
        return {};
    return out;
}

Result<QByteArray> Ed25519Key::toPem() const
{
    // Secure-heap memory BIO: its buffer is wiped when freed.
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_secmem()));
    if (!bio ||
        PEM_write_bio_PrivateKey(bio.get(), m_impl->key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("cannot encode the Ed25519 private key"));
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, static_cast<qsizetype>(len));
}

Result<QByteArray> Ed25519Key::sign(const QByteArray& message) const
{
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    QByteArray sig(64, Qt::Uninitialized);
    size_t sigLen = 64;
    if (!ctx ||
        EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, m_impl->key.get(), nullptr) !=
            1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sigLen,
                       reinterpret_cast<const unsigned char*>(message.constData()),
                       static_cast<size_t>(message.size())) != 1 ||
        sigLen != 64)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("Ed25519 signing failed"));
    return sig;
}

} // namespace gatehouse
