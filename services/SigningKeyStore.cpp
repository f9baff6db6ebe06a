#include "SigningKeyStore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QFile>

#include "Base64Url.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"

namespace gatehouse {

namespace {

const QString kPrefix = QStringLiteral("credential-");
const QString kSuffix = QStringLiteral(".key");

QString octal(mode_t mode)
{
    return QStringLiteral("0%1").arg(static_cast<uint>(mode & 07777), 3, 8, QLatin1Char('0'));
}

bool isKid(const QString& kid)
{
    if (kid.isEmpty() || kid.size() > 64)
        return false;
    for (const QChar c : kid) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-') && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

} // namespace

SigningKeyStore::SigningKeyStore(QString keysDirectory) : m_dir(std::move(keysDirectory)) {}

QString SigningKeyStore::keyFile(const QString& kid) const
{
    return QDir(m_dir).filePath(kPrefix + kid + kSuffix);
}

QString SigningKeyStore::thumbprint(const QByteArray& publicKey)
{
    const QJsonObject jwk{{QStringLiteral("crv"), QStringLiteral("Ed25519")},
                          {QStringLiteral("kty"), QStringLiteral("OKP")},
                          {QStringLiteral("x"), QString::fromLatin1(Base64Url::encode(publicKey))}};
    return QString::fromLatin1(Base64Url::encode(CryptoPrimitives::sha256(CanonicalJson::serialize(jwk))));
}

Status SigningKeyStore::checkFile(const QString& file)
{
    struct stat st
    {};
    const QByteArray native = QFile::encodeName(file);
    if (::lstat(native.constData(), &st) != 0)
        return fail(ErrorCode::NotFound, QStringLiteral("signing key file %1 does not exist").arg(file));
    if (!S_ISREG(st.st_mode))
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("signing key file %1 is not a regular file (symbolic links are refused)")
                        .arg(file));
    if ((st.st_mode & 077) != 0)
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("signing key file %1 has mode %2: other users may read it. Signing keys "
                                   "must be mode 0600 (chmod 600 %1); refusing to use it.")
                        .arg(file, octal(st.st_mode)));
    if (st.st_uid != ::geteuid())
        return fail(
            ErrorCode::StorageFailure,
            QStringLiteral("signing key file %1 belongs to another user (uid %2); refusing to use it.")
                .arg(file)
                .arg(st.st_uid));
    return {};
}

Status SigningKeyStore::checkAll() const
{
    const QStringList files = QDir(m_dir).entryList({kPrefix + QLatin1Char('*') + kSuffix},
                                                    QDir::Files | QDir::System | QDir::Hidden);
    for (const QString& f : files) {
        if (auto st = checkFile(QDir(m_dir).filePath(f)); !st)
            return st;
    }
    return {};
}

Result<SigningKeyInfo> SigningKeyStore::create(const QDateTime& now)
{
    auto key = Ed25519Key::generate();
    if (!key)
        return std::unexpected(key.error());
    SigningKeyInfo info;
    info.publicKey = key->publicKey();
    info.kid = thumbprint(info.publicKey);
    info.status = SigningKeyStatus::Active;
    info.createdAt = now.toUTC();
    auto pem = key->toPem();
    if (!pem)
        return std::unexpected(pem.error());
    const QString file = keyFile(info.kid);
    const QByteArray native = QFile::encodeName(file);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        CryptoPrimitives::cleanse(*pem);
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot create signing key file %1: %2")
                                                   .arg(file, QString::fromLocal8Bit(strerror(errno))));
    }
    bool ok = ::fchmod(fd, 0600) == 0;
    qsizetype written = 0;
    while (ok && written < pem->size()) {
        const ssize_t n = ::write(fd, pem->constData() + written, static_cast<size_t>(pem->size() - written));
        if (n <= 0)
            ok = false;
        else
            written += n;
    }
    ok = ok && ::fsync(fd) == 0;
    ::close(fd);
    CryptoPrimitives::cleanse(*pem);
    if (!ok) {
        ::unlink(native.constData());
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot write signing key file %1").arg(file));
    }
    m_cache.insert(info.kid, std::make_shared<const Ed25519Key>(std::move(*key)));
    return info;
}

Result<std::shared_ptr<const Ed25519Key>> SigningKeyStore::load(const QString& kid)
{
    if (!isKid(kid))
        return fail(ErrorCode::InvalidInput, QStringLiteral("\"%1\" is not a key id").arg(kid.left(64)));
    const QString file = keyFile(kid);
    // Checked before every use, not only the first: a key made readable later is refused.
    if (auto st = checkFile(file); !st)
        return std::unexpected(st.error());
    if (auto it = m_cache.constFind(kid); it != m_cache.cend())
        return *it;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read %1: %2").arg(file, f.errorString()));
    QByteArray pem = f.read(16 * 1024);
    auto key = Ed25519Key::fromPem(pem);
    CryptoPrimitives::cleanse(pem);
    if (!key)
        return fail(ErrorCode::CryptoFailure, QStringLiteral("%1 does not hold an Ed25519 key").arg(file));
    if (thumbprint(key->publicKey()) != kid)
        return fail(ErrorCode::CryptoFailure,
                    QStringLiteral("%1 holds another key than %2 (thumbprint mismatch)").arg(file, kid));
    auto shared = std::make_shared<const Ed25519Key>(std::move(*key));
    m_cache.insert(kid, shared);
    return shared;
}

Status SigningKeyStore::destroy(const QString& kid)
{
    m_cache.remove(kid);
    if (!isKid(kid))
        return fail(ErrorCode::InvalidInput, QStringLiteral("\"%1\" is not a key id").arg(kid.left(64)));
    const QString file = keyFile(kid);
    const QByteArray native = QFile::encodeName(file);
    const int fd = ::open(native.constData(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT
                   ? Status{}
                   : fail(ErrorCode::StorageFailure, QStringLiteral("cannot open %1 to wipe it").arg(file));
    struct stat st
    {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        const QByteArray zeros(static_cast<qsizetype>(st.st_size), '\0');
        [[maybe_unused]] const ssize_t n = ::write(fd, zeros.constData(), static_cast<size_t>(zeros.size()));
        ::fsync(fd);
    }
    ::close(fd);
    if (::unlink(native.constData()) != 0 && errno != ENOENT)
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot remove %1").arg(file));
    return {};
}

} // namespace gatehouse
