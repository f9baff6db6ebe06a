#include <QTest>

#include "PermissionGraph.h"

using namespace gatehouse;

namespace {

GraphNode node(const char* id, GraphNodeKind kind = GraphNodeKind::Principal, bool tierZero = false)
{
    return GraphNode{QString::fromLatin1(id), kind, QString::fromLatin1(id), tierZero, {}};
}

GraphEdge edge(const char* from, const char* to, GraphEdgeKind kind = GraphEdgeKind::CanAssume)
{
    return GraphEdge{QString::fromLatin1(from),
                     QString::fromLatin1(to),
                     kind,
                     QStringLiteral("%1 to %2").arg(QLatin1String(from), QLatin1String(to)),
                     QStringLiteral("test"),
                     {},
                     false,
                     {},
                     {}};
}

QStringList idsOf(const PermissionGraph& g, const PermissionGraph::Path& p)
{
    QStringList out{g.node(p.start).id};
    for (auto e : p.edges)
        out << g.node(g.edgeTo(e)).id;
    return out;
}

} // namespace

/// The in-memory graph: every edge kind traversed, shortest and k-shortest paths,
/// reachability, reverse reachability and distances.
class PermissionGraphTest : public QObject
{
    Q_OBJECT

private slots:
    void everyEdgeKindIsTraversed();
    void selfPathIsTrivial();
    void azureStyleChainAgreesWithReachability();
    void kShortestPaths();
    void severalStartsAndTargets();
    void maxHops();
    void distancesToTierZero();
    void reverseReachabilityWithHypotheticalEdge();
    void mergesNodesSharedBySources();
};

void PermissionGraphTest::everyEdgeKindIsTraversed()
{
    // FIELD-CASES 20: fails as soon as an edge kind exists that path search does not follow.
    const QList<GraphEdgeKind> kinds = allGraphEdgeKinds();
    QCOMPARE(kinds.size(), 10);
    for (GraphEdgeKind kind : kinds) {
        PermissionGraph g;
        g.addNode(node("a"));
        g.addNode(node("b", GraphNodeKind::Role, true));
        g.addEdge(edge("a", "b", kind));
        g.finalize();
        auto path = g.shortestPath({*g.indexOf(QStringLiteral("a"))}, g.tierZeroMask(), 0);
        QVERIFY2(path.has_value(), qPrintable(graphEdgeKindName(kind)));
        QCOMPARE(path->edges.size(), size_t(1));
        QCOMPARE(g.edgeKind(path->edges[0]), kind);
        QCOMPARE(g.reachable({*g.indexOf(QStringLiteral("a"))}).size(), size_t(2));
        QCOMPARE(g.reachesAny(g.tierZeroMask())[*g.indexOf(QStringLiteral("a"))], char(1));
    }
}

void PermissionGraphTest::selfPathIsTrivial()
{
    PermissionGraph g;
    g.addNode(node("sp-1"));
    g.addEdge(edge("sp-1", "sp-2"));
    g.finalize();
    const auto sp1 = *g.indexOf(QStringLiteral("sp-1"));
    const auto paths = g.shortestPaths({sp1}, g.maskOf({QStringLiteral("sp-1")}), 5, 0);
    QCOMPARE(paths.size(), 1);
    QCOMPARE(paths[0].start, sp1);
    QVERIFY(paths[0].edges.empty());
}

void PermissionGraphTest::azureStyleChainAgreesWithReachability()
{
    // SP-1 -can_create_token-> SP-2 -bound_to (Owner)-> subscription S.
    PermissionGraph g;
    g.addNode(node("SP-1"));
    g.addNode(node("SP-2"));
    g.addNode(node("/subscriptions/S", GraphNodeKind::Resource));
    g.addEdge(edge("SP-1", "SP-2", GraphEdgeKind::CanCreateToken));
    g.addEdge(edge("SP-2", "/subscriptions/S", GraphEdgeKind::BoundTo));
    g.finalize();
    const auto sp1 = *g.indexOf(QStringLiteral("SP-1"));
    auto path = g.shortestPath({sp1}, g.maskOf({QStringLiteral("/subscriptions/S")}), 0);
    QVERIFY(path);
    QCOMPARE(idsOf(g, *path), (QStringList{QStringLiteral("SP-1"), QStringLiteral("SP-2"),
                                           QStringLiteral("/subscriptions/S")}));
    const auto reached = g.reachable({sp1});
    QVERIFY(std::find(reached.begin(), reached.end(), *g.indexOf(QStringLiteral("/subscriptions/S"))) !=
            reached.end());
}

