#include "PermissionGraphService.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QJsonArray>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QXmlStreamWriter>

#include "Authorization.h"
#include "DecisionPathRepository.h"
#include "IamPattern.h"
#include "Logging.h"

namespace gatehouse {

namespace {

constexpr qsizetype kListCap = 200;
constexpr int kMaxK = GraphPathQuery::kMaxK;

std::unexpected<Error> invalid(const QString& message)
{
    return fail(ErrorCode::InvalidInput, message);
}

/// \a text cut to \a max characters with control characters shown as \uXXXX, for messages.
QString printableName(const QString& text, qsizetype max = 80)
{
    QString out;
    for (const QChar c : text.left(max)) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c.isSurrogate())
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return text.size() > max ? out + QStringLiteral("...") : out;
}

/// True when \a text has a character that must not be in a name: control (C0, C1, DEL),
/// format (bidirectional overrides, zero-width) or an unpaired surrogate.
bool hasUnprintable(const QString& text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return true;
    }
    return false;
}

QStringList capped(QStringList list)
{
    if (list.size() > kListCap)
        list.resize(kListCap);
    return list;
}

QJsonArray jsonList(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

/// Adds the catalogue (AI path nodes and their runs_as edges) to \a graph before finalize().
Status addCatalogue(const QSqlDatabase& db, PermissionGraph& graph)
{
    auto paths = DecisionPathRepository(db).list();
    if (!paths)
        return std::unexpected(paths.error());
    const QList<DecisionPath> list = *paths;
    for (const auto& p : list) {
        if (p.status == PathStatus::Retired)
            continue;
        const QString id = QStringLiteral("path:") + p.id;
        graph.addNode(GraphNode{id, GraphNodeKind::AiPath, p.name, false,
                                QJsonObject{{QStringLiteral("status"), pathStatusName(p.status)},
                                            {QStringLiteral("action_types"), jsonList(p.actionTypes)},
                                            {QStringLiteral("targets"), jsonList(p.targets)},
                                            {QStringLiteral("runs_as"), jsonList(p.runsAs)}}});
        for (const auto& identity : p.runsAs)
            graph.addEdge(
                GraphEdge{id,
                          identity,
                          GraphEdgeKind::RunsAs,
                          QStringLiteral("decision path %1 runs as %2 (catalogue)").arg(p.id, identity),
                          QStringLiteral("catalogue:%1#runs_as").arg(p.id),
                          {},
                          false,
                          {},
                          {}});
    }
    return {};
}

enum class ExportFormat
{
    Dot,
    GraphMl,
};

/// XML 1.0 Char production (GraphML is XML 1.0).
bool xmlCarries(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

/// Whether \a format can carry the UTF-16 code unit \a c (a lone surrogate never: UTF-8 cannot).
bool carries(QChar c, ExportFormat format)
{
    if (c.isSurrogate())
        return false;
    return format == ExportFormat::GraphMl ? xmlCarries(c.unicode()) : c.unicode() != 0;
}

/// True when \a text can be written exactly: every character is carried, and for DOT no odd
/// run of backslashes stands before a double quote, a line feed or the end. libcgraph keeps a
/// backslash in a quoted string as written, except that it reads \" as a quote, backslash +
/// line feed as a line continuation and \\ as two backslashes, so such a run cannot be written.
bool writableExactly(const QString& text, ExportFormat format)
{
    qsizetype run = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            run = 0;
            continue;
        }
        if (!carries(c, format))
            return false;
        if (c == QLatin1Char('\\')) {
            ++run;
            continue;
        }
        if (format == ExportFormat::Dot && run % 2 == 1 && (c == QLatin1Char('"') || c == QLatin1Char('\n')))
            return false;
        run = 0;
    }
    return format != ExportFormat::Dot || run % 2 == 0;
}

/// The export escape (docs/permission-graph.md, "Export"): a backslash becomes two, a character
/// the format cannot carry becomes \xHH (below U+0100) or \uHHHH (the UTF-16 code unit).
/// Injective, and its result is always writable exactly.
QString exportEscaped(const QString& text, ExportFormat format)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
        } else if (c == QLatin1Char('\\')) {
            out += QStringLiteral("\\\\");
        } else if (carries(c, format)) {
            out += c;
        } else if (c.unicode() < 0x100) {
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        } else {
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        }
    }
    return out;
}

/// Labels, kinds, explanations: exact where possible, else escaped (display text, no marker).
QString exportText(const QString& text, ExportFormat format)
{
    return writableExactly(text, format) ? text : exportEscaped(text, format);
}

/// Node ids that are written escaped (marked id_escaped on the node), with their escaped form.
/// Every other id is written exactly. An escaped form that equals an id written exactly would
/// merge two nodes in the reader, so that id is escaped (and marked) too, until none clash.
QHash<QString, QString> escapedIds(const PermissionGraph& g, ExportFormat format)
{
    QHash<QString, QString> escaped;
    QSet<QString> exact;
    for (PermissionGraph::Index i = 0; i < g.nodeCount(); ++i) {
        const QString& id = g.node(i).id;
        if (writableExactly(id, format))
            exact.insert(id);
        else
            escaped.insert(id, exportEscaped(id, format));
    }
    for (QStringList clashing{QString()}; !clashing.isEmpty();) {
        clashing.clear();
        for (const QString& e : std::as_const(escaped))
            if (exact.contains(e))
                clashing << e;
        for (const QString& id : std::as_const(clashing)) {
            exact.remove(id);
            escaped.insert(id, exportEscaped(id, format));
        }
    }
    return escaped;
}

/// A DOT quoted string of \a text, which must be writableExactly (or escaped).
QString dotQuoted(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

} // namespace

QJsonObject GraphPathQuery::toJson() const
{
    return QJsonObject{
        {QStringLiteral("from"), jsonList(from)},     {QStringLiteral("to"), jsonList(to)},
        {QStringLiteral("to_tier_zero"), toTierZero}, {QStringLiteral("to_sensitive"), toSensitive},
        {QStringLiteral("max_hops"), maxHops},        {QStringLiteral("k"), k}};
}

