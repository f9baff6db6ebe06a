#include "ImportedGraphBuilder.h"

namespace gatehouse {

ImportedGraphBuilder::ImportedGraphBuilder(GraphSourceKind source, const QString& sourceName)
{
    m_graph.source = source;
    m_graph.sourceName = sourceName;
}

GraphNode& ImportedGraphBuilder::addNode(const GraphNode& node)
{
    const auto found = m_nodeIndex.constFind(node.id);
    if (found == m_nodeIndex.constEnd()) {
        m_nodeIndex.insert(node.id, m_graph.nodes.size());
        m_graph.nodes << node;
        return m_graph.nodes.last();
    }
    GraphNode& existing = m_graph.nodes[*found];
    existing.tierZero = existing.tierZero || node.tierZero;
    for (auto it = node.attributes.constBegin(); it != node.attributes.constEnd(); ++it)
        existing.attributes.insert(it.key(), it.value());
    return existing;
}

GraphNode* ImportedGraphBuilder::node(const QString& id)
{
    const auto found = m_nodeIndex.constFind(id);
    return found == m_nodeIndex.constEnd() ? nullptr : &m_graph.nodes[*found];
}

bool ImportedGraphBuilder::addEdge(const GraphEdge& edge)
{
    Q_ASSERT(m_nodeIndex.contains(edge.from) && m_nodeIndex.contains(edge.to));
    const QString key = edge.from + QChar(0x1f) + edge.to + QChar(0x1f) + graphEdgeKindName(edge.kind) +
                        QChar(0x1f) + edge.escalation;
    if (m_edgeKeys.contains(key))
        return false;
    m_edgeKeys.insert(key);
    m_graph.edges << edge;
    return true;
}

ImportedGraph ImportedGraphBuilder::take()
{
    ImportedGraph out = std::move(m_graph);
    m_graph = ImportedGraph{out.source, out.sourceName, {}, {}, {}};
    m_nodeIndex.clear();
    m_edgeKeys.clear();
    return out;
}

} // namespace gatehouse
