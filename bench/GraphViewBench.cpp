// bench_graph_view: what the permission graph page costs (issue #6, "View").
//  1. Graphviz dot on a 200-node layered path view (GraphLayoutEngine, as the page calls it).
//  2. Graphviz sfdp on a 2,000-node neighbourhood.
//  3. Repainting 5,000 nodes and 5,000 edges in a 1280x800 QGraphicsView: plain Qt items
//     in a default-configured view, against GraphNodeItem/GraphEdgeItem in GraphCanvasView
//     (level of detail, device-coordinate cache, optimisation flags), zoomed to fit and 1:1.
// Usage: bench_graph_view [repaints]   (runs offscreen unless QT_QPA_PLATFORM is set)

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QScrollBar>

#include "GraphCanvasView.h"
#include "GraphEdgeItem.h"
#include "GraphLayoutEngine.h"
#include "GraphNodeItem.h"

using namespace gatehouse;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// 200 nodes in 10 layers of 20, each node linked to 2 nodes of the next layer (like the
/// union of k alternative paths from a few starts into Tier Zero).
GraphLayoutRequest pathView(std::mt19937& rng)
{
    GraphLayoutRequest r;
    r.algorithm = GraphLayoutAlgorithm::Dot;
    constexpr int kLayers = 10;
    constexpr int kWidth = 20;
    for (int i = 0; i < kLayers * kWidth; ++i)
        r.nodes << GraphLayoutNode{QSizeF(110, 26)};
    std::uniform_int_distribution<int> pick(0, kWidth - 1);
    for (int layer = 0; layer + 1 < kLayers; ++layer)
        for (int i = 0; i < kWidth; ++i)
            for (int k = 0; k < 2; ++k)
                r.edges << GraphLayoutEdge{layer * kWidth + i, (layer + 1) * kWidth + pick(rng)};
    return r;
}

/// 2,000 nodes: a start, 40 direct neighbours, each with up to 60 of its own, and 400
/// random cross edges (shared policies, roles assumable from several places).
GraphLayoutRequest neighbourhood(std::mt19937& rng)
{
    GraphLayoutRequest r;
    r.algorithm = GraphLayoutAlgorithm::Sfdp;
    constexpr int kNodes = 2000;
    for (int i = 0; i < kNodes; ++i)
        r.nodes << GraphLayoutNode{QSizeF(100, 26)};
    int next = 41;
    for (int i = 1; i <= 40; ++i) {
        r.edges << GraphLayoutEdge{0, i};
        for (int k = 0; k < 49 && next < kNodes; ++k)
            r.edges << GraphLayoutEdge{i, next++};
    }
    while (next < kNodes)
        r.edges << GraphLayoutEdge{1, next++};
    std::uniform_int_distribution<int> any(0, kNodes - 1);
    for (int k = 0; k < 400; ++k)
        r.edges << GraphLayoutEdge{any(rng), any(rng)};
    return r;
}

void timeLayout(const char* what, const GraphLayoutRequest& request, int runs)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        auto r = GraphLayoutEngine::layout(request);
        ms.push_back(t.nsecsElapsed() / 1e6);
        if (!r) {
            std::printf("%s: FAILED %s\n", what, qPrintable(r.error().message));
            return;
        }
    }
    std::printf("%-44s %6lld nodes %6lld edges  median %9.1f ms (%d runs)\n", what,
                static_cast<long long>(request.nodes.size()), static_cast<long long>(request.edges.size()),
                median(ms), runs);
}

struct Grid
{
    std::vector<QPointF> centres;
    std::vector<std::pair<int, int>> edges;
};

/// 5,000 nodes on a 100 x 50 grid and 5,000 edges between nearby nodes.
Grid grid(std::mt19937& rng)
{
    Grid g;
    constexpr int kColumns = 100;
    constexpr int kRows = 50;
    for (int y = 0; y < kRows; ++y)
        for (int x = 0; x < kColumns; ++x)
            g.centres.emplace_back(x * 170.0, y * 70.0);
    std::uniform_int_distribution<int> any(0, kColumns * kRows - 1);
    std::uniform_int_distribution<int> step(-2, 2);
    while (g.edges.size() < 5000) {
        const int a = any(rng);
        const int bx = a % kColumns + step(rng);
        const int by = a / kColumns + step(rng);
        if (bx < 0 || by < 0 || bx >= kColumns || by >= kRows)
            continue;
        const int b = by * kColumns + bx;
        if (a != b)
            g.edges.emplace_back(a, b);
    }
    return g;
}

QString labelOf(int i)
{
    return QStringLiteral("arn:aws:iam::1111:role/r%1").arg(i);
}

