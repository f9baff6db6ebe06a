#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "Error.h"

namespace gatehouse {

/// The X.509 roots of one SPIFFE trust domain: the certificates a workload's X.509-SVID
/// must chain to (spiffe/spiffe standards/SPIFFE_Trust_Domain_and_Bundle.md). Trust is
/// per trust domain: an SVID is checked only against the bundle of the trust domain its
/// SPIFFE ID names, never against another domain's roots.
struct TrustBundle
{
    QString trustDomain;      ///< e.g. "corp.example"
    QByteArray pem;           ///< one or more CA certificates, PEM
    QString source;           ///< "local-ca" (gatehousectl pki init) or "imported"
    QStringList fingerprints; ///< SHA-256 hex of each certificate, in order
    QDateTime updatedAt;      ///< UTC
};

/// SQL for the trust_bundles table (one row per trust domain). No auditing here:
/// PkiService does it in the same transaction.
class TrustBundleStore
{
public:
    static constexpr qsizetype kMaxBundleBytes = 1024 * 1024;
    static constexpr int kMaxCertificates = 100;

    explicit TrustBundleStore(QSqlDatabase db);

    [[nodiscard]] Result<QList<TrustBundle>> list() const;
    [[nodiscard]] Result<std::optional<TrustBundle>> find(const QString& trustDomain) const;
    /// Inserts or replaces the bundle of bundle.trustDomain.
    [[nodiscard]] Status put(const TrustBundle& bundle);

    /// Checks a PEM bundle: 1..100 certificates, each a CA certificate; \a trustDomain
    /// empty = taken from the first certificate's "spiffe://td" URI SAN. InvalidInput
    /// naming what is wrong. The returned bundle holds the certificates re-encoded.
    [[nodiscard]] static Result<TrustBundle> parse(const QByteArray& pem, const QString& trustDomain,
                                                   const QString& source);

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
