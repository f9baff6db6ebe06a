#pragma once

#include <optional>

#include <QFile>
#include <QHash>
#include <QQueue>
#include <QSet>
#include <QtTest>

#include "PermissionGraphTypes.h"

namespace gatehouse::test {

/// Small queries over one ImportedGraph, so importer tests can state the paths they expect
/// without the graph store (built elsewhere).
inline const GraphNode* findNode(const ImportedGraph& g, const QString& id)
{
    for (const GraphNode& n : g.nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

inline const GraphEdge* findEdge(const ImportedGraph& g, const QString& from, const QString& to,
                                 GraphEdgeKind kind, const QString& escalation = QString())
{
    for (const GraphEdge& e : g.edges)
        if (e.from == from && e.to == to && e.kind == kind &&
            (escalation.isNull() || e.escalation == escalation))
            return &e;
    return nullptr;
}

inline QSet<QString> successors(const ImportedGraph& g, const QString& from, GraphEdgeKind kind)
{
    QSet<QString> out;
    for (const GraphEdge& e : g.edges)
        if (e.from == from && e.kind == kind)
            out.insert(e.to);
    return out;
}

/// Shortest path (fewest hops) over every edge kind; nullopt when \a to is unreachable.
inline std::optional<QList<GraphEdge>> shortestPath(const ImportedGraph& g, const QString& from,
                                                    const QString& to)
{
    QHash<QString, QList<const GraphEdge*>> out;
    for (const GraphEdge& e : g.edges)
        out[e.from] << &e;
    QHash<QString, const GraphEdge*> via;
    QSet<QString> seen{from};
    QQueue<QString> queue;
    queue.enqueue(from);
    while (!queue.isEmpty()) {
        const QString at = queue.dequeue();
        if (at == to) {
            QList<GraphEdge> path;
            for (QString n = to; n != from; n = via.value(n)->from)
                path.prepend(*via.value(n));
            return path;
        }
        for (const GraphEdge* e : out.value(at)) {
            if (seen.contains(e->to))
                continue;
            seen.insert(e->to);
            via.insert(e->to, e);
            queue.enqueue(e->to);
        }
    }
    return std::nullopt;
}

inline QSet<QString> reachable(const ImportedGraph& g, const QString& from)
{
    QSet<QString> seen;
    QQueue<QString> queue;
    queue.enqueue(from);
    while (!queue.isEmpty()) {
        const QString at = queue.dequeue();
        for (const GraphEdge& e : g.edges) {
            if (e.from == at && e.to != from && !seen.contains(e.to)) {
                seen.insert(e.to);
                queue.enqueue(e.to);
            }
        }
    }
    return seen;
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline QString fixturePath(const QString& relative)
{
    return qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") + QStringLiteral("/tests/data/graph/") + relative;
}

} // namespace gatehouse::test
