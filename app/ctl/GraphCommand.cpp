#include "GraphCommand.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "CryptoPrimitives.h"
#include "CtlContext.h"
#include "GraphImporters.h"
#include "InputFile.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QJsonObject countsJson(const QMap<QString, qsizetype>& counts)
{
    QJsonObject o;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        o.insert(it.key(), static_cast<qint64>(it.value()));
    return o;
}

Result<int> intOption(const QCommandLineParser& parser, const char* name, int fallback, int min, int max)
{
    const QString key = QString::fromLatin1(name);
    if (!parser.isSet(key))
        return fallback;
    bool ok = false;
    const int v = parser.value(key).toInt(&ok);
    if (!ok || v < min || v > max)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--%1 must be a whole number from %2 to %3").arg(key).arg(min).arg(max));
    return v;
}

} // namespace

QString GraphCommand::summary() const
{
    return QStringLiteral("Permission graph: import IAM data, find privilege paths, export.");
}

QStringList GraphCommand::formats(const QString& verb) const
{
    if (verb == QStringLiteral("export"))
        return {QStringLiteral("dot"), QStringLiteral("graphml")};
    return CtlCommandGroup::formats(verb);
}

QList<CtlVerb> GraphCommand::verbs() const
{
    return {
        {QStringLiteral("import"),
         {},
         0,
         0,
         QStringLiteral("Import a source: --aws, --k8s or --azure FILE (admin, owner)"),
         {option("aws", "AWS `iam get-account-authorization-details` JSON.", "file"),
          option("k8s", "Kubernetes RBAC YAML (Roles, bindings, service accounts).", "file"),
          option("azure", "Azure role definitions and assignments JSON.", "file"),
          option("name", "Source name (default: the file name); re-importing a name replaces it.", "name")},
         {},
         QStringLiteral("All of the file is stored in one transaction, or nothing. Prints the counts, the\n"
                        "importer's warnings and the identities that gained or lost a path into Tier Zero\n"
                        "or a privilege zone. Ledgered as graph.imported.")},
        {QStringLiteral("stats"),
         {},
         0,
         0,
         QStringLiteral("Sources, node and edge counts by kind, Tier Zero"),
         {},
         {},
         {}},
        {QStringLiteral("paths"),
         {},
         0,
         0,
         QStringLiteral("Shortest privilege paths, each hop explained"),
         {option("from", "Start node id (repeatable): an ARN, path:<id>, ...", "id"),
          option("to", "Target node id (repeatable).", "id"),
          option("to-sensitive", "Target Tier Zero, zone members and sensitive nodes."),
          option("max-hops", "At most N edges (default unlimited).", "n"),
          option("k", "Up to N alternative paths, shortest first (default 1, at most 50).", "n")},
         {QStringLiteral("from"), QStringLiteral("to")},
         QStringLiteral("Exit 1 when no path exists.")},
        {QStringLiteral("blast"),
         {},
         0,
         0,
         QStringLiteral("Blast radius: what the given nodes reach, counted by kind"),
         {option("from", "Start node id (repeatable).", "id"), option("max-hops", "At most N edges.", "n")},
         {QStringLiteral("from")},
         {}},
        {QStringLiteral("export"),
         {},
         0,
         0,
         QStringLiteral("Write the whole graph as Graphviz dot or GraphML"),
         {option("output", "Write to FILE instead of standard output.", "file")},
         {},
         QStringLiteral("--format dot (default) or graphml.")},
    };
}

int GraphCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                      CtlContext& context)
{
    Q_UNUSED(arguments);
    if (verb == QStringLiteral("import"))
        return import(parser, context);
    if (verb == QStringLiteral("stats"))
        return stats(context);
    if (verb == QStringLiteral("paths"))
        return paths(parser, context);
    if (verb == QStringLiteral("blast"))
        return blast(parser, context);
    return exportGraph(parser, context);
}

