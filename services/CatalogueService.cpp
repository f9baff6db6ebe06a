#include "CatalogueService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

#include "Authorization.h"
#include "CredentialService.h"
#include "DecisionPathCsv.h"
#include "DecisionPathJson.h"
#include "DecisionPathRepository.h"
#include "DecisionPathValidator.h"
#include "Logging.h"
#include "OperatorAccountRepository.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

constexpr qsizetype kMaxImportBytes = 16 * 1024 * 1024;
constexpr qsizetype kMaxImportPaths = 10000;

QString subjectOf(const QString& id)
{
    return QStringLiteral("path:") + id;
}

std::unexpected<Error> notFound(const QString& id)
{
    return fail(ErrorCode::NotFound, QStringLiteral("no decision path \"%1\"").arg(id.left(80)));
}

/// Field-by-field difference of two paths as {"field": {"before": x, "after": y}}.
QJsonObject diff(const DecisionPath& before, const DecisionPath& after)
{
    static const QSet<QString> kIgnored = {QStringLiteral("updated_at"), QStringLiteral("version"),
                                           QStringLiteral("created_at")};
    const QJsonObject a = DecisionPathJson::toJson(before);
    const QJsonObject b = DecisionPathJson::toJson(after);
    QJsonObject changes;
    for (auto it = b.begin(); it != b.end(); ++it) {
        if (kIgnored.contains(it.key()))
            continue;
        if (a.value(it.key()) != it.value())
            changes.insert(it.key(), QJsonObject{{QStringLiteral("before"), a.value(it.key())},
                                                 {QStringLiteral("after"), it.value()}});
    }
    return changes;
}

/// Checks that need the database: the owner is a real, enabled account.
Status checkOwner(const QSqlDatabase& db, const DecisionPath& p, const QString& where)
{
    if (p.owner.isEmpty())
        return {};
    auto owner = OperatorAccountRepository(db).find(p.owner);
    if (!owner)
        return std::unexpected(owner.error());
    if (!owner->has_value())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1field \"owner\": no operator account \"%2\"").arg(where, p.owner));
    if ((*owner)->account.disabled)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1field \"owner\": the account \"%2\" is disabled").arg(where, p.owner));
    return {};
}

Status checkFields(const DecisionPath& p, const QString& where)
{
    const auto issues = DecisionPathValidator::validateFields(p);
    if (!issues.isEmpty())
        return fail(ErrorCode::InvalidInput, where + joinIssues(issues));
    return {};
}

/// Everything activation needs, including the uniqueness of the workload identity.
Status checkActivation(const DecisionPathRepository& repo, const DecisionPath& p, const QString& where)
{
    const auto missing = DecisionPathValidator::activationBlockers(p);
    if (!missing.isEmpty()) {
        QStringList what;
        for (const auto& m : missing)
            what << m.message;
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1decision path \"%2\" cannot be activated: it lacks %3")
                        .arg(where, p.id, what.join(QStringLiteral(", "))));
    }
    auto other = repo.activeWithWorkload(p.workloadId, p.id);
    if (!other)
        return std::unexpected(other.error());
    if (other->has_value())
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("%1decision path \"%2\" cannot be activated: its workload identity %3 is already "
                           "used by the active path \"%4\"")
                .arg(where, p.id, p.workloadId, **other));
    return {};
}

QString transitionEventType(PathStatus to)
{
    switch (to) {
    case PathStatus::Active:
        return QStringLiteral("path.activated");
    case PathStatus::Suspended:
        return QStringLiteral("path.suspended");
    case PathStatus::Retired:
        return QStringLiteral("path.retired");
    case PathStatus::Draft:
        break;
    }
    return QStringLiteral("path.changed");
}

} // namespace

Result<OperatorSession> CatalogueService::beginChange(const WriteTransaction& tx,
                                                      const OperatorSession& claimed) const
{
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    return Authorization::currentSession(m_db.connection(), claimed);
}

CatalogueService::CatalogueService(Database& db, AuditLedger& ledger, const Clock& clock)
    : m_db(db), m_ledger(ledger), m_clock(clock)
{}

QStringList CatalogueService::csvColumns()
{
    return DecisionPathCsv::columns();
}

Result<QList<DecisionPath>> CatalogueService::list(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return DecisionPathRepository(m_db.connection()).list();
}

Result<DecisionPath> CatalogueService::get(const OperatorSession& actor, const QString& id) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    auto found = DecisionPathRepository(m_db.connection()).find(id);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return notFound(id);
    return **found;
}

