#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include <QHash>
#include <QList>
#include <QString>

#include "PermissionGraphTypes.h"

namespace gatehouse {

/// The permission graph in memory, for analysis: nodes numbered 0..n-1, edges 0..m-1, stored
/// in compressed sparse rows in both directions (4 bytes per edge and direction plus
/// 10 bytes of edge core), so 1M nodes / 5M edges fit in well under 1 GB and a BFS touches
/// each edge once. Build with addNode/addEdge, then finalize() once; queries are const and
/// may run concurrently.
///
/// Every GraphEdgeKind is traversed (FIELD-CASES 20): the traversal code has no list of kinds.
/// Paths are shortest by hop count (all edges weigh 1); k alternatives follow Yen (1971),
/// "Finding the K Shortest Loopless Paths in a Network", with BFS as the inner search.
class PermissionGraph
{
public:
    using Index = quint32;
    static constexpr Index kNone = 0xFFFFFFFFu;

    struct Node
    {
        QString id;
        GraphNodeKind kind = GraphNodeKind::Principal;
        QString label;
        bool tierZero = false;
        QJsonObject attributes;
        /// A per-principal view of another node (attributes.effective_for set): an AWS group
        /// or policy as it applies to one principal after its Deny statements and permissions
        /// boundary. Never counted as an identity of its own.
        bool view = false;
        /// An AWS service principal ("lambda.amazonaws.com", attributes.type = "service") named
        /// by a trust policy: AWS runs it, nobody signs in as it, so it is no identity of its own
        /// (what it reaches is found from whoever can pass it a role).
        bool awsService = false;
    };
    /// Text of an edge; absent for edges added through the compact addEdge overload.
    struct EdgeDetail
    {
        QString explanation;
        QString origin;
        QString escalation;
        QJsonObject condition;
    };
    /// A path as the edges it follows, in order; empty when a start node is itself a target.
    struct Path
    {
        Index start = kNone;
        std::vector<Index> edges;
    };

    /// Adds a node, or merges into the node with the same id (tierZero is or-ed, attributes
    /// are united, the first label and kind stay).
    Index addNode(const GraphNode& node);
    /// Adds an edge; endpoints not yet present become nodes of kind Principal with
    /// attributes.placeholder = true (an identity named only by an edge).
    void addEdge(const GraphEdge& edge);
    void addEdge(Index from, Index to, GraphEdgeKind kind, bool conditional = false);
    /// Builds the adjacency; call once after the last addEdge.
    void finalize();
    /// All nodes and edges of \a graph, finalized.
    static PermissionGraph fromImported(const ImportedGraph& graph);

    qsizetype nodeCount() const { return static_cast<qsizetype>(m_nodes.size()); }
    qsizetype edgeCount() const { return static_cast<qsizetype>(m_to.size()); }
    std::optional<Index> indexOf(const QString& id) const;
    const Node& node(Index i) const { return m_nodes[i]; }
    Index edgeFrom(Index e) const { return m_from[e]; }
    Index edgeTo(Index e) const { return m_to[e]; }
    GraphEdgeKind edgeKind(Index e) const { return static_cast<GraphEdgeKind>(m_kind[e]); }
    bool edgeConditional(Index e) const { return m_conditional[e] != 0; }
    /// Explanation etc. of edge \a e (empty strings when none was given).
    EdgeDetail edgeDetail(Index e) const;
    /// The edge as a GraphEdge value (ids, kind, texts).
    GraphEdge edge(Index e) const;

    /// Numbers of the edges leaving / entering node \a i (valid after finalize()), for
    /// callers that walk one node's neighbourhood (the console's graph page).
    std::span<const Index> outEdges(Index i) const
    {
        return {m_outEdge.data() + m_outOffset[i], m_outOffset[i + 1] - m_outOffset[i]};
    }
    std::span<const Index> inEdges(Index i) const
    {
        return {m_inEdge.data() + m_inOffset[i], m_inOffset[i + 1] - m_inOffset[i]};
    }

    /// Mask of the Tier Zero nodes.
    std::vector<char> tierZeroMask() const;
    /// Mask of \a ids (unknown ids are ignored).
    std::vector<char> maskOf(const QStringList& ids) const;

    /// Shortest path from any of \a starts to any node with targets[i] != 0, at most
    /// \a maxHops edges (0 = unlimited). A start that is a target gives an empty path.
    std::optional<Path> shortestPath(const std::vector<Index>& starts, const std::vector<char>& targets,
                                     int maxHops) const;
    /// Up to \a k loopless paths in order of length (Yen), the first being shortestPath().
    QList<Path> shortestPaths(const std::vector<Index>& starts, const std::vector<char>& targets, int k,
                              int maxHops) const;

    /// Nodes reachable from \a starts within \a maxHops (0 = unlimited), starts included.
    std::vector<Index> reachable(const std::vector<Index>& starts, int maxHops = 0) const;
    /// Nodes from which some target can be reached (targets included): reverse BFS.
    /// \a extra: edges (from, to) treated as present in addition to the graph's.
    std::vector<char> reachesAny(const std::vector<char>& targets,
                                 const std::vector<std::pair<Index, Index>>& extra = {}) const;
    /// For every node, hops to the nearest target and the first edge of one shortest path
    /// to it (kNone when it cannot reach one). One reverse BFS: O(nodes + edges).
    void distancesTo(const std::vector<char>& targets, std::vector<Index>& distance,
                     std::vector<Index>& nextEdge) const;

    /// Node kinds that count as identities for findings (AI path, principal, group, role,
    /// service account).
    static bool isIdentity(GraphNodeKind kind);
    /// An identity kind, and neither a per-principal view (Node::view) nor an AWS service
    /// principal (Node::awsService).
    static bool isIdentity(const Node& node)
    {
        return !node.view && !node.awsService && isIdentity(node.kind);
    }

private:
    std::optional<Path> bfs(const std::vector<Index>& starts, const std::vector<char>& targets, int maxHops,
                            const std::vector<char>* removedNodes,
                            const std::vector<char>* removedEdges) const;

    std::vector<Node> m_nodes;
    QHash<QString, Index> m_index;
    std::vector<Index> m_from, m_to;
    std::vector<quint8> m_kind, m_conditional;
    std::vector<EdgeDetail> m_details; ///< empty, or one per edge
    std::vector<Index> m_outOffset, m_outEdge, m_inOffset, m_inEdge;
};

} // namespace gatehouse
