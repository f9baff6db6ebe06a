#include "PkiService.h"

#include <fcntl.h>
#include <unistd.h>

#include <tuple>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>
#include <QSet>
#include <QCryptographicHash>
#include <QHostAddress>
#include <QSslCertificate>

#include "Authorization.h"
#include "CryptoPrimitives.h"
#include "DecisionPathRepository.h"
#include "Logging.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

const QString kLocalTrustDomain = QStringLiteral("gatehouse.local");

/// Writes \a data to \a file through a temporary file created with mode 0600 (never
/// readable by others, not even for a moment), fsynced, then renamed into place.
Status writeFileAtomically(const QString& file, const QByteArray& data, bool secret)
{
    const QByteArray tmp = QFile::encodeName(file + QStringLiteral(".tmp"));
    ::unlink(tmp.constData());
    const int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, secret ? 0600 : 0644);
    if (fd < 0)
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot write %1").arg(file));
    qsizetype done = 0;
    bool ok = true;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, static_cast<size_t>(data.size() - done));
        if (n <= 0) {
            ok = false;
            break;
        }
        done += n;
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (!ok || ::rename(tmp.constData(), QFile::encodeName(file).constData()) != 0) {
        ::unlink(tmp.constData());
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot write %1").arg(file));
    }
    return {};
}

Result<QByteArray> readFile(const QString& file, qint64 maxBytes)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read %1 (run 'gatehousectl pki init' first)").arg(file));
    if (f.size() > maxBytes)
        return fail(ErrorCode::StorageFailure, QStringLiteral("%1 is too large").arg(file));
    return f.readAll();
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

} // namespace

ServerCredentials::~ServerCredentials()
{
    CryptoPrimitives::cleanse(privateKeyPem);
}

PkiService::PkiService(const Workspace& workspace, Database& db, AuditLedger& ledger, const Clock& clock)
    : m_workspace(workspace), m_db(db), m_ledger(ledger), m_clock(clock)
{}

QString PkiService::keyFile(const char* name) const
{
    return QDir(m_workspace.keysDirectory()).filePath(QString::fromLatin1(name));
}

Result<CertificateAuthority> PkiService::loadCa() const
{
    if (!QFileInfo::exists(keyFile("ca.pem")))
        return fail(ErrorCode::Conflict,
                    QStringLiteral("the workspace has no CA yet: run 'gatehousectl pki init'"));
    auto cert = readFile(keyFile("ca.pem"), 64 * 1024);
    if (!cert)
        return std::unexpected(cert.error());
    auto key = readFile(keyFile("ca.key"), 64 * 1024);
    if (!key)
        return std::unexpected(key.error());
    auto ca = CertificateAuthority::load(*cert, *key);
    CryptoPrimitives::cleanse(*key);
    return ca;
}

Result<PkiStatus> PkiService::status() const
{
    PkiStatus st;
    auto bundles = TrustBundleStore(m_db.connection()).list();
    if (!bundles)
        return std::unexpected(bundles.error());
    st.bundles = *bundles;
    if (!QFileInfo::exists(keyFile("ca.pem")))
        return st;
    auto ca = loadCa();
    if (!ca)
        return std::unexpected(ca.error());
    st.initialized = true;
    st.trustDomain = ca->trustDomain();
    st.caFingerprint = ca->certificate().sha256Fingerprint;
    st.caNotAfter = ca->certificate().notAfter;
    auto serverPem = readFile(keyFile("server.pem"), 64 * 1024);
    if (serverPem) {
        const QList<QSslCertificate> certs = QSslCertificate::fromData(*serverPem, QSsl::Pem);
        if (!certs.isEmpty()) {
            st.serverNotAfter = certs.first().expiryDate().toUTC();
            st.serverFingerprint =
                QString::fromLatin1(certs.first().digest(QCryptographicHash::Sha256).toHex());
        }
    }
    return st;
}

