#include "GraphExcerpt.h"

#include <algorithm>

namespace gatehouse {

void GraphExcerpt::setGraph(std::shared_ptr<const PermissionGraph> graph)
{
    m_graph = std::move(graph);
    clear();
}

void GraphExcerpt::clear()
{
    m_order.clear();
    m_shown.clear();
    m_expanded.clear();
}

bool GraphExcerpt::show(Index node)
{
    if (!m_graph || node >= static_cast<Index>(m_graph->nodeCount()))
        return false;
    if (m_shown.contains(node))
        return true;
    if (static_cast<int>(m_order.size()) >= kMaxShown)
        return false;
    m_shown.insert(node);
    m_order.push_back(node);
    return true;
}

GraphExcerpt::ByKind GraphExcerpt::hiddenNeighbours(Index node) const
{
    ByKind out;
    const auto consider = [&](Index other) {
        if (!m_shown.contains(other))
            out[static_cast<size_t>(m_graph->node(other).kind)].push_back(other);
    };
    for (Index e : m_graph->outEdges(node))
        consider(m_graph->edgeTo(e));
    for (Index e : m_graph->inEdges(node))
        consider(m_graph->edgeFrom(e));
    for (auto& list : out) {
        std::sort(list.begin(), list.end(),
                  [this](Index a, Index b) { return m_graph->node(a).id < m_graph->node(b).id; });
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return out;
}

int GraphExcerpt::expand(Index node)
{
    if (!show(node))
        return 0;
    m_expanded.insert(node);
    int added = 0;
    for (const std::vector<Index>& hidden : hiddenNeighbours(node)) {
        if (hidden.empty() || static_cast<int>(hidden.size()) > kRevealPerKind)
            continue;
        for (Index other : hidden)
            added += show(other) ? 1 : 0;
    }
    return added;
}

int GraphExcerpt::revealMore(Index node, GraphNodeKind kind)
{
    if (!m_shown.contains(node))
        return 0;
    m_expanded.insert(node);
    const std::vector<Index> hidden = hiddenNeighbours(node)[static_cast<size_t>(kind)];
    int added = 0;
    for (size_t i = 0; i < hidden.size() && added < kRevealPerKind; ++i) {
        if (!show(hidden[i]))
            break;
        ++added;
    }
    return added;
}

std::vector<GraphExcerpt::Index> GraphExcerpt::edges() const
{
    std::vector<Index> out;
    if (!m_graph)
        return out;
    for (Index node : m_order) {
        for (Index e : m_graph->outEdges(node)) {
            if (m_shown.contains(m_graph->edgeTo(e)))
                out.push_back(e);
        }
    }
    return out;
}

QList<GraphExcerpt::Collapsed> GraphExcerpt::collapsed() const
{
    QList<Collapsed> out;
    if (!m_graph)
        return out;
    for (Index node : m_order) {
        if (!m_expanded.contains(node))
            continue;
        const ByKind hidden = hiddenNeighbours(node);
        for (size_t k = 0; k < hidden.size(); ++k) {
            if (!hidden[k].empty())
                out << Collapsed{node, static_cast<GraphNodeKind>(k),
                                 static_cast<qsizetype>(hidden[k].size())};
        }
    }
    return out;
}

} // namespace gatehouse
