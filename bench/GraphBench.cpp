// bench_graph: permission-graph ingest and analysis.
//
//  (a) ingest: AwsAuthorizationImporter on an authorization-details file (default: the
//      shared corpus' example-authz-details.json) against the bare QJsonDocument parse of
//      the same bytes, and the stored import through PermissionGraphService;
//  (b) a synthetic IAM-shaped graph (users, groups, roles, policies, permissions,
//      resources; --nodes / --edges, default 1M / 5M): shortest path from a principal to
//      any Tier Zero node and blast radius, against a bare BFS over the same edges;
//  (c) every principal's shortest path to Tier Zero on a --all-edges graph (default 6.3M):
//      one reverse BFS, against a bare reverse BFS;
//  (d) with --networkx: the same queries in networkx on the same graph (written as an edge
//      list), each printed as a ratio.
//
// MB = 10^6 bytes. Not registered with CTest; build with the bench preset.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include "Application.h"
#include "AwsAuthorizationImporter.h"
#include "CryptoPrimitives.h"
#include "PermissionGraph.h"

using namespace gatehouse;

namespace {

void out(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString& message, int code = 1)
{
    std::fputs((QStringLiteral("bench_graph: ") + message + QLatin1Char('\n')).toUtf8().constData(), stderr);
    std::exit(code);
}

struct Synthetic
{
    PermissionGraph graph;
    std::vector<std::pair<quint32, quint32>> edges;
    std::vector<quint32> principals; ///< users and roles
    std::vector<char> tierZero;
};

/// An IAM-shaped graph: 2 % users, 0.2 % groups, 3 % roles, 5 % policies, 10 % resources,
/// the rest permissions. Users join 2 groups and hold 3 policies, groups 5, roles 4;
/// every role is assumable by 2 principals; 1 % of principals hold an escalation edge to a
/// role; each permission applies to one resource; the remaining edges are policy ->
/// permission grants. 0.2 % of roles are Tier Zero.
Synthetic synthesize(quint32 n, quint64 m, quint64 seed)
{
    Synthetic s;
    std::mt19937_64 rng(seed);
    const quint32 users = n / 50, groups = n / 500, roles = n * 3 / 100, policies = n / 20,
                  resources = n / 10;
    const quint32 firstGroup = users, firstRole = firstGroup + groups, firstPolicy = firstRole + roles,
                  firstResource = firstPolicy + policies, firstPermission = firstResource + resources;
    auto pick = [&](quint32 first, quint32 count) { return first + static_cast<quint32>(rng() % count); };
    s.tierZero.assign(n, 0);
    for (quint32 i = 0; i < n; ++i) {
        GraphNodeKind kind = GraphNodeKind::Permission;
        if (i < firstGroup)
            kind = GraphNodeKind::Principal;
        else if (i < firstRole)
            kind = GraphNodeKind::Group;
        else if (i < firstPolicy)
            kind = GraphNodeKind::Role;
        else if (i < firstResource)
            kind = GraphNodeKind::Policy;
        else if (i < firstPermission)
            kind = GraphNodeKind::Resource;
        const bool tz = kind == GraphNodeKind::Role && (i - firstRole) % 500 == 0;
        s.tierZero[i] = tz ? 1 : 0;
        s.graph.addNode(GraphNode{QStringLiteral("n%1").arg(i), kind, {}, tz, {}});
        if (kind == GraphNodeKind::Principal || kind == GraphNodeKind::Role)
            s.principals.push_back(i);
    }
    auto add = [&](quint32 a, quint32 b, GraphEdgeKind kind) {
        s.edges.emplace_back(a, b);
        s.graph.addEdge(a, b, kind);
    };
    for (quint32 u = 0; u < users; ++u) {
        add(u, pick(firstGroup, groups), GraphEdgeKind::MemberOf);
        add(u, pick(firstGroup, groups), GraphEdgeKind::MemberOf);
        for (int k = 0; k < 3; ++k)
            add(u, pick(firstPolicy, policies), GraphEdgeKind::Grants);
    }
    for (quint32 g = firstGroup; g < firstRole; ++g)
        for (int k = 0; k < 5; ++k)
            add(g, pick(firstPolicy, policies), GraphEdgeKind::Grants);
    for (quint32 r = firstRole; r < firstPolicy; ++r) {
        for (int k = 0; k < 4; ++k)
            add(r, pick(firstPolicy, policies), GraphEdgeKind::Grants);
        for (int k = 0; k < 2; ++k)
            add(s.principals[rng() % s.principals.size()], r, GraphEdgeKind::CanAssume);
    }
    for (size_t i = 0; i < s.principals.size() / 100; ++i)
        add(s.principals[rng() % s.principals.size()], pick(firstRole, roles),
            (i % 2) ? GraphEdgeKind::CanPassRole : GraphEdgeKind::CanModify);
    for (quint32 p = firstPermission; p < n; ++p)
        add(p, pick(firstResource, resources), GraphEdgeKind::Grants);
    while (s.edges.size() < m)
        add(pick(firstPolicy, policies), pick(firstPermission, n - firstPermission), GraphEdgeKind::Grants);
    s.graph.finalize();
    return s;
}

/// The baseline: adjacency lists and a plain BFS with an early exit, no path bookkeeping
/// beyond parents, no kinds, no ids.
struct BareGraph
{
    std::vector<std::vector<quint32>> out, in;
    explicit BareGraph(quint32 n, const std::vector<std::pair<quint32, quint32>>& edges) : out(n), in(n)
    {
        for (const auto& [a, b] : edges) {
            out[a].push_back(b);
            in[b].push_back(a);
        }
    }
    int pathLength(quint32 s, const std::vector<char>& target) const
    {
        std::vector<quint32> parent(out.size(), 0xFFFFFFFFu);
        std::vector<quint32> queue{s};
        parent[s] = s;
        for (size_t h = 0; h < queue.size(); ++h) {
            const quint32 u = queue[h];
            if (target[u]) {
                int len = 0;
                for (quint32 x = u; x != s; x = parent[x])
                    ++len;
                return len;
            }
            for (quint32 v : out[u])
                if (parent[v] == 0xFFFFFFFFu) {
                    parent[v] = u;
                    queue.push_back(v);
                }
        }
        return -1;
    }
    size_t reach(quint32 s) const
    {
        std::vector<char> seen(out.size(), 0);
        std::vector<quint32> queue{s};
        seen[s] = 1;
        for (size_t h = 0; h < queue.size(); ++h)
            for (quint32 v : out[queue[h]])
                if (!seen[v]) {
                    seen[v] = 1;
                    queue.push_back(v);
                }
        return queue.size();
    }
    size_t reverseFrom(const std::vector<char>& targets) const
    {
        std::vector<quint32> dist(in.size(), 0xFFFFFFFFu);
        std::vector<quint32> queue;
        for (quint32 i = 0; i < in.size(); ++i)
            if (targets[i]) {
                dist[i] = 0;
                queue.push_back(i);
            }
        for (size_t h = 0; h < queue.size(); ++h)
            for (quint32 u : in[queue[h]])
                if (dist[u] == 0xFFFFFFFFu) {
                    dist[u] = dist[queue[h]] + 1;
                    queue.push_back(u);
                }
        return queue.size();
    }
};

double ms(qint64 ns)
{
    return static_cast<double>(ns) / 1e6;
}

void ingest(const QString& file, int repeat)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        die(QStringLiteral("cannot read %1").arg(file));
    const QByteArray data = f.readAll();
    const double mb = static_cast<double>(data.size()) / 1e6;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < repeat; ++i)
        if (QJsonDocument::fromJson(data).isNull())
            die(QStringLiteral("%1 is not JSON").arg(file));
    const double parse = ms(t.nsecsElapsed()) / repeat;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    t.restart();
    qsizetype nodes = 0, edges = 0;
    for (int i = 0; i < repeat; ++i) {
        auto g = AwsAuthorizationImporter(now).import(data, QStringLiteral("bench.json"));
        if (!g)
            die(g.error().message);
        nodes = g->nodes.size();
        edges = g->edges.size();
    }
    const double import = ms(t.nsecsElapsed()) / repeat;
    out(QStringLiteral("ingest %1 (%2 MB, %3 nodes, %4 edges), mean of %5:")
            .arg(file)
            .arg(mb, 0, 'f', 3)
            .arg(nodes)
            .arg(edges)
            .arg(repeat));
    out(QStringLiteral("  bare QJsonDocument parse   %1 ms  (%2 MB/s)")
            .arg(parse, 0, 'f', 2)
            .arg(mb / parse * 1e3, 0, 'f', 1));
    out(QStringLiteral("  AwsAuthorizationImporter   %1 ms  (%2 MB/s)  ratio %3x the parse time")
            .arg(import, 0, 'f', 2)
            .arg(mb / import * 1e3, 0, 'f', 1)
            .arg(import / parse, 0, 'f', 1));

    QTemporaryDir dir;
    ApplicationConfig config;
    config.workspaceDir = dir.path();
    config.initLogging = false;
    config.scrypt = ScryptParameters{1u << 10, 8, 1};
    auto app = Application::open(config);
    if (!app)
        die(app.error().message);
    if (!(*app)->accounts().createFirstAdmin(QStringLiteral("admin"), QStringLiteral("Admin"),
                                             QStringLiteral("bench password 1")))
        die(QStringLiteral("cannot create the admin"));
    auto session =
        (*app)->accounts().authenticate(QStringLiteral("admin"), QStringLiteral("bench password 1"));
    if (!session)
        die(session.error().message);
    auto g = AwsAuthorizationImporter(now).import(data, QStringLiteral("bench.json"));
    t.restart();
    const int stores = 5;
    for (int i = 0; i < stores; ++i)
        if (auto r = (*app)->graph().importGraph(*session, *g,
                                                 QString::fromLatin1(CryptoPrimitives::sha256(data).toHex()));
            !r)
            die(r.error().message);
    const double stored = ms(t.nsecsElapsed()) / stores;
    out(QStringLiteral("  + stored import (1 transaction, diff, ledger)  %1 ms  ratio %2x the parse time")
            .arg(stored, 0, 'f', 2)
            .arg((import + stored) / parse, 0, 'f', 1));
}

