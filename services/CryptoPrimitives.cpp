#include "CryptoPrimitives.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "PasswordHasher.h"

namespace gatehouse {

namespace {

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyDeleter
{
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

const EVP_MD* sha256Md()
{
    // Fetched once: EVP_MD_fetch is the OpenSSL 3 way and avoids a lookup per call.
    static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

QByteArray digest(std::initializer_list<const QByteArray*> parts)
{
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), sha256Md(), nullptr) != 1)
        qFatal("SHA-256 unavailable");
    for (const QByteArray* p : parts) {
        if (EVP_DigestUpdate(ctx.get(), p->constData(), static_cast<size_t>(p->size())) != 1)
            qFatal("SHA-256 update failed");
    }
    if (EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1 || len != 32)
        qFatal("SHA-256 final failed");
    return out;
}

Status ed25519KnownAnswer()
{
    // RFC 8032, section 7.1, TEST 1 (empty message).
    const QByteArray secret =
        QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const QByteArray expectedPublic =
        QByteArray::fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const QByteArray expectedSig =
        QByteArray::fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                            "c61e39701cf9b46bd25bf5f0595bbe2"
                            "4655141438e7a100b");
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(EVP_PKEY_new_raw_private_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(secret.constData()), 32));
    if (!key)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("self-test: Ed25519 key could not be loaded"));
    QByteArray pub(32, Qt::Uninitialized);
    size_t pubLen = 32;
    if (EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(pub.data()), &pubLen) != 1 ||
        pub != expectedPublic)
        return fail(ErrorCode::CryptoFailure,
                    QStringLiteral("self-test: Ed25519 public key mismatch (RFC 8032)"));
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    QByteArray sig(64, Qt::Uninitialized);
    size_t sigLen = 64;
    if (!ctx ||
        EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sigLen, nullptr, 0) != 1 ||
        sig != expectedSig)
        return fail(ErrorCode::CryptoFailure,
                    QStringLiteral("self-test: Ed25519 signature mismatch (RFC 8032)"));
    return {};
}

} // namespace

QByteArray CryptoPrimitives::sha256(const QByteArray& data)
{
    return digest({&data});
}

QByteArray CryptoPrimitives::sha256(const QByteArray& a, const QByteArray& b)
{
    return digest({&a, &b});
}

Result<QByteArray> CryptoPrimitives::randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), count) != 1)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("the random number generator failed"));
    return out;
}

bool CryptoPrimitives::constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

void CryptoPrimitives::cleanse(QByteArray& secret)
{
    if (!secret.isEmpty())
        OPENSSL_cleanse(secret.data(), static_cast<size_t>(secret.size()));
    secret.clear();
}

Status CryptoPrimitives::selfTest()
{
    // FIPS 180-2 appendix B.1 and B.2.
    if (sha256(QByteArray("abc")).toHex() !=
        QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        return fail(ErrorCode::CryptoFailure, QStringLiteral("self-test: SHA-256 \"abc\" vector failed"));
    if (sha256(QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toHex() !=
        QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
        return fail(ErrorCode::CryptoFailure, QStringLiteral("self-test: SHA-256 two-block vector failed"));
    // RFC 7914 section 12, second vector (N=1024, r=8, p=16).
    const QByteArray scryptExpected =
        QByteArray::fromHex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a388"
                            "6ff109279d9830dac727afb94a83ee6d"
                            "8360cbdfa2cc0640");
    auto derived = PasswordHasher::deriveRaw(QByteArray("password"), QByteArray("NaCl"),
                                             ScryptParameters{1024, 8, 16}, 64);
    if (!derived || *derived != scryptExpected)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("self-test: scrypt RFC 7914 vector failed"));
    return ed25519KnownAnswer();
}

} // namespace gatehouse
