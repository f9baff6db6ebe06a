#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include "Error.h"
#include "PermissionGraphTypes.h"

namespace gatehouse {

/// One imported source as stored (table graph_sources).
struct GraphSourceRecord
{
    qint64 id = 0;
    QString name;
    GraphSourceKind kind = GraphSourceKind::Aws;
    QString sha256; ///< hex SHA-256 of the imported file
    QDateTime importedAt;
    QString importedBy;
    int nodeCount = 0;
    int edgeCount = 0;
    QStringList warnings;
};

/// A stored import diff: findings ("tier_zero|<start>", "zone:<name>|<start>") that appeared
/// or disappeared when a source was (re-)imported.
struct GraphImportDiff
{
    qint64 id = 0;
    QString sourceName;
    QDateTime importedAt;
    QString sha256;
    QStringList appeared;
    QStringList disappeared;
};

/// A saved graph query: a name, a description and the query as JSON (PathQuery form).
struct GraphSavedQuery
{
    QString name;
    QString description;
    QJsonObject query;
    QString savedBy;
    QDateTime savedAt;
};

/// A privilege zone: nodes picked by selectors, ranked (higher = more privileged; Tier Zero
/// is implicit and above every zone). Selector shape: {"id": "glob", "kind": "role",
/// "attribute": "name", "value": "glob"}; a node is in the zone when any selector matches
/// all of its given keys.
struct GraphZone
{
    QString name;
    int rank = 0;
    QList<QJsonObject> selectors;
};

/// SQL for the permission graph (migration 6: graph_sources, graph_nodes, graph_edges,
/// graph_import_diffs, graph_saved_queries, graph_zones). No permission checks or auditing:
/// PermissionGraphService does both, inside its WriteTransaction.
class PermissionGraphRepository
{
public:
    explicit PermissionGraphRepository(QSqlDatabase db);

    [[nodiscard]] Result<QList<GraphSourceRecord>> sources() const;
    [[nodiscard]] Result<std::optional<GraphSourceRecord>> findSource(const QString& name) const;
    /// Replaces (or creates) the source \a record.name with \a graph's nodes and edges. Must
    /// run inside the caller's transaction; returns the source id.
    [[nodiscard]] Result<qint64> replaceSource(const GraphSourceRecord& record, const ImportedGraph& graph);

    /// Every stored node and edge, sources in id order (a node id may repeat across sources).
    [[nodiscard]] Result<ImportedGraph> loadAll() const;

    [[nodiscard]] Status insertDiff(const GraphImportDiff& diff);
    /// Newest first, at most \a limit.
    [[nodiscard]] Result<QList<GraphImportDiff>> diffs(int limit) const;

    [[nodiscard]] Result<QList<GraphSavedQuery>> savedQueries() const;
    /// True when a query named exactly \a name is stored.
    [[nodiscard]] Result<bool> hasQuery(const QString& name) const;
    /// Inserts or replaces by name.
    [[nodiscard]] Status saveQuery(const GraphSavedQuery& query);
    /// NotFound when there is no query of that name.
    [[nodiscard]] Status removeQuery(const QString& name);

    [[nodiscard]] Result<QList<GraphZone>> zones() const;
    /// Inserts or replaces by name.
    [[nodiscard]] Status saveZone(const GraphZone& zone);
    /// NotFound when there is no zone of that name.
    [[nodiscard]] Status removeZone(const QString& name);

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