Result<GraphPathQuery> GraphPathQuery::fromJson(const QJsonObject& o)
{
    static const QStringList known{QStringLiteral("from"),         QStringLiteral("to"),
                                   QStringLiteral("to_tier_zero"), QStringLiteral("to_sensitive"),
                                   QStringLiteral("max_hops"),     QStringLiteral("k")};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(QStringLiteral("query field \"%1\" is unknown (the fields are from, to, "
                                          "to_tier_zero, to_sensitive, max_hops, k)")
                               .arg(printableName(it.key(), 40)));
    GraphPathQuery q;
    for (const char* key : {"from", "to"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isArray())
            return invalid(
                QStringLiteral("query field \"%1\" must be a list of node ids").arg(QLatin1String(key)));
        QStringList ids;
        for (const auto& item : v.toArray()) {
            if (!item.isString())
                return invalid(
                    QStringLiteral("query field \"%1\" must be a list of node ids").arg(QLatin1String(key)));
            ids << item.toString();
        }
        (qstrcmp(key, "from") == 0 ? q.from : q.to) = ids;
    }
    for (const auto& [key, flag] :
         {std::pair{"to_tier_zero", &q.toTierZero}, std::pair{"to_sensitive", &q.toSensitive}}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isBool())
            return invalid(
                QStringLiteral("query field \"%1\" must be true or false").arg(QLatin1String(key)));
        *flag = v.toBool();
    }
    const auto whole = [&o](const char* key, int fallback, int min, int max) -> Result<int> {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!v.isDouble() || !(d >= min && d <= max) || d != std::floor(d))
            return invalid(QStringLiteral("query field \"%1\" must be a whole number from %2 to %3")
                               .arg(QLatin1String(key))
                               .arg(min)
                               .arg(max));
        return static_cast<int>(d);
    };
    auto hops = whole("max_hops", 0, 0, kMaxHops);
    if (!hops)
        return std::unexpected(hops.error());
    auto k = whole("k", 1, 1, kMaxK);
    if (!k)
        return std::unexpected(k.error());
    q.maxHops = *hops;
    q.k = *k;
    if (auto st = q.validate(); !st)
        return std::unexpected(st.error());
    return q;
}

Status GraphPathQuery::validate() const
{
    if (from.isEmpty())
        return invalid(QStringLiteral("query field \"from\" needs at least one start node id"));
    if (!hasTargets())
        return invalid(QStringLiteral("a query needs a target: a non-empty \"to\", \"to_tier_zero\": true or "
                                      "\"to_sensitive\": true"));
    for (const auto& [key, ids] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
        if (ids->size() > kMaxIds)
            return invalid(QStringLiteral("query field \"%1\" has %2 ids; at most %3")
                               .arg(QLatin1String(key))
                               .arg(ids->size())
                               .arg(kMaxIds));
        for (qsizetype i = 0; i < ids->size(); ++i)
            if (ids->at(i).isEmpty() || ids->at(i).size() > kMaxIdLength)
                return invalid(
                    QStringLiteral("query field \"%1\"[%2] must be a node id of 1 to %3 characters")
                        .arg(QLatin1String(key))
                        .arg(i)
                        .arg(kMaxIdLength));
    }
    if (k < 1 || k > kMaxK)
        return invalid(QStringLiteral("query field \"k\" must be a whole number from 1 to %1").arg(kMaxK));
    if (maxHops < 0 || maxHops > kMaxHops)
        return invalid(
            QStringLiteral("query field \"max_hops\" must be a whole number from 0 to %1").arg(kMaxHops));
    return {};
}

PermissionGraphService::PermissionGraphService(Database& db, AuditLedger& ledger, const Clock& clock)
    : m_db(db), m_ledger(ledger), m_clock(clock)
{}

Status PermissionGraphService::requireImporter(const OperatorSession& current) const
{
    if (current.hasRole(OperatorRole::Admin) || current.hasRole(OperatorRole::Owner))
        return {};
    return fail(ErrorCode::PermissionDenied,
                QStringLiteral("%1 may not import permission graphs: that needs the admin or owner role")
                    .arg(current.username));
}

Result<PermissionGraph> PermissionGraphService::load() const
{
    auto stored = PermissionGraphRepository(m_db.connection()).loadAll();
    if (!stored)
        return std::unexpected(stored.error());
    PermissionGraph g;
    for (const auto& n : stored->nodes)
        g.addNode(n);
    for (const auto& e : stored->edges)
        g.addEdge(e);
    if (auto st = addCatalogue(m_db.connection(), g); !st)
        return std::unexpected(st.error());
    g.finalize();
    return g;
}

Status PermissionGraphService::validateSelector(const QJsonObject& selector)
{
    if (selector.isEmpty())
        return invalid(QStringLiteral("is empty: give at least one of id, kind, attribute"));
    for (auto it = selector.begin(); it != selector.end(); ++it) {
        const QString key = it.key();
        if (key != QStringLiteral("id") && key != QStringLiteral("kind") &&
            key != QStringLiteral("attribute") && key != QStringLiteral("value"))
            return invalid(QStringLiteral("unknown key \"%1\" (the keys are id, kind, attribute, value)")
                               .arg(printableName(key, 40)));
        if (!it.value().isString() || it.value().toString().isEmpty() ||
            it.value().toString().size() > kMaxSelectorTextLength)
            return invalid(QStringLiteral("key \"%1\" must be text of 1 to %2 characters")
                               .arg(key)
                               .arg(kMaxSelectorTextLength));
    }
    if (selector.contains(QStringLiteral("kind")) &&
        !parseGraphNodeKind(selector.value(QStringLiteral("kind")).toString()))
        return invalid(
            QStringLiteral("key \"kind\": unknown node kind \"%1\" (ai_path, principal, group, role, "
                           "service_account, policy, permission, resource)")
                .arg(printableName(selector.value(QStringLiteral("kind")).toString(), 40)));
    if (selector.contains(QStringLiteral("value")) && !selector.contains(QStringLiteral("attribute")))
        return invalid(QStringLiteral("key \"value\" needs an \"attribute\" to compare with"));
    return {};
}

