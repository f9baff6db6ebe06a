#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include "AuditLedger.h"
#include "CertificateAuthority.h"
#include "Clock.h"
#include "Database.h"
#include "Error.h"
#include "OperatorSession.h"
#include "TrustBundleStore.h"
#include "Workspace.h"

namespace gatehouse {

/// What `gatehousectl pki init` sets up.
struct PkiInitOptions
{
    QString
        trustDomain; ///< empty: the one trust domain the catalogue's workload ids use, else "gatehouse.local"
    QStringList extraSans; ///< more server names (host names or IP addresses)
    bool force = false;    ///< replace an existing CA (every SVID it issued stops verifying)
    int caValidDays = 3650;
    int serverValidDays = 397;
};

/// The workspace's PKI at a glance.
struct PkiStatus
{
    bool initialized = false;
    QString trustDomain; ///< of the local CA
    QString caFingerprint;
    QDateTime caNotAfter;
    QString serverFingerprint;
    QDateTime serverNotAfter;
    QList<TrustBundle> bundles;
};

/// An X.509-SVID with the bundle that verifies it.
struct IssuedSvid
{
    QString pathId;
    QString spiffeId;
    IssuedCertificate certificate;
    QByteArray bundlePem; ///< the local CA certificate
};

/// The gateway's TLS identity. The key is wiped when the value dies.
struct ServerCredentials
{
    ServerCredentials() = default;
    ServerCredentials(const ServerCredentials&) = default;
    ServerCredentials& operator=(const ServerCredentials&) = default;
    ~ServerCredentials();
    QByteArray certificatePem;
    QByteArray privateKeyPem;
    QByteArray caPem;
};

/// The workspace PKI: a local CA for one SPIFFE trust domain, the gateway's server
/// certificate, short-lived X.509-SVIDs for decision paths' workloads, and imported trust
/// bundles (e.g. from SPIRE: `spire-server bundle show -format pem`).
///
/// Files (keys/, folder 0700): ca.pem, ca.key (0600), server.pem, server.key (0600).
/// Trust bundles live in table trust_bundles; the local CA is the bundle of its trust domain.
/// Audit events: pki.initialized, pki.svid_issued, pki.bundle_imported (subject
/// "trust-domain:<td>" or "path:<id>"); payloads carry fingerprints, serials and
/// validity, never key material.
/// Permissions: init and import need the admin role; issue-svid needs admin or the
/// path's owner (Authorization::canChangePath). An SVID is issued for any path with a
/// workload identity in the local trust domain, whatever its status: the gateway refuses
/// a path that is not active (403), so a suspended path's agent learns why.
class PkiService
{
public:
    static constexpr qint64 kMinSvidTtlSeconds = 60;
    static constexpr qint64 kMaxSvidTtlSeconds = 24 * 3600;

    PkiService(const Workspace& workspace, Database& db, AuditLedger& ledger, const Clock& clock);

    [[nodiscard]] Result<PkiStatus> status() const;
    /// Conflict when a CA exists and !options.force.
    [[nodiscard]] Result<PkiStatus> init(const OperatorSession& actor, const PkiInitOptions& options);
    /// InvalidInput for a TTL outside 60 s .. 24 h, a path without a workload identity or one
    /// outside the local trust domain; NotFound for an unknown path; Conflict before init.
    [[nodiscard]] Result<IssuedSvid> issueSvid(const OperatorSession& actor, const QString& pathId,
                                               qint64 ttlSeconds);
    /// Imports (or replaces) the bundle of a trust domain; \a trustDomain empty = from the
    /// certificates' spiffe:// URI SAN.
    [[nodiscard]] Result<TrustBundle> importBundle(const OperatorSession& actor, const QByteArray& pem,
                                                   const QString& trustDomain);
    [[nodiscard]] Result<QList<TrustBundle>> bundles() const;
    /// StorageFailure naming the missing file when `pki init` has not run.
    [[nodiscard]] Result<ServerCredentials> serverCredentials() const;

    /// Writes svid.pem, svid.key (0600) and bundle.pem into \a directory (created if absent).
    [[nodiscard]] static Status writeSvidFiles(const IssuedSvid& svid, const QString& directory);

private:
    [[nodiscard]] Result<CertificateAuthority> loadCa() const;
    QString keyFile(const char* name) const;

    const Workspace& m_workspace;
    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
};

} // namespace gatehouse