Result<PkiStatus> PkiService::init(const OperatorSession& actor, const PkiInitOptions& options)
{
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                     QStringLiteral("set up the workspace PKI"));
        !st)
        return std::unexpected(st.error());
    if (QFileInfo::exists(keyFile("ca.pem")) && !options.force)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("the workspace already has a CA; --force replaces it (every X.509-SVID it "
                                   "issued stops verifying)"));

    QString trustDomain = options.trustDomain;
    if (trustDomain.isEmpty()) {
        auto paths = DecisionPathRepository(m_db.connection()).list();
        if (!paths)
            return std::unexpected(paths.error());
        QSet<QString> domains;
        for (const DecisionPath& p : *paths) {
            auto id = SpiffeId::parseWorkload(p.workloadId);
            if (id)
                domains.insert(id->trustDomain());
        }
        if (domains.size() > 1)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("the catalogue's workload identities use several trust domains (%1): "
                                       "choose one with --trust-domain")
                            .arg(QStringList(domains.begin(), domains.end()).join(QStringLiteral(", "))));
        trustDomain = domains.isEmpty() ? kLocalTrustDomain : *domains.begin();
    }

    QStringList dns{QStringLiteral("localhost")};
    QStringList ips{QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
    for (const QString& san : options.extraSans) {
        QHostAddress address;
        if (address.setAddress(san))
            ips << san;
        else
            dns << san.toLower();
    }

    // Back-dated a little so a client whose clock lags by a few minutes accepts it.
    const QDateTime notBefore = m_clock.now().addSecs(-300);
    auto ca = CertificateAuthority::create(trustDomain, notBefore, options.caValidDays);
    if (!ca)
        return std::unexpected(ca.error());
    auto server = ca->issueServer(dns, ips, notBefore, notBefore.addDays(options.serverValidDays));
    if (!server)
        return std::unexpected(server.error());
    auto bundle = TrustBundleStore::parse(ca->certificate().certificatePem, ca->trustDomain(),
                                          QStringLiteral("local-ca"));
    if (!bundle)
        return std::unexpected(bundle.error());
    bundle->updatedAt = m_clock.now();

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    if (auto st = TrustBundleStore(m_db.connection()).put(*bundle); !st)
        return std::unexpected(st.error());
    auto ev =
        m_ledger.append({QStringLiteral("pki.initialized"),
                         actor.actor(),
                         QStringLiteral("trust-domain:") + ca->trustDomain(),
                         {},
                         QJsonObject{{QStringLiteral("trust_domain"), ca->trustDomain()},
                                     {QStringLiteral("ca_fingerprint"), ca->certificate().sha256Fingerprint},
                                     {QStringLiteral("ca_not_after"), iso(ca->certificate().notAfter)},
                                     {QStringLiteral("server_fingerprint"), server->sha256Fingerprint},
                                     {QStringLiteral("server_names"), QJsonArray::fromStringList(dns + ips)},
                                     {QStringLiteral("server_not_after"), iso(server->notAfter)},
                                     {QStringLiteral("replaced"), options.force}}});
    if (!ev)
        return std::unexpected(ev.error());
    // Keys first, certificates last: a half-written set is never mistaken for a working CA.
    for (const auto& [name, data, secret] :
         {std::tuple{"ca.key", ca->certificate().privateKeyPem, true},
          std::tuple{"server.key", server->privateKeyPem, true},
          std::tuple{"server.pem", server->certificatePem + ca->certificate().certificatePem, false},
          std::tuple{"ca.pem", ca->certificate().certificatePem, false}}) {
        if (auto st = writeFileAtomically(keyFile(name), data, secret); !st)
            return std::unexpected(st.error());
    }
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("crypto", QStringLiteral("%1 set up the local CA for trust domain %2 (CA SHA-256 %3)")
                                .arg(actor.username, ca->trustDomain(), ca->certificate().sha256Fingerprint));
    return status();
}