bool PermissionGraphService::selectorMatches(const QJsonObject& selector, const PermissionGraph::Node& node)
{
    // Every key must be a known one with a text value, and one of id, kind, attribute must be
    // there: a selector without a usable key would otherwise match every node (and make every
    // node a zone member and a sensitive target).
    bool usable = false;
    for (auto it = selector.begin(); it != selector.end(); ++it) {
        const QString key = it.key();
        if (!it.value().isString())
            return false;
        if (key == QStringLiteral("id") || key == QStringLiteral("kind") ||
            key == QStringLiteral("attribute"))
            usable = true;
        else if (key != QStringLiteral("value"))
            return false;
    }
    if (!usable ||
        (selector.contains(QStringLiteral("value")) && !selector.contains(QStringLiteral("attribute"))))
        return false;
    const auto glob = [](const QString& pattern, const QString& text) {
        return IamPattern::matches(pattern, text, IamPattern::Case::Sensitive);
    };
    if (selector.contains(QStringLiteral("id")) &&
        !glob(selector.value(QStringLiteral("id")).toString(), node.id))
        return false;
    if (selector.contains(QStringLiteral("kind")) &&
        selector.value(QStringLiteral("kind")).toString() != graphNodeKindName(node.kind))
        return false;
    if (selector.contains(QStringLiteral("attribute"))) {
        const QJsonValue v = node.attributes.value(selector.value(QStringLiteral("attribute")).toString());
        if (v.isUndefined())
            return false;
        const QString text =
            v.isString() ? v.toString()
                         : QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
                               .mid(1)
                               .chopped(1);
        if (selector.contains(QStringLiteral("value")) &&
            !glob(selector.value(QStringLiteral("value")).toString(), text))
            return false;
    }
    return true;
}

QStringList PermissionGraphService::findingsOf(const PermissionGraph& g, const QList<GraphZone>& zones)
{
    const auto n = static_cast<size_t>(g.nodeCount());
    QStringList out;
    const std::vector<char> tierZero = g.tierZeroMask();
    const std::vector<char> reachTz = g.reachesAny(tierZero);
    for (size_t i = 0; i < n; ++i) {
        const auto& node = g.node(static_cast<PermissionGraph::Index>(i));
        if (reachTz[i] && !tierZero[i] && PermissionGraph::isIdentity(node))
            out << QStringLiteral("tier_zero|") + node.id;
    }
    if (zones.isEmpty())
        return out;
    // Rank of each node: the highest zone it belongs to; Tier Zero above all; none lowest.
    std::vector<int> rank(n, std::numeric_limits<int>::min());
    std::vector<std::vector<char>> members;
    for (const auto& z : zones) {
        std::vector<char> m(n, 0);
        for (size_t i = 0; i < n; ++i) {
            const auto& node = g.node(static_cast<PermissionGraph::Index>(i));
            for (const auto& s : z.selectors)
                if (selectorMatches(s, node)) {
                    m[i] = 1;
                    rank[i] = std::max(rank[i], z.rank);
                    break;
                }
        }
        members.push_back(std::move(m));
    }
    for (size_t i = 0; i < n; ++i)
        if (tierZero[i])
            rank[i] = std::numeric_limits<int>::max();
    for (qsizetype zi = 0; zi < zones.size(); ++zi) {
        const std::vector<char> reach = g.reachesAny(members[static_cast<size_t>(zi)]);
        for (size_t i = 0; i < n; ++i) {
            const auto& node = g.node(static_cast<PermissionGraph::Index>(i));
            if (reach[i] && !members[static_cast<size_t>(zi)][i] && rank[i] < zones[zi].rank &&
                PermissionGraph::isIdentity(node))
                out << QStringLiteral("zone:%1|%2").arg(zones[zi].name, node.id);
        }
    }
    return out;
}