int GraphCommand::import(const QCommandLineParser& parser, CtlContext& context)
{
    const GraphImporterEntry* chosen = nullptr;
    for (const auto& entry : GraphImporters::all()) {
        if (!parser.isSet(QLatin1String(entry.option)))
            continue;
        if (chosen)
            return context.usageError(QStringLiteral("graph import takes one of --aws, --k8s, --azure"));
        chosen = &entry;
    }
    if (!chosen)
        return context.usageError(
            QStringLiteral("graph import needs --aws FILE, --k8s FILE or --azure FILE"));
    if (!chosen->function)
        return context.usageError(
            QStringLiteral("this build has no importer for --%1 yet").arg(QLatin1String(chosen->option)));
    const QString file = parser.value(QLatin1String(chosen->option));
    auto data = InputFile::read(file, chosen->maxBytes);
    if (!data)
        return context.report(data.error());
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    const QString name = parser.isSet(QStringLiteral("name")) ? parser.value(QStringLiteral("name"))
                                                              : QFileInfo(file).fileName();
    auto graph = chosen->function(*data, name, (*app)->clock().now());
    if (!graph)
        return context.report(graph.error());
    const QString sha = QString::fromLatin1(CryptoPrimitives::sha256(*data).toHex());
    auto result = (*app)->graph().importGraph(*session, *graph, sha);
    if (!result)
        return context.report(result.error());
    if (context.json()) {
        context.printJson(QJsonObject{
            {QStringLiteral("source"), result->source.name},
            {QStringLiteral("kind"), graphSourceKindName(result->source.kind)},
            {QStringLiteral("sha256"), sha},
            {QStringLiteral("nodes"), result->source.nodeCount},
            {QStringLiteral("edges"), result->source.edgeCount},
            {QStringLiteral("replaced"), result->replaced},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(result->warnings)},
            {QStringLiteral("appeared"), QJsonArray::fromStringList(result->diff.appeared)},
            {QStringLiteral("disappeared"), QJsonArray::fromStringList(result->diff.disappeared)}});
        return CtlContext::kExitOk;
    }
    QTextStream& out = context.out();
    out << (result->replaced ? "replaced " : "imported ") << TerminalText::printable(result->source.name)
        << ": " << result->source.nodeCount << " nodes, " << result->source.edgeCount << " edges, "
        << result->warnings.size() << " warnings\n";
    for (const auto& f : result->diff.appeared)
        out << "  + " << TerminalText::printable(f) << '\n';
    for (const auto& f : result->diff.disappeared)
        out << "  - " << TerminalText::printable(f) << '\n';
    for (const auto& w : result->warnings)
        context.err() << "gatehousectl: warning: " << TerminalText::printable(w) << '\n';
    return CtlContext::kExitOk;
}

int GraphCommand::stats(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto s = (*app)->graph().stats(*session);
    if (!s)
        return context.report(s.error());
    if (context.json()) {
        QJsonArray sources;
        for (const auto& src : s->sources)
            sources.append(
                QJsonObject{{QStringLiteral("name"), src.name},
                            {QStringLiteral("kind"), graphSourceKindName(src.kind)},
                            {QStringLiteral("sha256"), src.sha256},
                            {QStringLiteral("imported_at"), src.importedAt.toString(Qt::ISODateWithMs)},
                            {QStringLiteral("imported_by"), src.importedBy},
                            {QStringLiteral("nodes"), src.nodeCount},
                            {QStringLiteral("edges"), src.edgeCount}});
        context.printJson(
            QJsonObject{{QStringLiteral("sources"), sources},
                        {QStringLiteral("nodes"), static_cast<qint64>(s->nodes)},
                        {QStringLiteral("edges"), static_cast<qint64>(s->edges)},
                        {QStringLiteral("nodes_by_kind"), countsJson(s->nodesByKind)},
                        {QStringLiteral("edges_by_kind"), countsJson(s->edgesByKind)},
                        {QStringLiteral("tier_zero"), static_cast<qint64>(s->tierZero)},
                        {QStringLiteral("conditional_edges"), static_cast<qint64>(s->conditionalEdges)},
                        {QStringLiteral("escalation_edges"), static_cast<qint64>(s->escalationEdges)},
                        {QStringLiteral("identities_reaching_tier_zero"),
                         static_cast<qint64>(s->identitiesReachingTierZero)}});
        return CtlContext::kExitOk;
    }
    TextTable sources({QStringLiteral("SOURCE"), QStringLiteral("KIND"), QStringLiteral("NODES"),
                       QStringLiteral("EDGES"), QStringLiteral("IMPORTED")});
    for (const auto& src : s->sources)
        sources.addRow({TerminalText::printable(src.name), graphSourceKindName(src.kind),
                        QString::number(src.nodeCount), QString::number(src.edgeCount),
                        src.importedAt.toString(Qt::ISODate) + QStringLiteral(" by ") +
                            TerminalText::printable(src.importedBy)});
    sources.print(context.out());
    QTextStream& out = context.out();
    out << "\nnodes " << s->nodes << ", edges " << s->edges << ", tier zero " << s->tierZero
        << ", identities with a path into tier zero " << s->identitiesReachingTierZero
        << ", escalation edges " << s->escalationEdges << ", conditional edges " << s->conditionalEdges
        << '\n';
    for (auto it = s->nodesByKind.begin(); it != s->nodesByKind.end(); ++it)
        out << "  node " << it.key() << ": " << it.value() << '\n';
    for (auto it = s->edgesByKind.begin(); it != s->edgesByKind.end(); ++it)
        out << "  edge " << it.key() << ": " << it.value() << '\n';
    return CtlContext::kExitOk;
}

