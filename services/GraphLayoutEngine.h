#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include "Error.h"

namespace gatehouse {

/// Which Graphviz layout program lays a subgraph out.
enum class GraphLayoutAlgorithm
{
    Dot,  ///< layered (Sugiyama), left to right: path views, hop by hop
    Sfdp, ///< multilevel force-directed: neighbourhoods
};

/// "dot" or "sfdp"
QString graphLayoutAlgorithmName(GraphLayoutAlgorithm algorithm);

/// One box to place. \a size is in scene units (1 unit = 1 Graphviz point = 1/72 inch).
struct GraphLayoutNode
{
    QSizeF size{80, 30};
};

/// A directed edge between two entries of GraphLayoutRequest::nodes (by index).
struct GraphLayoutEdge
{
    int from = 0;
    int to = 0;
};

struct GraphLayoutRequest
{
    GraphLayoutAlgorithm algorithm = GraphLayoutAlgorithm::Sfdp;
    QList<GraphLayoutNode> nodes;
    QList<GraphLayoutEdge> edges;
};

/// The route Graphviz gave one edge: cubic Bézier control points (1 + 3n of them; empty
/// when it routed none) ending at the head node's border, and where the arrow's tip goes.
struct GraphLayoutSpline
{
    QList<QPointF> points;
    bool hasTip = false;
    QPointF tip;
};

/// Where Graphviz put everything, in scene coordinates (y grows downwards, origin at the
/// top-left corner of the drawing).
struct GraphLayoutResult
{
    GraphLayoutAlgorithm algorithm = GraphLayoutAlgorithm::Sfdp;
    QList<QPointF> centres;         ///< one per request node, same order
    QList<GraphLayoutSpline> edges; ///< one per request edge, same order
    QRectF bounds;                  ///< the drawing's bounding box
    qint64 elapsedMs = 0;           ///< time spent inside Graphviz
};

/// Lays out a small subgraph with Graphviz (libgvc / libcgraph), synchronously.
///
/// Graphviz is not thread-safe (global state in cgraph and the layout plugins): every call
/// takes one process-wide mutex, so calls from several threads run one after another. The
/// console calls it from GraphLayoutQueue's single worker thread, never from the UI thread.
///
/// Size bounds, from measurements (issue #6): dot took over 300 s on a random 1,000-node
/// graph, sfdp 11 s on 20,000 nodes. So dot is refused above kMaxDotNodes and sfdp above
/// kMaxSfdpNodes (InvalidInput naming the bound); dot also runs with capped network-simplex
/// and crossing-minimisation iterations so a dense few hundred nodes stays within seconds.
class GraphLayoutEngine
{
public:
    static constexpr int kMaxDotNodes = 300;
    static constexpr int kMaxSfdpNodes = 3000;

    /// The bound for \a algorithm.
    static int maxNodes(GraphLayoutAlgorithm algorithm);

    /// InvalidInput for too many nodes, an edge naming a node out of range, or a layout
    /// Graphviz refused (with Graphviz's own message).
    [[nodiscard]] static Result<GraphLayoutResult> layout(const GraphLayoutRequest& request);
};

} // namespace gatehouse