Result<DecisionPath> CatalogueService::create(const OperatorSession& claimed, DecisionPath path)
{
    path.status = PathStatus::Draft;
    if (auto st = checkFields(path, {}); !st)
        return std::unexpected(st.error());

    WriteTransaction tx(m_db.connection());
    auto session = beginChange(tx, claimed);
    if (!session)
        return std::unexpected(session.error());
    const OperatorSession& actor = *session;
    if (auto st = Authorization::canCreatePath(actor, path.owner); !st)
        return std::unexpected(st.error());
    DecisionPathRepository repo(m_db.connection());
    auto existing = repo.find(path.id);
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return fail(ErrorCode::Conflict,
                    QStringLiteral("a decision path with id \"%1\" already exists").arg(path.id));
    if (auto st = checkOwner(m_db.connection(), path, {}); !st)
        return std::unexpected(st.error());
    path.createdAt = path.updatedAt = m_clock.now();
    path.version = 1;
    if (auto st = repo.insert(path); !st)
        return std::unexpected(st.error());
    auto ev = m_ledger.append({QStringLiteral("path.created"),
                               actor.actor(),
                               subjectOf(path.id),
                               {},
                               QJsonObject{{QStringLiteral("path"), DecisionPathJson::toJson(path)}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("catalogue", QStringLiteral("%1 created path %2").arg(actor.username, path.id));
    return path;
}

Result<DecisionPath> CatalogueService::update(const OperatorSession& claimed, const DecisionPath& edited)
{
    WriteTransaction tx(m_db.connection());
    auto session = beginChange(tx, claimed);
    if (!session)
        return std::unexpected(session.error());
    const OperatorSession& actor = *session;
    DecisionPathRepository repo(m_db.connection());
    auto found = repo.find(edited.id);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return notFound(edited.id);
    const DecisionPath current = **found;
    if (auto st = Authorization::canChangePath(actor, current); !st)
        return std::unexpected(st.error());
    // Handing a path to another owner is an admin's decision.
    if (edited.owner != current.owner && !actor.hasRole(OperatorRole::Admin))
        return fail(
            ErrorCode::PermissionDenied,
            QStringLiteral("%1 may not hand decision path \"%2\" to another owner: that needs an admin")
                .arg(actor.username, current.id));
    if (current.status == PathStatus::Retired)
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("decision path \"%1\" is retired and can no longer be edited").arg(current.id));
    if (edited.version != current.version)
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("decision path \"%1\" was changed by someone else since you loaded it (you have "
                           "version %2, stored is %3); reload it and apply your change again")
                .arg(current.id)
                .arg(edited.version)
                .arg(current.version));

    DecisionPath next = edited;
    next.status = current.status;
    next.createdAt = current.createdAt;
    next.updatedAt = m_clock.now();
    next.version = current.version + 1;
    if (auto st = checkFields(next, {}); !st)
        return std::unexpected(st.error());
    if (auto st = checkOwner(m_db.connection(), next, {}); !st)
        return std::unexpected(st.error());
    if (next.status == PathStatus::Active) {
        if (auto st = checkActivation(repo, next, QStringLiteral("the edit would leave ")); !st)
            return std::unexpected(st.error());
    }
    const QJsonObject changes = diff(current, next);
    if (changes.isEmpty())
        return current;
    if (auto st = repo.update(next, current.version); !st)
        return std::unexpected(st.error());
    auto ev = m_ledger.append(
        {QStringLiteral("path.updated"),
         actor.actor(),
         subjectOf(next.id),
         {},
         QJsonObject{{QStringLiteral("changes"), changes}, {QStringLiteral("version"), next.version}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    return next;
}

Result<DecisionPath> CatalogueService::activate(const OperatorSession& actor, const QString& id)
{
    return transition(actor, id, PathStatus::Active, {});
}

Result<DecisionPath> CatalogueService::suspend(const OperatorSession& actor, const QString& id,
                                               const QString& reason)
{
    return transition(actor, id, PathStatus::Suspended, reason);
}

Result<DecisionPath> CatalogueService::retire(const OperatorSession& actor, const QString& id,
                                              const QString& reason)
{
    return transition(actor, id, PathStatus::Retired, reason);
}

Result<DecisionPath> CatalogueService::transition(const OperatorSession& claimed, const QString& id,
                                                  PathStatus to, const QString& reason)
{
    if (to != PathStatus::Active && reason.trimmed().isEmpty())
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("a reason is required to %1 a decision path")
                .arg(to == PathStatus::Suspended ? QStringLiteral("suspend") : QStringLiteral("retire")));
    if (reason.size() > 2000)
        return fail(ErrorCode::InvalidInput, QStringLiteral("the reason is longer than 2000 characters"));

    WriteTransaction tx(m_db.connection());
    auto session = beginChange(tx, claimed);
    if (!session)
        return std::unexpected(session.error());
    const OperatorSession& actor = *session;
    DecisionPathRepository repo(m_db.connection());
    auto found = repo.find(id);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return notFound(id);
    DecisionPath p = **found;
    if (auto st = Authorization::canChangePath(actor, p); !st)
        return std::unexpected(st.error());

    const PathStatus from = p.status;
    const bool allowed =
        (to == PathStatus::Active && (from == PathStatus::Draft || from == PathStatus::Suspended)) ||
        (to == PathStatus::Suspended && from == PathStatus::Active) ||
        (to == PathStatus::Retired && from != PathStatus::Retired);
    if (!allowed)
        return fail(ErrorCode::Conflict, QStringLiteral("decision path \"%1\" is %2 and cannot become %3")
                                             .arg(id, pathStatusName(from), pathStatusName(to)));
    if (to == PathStatus::Active) {
        if (auto st = checkOwner(m_db.connection(), p, {}); !st)
            return std::unexpected(st.error());
        if (auto st = checkActivation(repo, p, {}); !st)
            return std::unexpected(st.error());
    }
    p.status = to;
    p.updatedAt = m_clock.now();
    const int expected = p.version;
    p.version += 1;
    if (auto st = repo.update(p, expected); !st)
        return std::unexpected(st.error());
    QJsonObject payload{{QStringLiteral("from"), pathStatusName(from)},
                        {QStringLiteral("to"), pathStatusName(to)},
                        {QStringLiteral("version"), p.version}};
    if (!reason.isEmpty())
        payload.insert(QStringLiteral("reason"), reason);
    auto ev = m_ledger.append({transitionEventType(to), actor.actor(), subjectOf(id), {}, payload});
    if (!ev)
        return std::unexpected(ev.error());
    if (m_credentials && (to == PathStatus::Suspended || to == PathStatus::Retired)) {
        // Kill switch: every live credential of the path dies with the same commit.
        auto revoked = m_credentials->revokeForPath(
            id, QStringLiteral("path %1: %2").arg(pathStatusName(to), reason.trimmed()), actor.actor());
        if (!revoked)
            return std::unexpected(revoked.error());
    }
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("catalogue", QStringLiteral("%1: %2 -> %3 by %4")
                                   .arg(id, pathStatusName(from), pathStatusName(to), actor.username));
    return p;
}

Result<ImportSummary> CatalogueService::importJson(const OperatorSession& actor, const QByteArray& input,
                                                   const QString& sourceName)
{
    if (input.size() > kMaxImportBytes)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: the file is larger than 16 MiB").arg(sourceName));
    QByteArray data = input;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &err);
    if (err.error != QJsonParseError::NoError) {
        const int line = static_cast<int>(data.left(err.offset).count('\n')) + 1;
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: line %2: malformed JSON (%3)")
                                                 .arg(sourceName, QString::number(line), err.errorString()));
    }
    if (!doc.isArray())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: expected a JSON array of decision paths").arg(sourceName));
    const QJsonArray items = doc.array();
    if (items.size() > kMaxImportPaths)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: more than %2 decision paths")
                                                 .arg(sourceName, QString::number(kMaxImportPaths)));
    QList<DecisionPath> paths;
    QStringList locations;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString where = QStringLiteral("%1: item %2").arg(sourceName, QString::number(i + 1));
        if (!items.at(i).isObject())
            return fail(ErrorCode::InvalidInput, where + QStringLiteral(": expected an object"));
        auto p = DecisionPathJson::fromJson(items.at(i).toObject(), where);
        if (!p)
            return std::unexpected(p.error());
        paths << *p;
        locations << where;
    }
    return importPaths(actor, std::move(paths), locations, sourceName, QStringLiteral("json"));
}