Result<GraphImportResult> PermissionGraphService::importGraph(const OperatorSession& claimed,
                                                              const ImportedGraph& graph,
                                                              const QString& sha256,
                                                              const ImportOptions& options)
{
    if (graph.sourceName.trimmed().isEmpty())
        return invalid(QStringLiteral("a graph source needs a name (the file it was read from)"));
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto session = Authorization::currentSession(m_db.connection(), claimed);
    if (!session)
        return std::unexpected(session.error());
    if (auto st = requireImporter(*session); !st)
        return std::unexpected(st.error());

    PermissionGraphRepository repo(m_db.connection());
    auto existing = repo.findSource(graph.sourceName);
    if (!existing)
        return std::unexpected(existing.error());
    if (const auto& old = *existing) {
        // A name keeps its kind: a file read with the wrong importer, or a name reused by
        // mistake, must not silently turn a Kubernetes source into an AWS one.
        if (old->kind != graph.source)
            return fail(ErrorCode::Conflict,
                        QStringLiteral("source \"%1\" holds a %2 import; a %3 import cannot replace it "
                                       "(a source keeps its kind): choose another name")
                            .arg(printableName(graph.sourceName), graphSourceKindName(old->kind),
                                 graphSourceKindName(graph.source)));
        // Owners answer for their own imports; an owner replacing what an admin or another
        // owner imported would rewrite the graph everyone else's findings come from.
        if (!session->hasRole(OperatorRole::Admin) && old->importedBy != session->username)
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("%1 may not replace source \"%2\": %3 imported it, and only admins "
                                       "or the operator who imported a source replace it")
                            .arg(session->username, printableName(graph.sourceName), old->importedBy));
    }
    if (graph.nodes.isEmpty() && !options.allowEmpty)
        return invalid(
            QStringLiteral("nothing was found in \"%1\" for a %2 import (0 nodes); nothing was "
                           "stored%3. Check the file and the importer; an empty import must be "
                           "allowed explicitly (--allow-empty)")
                .arg(printableName(graph.sourceName), graphSourceKindName(graph.source),
                     existing->has_value() ? QStringLiteral(" and the previous graph is kept") : QString()));
    auto zones = repo.zones();
    if (!zones)
        return std::unexpected(zones.error());
    auto before = load();
    if (!before)
        return std::unexpected(before.error());
    const QStringList beforeFindings = findingsOf(*before, *zones);

    GraphSourceRecord record;
    record.name = graph.sourceName;
    record.kind = graph.source;
    record.sha256 = sha256;
    record.importedAt = m_clock.now();
    record.importedBy = session->username;
    record.nodeCount = static_cast<int>(graph.nodes.size());
    record.edgeCount = static_cast<int>(graph.edges.size());
    record.warnings = graph.warnings;
    auto id = repo.replaceSource(record, graph);
    if (!id)
        return std::unexpected(id.error());
    record.id = *id;

    auto after = load();
    if (!after)
        return std::unexpected(after.error());
    const QStringList afterFindings = findingsOf(*after, *zones);
    const QSet<QString> b(beforeFindings.begin(), beforeFindings.end());
    const QSet<QString> a(afterFindings.begin(), afterFindings.end());
    GraphImportDiff diff;
    diff.sourceName = graph.sourceName;
    diff.importedAt = record.importedAt;
    diff.sha256 = sha256;
    for (const auto& f : afterFindings)
        if (!b.contains(f))
            diff.appeared << f;
    for (const auto& f : beforeFindings)
        if (!a.contains(f))
            diff.disappeared << f;
    diff.appeared.sort();
    diff.disappeared.sort();
    if (auto st = repo.insertDiff(diff); !st)
        return std::unexpected(st.error());

    auto ev = m_ledger.append(
        {QStringLiteral("graph.imported"),
         session->actor(),
         QStringLiteral("graph:") + graph.sourceName,
         {},
         QJsonObject{{QStringLiteral("source"), graph.sourceName},
                     {QStringLiteral("kind"), graphSourceKindName(graph.source)},
                     {QStringLiteral("sha256"), sha256},
                     {QStringLiteral("nodes"), record.nodeCount},
                     {QStringLiteral("edges"), record.edgeCount},
                     {QStringLiteral("warnings"), static_cast<int>(graph.warnings.size())},
                     {QStringLiteral("replaced"), existing->has_value()},
                     {QStringLiteral("appeared_count"), static_cast<int>(diff.appeared.size())},
                     {QStringLiteral("disappeared_count"), static_cast<int>(diff.disappeared.size())},
                     {QStringLiteral("appeared"), jsonList(capped(diff.appeared))},
                     {QStringLiteral("disappeared"), jsonList(capped(diff.disappeared))}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info("graph", QStringLiteral("%1 imported %2 (%3 nodes, %4 edges, +%5/-%6 findings)")
                               .arg(session->username, graph.sourceName)
                               .arg(record.nodeCount)
                               .arg(record.edgeCount)
                               .arg(diff.appeared.size())
                               .arg(diff.disappeared.size()));
    return GraphImportResult{record, existing->has_value(), graph.warnings, diff};
}

Result<std::shared_ptr<const PermissionGraph>>
PermissionGraphService::graph(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    auto current = generation();
    if (!current)
        return std::unexpected(current.error());
    if (m_cached && *current == m_cachedGeneration)
        return m_cached;
    auto g = load();
    if (!g)
        return std::unexpected(g.error());
    m_cached = std::make_shared<const PermissionGraph>(std::move(*g));
    m_cachedGeneration = *current;
    return m_cached;
}

Result<QString> PermissionGraphService::generation() const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral(
            "SELECT (SELECT IFNULL(group_concat(id || ':' || sha256 || ':' || imported_at || ':' || "
            "node_count || ':'"
            " || edge_count, ','), '') FROM graph_sources) || '#' ||"
            " (SELECT COUNT(*) || ':' || IFNULL(SUM(version), 0) || ':' || IFNULL(MAX(updated_at), '')"
            " FROM decision_paths)")) ||
        !q.next())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("permission graph: %1").arg(q.lastError().text()));
    return q.value(0).toString();
}

Result<GraphStats> PermissionGraphService::stats(const OperatorSession& actor) const
{
    auto g = graph(actor);
    if (!g)
        return std::unexpected(g.error());
    auto sources = PermissionGraphRepository(m_db.connection()).sources();
    if (!sources)
        return std::unexpected(sources.error());
    const PermissionGraph& graph = **g;
    GraphStats s;
    s.sources = *sources;
    s.nodes = graph.nodeCount();
    s.edges = graph.edgeCount();
    const std::vector<char> tz = graph.tierZeroMask();
    const std::vector<char> reach = graph.reachesAny(tz);
    for (PermissionGraph::Index i = 0; i < graph.nodeCount(); ++i) {
        const auto& n = graph.node(i);
        ++s.nodesByKind[graphNodeKindName(n.kind)];
        if (n.tierZero)
            ++s.tierZero;
        else if (reach[i] && PermissionGraph::isIdentity(n))
            ++s.identitiesReachingTierZero;
    }
    for (PermissionGraph::Index e = 0; e < graph.edgeCount(); ++e) {
        ++s.edgesByKind[graphEdgeKindName(graph.edgeKind(e))];
        if (graph.edgeConditional(e))
            ++s.conditionalEdges;
        if (!graph.edgeDetail(e).escalation.isEmpty())
            ++s.escalationEdges;
    }
    return s;
}

