#pragma once

#include <QByteArray>
#include <QList>

#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "DecisionPath.h"
#include "Error.h"
#include "OperatorSession.h"
#include "WriteTransaction.h"

namespace gatehouse {

class CredentialService;

/// Outcome of an import: how many paths were stored (all or none).
struct ImportSummary
{
    int created = 0;
};

/// The decision-path catalogue: every read and change, with permission checks
/// (Authorization), validation (DecisionPathValidator plus database checks) and one
/// audit event per change in the same transaction.
///
/// Lifecycle: draft -> active (needs owner, tier, action types, a workload identity not
/// used by another active path, framework mapping) ; active <-> suspended ;
/// draft|active|suspended -> retired (final).
/// Audit event types: path.created, path.updated (payload: changed fields with
/// before/after), path.activated, path.suspended, path.retired, paths.imported.
class CatalogueService
{
public:
    CatalogueService(Database& db, AuditLedger& ledger, const Clock& clock);

    /// The credential issuer: suspending or retiring a path revokes all its live
    /// credentials in the same transaction (the kill switch). Null = none to revoke.
    void setCredentials(CredentialService* credentials) { m_credentials = credentials; }

    [[nodiscard]] Result<QList<DecisionPath>> list(const OperatorSession& actor) const;
    [[nodiscard]] Result<DecisionPath> get(const OperatorSession& actor, const QString& id) const;

    /// Stores \a path as a draft (its status is ignored). InvalidInput naming the fields,
    /// Conflict if the id exists, PermissionDenied per Authorization.
    [[nodiscard]] Result<DecisionPath> create(const OperatorSession& actor, DecisionPath path);
    /// Replaces the editable fields of path.id if the stored version is path.version.
    /// Conflict ("changed by someone else") when the version is stale. Status is not
    /// changed here: use activate/suspend/retire. An active path stays valid for activation.
    [[nodiscard]] Result<DecisionPath> update(const OperatorSession& actor, const DecisionPath& path);

    /// Conflict naming what is missing when the path cannot become active.
    [[nodiscard]] Result<DecisionPath> activate(const OperatorSession& actor, const QString& id);
    /// Immediate; \a reason is required and ledgered.
    [[nodiscard]] Result<DecisionPath> suspend(const OperatorSession& actor, const QString& id,
                                               const QString& reason);
    [[nodiscard]] Result<DecisionPath> retire(const OperatorSession& actor, const QString& id,
                                              const QString& reason);

    /// JSON: an array of path objects (DecisionPathJson form), at most 16 MiB and 10,000 paths.
    /// CSV: RFC 4180 with a header row naming the columns (docs/cli.md); lists separated by ';'.
    /// Paths marked active/suspended/retired in the file pass the same lifecycle checks.
    /// All rows are stored in one transaction, or none: the error names \a sourceName and
    /// the item (JSON) or line (CSV) and the field.
    [[nodiscard]] Result<ImportSummary> importJson(const OperatorSession& actor, const QByteArray& data,
                                                   const QString& sourceName);
    [[nodiscard]] Result<ImportSummary> importCsv(const OperatorSession& actor, const QByteArray& data,
                                                  const QString& sourceName);

    /// Exports all paths. CSV cells that a spreadsheet would run as a formula (leading
    /// = + - @ TAB CR) are prefixed with ' and the importer strips that prefix again.
    [[nodiscard]] Result<QByteArray> exportJson(const OperatorSession& actor) const;
    [[nodiscard]] Result<QByteArray> exportCsv(const OperatorSession& actor) const;

    /// Column names of the CSV form, in order.
    static QStringList csvColumns();

private:
    /// Checks that \a tx holds the write lock and returns the actor as the database knows it
    /// now (Authorization::currentSession), inside that transaction.
    [[nodiscard]] Result<OperatorSession> beginChange(const WriteTransaction& tx,
                                                      const OperatorSession& claimed) const;
    [[nodiscard]] Result<DecisionPath> transition(const OperatorSession& actor, const QString& id,
                                                  PathStatus to, const QString& reason);
    [[nodiscard]] Result<ImportSummary> importPaths(const OperatorSession& actor, QList<DecisionPath> paths,
                                                    const QStringList& locations, const QString& sourceName,
                                                    const QString& format);

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    CredentialService* m_credentials = nullptr;
};

} // namespace gatehouse
