#include "PasswordSealedBox.h"

#include <bit>
#include <memory>

#include <openssl/evp.h>

#include "CryptoPrimitives.h"

namespace gatehouse {

namespace {

constexpr char kMagic[] = "GHS1";
constexpr int kSaltBytes = 16;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;
constexpr int kHeaderBytes = 4 + 3 + kSaltBytes + kNonceBytes;
constexpr int kMaxLogN = 20; // 1 GiB with r = 8: refuse anything costlier from a stored blob

struct CipherCtxDeleter
{
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

unsigned char* out(QByteArray& b)
{
    return reinterpret_cast<unsigned char*>(b.data());
}
const unsigned char* in(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

/// One AES-256-GCM pass; \a encrypt selects the direction. For decryption \a tag is the
/// expected tag; for encryption it receives the computed one.
bool gcm(bool encrypt, const QByteArray& key, const QByteArray& nonce, const QByteArray& aad,
         const QByteArray& input, QByteArray& output, QByteArray& tag)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return false;
    const int init = encrypt ? EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), in(key), in(nonce), nullptr)
                             : EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), in(key), in(nonce), nullptr);
    if (init != 1)
        return false;
    int len = 0;
    auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
    if (!aad.isEmpty() && update(ctx.get(), nullptr, &len, in(aad), static_cast<int>(aad.size())) != 1)
        return false;
    output.resize(input.size());
    if (!input.isEmpty() &&
        update(ctx.get(), out(output), &len, in(input), static_cast<int>(input.size())) != 1)
        return false;
    if (encrypt) {
        if (EVP_EncryptFinal_ex(ctx.get(), nullptr, &len) != 1)
            return false;
        tag.resize(kTagBytes);
        return EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) == 1;
    }
    QByteArray expected = tag;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, expected.data()) != 1)
        return false;
    return EVP_DecryptFinal_ex(ctx.get(), nullptr, &len) == 1;
}

} // namespace

Result<QByteArray> PasswordSealedBox::seal(const QByteArray& secret, const QString& password,
                                           const QByteArray& context, const ScryptParameters& params)
{
    auto salt = CryptoPrimitives::randomBytes(kSaltBytes);
    auto nonce = CryptoPrimitives::randomBytes(kNonceBytes);
    if (!salt || !nonce)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("cannot draw random bytes to seal a key"));
    QByteArray pw = password.toUtf8();
    auto key = PasswordHasher::deriveRaw(pw, *salt, params, 32);
    CryptoPrimitives::cleanse(pw);
    if (!key)
        return std::unexpected(key.error());
    QByteArray cipher;
    QByteArray tag;
    const bool ok = gcm(true, *key, *nonce, context, secret, cipher, tag);
    CryptoPrimitives::cleanse(*key);
    if (!ok)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("AES-256-GCM sealing failed"));
    QByteArray blob(kMagic, 4);
    blob.append(static_cast<char>(std::countr_zero(params.n)));
    blob.append(static_cast<char>(params.r));
    blob.append(static_cast<char>(params.p));
    blob.append(*salt).append(*nonce).append(cipher).append(tag);
    return blob;
}

Result<QByteArray> PasswordSealedBox::open(const QByteArray& blob, const QString& password,
                                           const QByteArray& context)
{
    if (blob.size() < kHeaderBytes + kTagBytes || !blob.startsWith(QByteArray(kMagic, 4)))
        return fail(ErrorCode::InvalidInput, QStringLiteral("sealed key: not a Gatehouse sealed blob"));
    const int logN = static_cast<unsigned char>(blob[4]);
    const quint32 r = static_cast<unsigned char>(blob[5]);
    const quint32 p = static_cast<unsigned char>(blob[6]);
    if (logN < 1 || logN > kMaxLogN || r < 1 || r > 32 || p < 1 || p > 16)
        return fail(ErrorCode::InvalidInput, QStringLiteral("sealed key: scrypt parameters out of range"));
    const QByteArray salt = blob.mid(7, kSaltBytes);
    const QByteArray nonce = blob.mid(7 + kSaltBytes, kNonceBytes);
    const QByteArray cipher = blob.mid(kHeaderBytes, blob.size() - kHeaderBytes - kTagBytes);
    QByteArray tag = blob.right(kTagBytes);
    QByteArray pw = password.toUtf8();
    auto key = PasswordHasher::deriveRaw(pw, salt, ScryptParameters{quint64{1} << logN, r, p}, 32);
    CryptoPrimitives::cleanse(pw);
    if (!key)
        return std::unexpected(key.error());
    QByteArray secret;
    const bool ok = gcm(false, *key, nonce, context, cipher, secret, tag);
    CryptoPrimitives::cleanse(*key);
    if (!ok) {
        CryptoPrimitives::cleanse(secret);
        return fail(ErrorCode::AuthenticationFailed,
                    QStringLiteral("sealed key: wrong password, or the sealed key was altered"));
    }
    return secret;
}

} // namespace gatehouse