Result<ImportSummary> CatalogueService::importCsv(const OperatorSession& actor, const QByteArray& data,
                                                  const QString& sourceName)
{
    if (data.size() > kMaxImportBytes)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: the file is larger than 16 MiB").arg(sourceName));
    auto rows = DecisionPathCsv::read(data, sourceName);
    if (!rows)
        return std::unexpected(rows.error());
    QList<DecisionPath> paths;
    QStringList locations;
    for (const CsvPathRow& r : *rows) {
        paths << r.path;
        locations << QStringLiteral("%1: row %2").arg(sourceName, QString::number(r.row));
    }
    return importPaths(actor, std::move(paths), locations, sourceName, QStringLiteral("csv"));
}

Result<ImportSummary> CatalogueService::importPaths(const OperatorSession& claimed, QList<DecisionPath> paths,
                                                    const QStringList& locations, const QString& sourceName,
                                                    const QString& format)
{
    if (paths.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: no decision paths to import").arg(sourceName));

    // Everything is checked and written in one transaction: one bad row stores nothing.
    WriteTransaction tx(m_db.connection());
    auto session = beginChange(tx, claimed);
    if (!session)
        return std::unexpected(session.error());
    const OperatorSession& actor = *session;
    DecisionPathRepository repo(m_db.connection());
    QSet<QString> seenIds;
    const QString correlation = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QDateTime now = m_clock.now();
    QJsonArray ids;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        DecisionPath& p = paths[i];
        const QString where = locations.at(i) + QStringLiteral(": ");
        if (auto st = Authorization::canCreatePath(actor, p.owner); !st)
            return fail(ErrorCode::PermissionDenied, where + st.error().message);
        if (auto st = checkFields(p, where); !st)
            return std::unexpected(st.error());
        if (seenIds.contains(p.id))
            return fail(ErrorCode::InvalidInput,
                        where + QStringLiteral("field \"id\": \"%1\" appears twice in the file").arg(p.id));
        seenIds.insert(p.id);
        auto existing = repo.find(p.id);
        if (!existing)
            return std::unexpected(existing.error());
        if (existing->has_value())
            return fail(ErrorCode::Conflict,
                        where +
                            QStringLiteral("field \"id\": a decision path \"%1\" already exists").arg(p.id));
        if (auto st = checkOwner(m_db.connection(), p, where); !st)
            return std::unexpected(st.error());
        const PathStatus target = p.status;
        p.status = PathStatus::Draft;
        p.createdAt = p.updatedAt = now;
        p.version = 1;
        if (auto st = repo.insert(p); !st)
            return std::unexpected(st.error());
        auto created =
            m_ledger.append({QStringLiteral("path.created"), actor.actor(), subjectOf(p.id), correlation,
                             QJsonObject{{QStringLiteral("path"), DecisionPathJson::toJson(p)},
                                         {QStringLiteral("source"), sourceName}}});
        if (!created)
            return std::unexpected(created.error());
        if (target != PathStatus::Draft) {
            // Imported paths reach their stated status through the same lifecycle rules.
            if (target == PathStatus::Active || target == PathStatus::Suspended) {
                if (auto st = checkActivation(repo, p, where); !st)
                    return std::unexpected(st.error());
            }
            // A suspended path was active first: walk the lifecycle, one event per step.
            QList<PathStatus> steps;
            if (target == PathStatus::Suspended)
                steps = {PathStatus::Active, PathStatus::Suspended};
            else
                steps = {target};
            PathStatus from = PathStatus::Draft;
            for (PathStatus step : steps) {
                const int expected = p.version;
                p.status = step;
                p.version += 1;
                if (auto st = repo.update(p, expected); !st)
                    return std::unexpected(st.error());
                auto moved = m_ledger.append(
                    {transitionEventType(step), actor.actor(), subjectOf(p.id), correlation,
                     QJsonObject{{QStringLiteral("from"), pathStatusName(from)},
                                 {QStringLiteral("to"), pathStatusName(step)},
                                 {QStringLiteral("reason"), QStringLiteral("imported from ") + sourceName}}});
                if (!moved)
                    return std::unexpected(moved.error());
                from = step;
            }
        }
        ids.append(p.id);
    }
    auto summary = m_ledger.append({QStringLiteral("paths.imported"), actor.actor(),
                                    QStringLiteral("catalogue"), correlation,
                                    QJsonObject{{QStringLiteral("source"), sourceName},
                                                {QStringLiteral("format"), format},
                                                {QStringLiteral("count"), static_cast<int>(paths.size())},
                                                {QStringLiteral("ids"), ids}}});
    if (!summary)
        return std::unexpected(summary.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("catalogue", QStringLiteral("%1 imported %2 paths from %3")
                                   .arg(actor.username, QString::number(paths.size()), sourceName));
    return ImportSummary{static_cast<int>(paths.size())};
}

Result<QByteArray> CatalogueService::exportJson(const OperatorSession& actor) const
{
    auto paths = list(actor);
    if (!paths)
        return std::unexpected(paths.error());
    QJsonArray a;
    for (const auto& p : *paths)
        a.append(DecisionPathJson::toJson(p));
    return QJsonDocument(a).toJson(QJsonDocument::Indented);
}

Result<QByteArray> CatalogueService::exportCsv(const OperatorSession& actor) const
{
    auto paths = list(actor);
    if (!paths)
        return std::unexpected(paths.error());
    return DecisionPathCsv::write(*paths);
}

} // namespace gatehouse
