#include "TrustBundleStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include "CertificateAuthority.h"
#include "PkiOpenSsl.h"
#include "SpiffeId.h"

namespace gatehouse {

namespace {

std::unexpected<Error> sqlFailure(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("trust bundles: %1").arg(q.lastError().text()));
}

TrustBundle fromRow(const QSqlQuery& q)
{
    TrustBundle b;
    b.trustDomain = q.value(0).toString();
    b.pem = q.value(1).toString().toLatin1();
    b.source = q.value(2).toString();
    for (const auto& v : QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array())
        b.fingerprints << v.toString();
    b.updatedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs).toUTC();
    return b;
}

} // namespace

TrustBundleStore::TrustBundleStore(QSqlDatabase db) : m_db(std::move(db)) {}

Result<QList<TrustBundle>> TrustBundleStore::list() const
{
    QSqlQuery q(m_db);
    if (!q.exec(
            QStringLiteral("SELECT trust_domain, pem, source, fingerprints, updated_at FROM trust_bundles "
                           "ORDER BY trust_domain")))
        return sqlFailure(q);
    QList<TrustBundle> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Result<std::optional<TrustBundle>> TrustBundleStore::find(const QString& trustDomain) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT trust_domain, pem, source, fingerprints, updated_at FROM trust_bundles "
                             "WHERE trust_domain = ?"));
    q.addBindValue(trustDomain);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<TrustBundle>{};
    return std::optional<TrustBundle>{fromRow(q)};
}

Status TrustBundleStore::put(const TrustBundle& bundle)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("INSERT INTO trust_bundles (trust_domain, pem, source, fingerprints, updated_at) "
                       "VALUES (?, ?, ?, ?, ?) ON CONFLICT(trust_domain) DO UPDATE SET pem = excluded.pem, "
                       "source = excluded.source, fingerprints = excluded.fingerprints, "
                       "updated_at = excluded.updated_at"));
    q.addBindValue(bundle.trustDomain);
    q.addBindValue(QString::fromLatin1(bundle.pem));
    q.addBindValue(bundle.source);
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(bundle.fingerprints)).toJson(QJsonDocument::Compact)));
    q.addBindValue(bundle.updatedAt.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<TrustBundle> TrustBundleStore::parse(const QByteArray& pem, const QString& trustDomain,
                                            const QString& source)
{
    if (pem.size() > kMaxBundleBytes)
        return fail(ErrorCode::InvalidInput, QStringLiteral("the trust bundle is larger than 1 MiB"));
    auto certs = pki::certificatesFromPem(pem);
    if (certs.empty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("the trust bundle holds no PEM certificate"));
    if (static_cast<qsizetype>(certs.size()) > kMaxCertificates)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the trust bundle holds more than 100 certificates"));
    TrustBundle b;
    b.source = source;
    b.trustDomain = trustDomain;
    for (size_t i = 0; i < certs.size(); ++i) {
        X509* c = certs[i].get();
        if (X509_check_ca(c) == 0)
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("certificate %1 of the trust bundle is not a CA certificate").arg(i + 1));
        const QByteArray one = pki::certificateToPem(c);
        if (b.trustDomain.isEmpty())
            b.trustDomain = CertificateAuthority::trustDomainOf(one);
        b.pem += one;
        b.fingerprints << pki::sha256Fingerprint(c);
    }
    if (b.trustDomain.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the trust bundle does not name its trust domain (no spiffe:// URI SAN); "
                                   "give it with --trust-domain"));
    auto td = SpiffeId::parse(QStringLiteral("spiffe://") + b.trustDomain);
    if (!td || !td->path().isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("\"%1\" is not a SPIFFE trust domain name").arg(b.trustDomain.left(255)));
    b.trustDomain = td->trustDomain();
    return b;
}

} // namespace gatehouse
