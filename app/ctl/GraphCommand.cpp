#include "GraphCommand.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

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
          option("name", "Source name (default: the file name); re-importing a name replaces it.", "name"),
          option("allow-empty", "Store the import even if it finds no node (replacing the source with "
                                "nothing).")},
         {},
         QStringLiteral("All of the file is stored in one transaction, or nothing. Prints the counts, the\n"
                        "importer's warnings and the identities that gained or lost a path into Tier Zero\n"
                        "or a privilege zone. Ledgered as graph.imported. A name keeps its kind (an --aws\n"
                        "file cannot replace a --k8s source); an existing source is replaced only by an\n"
                        "admin or by whoever imported it; an import that finds nothing is refused and\n"
                        "the previous graph kept, unless --allow-empty.")},
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
          option("to-tier-zero", "Target every Tier Zero node, resolved when the query runs."),
          option("to-sensitive", "Target Tier Zero, zone members and sensitive nodes."),
          option("max-hops", "At most N edges, 1 to 1000; 0 (the default) = unlimited.", "n"),
          option("k", "Up to N alternative paths, shortest first (default 1, at most 50).", "n")},
         {QStringLiteral("from"), QStringLiteral("to")},
         QStringLiteral("Exit 1 when no path exists.")},
        {QStringLiteral("blast"),
         {},
         0,
         0,
         QStringLiteral("Blast radius: what the given nodes reach, counted by kind"),
         {option("from", "Start node id (repeatable).", "id"),
          option("max-hops", "At most N edges, 1 to 1000; 0 (the default) = unlimited.", "n")},
         {QStringLiteral("from")},
         {}},
        {QStringLiteral("queries"),
         {},
         0,
         0,
         QStringLiteral("Saved queries: name, description, who saved them"),
         {},
         {},
         {}},
        {QStringLiteral("save-query"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Save a paths query under a name (admin, owner)"),
         {option("description", "What the query is for (at most 2000 characters).", "text"),
          option("from", "Start node id (repeatable): an ARN, path:<id>, ...", "id"),
          option("to", "Target node id (repeatable).", "id"),
          option("to-tier-zero", "Target every Tier Zero node, resolved when the query runs."),
          option("to-sensitive", "Target Tier Zero, zone members and sensitive nodes."),
          option("max-hops", "At most N edges, 1 to 1000; 0 (the default) = unlimited.", "n"),
          option("k", "Up to N alternative paths, shortest first (default 1, at most 50).", "n"),
          option("replace", "Overwrite a saved query of the same name (refused without it).")},
         {QStringLiteral("from"), QStringLiteral("to")},
         QStringLiteral("NAME: 1 to 200 printable characters.")},
        {QStringLiteral("run-query"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Run a saved query (as graph paths)"),
         {},
         {},
         {}},
        {QStringLiteral("remove-query"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Remove a saved query"),
         {},
         {},
         {}},
        {QStringLiteral("export-queries"),
         {},
         0,
         0,
         QStringLiteral("Write the saved queries as JSON, to share"),
         {option("output", "Write to FILE instead of standard output.", "file")},
         {},
         {}},
        {QStringLiteral("import-queries"),
         QStringLiteral("FILE"),
         1,
         1,
         QStringLiteral("Add the queries of an export (all or none)"),
         {},
         {},
         QStringLiteral("Every entry is checked as save-query checks it, and a name may appear once;\n"
                        "one bad entry imports nothing. Queries whose name is saved already are replaced.")},
        {QStringLiteral("zones"),
         {},
         0,
         0,
         QStringLiteral("Privilege zones: name, rank, selectors"),
         {},
         {},
         {}},
        {QStringLiteral("set-zone"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Define or replace a privilege zone (admin)"),
         {option("rank", "1 to 1000 (default 1); higher = more privileged (Tier Zero is above every zone).",
                 "n"),
          option("selector",
                 "JSON {\"id\":glob, \"kind\":..., \"attribute\":..., \"value\":glob}; repeatable.", "json")},
         {QStringLiteral("selector")},
         QStringLiteral("A selector has at least one of id, kind (a node kind), attribute; value only\n"
                        "with attribute; no other key.")},
        {QStringLiteral("remove-zone"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Remove a privilege zone (admin)"),
         {},
         {},
         {}},
        {QStringLiteral("findings"),
         {},
         0,
         0,
         QStringLiteral("Identities with a path into Tier Zero or into a higher zone"),
         {},
         {},
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
    if (verb == QStringLiteral("import"))
        return import(parser, context);
    if (verb == QStringLiteral("stats"))
        return stats(context);
    if (verb == QStringLiteral("paths"))
        return paths(parser, context);
    if (verb == QStringLiteral("blast"))
        return blast(parser, context);
    if (verb != QStringLiteral("export"))
        return library(verb, parser, arguments.value(0), context);
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
    PermissionGraphService::ImportOptions options;
    options.allowEmpty = parser.isSet(QStringLiteral("allow-empty"));
    auto result = (*app)->graph().importGraph(*session, *graph, sha, options);
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
    q.toTierZero = parser.isSet(QStringLiteral("to-tier-zero"));
    q.toSensitive = parser.isSet(QStringLiteral("to-sensitive"));
    if (q.from.isEmpty())
        return context.usageError(QStringLiteral("graph paths needs --from ID"));
    if (!q.hasTargets())
        return context.usageError(
            QStringLiteral("graph paths needs a target: --to ID, --to-tier-zero or --to-sensitive"));
    auto hops = intOption(parser, "max-hops", 0, 0, 1000);
    if (!hops)
        return context.usageError(hops.error().message);
    auto k = intOption(parser, "k", 1, 1, 50);
    if (!k)
        return context.usageError(k.error().message);
    q.maxHops = *hops;
    q.k = *k;
    if (auto st = q.validate(); !st)
        return context.usageError(st.error().message);
    return runPaths(q, context);
}

int GraphCommand::runPaths(const GraphPathQuery& q, CtlContext& context)
{
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

int GraphCommand::library(const QString& verb, const QCommandLineParser& parser, const QString& name,
                          CtlContext& context)
{
    GraphPathQuery q;
    if (verb == QStringLiteral("save-query")) {
        q.from = parser.values(QStringLiteral("from"));
        q.to = parser.values(QStringLiteral("to"));
        q.toTierZero = parser.isSet(QStringLiteral("to-tier-zero"));
        q.toSensitive = parser.isSet(QStringLiteral("to-sensitive"));
        if (q.from.isEmpty() || !q.hasTargets())
            return context.usageError(QStringLiteral(
                "save-query needs --from ID and a target: --to ID, --to-tier-zero or --to-sensitive"));
        auto hops = intOption(parser, "max-hops", 0, 0, GraphPathQuery::kMaxHops);
        auto k = intOption(parser, "k", 1, 1, GraphPathQuery::kMaxK);
        if (!hops || !k)
            return context.usageError(!hops ? hops.error().message : k.error().message);
        q.maxHops = *hops;
        q.k = *k;
        const GraphSavedQuery candidate{
            name, parser.value(QStringLiteral("description")), q.toJson(), {}, {}};
        if (auto st = PermissionGraphService::validateSavedQuery(candidate); !st)
            return context.usageError(st.error().message);
    }
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    PermissionGraphService& graph = (*context.open())->graph();
    QTextStream& out = context.out();

    if (verb == QStringLiteral("queries") || verb == QStringLiteral("run-query")) {
        auto saved = graph.savedQueries(*session);
        if (!saved)
            return context.report(saved.error());
        if (verb == QStringLiteral("run-query")) {
            for (const GraphSavedQuery& s : *saved)
                if (s.name == name) {
                    auto parsed = GraphPathQuery::fromJson(s.query);
                    if (!parsed)
                        return context.report(parsed.error());
                    return runPaths(*parsed, context);
                }
            return context.report(
                Error{ErrorCode::NotFound, QStringLiteral("no saved query \"%1\"").arg(name)});
        }
        if (context.json()) {
            QJsonArray array;
            for (const GraphSavedQuery& s : *saved)
                array.append(
                    QJsonObject{{QStringLiteral("name"), s.name},
                                {QStringLiteral("description"), s.description},
                                {QStringLiteral("query"), s.query},
                                {QStringLiteral("saved_by"), s.savedBy},
                                {QStringLiteral("saved_at"), s.savedAt.toUTC().toString(Qt::ISODate)}});
            context.printJson(array);
        } else {
            TextTable table(
                {QStringLiteral("NAME"), QStringLiteral("DESCRIPTION"), QStringLiteral("SAVED BY")});
            for (const GraphSavedQuery& s : *saved)
                table.addRow(
                    {TerminalText::printable(s.name), TerminalText::printable(s.description), s.savedBy});
            table.print(out);
        }
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("save-query")) {
        GraphSavedQuery saved;
        saved.name = name;
        saved.description = parser.value(QStringLiteral("description"));
        saved.query = q.toJson();
        const auto ifExists = parser.isSet(QStringLiteral("replace"))
                                  ? PermissionGraphService::IfQueryExists::Replace
                                  : PermissionGraphService::IfQueryExists::Refuse;
        if (auto st = graph.saveQuery(*session, saved, ifExists); !st)
            return context.report(st.error());
        out << "saved query " << TerminalText::printable(name) << '\n';
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("remove-query")) {
        if (auto st = graph.removeQuery(*session, name); !st)
            return context.report(st.error());
        out << "removed query " << TerminalText::printable(name) << '\n';
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("export-queries")) {
        auto bytes = graph.exportQueries(*session);
        if (!bytes)
            return context.report(bytes.error());
        const QString file = parser.value(QStringLiteral("output"));
        if (file.isEmpty()) {
            out << QString::fromUtf8(*bytes);
            return CtlContext::kExitOk;
        }
        QSaveFile f(file);
        if (!f.open(QIODevice::WriteOnly) || f.write(*bytes) != bytes->size() || !f.commit())
            return context.report(
                Error{ErrorCode::StorageFailure, QStringLiteral("%1: cannot write").arg(file)});
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("import-queries")) {
        auto bytes = InputFile::read(name, PermissionGraphService::kMaxQueryImportBytes);
        if (!bytes)
            return context.report(bytes.error());
        auto count = graph.importQueries(*session, *bytes);
        if (!count)
            return context.report(count.error());
        out << "imported " << *count << " queries\n";
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("zones")) {
        auto zones = graph.zones(*session);
        if (!zones)
            return context.report(zones.error());
        QJsonArray array;
        for (const GraphZone& z : *zones) {
            QJsonArray selectors;
            QJsonArray ignored;
            for (qsizetype i = 0; i < z.selectors.size(); ++i) {
                selectors.append(z.selectors.at(i));
                // Stored before selectors were validated: it matches nothing now, say so.
                if (auto st = PermissionGraphService::validateSelector(z.selectors.at(i)); !st) {
                    ignored.append(QJsonObject{{QStringLiteral("selector"), static_cast<int>(i + 1)},
                                               {QStringLiteral("problem"), st.error().message}});
                    context.err() << "gatehousectl: warning: zone " << TerminalText::printable(z.name)
                                  << ", selector " << i + 1 << " is ignored (it matches nothing): "
                                  << TerminalText::printable(st.error().message)
                                  << "; fix it with graph set-zone\n";
                }
            }
            QJsonObject o{{QStringLiteral("name"), z.name},
                          {QStringLiteral("rank"), z.rank},
                          {QStringLiteral("selectors"), selectors}};
            if (!ignored.isEmpty())
                o.insert(QStringLiteral("ignored_selectors"), ignored);
            array.append(o);
        }
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("set-zone")) {
        GraphZone zone;
        zone.name = name;
        auto rank = intOption(parser, "rank", PermissionGraphService::kMinZoneRank,
                              PermissionGraphService::kMinZoneRank, PermissionGraphService::kMaxZoneRank);
        if (!rank)
            return context.usageError(rank.error().message);
        zone.rank = *rank;
        for (const QString& text : parser.values(QStringLiteral("selector"))) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                return context.usageError(
                    QStringLiteral("--selector must be a JSON object: %1").arg(text.left(80)));
            zone.selectors.append(doc.object());
        }
        if (zone.selectors.isEmpty())
            return context.usageError(QStringLiteral("set-zone needs at least one --selector"));
        if (auto st = graph.saveZone(*session, zone); !st)
            return context.report(st.error());
        out << "zone " << TerminalText::printable(name) << " saved\n";
        return CtlContext::kExitOk;
    }
    if (verb == QStringLiteral("remove-zone")) {
        if (auto st = graph.removeZone(*session, name); !st)
            return context.report(st.error());
        out << "zone " << TerminalText::printable(name) << " removed\n";
        return CtlContext::kExitOk;
    }
    // findings
    auto findings = graph.findings(*session);
    if (!findings)
        return context.report(findings.error());
    if (context.json())
        context.printJson(QJsonArray::fromStringList(*findings));
    else
        for (const QString& f : *findings)
            out << TerminalText::printable(f) << '\n';
    return CtlContext::kExitOk;
}

} // namespace gatehouse
