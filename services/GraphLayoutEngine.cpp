#include "GraphLayoutEngine.h"

#include <mutex>
#include <optional>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <QElapsedTimer>

namespace gatehouse {

namespace {

// One context for the process, created on first use under the mutex and kept: creating
// it loads the plugin configuration, which costs more than laying out a path view.
std::mutex& graphvizMutex()
{
    static std::mutex mutex;
    return mutex;
}

GVC_t* context()
{
    static GVC_t* gvc = nullptr;
    if (!gvc) {
        agseterr(AGERR); // warnings (e.g. "node overlap removal") are not the user's business
        gvc = gvContext();
    }
    return gvc;
}

// cgraph takes char* for names and values it never writes; keep the casts in one place.
char* mutableText(const char* text)
{
    return const_cast<char*>(text);
}

void setDefault(Agraph_t* g, int kind, const char* name, const char* value)
{
    agattr(g, kind, mutableText(name), mutableText(value));
}

QByteArray inches(double points)
{
    return QByteArray::number(points / 72.0, 'f', 4);
}

std::optional<QPointF> parsePoint(QByteArrayView text)
{
    const qsizetype comma = text.indexOf(',');
    if (comma < 0)
        return std::nullopt;
    bool okX = false;
    bool okY = false;
    const double x = text.first(comma).toDouble(&okX);
    QByteArrayView rest = text.sliced(comma + 1);
    if (rest.endsWith('!'))
        rest.chop(1);
    const double y = rest.toDouble(&okY);
    if (!okX || !okY)
        return std::nullopt;
    return QPointF(x, y);
}

/// Graphviz edge "pos": [e,x,y] [s,x,y] p1 p2 ... (1 + 3n Bézier points); several splines
/// are separated by ';', of which the first is kept.
GraphLayoutSpline parseSpline(const QByteArray& pos)
{
    GraphLayoutSpline spline;
    std::optional<QPointF> tip;
    const QByteArray first = pos.left(pos.indexOf(';') < 0 ? pos.size() : pos.indexOf(';'));
    for (const QByteArray& token : first.split(' ')) {
        if (token.isEmpty())
            continue;
        if (token.startsWith("e,")) {
            tip = parsePoint(QByteArrayView(token).sliced(2));
        } else if (token.startsWith("s,")) {
            continue; // the tail point of an arrow at the start; edges here have none
        } else if (auto p = parsePoint(token)) {
            spline.points << *p;
        }
    }
    if (tip) {
        spline.hasTip = true;
        spline.tip = *tip;
    }
    return spline;
}

} // namespace

QString graphLayoutAlgorithmName(GraphLayoutAlgorithm algorithm)
{
    return algorithm == GraphLayoutAlgorithm::Dot ? QStringLiteral("dot") : QStringLiteral("sfdp");
}

int GraphLayoutEngine::maxNodes(GraphLayoutAlgorithm algorithm)
{
    return algorithm == GraphLayoutAlgorithm::Dot ? kMaxDotNodes : kMaxSfdpNodes;
}

Result<GraphLayoutResult> GraphLayoutEngine::layout(const GraphLayoutRequest& request)
{
    const qsizetype n = request.nodes.size();
    if (n > maxNodes(request.algorithm))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1 nodes are too many for %2 (at most %3): show fewer nodes")
                        .arg(n)
                        .arg(graphLayoutAlgorithmName(request.algorithm))
                        .arg(maxNodes(request.algorithm)));
    for (const GraphLayoutEdge& e : request.edges) {
        if (e.from < 0 || e.to < 0 || e.from >= n || e.to >= n)
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("edge %1 -> %2 names a node outside 0..%3").arg(e.from).arg(e.to).arg(n - 1));
    }
    GraphLayoutResult result;
    result.algorithm = request.algorithm;
    if (n == 0)
        return result;

    const std::lock_guard lock(graphvizMutex());
    QElapsedTimer timer;
    timer.start();
    GVC_t* gvc = context();
    Agraph_t* g = agopen(mutableText("excerpt"), Agdirected, nullptr);

    setDefault(g, AGNODE, "shape", "box");
    setDefault(g, AGNODE, "fixedsize", "true");
    setDefault(g, AGNODE, "label", "");
    Agsym_t* width = agattr(g, AGNODE, mutableText("width"), mutableText("1"));
    Agsym_t* height = agattr(g, AGNODE, mutableText("height"), mutableText("0.5"));
    if (request.algorithm == GraphLayoutAlgorithm::Dot) {
        setDefault(g, AGRAPH, "rankdir", "LR");
        setDefault(g, AGRAPH, "nodesep", "0.25");
        setDefault(g, AGRAPH, "ranksep", "0.6");
        // Iteration caps: network simplex and crossing minimisation dominate dot's time.
        setDefault(g, AGRAPH, "nslimit", "30");
        setDefault(g, AGRAPH, "nslimit1", "30");
        setDefault(g, AGRAPH, "mclimit", "0.5");
        setDefault(g, AGRAPH, "searchsize", "30");
    } else {
        setDefault(g, AGRAPH, "overlap", "prism");
        setDefault(g, AGRAPH, "sep", "+6");
        setDefault(g, AGRAPH, "K", "1.2");
        setDefault(g, AGRAPH, "maxiter", "400");
    }

    std::vector<Agnode_t*> nodes(static_cast<size_t>(n));
    for (qsizetype i = 0; i < n; ++i) {
        const QByteArray name = "n" + QByteArray::number(i);
        Agnode_t* node = agnode(g, mutableText(name.constData()), 1);
        const QSizeF size = request.nodes.at(i).size;
        agxset(node, width, mutableText(inches(size.width()).constData()));
        agxset(node, height, mutableText(inches(size.height()).constData()));
        nodes[static_cast<size_t>(i)] = node;
    }
    std::vector<Agedge_t*> edges;
    edges.reserve(static_cast<size_t>(request.edges.size()));
    for (qsizetype i = 0; i < request.edges.size(); ++i) {
        const GraphLayoutEdge& e = request.edges.at(i);
        // A key per edge keeps parallel edges apart (cgraph would merge equal unnamed ones).
        const QByteArray key = "e" + QByteArray::number(i);
        edges.push_back(agedge(g, nodes[static_cast<size_t>(e.from)], nodes[static_cast<size_t>(e.to)],
                               mutableText(key.constData()), 1));
    }

    const char* engine = request.algorithm == GraphLayoutAlgorithm::Dot ? "dot" : "sfdp";
    if (gvLayout(gvc, g, engine) != 0) {
        const QString why = QString::fromUtf8(aglasterr());
        agclose(g);
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("Graphviz %1 failed: %2").arg(QLatin1String(engine), why.trimmed()));
    }
    attach_attrs(g); // writes "pos" on nodes and edges and "bb" on the graph

    QRectF bb;
    if (const char* text = agget(g, mutableText("bb"))) {
        const QList<QByteArray> parts = QByteArray(text).split(',');
        if (parts.size() == 4)
            bb = QRectF(QPointF(parts[0].toDouble(), parts[1].toDouble()),
                        QPointF(parts[2].toDouble(), parts[3].toDouble()));
    }
    // Graphviz's y axis points up; the scene's down.
    const auto flip = [&bb](QPointF p) { return QPointF(p.x() - bb.left(), bb.bottom() - p.y()); };
    result.centres.reserve(n);
    for (Agnode_t* node : nodes) {
        const char* pos = agget(node, mutableText("pos"));
        const auto p = pos ? parsePoint(QByteArrayView(pos)) : std::nullopt;
        result.centres << flip(p.value_or(QPointF()));
    }
    result.edges.reserve(request.edges.size());
    for (Agedge_t* edge : edges) {
        const char* pos = agget(edge, mutableText("pos"));
        GraphLayoutSpline spline = pos ? parseSpline(QByteArray(pos)) : GraphLayoutSpline();
        for (QPointF& p : spline.points)
            p = flip(p);
        spline.tip = flip(spline.tip);
        result.edges << spline;
    }
    result.bounds = QRectF(0, 0, bb.width(), bb.height());

    gvFreeLayout(gvc, g);
    agclose(g);
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace gatehouse