void PermissionGraphTest::kShortestPaths()
{
    // a -> b -> t, a -> c -> t, a -> d -> e -> t, plus a loop b -> a that must never be used.
    PermissionGraph g;
    g.addNode(node("a"));
    g.addNode(node("t", GraphNodeKind::Role, true));
    for (auto [f, t] : {std::pair{"a", "b"},
                        {"b", "t"},
                        {"a", "c"},
                        {"c", "t"},
                        {"a", "d"},
                        {"d", "e"},
                        {"e", "t"},
                        {"b", "a"}})
        g.addEdge(edge(f, t));
    g.finalize();
    const auto paths = g.shortestPaths({*g.indexOf(QStringLiteral("a"))}, g.tierZeroMask(), 5, 0);
    QCOMPARE(paths.size(), 3);
    QCOMPARE(paths[0].edges.size(), size_t(2));
    QCOMPARE(paths[1].edges.size(), size_t(2));
    QCOMPARE(paths[2].edges.size(), size_t(3));
    QCOMPARE(idsOf(g, paths[2]), (QStringList{QStringLiteral("a"), QStringLiteral("d"), QStringLiteral("e"),
                                              QStringLiteral("t")}));
    QVERIFY(idsOf(g, paths[0]) != idsOf(g, paths[1]));
    for (const auto& p : paths) {
        const QStringList ids = idsOf(g, p);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size()); // loopless
    }
    // k = 2 stops after two; a shorter limit on hops drops the 3-hop path.
    QCOMPARE(g.shortestPaths({*g.indexOf(QStringLiteral("a"))}, g.tierZeroMask(), 2, 0).size(), 2);
    QCOMPARE(g.shortestPaths({*g.indexOf(QStringLiteral("a"))}, g.tierZeroMask(), 5, 2).size(), 2);
}

void PermissionGraphTest::severalStartsAndTargets()
{
    PermissionGraph g;
    for (auto [f, t] : {std::pair{"s1", "x"}, {"x", "y"}, {"y", "t1"}, {"s2", "t2"}})
        g.addEdge(edge(f, t));
    g.finalize();
    const std::vector<PermissionGraph::Index> starts{*g.indexOf(QStringLiteral("s1")),
                                                     *g.indexOf(QStringLiteral("s2"))};
    const auto targets = g.maskOf({QStringLiteral("t1"), QStringLiteral("t2")});
    const auto paths = g.shortestPaths(starts, targets, 3, 0);
    QCOMPARE(paths.size(), 2);
    QCOMPARE(idsOf(g, paths[0]), (QStringList{QStringLiteral("s2"), QStringLiteral("t2")}));
    QCOMPARE(idsOf(g, paths[1]), (QStringList{QStringLiteral("s1"), QStringLiteral("x"), QStringLiteral("y"),
                                              QStringLiteral("t1")}));
}

void PermissionGraphTest::maxHops()
{
    PermissionGraph g;
    for (auto [f, t] : {std::pair{"a", "b"}, {"b", "c"}, {"c", "d"}})
        g.addEdge(edge(f, t));
    g.finalize();
    const auto a = *g.indexOf(QStringLiteral("a"));
    QVERIFY(!g.shortestPath({a}, g.maskOf({QStringLiteral("d")}), 2));
    QVERIFY(g.shortestPath({a}, g.maskOf({QStringLiteral("d")}), 3));
    QCOMPARE(g.reachable({a}, 1).size(), size_t(2));
}

void PermissionGraphTest::distancesToTierZero()
{
    PermissionGraph g;
    g.addNode(node("admin", GraphNodeKind::Role, true));
    for (auto [f, t] : {std::pair{"u1", "admin"}, {"u2", "u1"}, {"u3", "u2"}, {"lonely", "nowhere"}})
        g.addEdge(edge(f, t));
    g.finalize();
    std::vector<PermissionGraph::Index> distance, next;
    g.distancesTo(g.tierZeroMask(), distance, next);
    QCOMPARE(distance[*g.indexOf(QStringLiteral("u3"))], 3u);
    QCOMPARE(distance[*g.indexOf(QStringLiteral("admin"))], 0u);
    QCOMPARE(distance[*g.indexOf(QStringLiteral("lonely"))], PermissionGraph::kNone);
    QCOMPARE(g.node(g.edgeTo(next[*g.indexOf(QStringLiteral("u3"))])).id, QStringLiteral("u2"));
}

void PermissionGraphTest::reverseReachabilityWithHypotheticalEdge()
{
    PermissionGraph g;
    g.addNode(node("admin", GraphNodeKind::Role, true));
    g.addEdge(edge("a", "b"));
    g.addEdge(edge("c", "admin"));
    g.finalize();
    const auto before = g.reachesAny(g.tierZeroMask());
    QCOMPARE(before[*g.indexOf(QStringLiteral("a"))], char(0));
    const auto after =
        g.reachesAny(g.tierZeroMask(), {{*g.indexOf(QStringLiteral("b")), *g.indexOf(QStringLiteral("c"))}});
    QCOMPARE(after[*g.indexOf(QStringLiteral("a"))], char(1));
    QCOMPARE(after[*g.indexOf(QStringLiteral("b"))], char(1));
}

void PermissionGraphTest::mergesNodesSharedBySources()
{
    PermissionGraph g;
    g.addNode(node("*"));
    g.addNode(GraphNode{QStringLiteral("*"),
                        GraphNodeKind::Principal,
                        {},
                        true,
                        QJsonObject{{QStringLiteral("public"), true}}});
    g.finalize();
    QCOMPARE(g.nodeCount(), 1);
    QVERIFY(g.node(0).tierZero);
    QVERIFY(g.node(0).attributes.value(QStringLiteral("public")).toBool());
}

QTEST_GUILESS_MAIN(PermissionGraphTest)
#include "PermissionGraphTest.moc"
