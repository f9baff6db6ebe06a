#include "PermissionGraphRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

std::unexpected<Error> storageError(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("permission graph: %1").arg(q.lastError().text()));
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString compact(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QJsonObject objectFrom(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QStringList listFrom(const QString& text)
{
    QStringList out;
    for (const auto& v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

/// A null QString binds as SQL NULL; NOT NULL text columns want ''.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

GraphSourceRecord sourceFromRow(const QSqlQuery& q)
{
    GraphSourceRecord r;
    r.id = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.kind = parseGraphSourceKind(q.value(2).toString()).value_or(GraphSourceKind::Aws);
    r.sha256 = q.value(3).toString();
    r.importedAt = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
    r.importedBy = q.value(5).toString();
    r.nodeCount = q.value(6).toInt();
    r.edgeCount = q.value(7).toInt();
    r.warnings = listFrom(q.value(8).toString());
    return r;
}

const char* kSourceColumns =
    "id, name, kind, sha256, imported_at, imported_by, node_count, edge_count, warnings";

} // namespace

PermissionGraphRepository::PermissionGraphRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Result<QList<GraphSourceRecord>> PermissionGraphRepository::sources() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(
            QStringLiteral("SELECT %1 FROM graph_sources ORDER BY id").arg(QLatin1String(kSourceColumns))))
        return storageError(q);
    QList<GraphSourceRecord> out;
    while (q.next())
        out << sourceFromRow(q);
    return out;
}

Result<std::optional<GraphSourceRecord>> PermissionGraphRepository::findSource(const QString& name) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM graph_sources WHERE name = ?").arg(QLatin1String(kSourceColumns)));
    q.addBindValue(name);
    if (!q.exec())
        return storageError(q);
    if (!q.next())
        return std::optional<GraphSourceRecord>{};
    return std::optional<GraphSourceRecord>{sourceFromRow(q)};
}

Result<qint64> PermissionGraphRepository::replaceSource(const GraphSourceRecord& r,
                                                        const ImportedGraph& graph)
{
    auto existing = findSource(r.name);
    if (!existing)
        return std::unexpected(existing.error());
    QSqlQuery q(m_db);
    qint64 id = 0;
    if (existing->has_value()) {
        id = (*existing)->id;
        for (const char* table : {"graph_edges", "graph_nodes"}) {
            q.prepare(QStringLiteral("DELETE FROM %1 WHERE source_id = ?").arg(QLatin1String(table)));
            q.addBindValue(id);
            if (!q.exec())
                return storageError(q);
        }
        q.prepare(
            QStringLiteral("UPDATE graph_sources SET kind = ?, sha256 = ?, imported_at = ?, imported_by = ?,"
                           " node_count = ?, edge_count = ?, warnings = ? WHERE id = ?"));
    } else {
        q.prepare(
            QStringLiteral("INSERT INTO graph_sources(kind, sha256, imported_at, imported_by, node_count,"
                           " edge_count, warnings, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    }
    q.addBindValue(graphSourceKindName(r.kind));
    q.addBindValue(text(r.sha256));
    q.addBindValue(iso(r.importedAt));
    q.addBindValue(text(r.importedBy));
    q.addBindValue(static_cast<int>(graph.nodes.size()));
    q.addBindValue(static_cast<int>(graph.edges.size()));
    q.addBindValue(compact(graph.warnings));
    if (existing->has_value())
        q.addBindValue(id);
    else
        q.addBindValue(r.name);
    if (!q.exec())
        return storageError(q);
    if (!existing->has_value())
        id = q.lastInsertId().toLongLong();

    QSqlQuery node(m_db);
    node.prepare(QStringLiteral("INSERT INTO graph_nodes(source_id, id, kind, label, tier_zero, attributes)"
                                " VALUES (?, ?, ?, ?, ?, ?)"));
    for (const auto& n : graph.nodes) {
        node.addBindValue(id);
        node.addBindValue(n.id);
        node.addBindValue(graphNodeKindName(n.kind));
        node.addBindValue(text(n.label));
        node.addBindValue(n.tierZero ? 1 : 0);
        node.addBindValue(compact(n.attributes));
        if (!node.exec())
            return fail(ErrorCode::StorageFailure, QStringLiteral("permission graph: node \"%1\": %2")
                                                       .arg(n.id.left(200), node.lastError().text()));
    }
    QSqlQuery edge(m_db);
    edge.prepare(
        QStringLiteral("INSERT INTO graph_edges(source_id, from_id, to_id, kind, explanation, origin,"
                       " origin_detail, conditional, condition, escalation)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const auto& e : graph.edges) {
        edge.addBindValue(id);
        edge.addBindValue(e.from);
        edge.addBindValue(e.to);
        edge.addBindValue(graphEdgeKindName(e.kind));
        edge.addBindValue(text(e.explanation));
        edge.addBindValue(text(e.origin));
        edge.addBindValue(compact(e.originDetail));
        edge.addBindValue(e.conditional ? 1 : 0);
        edge.addBindValue(compact(e.condition));
        edge.addBindValue(text(e.escalation));
        if (!edge.exec())
            return storageError(edge);
    }
    return id;
}

Result<ImportedGraph> PermissionGraphRepository::loadAll() const
{
    ImportedGraph g;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, kind, label, tier_zero, attributes FROM graph_nodes"
                               " ORDER BY source_id, rowid")))
        return storageError(q);
    while (q.next()) {
        GraphNode n;
        n.id = q.value(0).toString();
        n.kind = parseGraphNodeKind(q.value(1).toString()).value_or(GraphNodeKind::Resource);
        n.label = q.value(2).toString();
        n.tierZero = q.value(3).toInt() != 0;
        const QString attrs = q.value(4).toString();
        if (attrs.size() > 2)
            n.attributes = objectFrom(attrs);
        g.nodes.append(std::move(n));
    }
    if (!q.exec(QStringLiteral("SELECT from_id, to_id, kind, explanation, origin, origin_detail, conditional,"
                               " condition, escalation FROM graph_edges ORDER BY id")))
        return storageError(q);
    while (q.next()) {
        GraphEdge e;
        e.from = q.value(0).toString();
        e.to = q.value(1).toString();
        e.kind = parseGraphEdgeKind(q.value(2).toString()).value_or(GraphEdgeKind::Grants);
        e.explanation = q.value(3).toString();
        e.origin = q.value(4).toString();
        const QString detail = q.value(5).toString();
        if (detail.size() > 2)
            e.originDetail = objectFrom(detail);
        e.conditional = q.value(6).toInt() != 0;
        const QString condition = q.value(7).toString();
        if (condition.size() > 2)
            e.condition = objectFrom(condition);
        e.escalation = q.value(8).toString();
        g.edges.append(std::move(e));
    }
    return g;
}

Status PermissionGraphRepository::insertDiff(const GraphImportDiff& d)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO graph_import_diffs(source_name, imported_at, sha256, appeared,"
                             " disappeared) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(d.sourceName);
    q.addBindValue(iso(d.importedAt));
    q.addBindValue(text(d.sha256));
    q.addBindValue(compact(d.appeared));
    q.addBindValue(compact(d.disappeared));
    if (!q.exec())
        return storageError(q);
    return {};
}

Result<QList<GraphImportDiff>> PermissionGraphRepository::diffs(int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, source_name, imported_at, sha256, appeared, disappeared"
                             " FROM graph_import_diffs ORDER BY id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return storageError(q);
    QList<GraphImportDiff> out;
    while (q.next())
        out << GraphImportDiff{q.value(0).toLongLong(),
                               q.value(1).toString(),
                               QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs),
                               q.value(3).toString(),
                               listFrom(q.value(4).toString()),
                               listFrom(q.value(5).toString())};
    return out;
}