Result<QList<GraphFoundPath>> PermissionGraphService::paths(const OperatorSession& actor,
                                                            const GraphPathQuery& query) const
{
    if (query.from.isEmpty())
        return invalid(QStringLiteral("a path query needs at least one start node"));
    if (!query.hasTargets())
        return invalid(
            QStringLiteral("a path query needs target nodes, \"to Tier Zero\" or \"to sensitive\""));
    if (query.k < 1 || query.k > kMaxK || query.maxHops < 0 || query.maxHops > GraphPathQuery::kMaxHops)
        return invalid(QStringLiteral("k must lie between 1 and %1 and max hops between 0 (unlimited) and %2")
                           .arg(kMaxK)
                           .arg(GraphPathQuery::kMaxHops));
    auto loaded = graph(actor);
    if (!loaded)
        return std::unexpected(loaded.error());
    const PermissionGraph& g = **loaded;
    std::vector<PermissionGraph::Index> starts;
    for (const auto& id : query.from) {
        auto i = g.indexOf(id);
        if (!i)
            return fail(ErrorCode::NotFound,
                        QStringLiteral("no node \"%1\" in the permission graph").arg(id.left(200)));
        starts.push_back(*i);
    }
    std::vector<char> targets(static_cast<size_t>(g.nodeCount()), 0);
    for (const auto& id : query.to) {
        auto i = g.indexOf(id);
        if (!i)
            return fail(ErrorCode::NotFound,
                        QStringLiteral("no node \"%1\" in the permission graph").arg(id.left(200)));
        targets[*i] = 1;
    }
    if (query.toTierZero)
        for (PermissionGraph::Index i = 0; i < g.nodeCount(); ++i)
            if (g.node(i).tierZero)
                targets[i] = 1;
    if (query.toSensitive) {
        auto zones = PermissionGraphRepository(m_db.connection()).zones();
        if (!zones)
            return std::unexpected(zones.error());
        for (PermissionGraph::Index i = 0; i < g.nodeCount(); ++i) {
            const auto& n = g.node(i);
            bool sensitive = n.tierZero || n.attributes.value(QStringLiteral("sensitive")).toBool();
            for (const auto& z : *zones)
                for (const auto& sel : z.selectors)
                    sensitive = sensitive || selectorMatches(sel, n);
            if (sensitive)
                targets[i] = 1;
        }
    }
    QList<GraphFoundPath> out;
    for (const auto& p : g.shortestPaths(starts, targets, query.k, query.maxHops)) {
        GraphFoundPath f;
        f.start = g.node(p.start).id;
        f.end = f.start;
        for (auto e : p.edges) {
            GraphPathHop hop;
            hop.edge = g.edge(e);
            hop.fromLabel = g.node(g.edgeFrom(e)).label;
            const auto& to = g.node(g.edgeTo(e));
            hop.toLabel = to.label;
            hop.toKind = to.kind;
            hop.toTierZero = to.tierZero;
            f.conditional = f.conditional || hop.edge.conditional;
            f.end = to.id;
            f.hops << hop;
        }
        out << f;
    }
    return out;
}

Result<GraphBlastRadius> PermissionGraphService::blastRadius(const OperatorSession& actor,
                                                             const QStringList& from, int maxHops) const
{
    auto loaded = graph(actor);
    if (!loaded)
        return std::unexpected(loaded.error());
    const PermissionGraph& g = **loaded;
    std::vector<PermissionGraph::Index> starts;
    for (const auto& id : from) {
        auto i = g.indexOf(id);
        if (!i)
            return fail(ErrorCode::NotFound,
                        QStringLiteral("no node \"%1\" in the permission graph").arg(id.left(200)));
        starts.push_back(*i);
    }
    GraphBlastRadius r;
    const auto reached = g.reachable(starts, maxHops);
    for (auto i : reached) {
        if (std::find(starts.begin(), starts.end(), i) != starts.end())
            continue;
        ++r.byKind[graphNodeKindName(g.node(i).kind)];
        ++r.total;
        if (g.node(i).tierZero)
            ++r.tierZero;
    }
    return r;
}

Result<GraphAmplification> PermissionGraphService::amplification(const OperatorSession& actor,
                                                                 const QString& pathId) const
{
    auto loaded = graph(actor);
    if (!loaded)
        return std::unexpected(loaded.error());
    const PermissionGraph& g = **loaded;
    auto start = g.indexOf(QStringLiteral("path:") + pathId);
    if (!start)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("decision path \"%1\" is not in the permission graph (retired or unknown)")
                        .arg(pathId));
    const auto& pathNode = g.node(*start);
    GraphAmplification a;
    a.pathId = pathId;
    for (const auto& v : pathNode.attributes.value(QStringLiteral("runs_as")).toArray())
        a.declaredIdentities << v.toString();
    QSet<QString> services;
    for (const auto& v : pathNode.attributes.value(QStringLiteral("action_types")).toArray())
        services.insert(v.toString().section(QLatin1Char('.'), 0, 0).toLower());
    QStringList targets;
    for (const auto& v : pathNode.attributes.value(QStringLiteral("targets")).toArray())
        targets << v.toString();
    const QSet<QString> declared(a.declaredIdentities.begin(), a.declaredIdentities.end());
    for (auto i : g.reachable({*start})) {
        if (i == *start)
            continue;
        const auto& n = g.node(i);
        if (n.tierZero) {
            ++a.tierZeroCount;
            a.tierZero << n.id;
        }
        if (PermissionGraph::isIdentity(n) && !declared.contains(n.id)) {
            ++a.undeclaredIdentityCount;
            a.undeclaredIdentities << n.id;
        } else if (n.kind == GraphNodeKind::Permission) {
            QString action = n.attributes.value(QStringLiteral("action")).toString();
            if (action.isEmpty())
                action = n.label;
            const QString service = action.section(QLatin1Char(':'), 0, 0).toLower();
            if (!services.contains(service) && !(service == QStringLiteral("*") && services.isEmpty())) {
                ++a.undeclaredPermissionCount;
                a.undeclaredPermissions << n.id;
            }
        } else if (n.kind == GraphNodeKind::Resource) {
            bool covered = false;
            for (const auto& t : targets)
                covered = covered || IamPattern::matches(t, n.label, IamPattern::Case::Sensitive);
            if (!covered) {
                ++a.undeclaredResourceCount;
                a.undeclaredResources << n.id;
            }
        }
    }
    a.undeclaredIdentities = capped(a.undeclaredIdentities);
    a.tierZero = capped(a.tierZero);
    a.undeclaredPermissions = capped(a.undeclaredPermissions);
    a.undeclaredResources = capped(a.undeclaredResources);
    return a;
}

