#include <QSignalSpy>
#include <QTest>

#include "GraphLayoutEngine.h"
#include "GraphLayoutQueue.h"

using namespace gatehouse;

namespace {

/// A chain 0 -> 1 -> ... -> n-1 of 80 x 30 boxes.
GraphLayoutRequest chain(int n, GraphLayoutAlgorithm algorithm)
{
    GraphLayoutRequest r;
    r.algorithm = algorithm;
    for (int i = 0; i < n; ++i)
        r.nodes << GraphLayoutNode{QSizeF(80, 30)};
    for (int i = 0; i + 1 < n; ++i)
        r.edges << GraphLayoutEdge{i, i + 1};
    return r;
}

/// A star: node 0 linked to every other node.
GraphLayoutRequest star(int n, GraphLayoutAlgorithm algorithm)
{
    GraphLayoutRequest r;
    r.algorithm = algorithm;
    for (int i = 0; i < n; ++i)
        r.nodes << GraphLayoutNode{QSizeF(60, 24)};
    for (int i = 1; i < n; ++i)
        r.edges << GraphLayoutEdge{0, i};
    return r;
}

bool overlaps(const QPointF& a, const QPointF& b, const QSizeF& size)
{
    return std::abs(a.x() - b.x()) < size.width() - 0.5 && std::abs(a.y() - b.y()) < size.height() - 0.5;
}

} // namespace

