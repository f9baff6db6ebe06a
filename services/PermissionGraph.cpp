#include "PermissionGraph.h"

#include <algorithm>
#include <deque>

namespace gatehouse {

PermissionGraph::Index PermissionGraph::addNode(const GraphNode& n)
{
    auto it = m_index.constFind(n.id);
    if (it != m_index.cend()) {
        Node& existing = m_nodes[*it];
        existing.tierZero = existing.tierZero || n.tierZero;
        for (auto a = n.attributes.begin(); a != n.attributes.end(); ++a)
            if (!existing.attributes.contains(a.key()))
                existing.attributes.insert(a.key(), a.value());
        return *it;
    }
    const Index i = static_cast<Index>(m_nodes.size());
    m_nodes.push_back(
        Node{n.id, n.kind, n.label.isEmpty() ? n.id : n.label, n.tierZero, n.attributes,
             n.attributes.contains(QStringLiteral("effective_for")),
             n.attributes.value(QStringLiteral("type")).toString() == QStringLiteral("service")});
    m_index.insert(n.id, i);
    return i;
}

void PermissionGraph::addEdge(const GraphEdge& e)
{
    auto endpoint = [&](const QString& id) {
        if (auto i = indexOf(id))
            return *i;
        return addNode(GraphNode{id, GraphNodeKind::Principal, id, false,
                                 QJsonObject{{QStringLiteral("placeholder"), true}}});
    };
    const Index from = endpoint(e.from);
    const Index to = endpoint(e.to);
    if (m_details.size() < m_to.size())
        m_details.resize(m_to.size());
    addEdge(from, to, e.kind, e.conditional);
    m_details.push_back(EdgeDetail{e.explanation, e.origin, e.escalation, e.condition});
}

void PermissionGraph::addEdge(Index from, Index to, GraphEdgeKind kind, bool conditional)
{
    m_from.push_back(from);
    m_to.push_back(to);
    m_kind.push_back(static_cast<quint8>(kind));
    m_conditional.push_back(conditional ? 1 : 0);
}

void PermissionGraph::finalize()
{
    if (!m_details.empty() && m_details.size() < m_to.size())
        m_details.resize(m_to.size());
    const size_t n = m_nodes.size();
    const size_t m = m_to.size();
    auto build = [&](const std::vector<Index>& key, std::vector<Index>& offset, std::vector<Index>& list) {
        offset.assign(n + 1, 0);
        for (size_t e = 0; e < m; ++e)
            ++offset[key[e] + 1];
        for (size_t i = 0; i < n; ++i)
            offset[i + 1] += offset[i];
        list.resize(m);
        std::vector<Index> fill(offset.begin(), offset.end() - 1);
        for (size_t e = 0; e < m; ++e)
            list[fill[key[e]]++] = static_cast<Index>(e);
    };
    build(m_from, m_outOffset, m_outEdge);
    build(m_to, m_inOffset, m_inEdge);
}

PermissionGraph PermissionGraph::fromImported(const ImportedGraph& graph)
{
    PermissionGraph g;
    g.m_nodes.reserve(static_cast<size_t>(graph.nodes.size()));
    for (const auto& n : graph.nodes)
        g.addNode(n);
    for (const auto& e : graph.edges)
        g.addEdge(e);
    g.finalize();
    return g;
}

std::optional<PermissionGraph::Index> PermissionGraph::indexOf(const QString& id) const
{
    auto it = m_index.constFind(id);
    if (it == m_index.cend())
        return std::nullopt;
    return *it;
}

PermissionGraph::EdgeDetail PermissionGraph::edgeDetail(Index e) const
{
    if (e < m_details.size())
        return m_details[e];
    return {};
}

GraphEdge PermissionGraph::edge(Index e) const
{
    const EdgeDetail d = edgeDetail(e);
    GraphEdge out;
    out.from = m_nodes[m_from[e]].id;
    out.to = m_nodes[m_to[e]].id;
    out.kind = edgeKind(e);
    out.conditional = edgeConditional(e);
    out.explanation = d.explanation;
    out.origin = d.origin;
    out.escalation = d.escalation;
    out.condition = d.condition;
    return out;
}

std::vector<char> PermissionGraph::tierZeroMask() const
{
    std::vector<char> mask(m_nodes.size(), 0);
    for (size_t i = 0; i < m_nodes.size(); ++i)
        mask[i] = m_nodes[i].tierZero ? 1 : 0;
    return mask;
}

std::vector<char> PermissionGraph::maskOf(const QStringList& ids) const
{
    std::vector<char> mask(m_nodes.size(), 0);
    for (const auto& id : ids)
        if (auto i = indexOf(id))
            mask[*i] = 1;
    return mask;
}

bool PermissionGraph::isIdentity(GraphNodeKind kind)
{
    switch (kind) {
    case GraphNodeKind::AiPath:
    case GraphNodeKind::Principal:
    case GraphNodeKind::Group:
    case GraphNodeKind::Role:
    case GraphNodeKind::ServiceAccount:
        return true;
    case GraphNodeKind::Policy:
    case GraphNodeKind::Permission:
    case GraphNodeKind::Resource:
        break;
    }
    return false;
}

std::optional<PermissionGraph::Path> PermissionGraph::bfs(const std::vector<Index>& starts,
                                                          const std::vector<char>& targets, int maxHops,
                                                          const std::vector<char>* removedNodes,
                                                          const std::vector<char>* removedEdges) const
{
    const size_t n = m_nodes.size();
    std::vector<Index> parentEdge(n, kNone);
    std::vector<char> seen(n, 0);
    std::vector<Index> depth;
    std::vector<Index> frontier, next;
    for (Index s : starts) {
        if (s >= n || seen[s] || (removedNodes && (*removedNodes)[s]))
            continue;
        if (targets[s])
            return Path{s, {}};
        seen[s] = 1;
        frontier.push_back(s);
    }
    int hops = 0;
    while (!frontier.empty()) {
        if (maxHops > 0 && hops >= maxHops)
            break;
        ++hops;
        next.clear();
        for (Index u : frontier) {
            for (Index k = m_outOffset[u]; k < m_outOffset[u + 1]; ++k) {
                const Index e = m_outEdge[k];
                if (removedEdges && (*removedEdges)[e])
                    continue;
                const Index v = m_to[e];
                if (seen[v] || (removedNodes && (*removedNodes)[v]))
                    continue;
                seen[v] = 1;
                parentEdge[v] = e;
                if (targets[v]) {
                    Path p;
                    for (Index x = v; parentEdge[x] != kNone; x = m_from[parentEdge[x]])
                        p.edges.push_back(parentEdge[x]);
                    std::reverse(p.edges.begin(), p.edges.end());
                    p.start = m_from[p.edges.front()];
                    return p;
                }
                next.push_back(v);
            }
        }
        frontier.swap(next);
    }
    return std::nullopt;
}

std::optional<PermissionGraph::Path> PermissionGraph::shortestPath(const std::vector<Index>& starts,
                                                                   const std::vector<char>& targets,
                                                                   int maxHops) const
{
    return bfs(starts, targets, maxHops, nullptr, nullptr);
}

QList<PermissionGraph::Path> PermissionGraph::shortestPaths(const std::vector<Index>& starts,
                                                            const std::vector<char>& targets, int k,
                                                            int maxHops) const
{
    QList<Path> found;
    auto first = bfs(starts, targets, maxHops, nullptr, nullptr);
    if (!first || k <= 0)
        return found;
    found << *first;
    if (first->edges.empty())
        return found; // a start is a target: the trivial path is the answer
    auto nodesOf = [&](const Path& p) {
        std::vector<Index> nodes{p.start};
        for (Index e : p.edges)
            nodes.push_back(m_to[e]);
        return nodes;
    };
    auto samePath = [](const Path& a, const Path& b) { return a.start == b.start && a.edges == b.edges; };
    QList<Path> candidates;
    std::vector<char> removedNodes(m_nodes.size(), 0), removedEdges(m_to.size(), 0);
    while (found.size() < k) {
        const Path& last = found.constLast();
        const std::vector<Index> lastNodes = nodesOf(last);
        // Spur "before the first node": another start node (virtual super-source).
        {
            std::vector<Index> otherStarts;
            for (Index s : starts) {
                bool used = false;
                for (const auto& p : found)
                    used = used || p.start == s;
                if (!used)
                    otherStarts.push_back(s);
            }
            if (!otherStarts.empty())
                if (auto spur = bfs(otherStarts, targets, maxHops, nullptr, nullptr)) {
                    bool known = false;
                    for (const auto& c : candidates)
                        known = known || samePath(c, *spur);
                    if (!known)
                        candidates << *spur;
                }
        }
        for (size_t i = 0; i < last.edges.size(); ++i) {
            const Index spurNode = lastNodes[i];
            std::fill(removedNodes.begin(), removedNodes.end(), 0);
            std::fill(removedEdges.begin(), removedEdges.end(), 0);
            for (const auto& p : found) {
                if (p.start != last.start || p.edges.size() <= i)
                    continue;
                if (std::equal(p.edges.begin(), p.edges.begin() + static_cast<std::ptrdiff_t>(i),
                               last.edges.begin()))
                    removedEdges[p.edges[i]] = 1;
            }
            for (size_t j = 0; j < i; ++j)
                removedNodes[lastNodes[j]] = 1;
            const int budget = maxHops > 0 ? maxHops - static_cast<int>(i) : 0;
            if (maxHops > 0 && budget <= 0)
                continue;
            auto spur = bfs({spurNode}, targets, budget, &removedNodes, &removedEdges);
            if (!spur || spur->edges.empty())
                continue;
            Path total{last.start, std::vector<Index>(last.edges.begin(),
                                                      last.edges.begin() + static_cast<std::ptrdiff_t>(i))};
            total.edges.insert(total.edges.end(), spur->edges.begin(), spur->edges.end());
            bool known = false;
            for (const auto& c : candidates)
                known = known || samePath(c, total);
            for (const auto& c : found)
                known = known || samePath(c, total);
            if (!known)
                candidates << total;
        }
        if (candidates.isEmpty())
            break;
        qsizetype best = 0;
        for (qsizetype c = 1; c < candidates.size(); ++c)
            if (candidates[c].edges.size() < candidates[best].edges.size())
                best = c;
        found << candidates.takeAt(best);
    }
    return found;
}

std::vector<PermissionGraph::Index> PermissionGraph::reachable(const std::vector<Index>& starts,
                                                               int maxHops) const
{
    std::vector<char> seen(m_nodes.size(), 0);
    std::vector<Index> out, frontier, next;
    for (Index s : starts)
        if (s < m_nodes.size() && !seen[s]) {
            seen[s] = 1;
            out.push_back(s);
            frontier.push_back(s);
        }
    int hops = 0;
    while (!frontier.empty() && !(maxHops > 0 && hops >= maxHops)) {
        ++hops;
        next.clear();
        for (Index u : frontier)
            for (Index k = m_outOffset[u]; k < m_outOffset[u + 1]; ++k) {
                const Index v = m_to[m_outEdge[k]];
                if (!seen[v]) {
                    seen[v] = 1;
                    out.push_back(v);
                    next.push_back(v);
                }
            }
        frontier.swap(next);
    }
    return out;
}

std::vector<char> PermissionGraph::reachesAny(const std::vector<char>& targets,
                                              const std::vector<std::pair<Index, Index>>& extra) const
{
    std::multimap<Index, Index> extraIn; // to -> from
    for (const auto& [from, to] : extra)
        extraIn.emplace(to, from);
    std::vector<char> seen(m_nodes.size(), 0);
    std::deque<Index> queue;
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (targets[i]) {
            seen[i] = 1;
            queue.push_back(static_cast<Index>(i));
        }
    while (!queue.empty()) {
        const Index v = queue.front();
        queue.pop_front();
        for (Index k = m_inOffset[v]; k < m_inOffset[v + 1]; ++k) {
            const Index u = m_from[m_inEdge[k]];
            if (!seen[u]) {
                seen[u] = 1;
                queue.push_back(u);
            }
        }
        auto [lo, hi] = extraIn.equal_range(v);
        for (auto it = lo; it != hi; ++it)
            if (!seen[it->second]) {
                seen[it->second] = 1;
                queue.push_back(it->second);
            }
    }
    return seen;
}

void PermissionGraph::distancesTo(const std::vector<char>& targets, std::vector<Index>& distance,
                                  std::vector<Index>& nextEdge) const
{
    distance.assign(m_nodes.size(), kNone);
    nextEdge.assign(m_nodes.size(), kNone);
    std::vector<Index> frontier, next;
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (targets[i]) {
            distance[i] = 0;
            frontier.push_back(static_cast<Index>(i));
        }
    Index d = 0;
    while (!frontier.empty()) {
        ++d;
        next.clear();
        for (Index v : frontier)
            for (Index k = m_inOffset[v]; k < m_inOffset[v + 1]; ++k) {
                const Index e = m_inEdge[k];
                const Index u = m_from[e];
                if (distance[u] == kNone) {
                    distance[u] = d;
                    nextEdge[u] = e;
                    next.push_back(u);
                }
            }
        frontier.swap(next);
    }
}

} // namespace gatehouse