Result<QStringList> PermissionGraphService::findings(const OperatorSession& actor) const
{
    auto loaded = graph(actor);
    if (!loaded)
        return std::unexpected(loaded.error());
    auto zones = PermissionGraphRepository(m_db.connection()).zones();
    if (!zones)
        return std::unexpected(zones.error());
    QStringList f = findingsOf(**loaded, *zones);
    f.sort();
    return f;
}

Result<GraphHypotheticalImpact> PermissionGraphService::whatIf(const OperatorSession& actor,
                                                               const QList<GraphEdge>& added) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    auto loaded = load();
    if (!loaded)
        return std::unexpected(loaded.error());
    PermissionGraph& base = *loaded;
    std::vector<char> before = base.reachesAny(base.tierZeroMask());
    // New ids in the added edges become nodes of their own: rebuild with them appended.
    bool newIds = false;
    for (const auto& e : added)
        newIds = newIds || !base.indexOf(e.from) || !base.indexOf(e.to);
    PermissionGraph withIds;
    const PermissionGraph* g = &base;
    if (newIds) {
        auto stored = PermissionGraphRepository(m_db.connection()).loadAll();
        if (!stored)
            return std::unexpected(stored.error());
        for (const auto& n : stored->nodes)
            withIds.addNode(n);
        for (const auto& e : stored->edges)
            withIds.addEdge(e);
        if (auto st = addCatalogue(m_db.connection(), withIds); !st)
            return std::unexpected(st.error());
        for (const auto& e : added) {
            if (!withIds.indexOf(e.from))
                withIds.addNode(GraphNode{e.from, GraphNodeKind::Principal, e.from, false, {}});
            if (!withIds.indexOf(e.to))
                withIds.addNode(GraphNode{e.to, GraphNodeKind::Principal, e.to, false, {}});
        }
        withIds.finalize();
        g = &withIds;
        before = g->reachesAny(g->tierZeroMask());
    }
    std::vector<std::pair<PermissionGraph::Index, PermissionGraph::Index>> extra;
    for (const auto& e : added)
        extra.emplace_back(*g->indexOf(e.from), *g->indexOf(e.to));
    const std::vector<char> after = g->reachesAny(g->tierZeroMask(), extra);
    GraphHypotheticalImpact impact;
    for (PermissionGraph::Index i = 0; i < g->nodeCount(); ++i) {
        const auto& n = g->node(i);
        if (after[i] && !before[i] && PermissionGraph::isIdentity(n)) {
            ++impact.newIdentitiesReachingTierZero;
            impact.identities << n.id;
        }
    }
    impact.identities = capped(impact.identities);
    return impact;
}

