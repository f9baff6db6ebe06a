#pragma once

#include <QHash>
#include <QSet>

#include "PermissionGraphTypes.h"

namespace gatehouse {

/// Collects the nodes and edges of one import without duplicates, keeping insertion order
/// so an import of the same bytes always yields the same ImportedGraph.
/// A node added twice keeps its first kind and label; later attributes are merged in and
/// tierZero is or-ed. An edge is identified by (from, to, kind, escalation); a second one
/// with the same key is dropped, because its meaning is already in the graph.
class ImportedGraphBuilder
{
public:
    ImportedGraphBuilder(GraphSourceKind source, const QString& sourceName);

    /// Adds or merges \a node; returns a reference valid until the next addNode().
    GraphNode& addNode(const GraphNode& node);
    bool hasNode(const QString& id) const { return m_nodeIndex.contains(id); }
    /// nullptr when there is no node \a id; valid until the next addNode().
    GraphNode* node(const QString& id);
    const QList<GraphNode>& nodes() const { return m_graph.nodes; }

    /// Adds \a edge unless an edge with the same key exists; returns whether it was added.
    bool addEdge(const GraphEdge& edge);

    void warn(const QString& message) { m_graph.warnings << message; }
    int warningCount() const { return int(m_graph.warnings.size()); }

    /// The graph; the builder is empty afterwards.
    ImportedGraph take();

private:
    ImportedGraph m_graph;
    QHash<QString, qsizetype> m_nodeIndex;
    QSet<QString> m_edgeKeys;
};

} // namespace gatehouse