Result<IssuedSvid> PkiService::issueSvid(const OperatorSession& actor, const QString& pathId,
                                         qint64 ttlSeconds)
{
    if (ttlSeconds < kMinSvidTtlSeconds || ttlSeconds > kMaxSvidTtlSeconds)
        return fail(ErrorCode::InvalidInput, QStringLiteral("--ttl must be between %1 and %2 seconds")
                                                 .arg(kMinSvidTtlSeconds)
                                                 .arg(kMaxSvidTtlSeconds));
    auto found = DecisionPathRepository(m_db.connection()).find(pathId);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no decision path \"%1\"").arg(pathId.left(80)));
    const DecisionPath path = **found;
    auto current = Authorization::currentSession(m_db.connection(), actor);
    if (!current)
        return std::unexpected(current.error());
    if (auto st = Authorization::canChangePath(*current, path); !st)
        return std::unexpected(st.error());
    if (path.workloadId.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("decision path \"%1\" has no workload identity").arg(path.id));
    auto id = SpiffeId::parseWorkload(path.workloadId);
    if (!id)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("decision path \"%1\": %2").arg(path.id, id.error().message));
    auto ca = loadCa();
    if (!ca)
        return std::unexpected(ca.error());
    if (id->trustDomain() != ca->trustDomain())
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1 is in trust domain %2, not the local CA's (%3): issue its SVID where that "
                           "trust domain is served (e.g. SPIRE) and import its bundle")
                .arg(id->toString(), id->trustDomain(), ca->trustDomain()));
    const QDateTime now = m_clock.now();
    // notBefore a minute early for clock skew between issuer and verifier; lifetime counted from now.
    auto cert = ca->issueSvid(*id, now.addSecs(-60), now.addSecs(ttlSeconds));
    if (!cert)
        return std::unexpected(cert.error());

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto ev = m_ledger.append({QStringLiteral("pki.svid_issued"),
                               actor.actor(),
                               QStringLiteral("path:") + path.id,
                               {},
                               QJsonObject{{QStringLiteral("spiffe_id"), id->toString()},
                                           {QStringLiteral("serial"), cert->serialHex},
                                           {QStringLiteral("fingerprint"), cert->sha256Fingerprint},
                                           {QStringLiteral("not_before"), iso(cert->notBefore)},
                                           {QStringLiteral("not_after"), iso(cert->notAfter)},
                                           {QStringLiteral("path_status"), pathStatusName(path.status)}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("crypto", QStringLiteral("%1 issued an X.509-SVID for %2 (serial %3, until %4)")
                                .arg(actor.username, id->toString(), cert->serialHex, iso(cert->notAfter)));
    IssuedSvid out;
    out.pathId = path.id;
    out.spiffeId = id->toString();
    out.certificate = *cert;
    out.bundlePem = ca->certificate().certificatePem;
    return out;
}

Result<TrustBundle> PkiService::importBundle(const OperatorSession& actor, const QByteArray& pem,
                                             const QString& trustDomain)
{
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                     QStringLiteral("import a trust bundle"));
        !st)
        return std::unexpected(st.error());
    auto bundle = TrustBundleStore::parse(pem, trustDomain, QStringLiteral("imported"));
    if (!bundle)
        return std::unexpected(bundle.error());
    bundle->updatedAt = m_clock.now();

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    TrustBundleStore store(m_db.connection());
    auto previous = store.find(bundle->trustDomain);
    if (!previous)
        return std::unexpected(previous.error());
    if (auto st = store.put(*bundle); !st)
        return std::unexpected(st.error());
    QJsonObject payload{{QStringLiteral("trust_domain"), bundle->trustDomain},
                        {QStringLiteral("fingerprints"), QJsonArray::fromStringList(bundle->fingerprints)},
                        {QStringLiteral("replaced"), previous->has_value()}};
    if (previous->has_value()) {
        payload.insert(QStringLiteral("previous_source"), (*previous)->source);
        payload.insert(QStringLiteral("previous_fingerprints"),
                       QJsonArray::fromStringList((*previous)->fingerprints));
    }
    auto ev = m_ledger.append({QStringLiteral("pki.bundle_imported"),
                               actor.actor(),
                               QStringLiteral("trust-domain:") + bundle->trustDomain,
                               {},
                               payload});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("crypto", QStringLiteral("%1 imported the trust bundle of %2 (%3 certificates)")
                                .arg(actor.username, bundle->trustDomain)
                                .arg(bundle->fingerprints.size()));
    return *bundle;
}

Result<QList<TrustBundle>> PkiService::bundles() const
{
    return TrustBundleStore(m_db.connection()).list();
}

Result<ServerCredentials> PkiService::serverCredentials() const
{
    ServerCredentials c;
    auto cert = readFile(keyFile("server.pem"), 64 * 1024);
    if (!cert)
        return std::unexpected(cert.error());
    auto key = readFile(keyFile("server.key"), 64 * 1024);
    if (!key)
        return std::unexpected(key.error());
    auto ca = readFile(keyFile("ca.pem"), 64 * 1024);
    if (!ca)
        return std::unexpected(ca.error());
    c.certificatePem = *cert;
    c.privateKeyPem = *key;
    CryptoPrimitives::cleanse(*key);
    c.caPem = *ca;
    return c;
}

Status PkiService::writeSvidFiles(const IssuedSvid& svid, const QString& directory)
{
    if (!QDir().mkpath(directory))
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot create folder %1").arg(directory));
    const QDir dir(directory);
    if (auto st = writeFileAtomically(dir.filePath(QStringLiteral("svid.key")),
                                      svid.certificate.privateKeyPem, true);
        !st)
        return st;
    if (auto st = writeFileAtomically(dir.filePath(QStringLiteral("svid.pem")),
                                      svid.certificate.certificatePem, false);
        !st)
        return st;
    return writeFileAtomically(dir.filePath(QStringLiteral("bundle.pem")), svid.bundlePem, false);
}

} // namespace gatehouse