Result<QByteArray> PermissionGraphService::exportGraph(const OperatorSession& actor,
                                                       const QString& format) const
{
    if (format != QStringLiteral("dot") && format != QStringLiteral("graphml"))
        return invalid(
            QStringLiteral("graph export format must be dot or graphml (got \"%1\")").arg(format.left(20)));
    auto loaded = graph(actor);
    if (!loaded)
        return std::unexpected(loaded.error());
    const PermissionGraph& g = **loaded;
    const ExportFormat fmt = format == QStringLiteral("dot") ? ExportFormat::Dot : ExportFormat::GraphMl;
    const QHash<QString, QString> escaped = escapedIds(g, fmt);
    const auto idOf = [&](PermissionGraph::Index i) {
        const QString& id = g.node(i).id;
        return escaped.value(id, id);
    };
    const auto text = [fmt](const QString& t) { return exportText(t, fmt); };
    QByteArray out;
    if (fmt == ExportFormat::Dot) {
        QString dot = QStringLiteral("digraph permissions {\n  node [shape=box];\n");
        for (PermissionGraph::Index i = 0; i < g.nodeCount(); ++i) {
            const auto& n = g.node(i);
            dot +=
                QStringLiteral("  %1 [label=%2, kind=%3%4%5];\n")
                    .arg(dotQuoted(idOf(i)), dotQuoted(text(n.label)), dotQuoted(graphNodeKindName(n.kind)),
                         n.tierZero ? QStringLiteral(", tier_zero=true, color=red") : QString(),
                         escaped.contains(n.id) ? QStringLiteral(", id_escaped=true") : QString());
        }
        for (PermissionGraph::Index e = 0; e < g.edgeCount(); ++e) {
            const auto d = g.edgeDetail(e);
            dot += QStringLiteral("  %1 -> %2 [label=%3%4%5];\n")
                       .arg(dotQuoted(idOf(g.edgeFrom(e))), dotQuoted(idOf(g.edgeTo(e))),
                            dotQuoted(graphEdgeKindName(g.edgeKind(e))),
                            g.edgeConditional(e) ? QStringLiteral(", style=dashed") : QString(),
                            d.escalation.isEmpty()
                                ? QString()
                                : QStringLiteral(", escalation=") + dotQuoted(text(d.escalation)));
        }
        dot += QStringLiteral("}\n");
        return dot.toUtf8();
    }
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("graphml"));
    xml.writeDefaultNamespace(QStringLiteral("http://graphml.graphdrawing.org/xmlns"));
    auto key = [&](const char* id, const char* on, const char* name, const char* type) {
        xml.writeStartElement(QStringLiteral("key"));
        xml.writeAttribute(QStringLiteral("id"), QLatin1String(id));
        xml.writeAttribute(QStringLiteral("for"), QLatin1String(on));
        xml.writeAttribute(QStringLiteral("attr.name"), QLatin1String(name));
        xml.writeAttribute(QStringLiteral("attr.type"), QLatin1String(type));
        xml.writeEndElement();
    };
    key("label", "node", "label", "string");
    key("kind", "node", "kind", "string");
    key("tier_zero", "node", "tier_zero", "boolean");
    key("id_escaped", "node", "id_escaped", "boolean");
    key("ekind", "edge", "kind", "string");
    key("conditional", "edge", "conditional", "boolean");
    key("escalation", "edge", "escalation", "string");
    key("explanation", "edge", "explanation", "string");
    xml.writeStartElement(QStringLiteral("graph"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("permissions"));
    xml.writeAttribute(QStringLiteral("edgedefault"), QStringLiteral("directed"));
    auto data = [&](const char* k, const QString& v) {
        xml.writeStartElement(QStringLiteral("data"));
        xml.writeAttribute(QStringLiteral("key"), QLatin1String(k));
        xml.writeCharacters(v);
        xml.writeEndElement();
    };
    for (PermissionGraph::Index i = 0; i < g.nodeCount(); ++i) {
        const auto& n = g.node(i);
        xml.writeStartElement(QStringLiteral("node"));
        xml.writeAttribute(QStringLiteral("id"), idOf(i));
        data("label", text(n.label));
        data("kind", graphNodeKindName(n.kind));
        data("tier_zero", n.tierZero ? QStringLiteral("true") : QStringLiteral("false"));
        if (escaped.contains(n.id))
            data("id_escaped", QStringLiteral("true"));
        xml.writeEndElement();
    }
    for (PermissionGraph::Index e = 0; e < g.edgeCount(); ++e) {
        const auto d = g.edgeDetail(e);
        xml.writeStartElement(QStringLiteral("edge"));
        xml.writeAttribute(QStringLiteral("source"), idOf(g.edgeFrom(e)));
        xml.writeAttribute(QStringLiteral("target"), idOf(g.edgeTo(e)));
        data("ekind", graphEdgeKindName(g.edgeKind(e)));
        data("conditional", g.edgeConditional(e) ? QStringLiteral("true") : QStringLiteral("false"));
        if (!d.escalation.isEmpty())
            data("escalation", text(d.escalation));
        if (!d.explanation.isEmpty())
            data("explanation", text(d.explanation));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

Result<QList<GraphImportDiff>> PermissionGraphService::diffs(const OperatorSession& actor, int limit) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return PermissionGraphRepository(m_db.connection()).diffs(limit);
}

Result<QList<GraphSavedQuery>> PermissionGraphService::savedQueries(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return PermissionGraphRepository(m_db.connection()).savedQueries();
}

Status PermissionGraphService::validateSavedQuery(const GraphSavedQuery& query)
{
    if (query.name.trimmed().isEmpty() || query.name.size() > kMaxQueryNameLength)
        return invalid(QStringLiteral("a saved query needs a name of 1 to %1 characters, not blank")
                           .arg(kMaxQueryNameLength));
    if (hasUnprintable(query.name))
        return invalid(QStringLiteral("saved query name \"%1\" has a control or format character; names are "
                                      "printable text")
                           .arg(printableName(query.name)));
    const QString where = QStringLiteral("saved query \"%1\": ").arg(printableName(query.name));
    if (query.description.size() > kMaxQueryDescriptionLength)
        return invalid(where + QStringLiteral("the description has %1 characters; at most %2")
                                   .arg(query.description.size())
                                   .arg(kMaxQueryDescriptionLength));
    if (auto q = GraphPathQuery::fromJson(query.query); !q)
        return invalid(where + q.error().message);
    return {};
}

Status PermissionGraphService::saveQuery(const OperatorSession& claimed, const GraphSavedQuery& query,
                                         IfQueryExists ifExists)
{
    if (auto st = validateSavedQuery(query); !st)
        return st;
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto session = Authorization::currentSession(m_db.connection(), claimed);
    if (!session)
        return std::unexpected(session.error());
    if (auto st = storeQuery(*session, query, ifExists); !st)
        return st;
    return tx.commit();
}

Status PermissionGraphService::storeQuery(const OperatorSession& session, GraphSavedQuery q,
                                          IfQueryExists ifExists)
{
    if (!session.hasRole(OperatorRole::Admin) && !session.hasRole(OperatorRole::Owner))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 may not save graph queries: that needs the admin or owner role")
                        .arg(session.username));
    PermissionGraphRepository repo(m_db.connection());
    auto exists = repo.hasQuery(q.name);
    if (!exists)
        return std::unexpected(exists.error());
    if (*exists && ifExists == IfQueryExists::Refuse)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("a saved query \"%1\" exists already; nothing was changed (replace it "
                                   "explicitly, or choose another name)")
                        .arg(printableName(q.name)));
    q.savedBy = session.username;
    q.savedAt = m_clock.now();
    if (auto st = repo.saveQuery(q); !st)
        return st;
    auto ev = m_ledger.append({QStringLiteral("graph.query_saved"),
                               session.actor(),
                               QStringLiteral("graph-query:") + q.name,
                               {},
                               QJsonObject{{QStringLiteral("description"), q.description},
                                           {QStringLiteral("query"), q.query},
                                           {QStringLiteral("replaced"), *exists}}});
    if (!ev)
        return std::unexpected(ev.error());
    return {};
}

Status PermissionGraphService::removeQuery(const OperatorSession& claimed, const QString& name)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto session = Authorization::currentSession(m_db.connection(), claimed);
    if (!session)
        return std::unexpected(session.error());
    if (!session->hasRole(OperatorRole::Admin) && !session->hasRole(OperatorRole::Owner))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 may not remove graph queries: that needs the admin or owner role")
                        .arg(session->username));
    if (auto st = PermissionGraphRepository(m_db.connection()).removeQuery(name); !st)
        return st;
    auto ev = m_ledger.append({QStringLiteral("graph.query_removed"),
                               session->actor(),
                               QStringLiteral("graph-query:") + name,
                               {},
                               {}});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

Result<QByteArray> PermissionGraphService::exportQueries(const OperatorSession& actor) const
{
    auto list = savedQueries(actor);
    if (!list)
        return std::unexpected(list.error());
    QJsonArray queries;
    for (const auto& q : *list)
        queries.append(QJsonObject{{QStringLiteral("name"), q.name},
                                   {QStringLiteral("description"), q.description},
                                   {QStringLiteral("query"), q.query}});
    return QJsonDocument(QJsonObject{{QStringLiteral("queries"), queries}}).toJson(QJsonDocument::Indented);
}