class GraphLayoutEngineTest : public QObject
{
    Q_OBJECT

private slots:
    void dotLaysAPathOutLeftToRight()
    {
        auto r = GraphLayoutEngine::layout(chain(5, GraphLayoutAlgorithm::Dot));
        QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->algorithm, GraphLayoutAlgorithm::Dot);
        QCOMPARE(r->centres.size(), 5);
        QCOMPARE(r->edges.size(), 4);
        // rankdir=LR: every hop moves right by at least one box width plus ranksep (0.6 in).
        for (int i = 0; i + 1 < 5; ++i) {
            QVERIFY2(
                r->centres[i + 1].x() - r->centres[i].x() >= 80 + 0.6 * 72 - 1,
                qPrintable(QStringLiteral("%1 -> %2").arg(r->centres[i].x()).arg(r->centres[i + 1].x())));
            QCOMPARE(r->centres[i + 1].y(), r->centres[i].y());
        }
        // Every centre inside the bounds, the first box touching the left edge.
        for (const QPointF& c : r->centres)
            QVERIFY(r->bounds.contains(c));
        QVERIFY(std::abs(r->centres[0].x() - 40) < 5);
        // Edges are routed: 1 + 3n control points from the tail's right side towards the
        // head's left side, with an arrow tip at the head's border.
        for (int i = 0; i < 4; ++i) {
            const GraphLayoutSpline& s = r->edges[i];
            QVERIFY(s.points.size() >= 4);
            QCOMPARE((s.points.size() - 1) % 3, 0);
            QVERIFY(s.hasTip);
            QVERIFY(std::abs(s.points.first().x() - (r->centres[i].x() + 40)) < 2);
            QVERIFY(std::abs(s.tip.x() - (r->centres[i + 1].x() - 40)) < 2);
        }
    }

    void sfdpPlacesEveryNodeWithoutOverlap()
    {
        const GraphLayoutRequest request = star(60, GraphLayoutAlgorithm::Sfdp);
        auto r = GraphLayoutEngine::layout(request);
        QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->algorithm, GraphLayoutAlgorithm::Sfdp);
        QCOMPARE(r->centres.size(), 60);
        QCOMPARE(r->edges.size(), 59);
        QSet<QPair<int, int>> distinct;
        for (const QPointF& c : r->centres) {
            QVERIFY(r->bounds.adjusted(-1, -1, 1, 1).contains(c));
            distinct.insert({qRound(c.x()), qRound(c.y())});
        }
        QCOMPARE(distinct.size(), 60);
        for (int i = 0; i < 60; ++i)
            for (int j = i + 1; j < 60; ++j)
                QVERIFY2(!overlaps(r->centres[i], r->centres[j], QSizeF(60, 24)),
                         qPrintable(QStringLiteral("nodes %1 and %2 overlap").arg(i).arg(j)));
    }

    void sizeBoundsAreRefused()
    {
        auto dot =
            GraphLayoutEngine::layout(chain(GraphLayoutEngine::kMaxDotNodes + 1, GraphLayoutAlgorithm::Dot));
        QVERIFY(!dot.has_value());
        QCOMPARE(dot.error().code, ErrorCode::InvalidInput);
        QVERIFY2(dot.error().message.contains(QStringLiteral("301 nodes are too many for dot (at most 300)")),
                 qPrintable(dot.error().message));
        auto sfdp = GraphLayoutEngine::layout(
            chain(GraphLayoutEngine::kMaxSfdpNodes + 1, GraphLayoutAlgorithm::Sfdp));
        QVERIFY(!sfdp.has_value());
        QVERIFY(
            sfdp.error().message.contains(QStringLiteral("3001 nodes are too many for sfdp (at most 3000)")));
        // The bound itself is accepted.
        QVERIFY(GraphLayoutEngine::layout(chain(GraphLayoutEngine::kMaxDotNodes, GraphLayoutAlgorithm::Dot))
                    .has_value());

        GraphLayoutRequest bad = chain(3, GraphLayoutAlgorithm::Dot);
        bad.edges << GraphLayoutEdge{0, 7};
        auto refused = GraphLayoutEngine::layout(bad);
        QVERIFY(!refused.has_value());
        QVERIFY(refused.error().message.contains(QStringLiteral("0 -> 7")));
        QVERIFY(GraphLayoutEngine::layout(GraphLayoutRequest{})->centres.isEmpty());
    }

    void queueDeliversOffTheCallingThread()
    {
        GraphLayoutQueue queue;
        QSignalSpy done(&queue, &GraphLayoutQueue::laidOut);
        const quint64 id = queue.submit(chain(4, GraphLayoutAlgorithm::Dot));
        QCOMPARE(queue.pending(), 1);
        QVERIFY(done.wait(10000));
        QCOMPARE(done.constFirst().at(0).value<quint64>(), id);
        QCOMPARE(done.constFirst().at(1).value<GraphLayoutResult>().centres.size(), 4);
        QCOMPARE(queue.pending(), 0);
    }

    void cancelledJobsAreDropped()
    {
        GraphLayoutQueue queue;
        QSignalSpy done(&queue, &GraphLayoutQueue::laidOut);
        QSignalSpy failed(&queue, &GraphLayoutQueue::failed);
        // The first may already be running on the worker: its result must still be dropped.
        const quint64 first = queue.submit(star(200, GraphLayoutAlgorithm::Sfdp));
        const quint64 second = queue.submit(chain(6, GraphLayoutAlgorithm::Dot));
        const quint64 third = queue.submit(chain(3, GraphLayoutAlgorithm::Dot));
        queue.cancel(first);
        queue.cancel(second);
        QCOMPARE(queue.pending(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QCOMPARE(done.constFirst().at(0).value<quint64>(), third);
        QCOMPARE(done.constFirst().at(1).value<GraphLayoutResult>().centres.size(), 3);
        QTest::qWait(100);
        QCOMPARE(done.size(), 1);
        QVERIFY(failed.isEmpty());
    }

    void slowJobsTimeOut()
    {
        GraphLayoutQueue queue;
        queue.setTimeout(0); // expires before the worker's answer can be delivered
        QSignalSpy done(&queue, &GraphLayoutQueue::laidOut);
        QSignalSpy failed(&queue, &GraphLayoutQueue::failed);
        const quint64 id = queue.submit(chain(5, GraphLayoutAlgorithm::Dot));
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.constFirst().at(0).value<quint64>(), id);
        QVERIFY(failed.constFirst().at(1).toString().contains(QStringLiteral("longer than 0.0 s")));
        QTest::qWait(300);
        QVERIFY(done.isEmpty());
        QCOMPARE(queue.pending(), 0);
    }

    void refusalComesBackAsFailure()
    {
        GraphLayoutQueue queue;
        QSignalSpy failed(&queue, &GraphLayoutQueue::failed);
        const quint64 id =
            queue.submit(chain(GraphLayoutEngine::kMaxDotNodes + 5, GraphLayoutAlgorithm::Dot));
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.constFirst().at(0).value<quint64>(), id);
        QVERIFY(
            failed.constFirst().at(1).toString().contains(QStringLiteral("305 nodes are too many for dot")));
    }
};

QTEST_GUILESS_MAIN(GraphLayoutEngineTest)
#include "GraphLayoutEngineTest.moc"