/// Plain Qt items, as one would write them first.
void fillPlain(QGraphicsScene& scene, const Grid& g)
{
    for (size_t i = 0; i < g.centres.size(); ++i) {
        auto* box =
            scene.addRect(QRectF(-70, -13, 140, 26), QPen(Qt::darkGray), QBrush(QColor(0xc8, 0xe6, 0xc9)));
        box->setPos(g.centres[i]);
        auto* text = new QGraphicsSimpleTextItem(labelOf(static_cast<int>(i)), box);
        text->setPos(-text->boundingRect().width() / 2, -text->boundingRect().height() / 2);
    }
    for (const auto& [a, b] : g.edges)
        scene.addLine(QLineF(g.centres[a], g.centres[b]), QPen(Qt::gray));
}

void fillTuned(QGraphicsScene& scene, const Grid& g, const QFont& font)
{
    for (size_t i = 0; i < g.centres.size(); ++i) {
        auto* node =
            new GraphNodeItem(labelOf(static_cast<int>(i)), labelOf(static_cast<int>(i)),
                              i % 7 == 0 ? GraphNodeKind::Policy : GraphNodeKind::Role, i % 97 == 0, font);
        node->setPos(g.centres[i]);
        scene.addItem(node);
    }
    for (const auto& [a, b] : g.edges)
        scene.addItem(new GraphEdgeItem({g.centres[a], g.centres[b]}, false, {}, GraphEdgeItem::Style::Plain,
                                        a % 5 == 0));
}

double timeRepaints(QGraphicsView& view, int repaints)
{
    view.viewport()->repaint(); // warm caches and the BSP index
    QApplication::processEvents();
    std::vector<double> ms;
    for (int i = 0; i < repaints; ++i) {
        QElapsedTimer t;
        t.start();
        view.viewport()->repaint();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    return median(ms);
}

struct Repaint
{
    double fit = 0;
    double oneToOne = 0;
    double panned = 0;
};

Repaint measure(QGraphicsView& view, int repaints)
{
    Repaint r;
    view.resize(1280, 800);
    view.show();
    QApplication::processEvents();
    view.fitInView(view.scene()->itemsBoundingRect(), Qt::KeepAspectRatio);
    r.fit = timeRepaints(view, repaints);
    view.setTransform(QTransform());
    view.centerOn(view.scene()->itemsBoundingRect().center());
    r.oneToOne = timeRepaints(view, repaints);
    // Panning at 1:1: scroll by 40 px between repaints.
    std::vector<double> ms;
    for (int i = 0; i < repaints; ++i) {
        view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + 40);
        QElapsedTimer t;
        t.start();
        view.viewport()->repaint();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    r.panned = median(ms);
    return r;
}

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int repaints = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 20;
    std::mt19937 rng(6);

    std::printf("== Graphviz layout (GraphLayoutEngine) ==\n");
    timeLayout("dot, layered path view", pathView(rng), 5);
    timeLayout("sfdp, neighbourhood", neighbourhood(rng), 3);

    std::printf("\n== Repaint of 5,000 nodes + 5,000 edges, 1280x800 viewport, median of %d ==\n", repaints);
    const Grid g = grid(rng);
    Repaint plain;
    {
        QGraphicsScene scene;
        fillPlain(scene, g);
        QGraphicsView view(&scene);
        view.setRenderHint(QPainter::Antialiasing);
        plain = measure(view, repaints);
    }
    Repaint itemsOnly;
    {
        QGraphicsScene scene;
        fillTuned(scene, g, app.font());
        QGraphicsView view(&scene);
        view.setRenderHint(QPainter::Antialiasing);
        itemsOnly = measure(view, repaints);
    }
    Repaint tuned;
    {
        QGraphicsScene scene;
        scene.setItemIndexMethod(QGraphicsScene::BspTreeIndex);
        fillTuned(scene, g, app.font());
        GraphCanvasView view;
        view.setScene(&scene);
        tuned = measure(view, repaints);
    }
    std::printf("%-52s %10s %10s %10s\n", "", "fit (all)", "1:1", "1:1 pan");
    std::printf("%-52s %8.1f ms %8.1f ms %8.1f ms\n", "default view, plain rect+text+line items", plain.fit,
                plain.oneToOne, plain.panned);
    std::printf("%-52s %8.1f ms %8.1f ms %8.1f ms\n",
                "default view, GraphNodeItem/GraphEdgeItem (LOD, cache)", itemsOnly.fit, itemsOnly.oneToOne,
                itemsOnly.panned);
    std::printf("%-52s %8.1f ms %8.1f ms %8.1f ms\n", "GraphCanvasView tuning + those items", tuned.fit,
                tuned.oneToOne, tuned.panned);
    std::printf("%-52s %9.1fx %9.1fx %9.1fx\n", "speed-up, tuned against default", plain.fit / tuned.fit,
                plain.oneToOne / tuned.oneToOne, plain.panned / tuned.panned);
    return 0;
}