Result<int> PermissionGraphService::importQueries(const OperatorSession& actor, const QByteArray& json)
{
    if (json.size() > kMaxQueryImportBytes)
        return invalid(
            QStringLiteral("saved queries: the file has %1 bytes; at most %2; nothing was imported")
                .arg(json.size())
                .arg(kMaxQueryImportBytes));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("saved queries: not JSON (%1 at offset %2); nothing was imported")
                           .arg(error.errorString())
                           .arg(error.offset));
    if (!doc.isObject() || !doc.object().value(QStringLiteral("queries")).isArray())
        return invalid(QStringLiteral("saved queries: expected an object {\"queries\": [...]} as written by "
                                      "export-queries; nothing was imported"));
    QList<GraphSavedQuery> list;
    QHash<QString, qsizetype> seen;
    const QJsonArray array = doc.object().value(QStringLiteral("queries")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("saved queries: queries[%1]").arg(i);
        if (!array[i].isObject())
            return invalid(where + QStringLiteral(" is not an object; nothing was imported"));
        const QJsonObject o = array[i].toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (it.key() != QStringLiteral("name") && it.key() != QStringLiteral("description") &&
                it.key() != QStringLiteral("query"))
                return invalid(where + QStringLiteral(": unknown field \"%1\" (the fields are name, "
                                                      "description, query); nothing was imported")
                                           .arg(printableName(it.key(), 40)));
        if (!o.value(QStringLiteral("name")).isString())
            return invalid(where + QStringLiteral(": field \"name\" must be text; nothing was imported"));
        const QJsonValue description = o.value(QStringLiteral("description"));
        if (!description.isUndefined() && !description.isString())
            return invalid(where +
                           QStringLiteral(": field \"description\" must be text; nothing was imported"));
        if (!o.value(QStringLiteral("query")).isObject())
            return invalid(where +
                           QStringLiteral(": field \"query\" must be an object; nothing was imported"));
        GraphSavedQuery q{o.value(QStringLiteral("name")).toString(),
                          description.toString(),
                          o.value(QStringLiteral("query")).toObject(),
                          {},
                          {}};
        if (auto st = validateSavedQuery(q); !st)
            return invalid(where + QStringLiteral(": ") + st.error().message +
                           QStringLiteral("; nothing was imported"));
        if (seen.contains(q.name))
            return invalid(where +
                           QStringLiteral(": the name \"%1\" is also queries[%2]; nothing was imported")
                               .arg(printableName(q.name))
                               .arg(seen.value(q.name)));
        seen.insert(q.name, i);
        list << q;
    }
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto session = Authorization::currentSession(m_db.connection(), actor);
    if (!session)
        return std::unexpected(session.error());
    for (const auto& q : list)
        if (auto st = storeQuery(*session, q, IfQueryExists::Replace); !st)
            return std::unexpected(st.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    return static_cast<int>(list.size());
}

Result<QList<GraphZone>> PermissionGraphService::zones(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return PermissionGraphRepository(m_db.connection()).zones();
}

Status PermissionGraphService::validateZone(const GraphZone& zone)
{
    if (zone.name.trimmed().isEmpty() || zone.name.size() > kMaxZoneNameLength)
        return invalid(QStringLiteral("a privilege zone needs a name of 1 to %1 characters, not blank")
                           .arg(kMaxZoneNameLength));
    if (zone.name.contains(QLatin1Char('|')) || hasUnprintable(zone.name))
        return invalid(QStringLiteral("zone name \"%1\" may not contain \"|\" (it separates the parts of a "
                                      "finding) or control characters")
                           .arg(printableName(zone.name)));
    const QString where = QStringLiteral("zone \"%1\"").arg(zone.name);
    if (zone.rank < kMinZoneRank || zone.rank > kMaxZoneRank)
        return invalid(where + QStringLiteral(": rank must be a whole number from %1 to %2 (it is %3)")
                                   .arg(kMinZoneRank)
                                   .arg(kMaxZoneRank)
                                   .arg(zone.rank));
    if (zone.selectors.isEmpty() || zone.selectors.size() > kMaxZoneSelectors)
        return invalid(where + QStringLiteral(" needs 1 to %1 selectors").arg(kMaxZoneSelectors));
    for (qsizetype i = 0; i < zone.selectors.size(); ++i)
        if (auto st = validateSelector(zone.selectors.at(i)); !st)
            return invalid(where + QStringLiteral(", selector %1: ").arg(i + 1) + st.error().message);
    return {};
}

Status PermissionGraphService::saveZone(const OperatorSession& claimed, const GraphZone& zone)
{
    if (auto st = validateZone(zone); !st)
        return st;
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), claimed,
                                                     QStringLiteral("define privilege zones"));
        !st)
        return st;
    if (auto st = PermissionGraphRepository(m_db.connection()).saveZone(zone); !st)
        return st;
    QJsonArray selectors;
    for (const auto& s : zone.selectors)
        selectors.append(s);
    auto ev = m_ledger.append(
        {QStringLiteral("graph.zone_saved"),
         claimed.actor(),
         QStringLiteral("graph-zone:") + zone.name,
         {},
         QJsonObject{{QStringLiteral("rank"), zone.rank}, {QStringLiteral("selectors"), selectors}}});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

Status PermissionGraphService::removeZone(const OperatorSession& claimed, const QString& name)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), claimed,
                                                     QStringLiteral("remove privilege zones"));
        !st)
        return st;
    PermissionGraphRepository repo(m_db.connection());
    auto zones = repo.zones();
    if (!zones)
        return std::unexpected(zones.error());
    const auto it =
        std::find_if(zones->cbegin(), zones->cend(), [&](const GraphZone& z) { return z.name == name; });
    if (it == zones->cend())
        return fail(ErrorCode::NotFound, QStringLiteral("no privilege zone \"%1\"").arg(printableName(name)));
    QJsonArray selectors;
    for (const auto& s : it->selectors)
        selectors.append(s);
    if (auto st = repo.removeZone(name); !st)
        return st;
    auto ev = m_ledger.append(
        {QStringLiteral("graph.zone_removed"),
         claimed.actor(),
         QStringLiteral("graph-zone:") + name,
         {},
         QJsonObject{{QStringLiteral("rank"), it->rank}, {QStringLiteral("selectors"), selectors}}});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

} // namespace gatehouse