int GraphCommand::paths(const QCommandLineParser& parser, CtlContext& context)
{
    GraphPathQuery q;
    q.from = parser.values(QStringLiteral("from"));
    q.to = parser.values(QStringLiteral("to"));
    q.toSensitive = parser.isSet(QStringLiteral("to-sensitive"));
    if (q.from.isEmpty())
        return context.usageError(QStringLiteral("graph paths needs --from ID"));
    if (q.to.isEmpty() == !q.toSensitive)
        return context.usageError(QStringLiteral("graph paths needs either --to ID or --to-sensitive"));
    auto hops = intOption(parser, "max-hops", 0, 0, 1000);
    if (!hops)
        return context.usageError(hops.error().message);
    auto k = intOption(parser, "k", 1, 1, 50);
    if (!k)
        return context.usageError(k.error().message);
    q.maxHops = *hops;
    q.k = *k;
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto found = (*app)->graph().paths(*session, q);
    if (!found)
        return context.report(found.error());
    if (context.json()) {
        QJsonArray paths;
        for (const auto& p : *found) {
            QJsonArray hopsJson;
            for (const auto& h : p.hops)
                hopsJson.append(QJsonObject{{QStringLiteral("from"), h.edge.from},
                                            {QStringLiteral("to"), h.edge.to},
                                            {QStringLiteral("kind"), graphEdgeKindName(h.edge.kind)},
                                            {QStringLiteral("explanation"), h.edge.explanation},
                                            {QStringLiteral("origin"), h.edge.origin},
                                            {QStringLiteral("conditional"), h.edge.conditional},
                                            {QStringLiteral("condition"), h.edge.condition},
                                            {QStringLiteral("escalation"), h.edge.escalation},
                                            {QStringLiteral("to_tier_zero"), h.toTierZero}});
            paths.append(QJsonObject{{QStringLiteral("start"), p.start},
                                     {QStringLiteral("end"), p.end},
                                     {QStringLiteral("length"), static_cast<int>(p.hops.size())},
                                     {QStringLiteral("conditional"), p.conditional},
                                     {QStringLiteral("hops"), hopsJson}});
        }
        context.printJson(
            QJsonObject{{QStringLiteral("query"), q.toJson()}, {QStringLiteral("paths"), paths}});
    } else {
        QTextStream& out = context.out();
        int n = 0;
        for (const auto& p : *found) {
            out << "path " << ++n << ": " << TerminalText::printable(p.start) << " -> "
                << TerminalText::printable(p.end) << " (" << p.hops.size() << " hops"
                << (p.conditional ? ", conditional" : "") << ")\n";
            for (const auto& h : p.hops)
                out << "  " << graphEdgeKindName(h.edge.kind) << (h.edge.conditional ? "?" : "") << " -> "
                    << TerminalText::printable(h.edge.to) << (h.toTierZero ? "  [tier zero]" : "")
                    << "\n      " << TerminalText::printable(h.edge.explanation)
                    << "\n      origin: " << TerminalText::printable(h.edge.origin) << '\n';
        }
        if (found->isEmpty())
            out << "no path\n";
    }
    return found->isEmpty() ? CtlContext::kExitCheckFailed : CtlContext::kExitOk;
}

int GraphCommand::blast(const QCommandLineParser& parser, CtlContext& context)
{
    const QStringList from = parser.values(QStringLiteral("from"));
    if (from.isEmpty())
        return context.usageError(QStringLiteral("graph blast needs --from ID"));
    auto hops = intOption(parser, "max-hops", 0, 0, 1000);
    if (!hops)
        return context.usageError(hops.error().message);
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto r = (*app)->graph().blastRadius(*session, from, *hops);
    if (!r)
        return context.report(r.error());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("total"), static_cast<qint64>(r->total)},
                                      {QStringLiteral("tier_zero"), static_cast<qint64>(r->tierZero)},
                                      {QStringLiteral("by_kind"), countsJson(r->byKind)}});
        return CtlContext::kExitOk;
    }
    context.out() << "reachable " << r->total << " (tier zero " << r->tierZero << ")\n";
    for (auto it = r->byKind.begin(); it != r->byKind.end(); ++it)
        context.out() << "  " << it.key() << ": " << it.value() << '\n';
    return CtlContext::kExitOk;
}

int GraphCommand::exportGraph(const QCommandLineParser& parser, CtlContext& context)
{
    QString format = parser.value(QStringLiteral("format"));
    if (format.isEmpty())
        format = QStringLiteral("dot");
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto data = (*app)->graph().exportGraph(*session, format);
    if (!data)
        return context.report(data.error());
    if (parser.isSet(QStringLiteral("output"))) {
        QFile f(parser.value(QStringLiteral("output")));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(*data) != data->size())
            return context.report(
                Error{ErrorCode::StorageFailure,
                      QStringLiteral("%1: cannot write (%2)").arg(f.fileName(), f.errorString())});
        return CtlContext::kExitOk;
    }
    context.out() << QString::fromUtf8(*data);
    return CtlContext::kExitOk;
}

} // namespace gatehouse
