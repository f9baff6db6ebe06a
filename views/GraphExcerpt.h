#pragma once

#include <array>
#include <memory>
#include <vector>

#include <QList>
#include <QSet>

#include "PermissionGraph.h"

namespace gatehouse {

/// The part of the permission graph the graph page shows: never the whole graph, but the
/// nodes the operator started from, expanded or followed, and the edges among them.
///
/// Expanding a node reveals its neighbours (both directions) kind by kind: a kind with at
/// most kRevealPerKind hidden neighbours is revealed whole; a larger one stays collapsed and
/// is counted ("+N more permission") until revealMore() opens it kRevealPerKind at a time.
/// Nothing is revealed beyond kMaxShown nodes. No widget here: the page draws what this holds.
class GraphExcerpt
{
public:
    using Index = PermissionGraph::Index;
    static constexpr int kRevealPerKind = 20;
    static constexpr int kMaxShown = 1500;

    /// Hidden neighbours of one expanded node, of one kind.
    struct Collapsed
    {
        Index around = PermissionGraph::kNone;
        GraphNodeKind kind = GraphNodeKind::Principal;
        qsizetype count = 0;
    };

    void setGraph(std::shared_ptr<const PermissionGraph> graph);
    const PermissionGraph* graph() const { return m_graph.get(); }
    void clear();

    bool contains(Index node) const { return m_shown.contains(node); }
    bool isExpanded(Index node) const { return m_expanded.contains(node); }
    /// Shows \a node (no-op when shown). False when kMaxShown is reached.
    bool show(Index node);
    /// Marks \a node expanded and reveals its small neighbour kinds; returns how many nodes
    /// were added.
    int expand(Index node);
    /// Reveals up to kRevealPerKind more hidden neighbours of \a kind around \a node (in id
    /// order); returns how many were added.
    int revealMore(Index node, GraphNodeKind kind);

    /// Shown nodes, in the order they were added.
    const std::vector<Index>& nodes() const { return m_order; }
    /// Edges whose both ends are shown, by edge number.
    std::vector<Index> edges() const;
    /// For every expanded node, its hidden neighbours by kind (only kinds with some).
    QList<Collapsed> collapsed() const;

private:
    static constexpr size_t kKindCount = static_cast<size_t>(GraphNodeKind::Resource) + 1;
    using ByKind = std::array<std::vector<Index>, kKindCount>;
    /// Hidden neighbours of \a node by kind, each sorted by id.
    ByKind hiddenNeighbours(Index node) const;

    std::shared_ptr<const PermissionGraph> m_graph;
    std::vector<Index> m_order;
    QSet<Index> m_shown;
    QSet<Index> m_expanded;
};

} // namespace gatehouse