Result<QList<GraphSavedQuery>> PermissionGraphRepository::savedQueries() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT name, description, query, saved_by, saved_at FROM graph_saved_queries"
                               " ORDER BY name")))
        return storageError(q);
    QList<GraphSavedQuery> out;
    while (q.next())
        out << GraphSavedQuery{q.value(0).toString(), q.value(1).toString(),
                               objectFrom(q.value(2).toString()), q.value(3).toString(),
                               QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs)};
    return out;
}

Result<bool> PermissionGraphRepository::hasQuery(const QString& name) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM graph_saved_queries WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return storageError(q);
    return q.next();
}

Status PermissionGraphRepository::saveQuery(const GraphSavedQuery& s)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO graph_saved_queries(name, description, query, saved_by,"
                             " saved_at) VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(s.name);
    q.addBindValue(text(s.description));
    q.addBindValue(compact(s.query));
    q.addBindValue(text(s.savedBy));
    q.addBindValue(iso(s.savedAt));
    if (!q.exec())
        return storageError(q);
    return {};
}

Status PermissionGraphRepository::removeQuery(const QString& name)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM graph_saved_queries WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return storageError(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("no saved graph query \"%1\"").arg(name.left(80)));
    return {};
}

Result<QList<GraphZone>> PermissionGraphRepository::zones() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT name, rank, selectors FROM graph_zones ORDER BY rank, name")))
        return storageError(q);
    QList<GraphZone> out;
    while (q.next()) {
        GraphZone z{q.value(0).toString(), q.value(1).toInt(), {}};
        for (const auto& v : QJsonDocument::fromJson(q.value(2).toString().toUtf8()).array())
            z.selectors << v.toObject();
        out << z;
    }
    return out;
}

Status PermissionGraphRepository::saveZone(const GraphZone& z)
{
    QJsonArray selectors;
    for (const auto& s : z.selectors)
        selectors.append(s);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO graph_zones(name, rank, selectors) VALUES (?, ?, ?)"));
    q.addBindValue(z.name);
    q.addBindValue(z.rank);
    q.addBindValue(QString::fromUtf8(QJsonDocument(selectors).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return storageError(q);
    return {};
}

Status PermissionGraphRepository::removeZone(const QString& name)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM graph_zones WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return storageError(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("no privilege zone \"%1\"").arg(name.left(80)));
    return {};
}

} // namespace gatehouse