QJsonObject runNetworkx(const QString& script, const Synthetic& s, const std::vector<quint32>& starts,
                        const QString& dir)
{
    QFile edges(dir + QStringLiteral("/edges.txt")), tz(dir + QStringLiteral("/tz.txt")),
        st(dir + QStringLiteral("/starts.txt"));
    if (!edges.open(QIODevice::WriteOnly) || !tz.open(QIODevice::WriteOnly) || !st.open(QIODevice::WriteOnly))
        die(QStringLiteral("cannot write the networkx input"));
    QByteArray buffer;
    for (const auto& [a, b] : s.edges) {
        buffer += QByteArray::number(a) + ' ' + QByteArray::number(b) + '\n';
        if (buffer.size() > (1 << 20)) {
            edges.write(buffer);
            buffer.clear();
        }
    }
    edges.write(buffer);
    edges.close();
    for (size_t i = 0; i < s.tierZero.size(); ++i)
        if (s.tierZero[i])
            tz.write(QByteArray::number(static_cast<qulonglong>(i)) + '\n');
    tz.close();
    for (auto x : starts)
        st.write(QByteArray::number(x) + '\n');
    st.close();
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral("python3"), {script, edges.fileName(), tz.fileName(), st.fileName()});
    if (!p.waitForFinished(-1) || p.exitCode() != 0)
        die(QStringLiteral("networkx script failed"));
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Permission-graph ingest and analysis benchmark"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("aws"),
                      QStringLiteral("Authorization-details file for the ingest figures."),
                      QStringLiteral("file")});
    parser.addOption(
        {QStringLiteral("repeat"), QStringLiteral("Ingest repetitions (default 20)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("nodes"), QStringLiteral("Synthetic graph nodes (default 1000000)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("edges"), QStringLiteral("Synthetic graph edges (default 5000000)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("all-edges"),
                      QStringLiteral("Edges of the every-principal graph (default 6300000)."),
                      QStringLiteral("n")});
    parser.addOption(
        {QStringLiteral("queries"), QStringLiteral("Path queries (default 200)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("networkx"),
                      QStringLiteral("Also time networkx with this script (bench/graph_networkx.py)."),
                      QStringLiteral("script")});
    parser.process(app);
    auto num = [&](const char* name, quint64 fallback) {
        const QString v = parser.value(QLatin1String(name));
        return v.isEmpty() ? fallback : v.toULongLong();
    };
    QString aws = parser.value(QStringLiteral("aws"));
    if (aws.isEmpty())
        aws = qEnvironmentVariable("GATEHOUSE_SHARED_DIR", QStringLiteral("../shared")) +
              QStringLiteral("/corpus/aws-iam/example-authz-details.json");
    ingest(aws, static_cast<int>(num("repeat", 20)));

    const auto n = static_cast<quint32>(num("nodes", 1000000));
    const quint64 m = num("edges", 5000000);
    QElapsedTimer t;
    t.start();
    Synthetic s = synthesize(n, m, 42);
    out(QStringLiteral("synthetic IAM-shaped graph: %1 nodes, %2 edges, %3 Tier Zero, built in %4 ms")
            .arg(s.graph.nodeCount())
            .arg(s.graph.edgeCount())
            .arg(std::count(s.tierZero.begin(), s.tierZero.end(), 1))
            .arg(ms(t.nsecsElapsed()), 0, 'f', 0));
    t.restart();
    BareGraph bare(n, s.edges);
    out(QStringLiteral("  bare adjacency lists built in %1 ms").arg(ms(t.nsecsElapsed()), 0, 'f', 0));

    std::mt19937_64 rng(7);
    const auto queries = static_cast<int>(num("queries", 200));
    std::vector<quint32> starts;
    for (int i = 0; i < queries; ++i)
        starts.push_back(s.principals[rng() % s.principals.size()]);
    t.restart();
    int found = 0;
    for (auto st : starts)
        found += s.graph.shortestPath({st}, s.tierZero, 0) ? 1 : 0;
    const double ours = ms(t.nsecsElapsed()) / queries;
    t.restart();
    int bareFound = 0;
    for (auto st : starts)
        bareFound += bare.pathLength(st, s.tierZero) >= 0 ? 1 : 0;
    const double bareMs = ms(t.nsecsElapsed()) / queries;
    if (found != bareFound)
        die(QStringLiteral("path search and bare BFS disagree (%1 vs %2)").arg(found).arg(bareFound));
    out(QStringLiteral("  path to Tier Zero: %1 ms per query (%2 of %3 found); bare BFS %4 ms; ratio %5")
            .arg(ours, 0, 'f', 3)
            .arg(found)
            .arg(queries)
            .arg(bareMs, 0, 'f', 3)
            .arg(ours / bareMs, 0, 'f', 2));
    t.restart();
    size_t reached = 0;
    const int blasts = std::min(queries, 20);
    for (int i = 0; i < blasts; ++i)
        reached += s.graph.reachable({starts[static_cast<size_t>(i)]}).size();
    const double blast = ms(t.nsecsElapsed()) / blasts;
    t.restart();
    size_t bareReached = 0;
    for (int i = 0; i < blasts; ++i)
        bareReached += bare.reach(starts[static_cast<size_t>(i)]);
    const double bareBlast = ms(t.nsecsElapsed()) / blasts;
    if (reached != bareReached)
        die(QStringLiteral("reachability and bare BFS disagree"));
    out(QStringLiteral("  blast radius: %1 ms per start (mean %2 nodes reached); bare BFS %3 ms; ratio %4")
            .arg(blast, 0, 'f', 1)
            .arg(reached / blasts)
            .arg(bareBlast, 0, 'f', 1)
            .arg(blast / bareBlast, 0, 'f', 2));

    QTemporaryDir dir;
    QJsonObject nx;
    if (parser.isSet(QStringLiteral("networkx"))) {
        nx = runNetworkx(parser.value(QStringLiteral("networkx")), s, starts, dir.path());
        out(QStringLiteral(
                "  networkx %1: load %2 s; path %3 ms (ours %4x faster); blast %5 ms (ours %6x faster)")
                .arg(QStringLiteral("(same graph)"))
                .arg(nx.value(QStringLiteral("load_s")).toDouble(), 0, 'f', 1)
                .arg(nx.value(QStringLiteral("path_s")).toDouble() * 1e3, 0, 'f', 2)
                .arg(nx.value(QStringLiteral("path_s")).toDouble() * 1e3 / ours, 0, 'f', 1)
                .arg(nx.value(QStringLiteral("blast_s")).toDouble() * 1e3, 0, 'f', 1)
                .arg(nx.value(QStringLiteral("blast_s")).toDouble() * 1e3 / blast, 0, 'f', 1));
        if (nx.value(QStringLiteral("paths_found")).toInt() != found)
            die(QStringLiteral("networkx found %1 paths, we found %2")
                    .arg(nx.value(QStringLiteral("paths_found")).toInt())
                    .arg(found));
    }

    const quint64 all = num("all-edges", 6300000);
    s = Synthetic{};
    t.restart();
    Synthetic big = synthesize(n, all, 43);
    out(QStringLiteral("every principal's shortest path to Tier Zero: %1 nodes, %2 edges (built in %3 ms)")
            .arg(big.graph.nodeCount())
            .arg(big.graph.edgeCount())
            .arg(ms(t.nsecsElapsed()), 0, 'f', 0));
    std::vector<PermissionGraph::Index> distance, next;
    t.restart();
    big.graph.distancesTo(big.tierZero, distance, next);
    size_t reaching = 0;
    for (auto p : big.principals)
        if (distance[p] != PermissionGraph::kNone && !big.tierZero[p]) {
            ++reaching;
            // walk the path so it is materialised, as a report would
            for (auto x = p; next[x] != PermissionGraph::kNone; x = big.graph.edgeTo(next[x])) {
            }
        }
    const double everyone = ms(t.nsecsElapsed());
    BareGraph bareBig(n, big.edges);
    t.restart();
    const size_t bareReach = bareBig.reverseFrom(big.tierZero);
    const double bareEveryone = ms(t.nsecsElapsed());
    out(QStringLiteral("  %1 of %2 principals reach Tier Zero: %3 ms (one reverse BFS + walking each path); "
                       "bare reverse BFS %4 ms (%5 nodes); ratio %6")
            .arg(reaching)
            .arg(big.principals.size())
            .arg(everyone, 0, 'f', 1)
            .arg(bareEveryone, 0, 'f', 1)
            .arg(bareReach)
            .arg(everyone / bareEveryone, 0, 'f', 2));
    if (parser.isSet(QStringLiteral("networkx"))) {
        std::vector<quint32> one{big.principals.front()};
        QTemporaryDir dir2;
        const QJsonObject nx2 = runNetworkx(parser.value(QStringLiteral("networkx")), big, one, dir2.path());
        out(QStringLiteral("  networkx (same graph): %1 ms; ours %2x faster")
                .arg(nx2.value(QStringLiteral("everyone_s")).toDouble() * 1e3, 0, 'f', 0)
                .arg(nx2.value(QStringLiteral("everyone_s")).toDouble() * 1e3 / everyone, 0, 'f', 1));
    }
    return 0;
}
