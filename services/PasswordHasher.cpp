#include "PasswordHasher.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <QRegularExpression>

#include "CryptoPrimitives.h"

namespace gatehouse {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;
// Upper bound on N * r * p accepted from a stored hash: 16 x the default cost (2^15 * 8 * 1),
// so a hostile or corrupt hash cannot stall a sign-in for tens of seconds.
constexpr quint64 kMaxStoredWork = quint64(1) << 22;

struct KdfDeleter
{
    void operator()(EVP_KDF* k) const { EVP_KDF_free(k); }
};
struct KdfCtxDeleter
{
    void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};

int log2Exact(quint64 n)
{
    int l = 0;
    while ((quint64(1) << l) < n)
        ++l;
    return (quint64(1) << l) == n ? l : -1;
}

} // namespace

PasswordHasher::PasswordHasher(ScryptParameters params) : m_params(params) {}

Result<QByteArray> PasswordHasher::deriveRaw(const QByteArray& password, const QByteArray& salt,
                                             const ScryptParameters& params, int length)
{
    std::unique_ptr<EVP_KDF, KdfDeleter> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("OpenSSL has no scrypt KDF"));
    std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("cannot create scrypt context"));

    uint64_t n = params.n;
    uint32_t r = params.r;
    uint32_t p = params.p;
    uint64_t maxmem = 1024ull * 1024 * 1024; // generous cap; parameters are bounded when read back
    QByteArray pw = password;
    QByteArray s = salt;
    OSSL_PARAM ossl[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pw.data(), static_cast<size_t>(pw.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, s.data(), static_cast<size_t>(s.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, Qt::Uninitialized);
    const int ok = EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()),
                                  static_cast<size_t>(length), ossl);
    CryptoPrimitives::cleanse(pw);
    if (ok != 1)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("scrypt derivation failed"));
    return out;
}

Result<QString> PasswordHasher::hash(const QString& password) const
{
    const int ln = log2Exact(m_params.n);
    if (ln < 1)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("scrypt N must be a power of two"));
    auto salt = CryptoPrimitives::randomBytes(kSaltBytes);
    if (!salt)
        return std::unexpected(salt.error());
    QByteArray pw = password.toUtf8();
    auto derived = deriveRaw(pw, *salt, m_params, kHashBytes);
    CryptoPrimitives::cleanse(pw);
    if (!derived)
        return std::unexpected(derived.error());
    return QStringLiteral("$scrypt$ln=%1,r=%2,p=%3$%4$%5")
        .arg(ln)
        .arg(m_params.r)
        .arg(m_params.p)
        .arg(QString::fromLatin1(salt->toBase64(QByteArray::OmitTrailingEquals)),
             QString::fromLatin1(derived->toBase64(QByteArray::OmitTrailingEquals)));
}

bool PasswordHasher::verify(const QString& password, const QString& encoded) const
{
    static const QRegularExpression re(QStringLiteral("^\\$scrypt\\$ln=([0-9]{1,2}),r=([0-9]{1,2}),p=([0-9]{"
                                                      "1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)\\z"));
    const auto m = re.match(encoded);
    if (!m.hasMatch())
        return false;
    const int ln = m.captured(1).toInt();
    const quint32 r = m.captured(2).toUInt();
    const quint32 p = m.captured(3).toUInt();
    // Bounds keep a hostile stored hash from exhausting memory or CPU.
    if (ln < 1 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16 ||
        (quint64(1) << ln) * r * p > kMaxStoredWork)
        return false;
    const QByteArray salt = QByteArray::fromBase64(m.captured(4).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(m.captured(5).toLatin1());
    if (salt.size() < 8 || expected.size() != kHashBytes) // a truncated hash is not a weaker match
        return false;
    QByteArray pw = password.toUtf8();
    auto derived =
        deriveRaw(pw, salt, ScryptParameters{quint64(1) << ln, r, p}, static_cast<int>(expected.size()));
    CryptoPrimitives::cleanse(pw);
    return derived && CryptoPrimitives::constantTimeEquals(*derived, expected);
}

QString PasswordHasher::unusableHash() const
{
    // All-zero salt and digest: scrypt runs in full, and no output equals 32 zero bytes in practice.
    return QStringLiteral("$scrypt$ln=%1,r=%2,p=%3$%4$%5")
        .arg(log2Exact(m_params.n))
        .arg(m_params.r)
        .arg(m_params.p)
        .arg(QString::fromLatin1(QByteArray(kSaltBytes, '\0').toBase64(QByteArray::OmitTrailingEquals)),
             QString::fromLatin1(QByteArray(kHashBytes, '\0').toBase64(QByteArray::OmitTrailingEquals)));
}

Status PasswordHasher::checkPasswordPolicy(const QString& password)
{
    if (password.size() < 12)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The password must have at least 12 characters."));
    if (password.size() > 1024)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("The password must have at most 1024 characters."));
    return {};
}

} // namespace gatehouse
