#include "PathsCommand.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSaveFile>

#include "Application.h"
#include "CtlContext.h"
#include "DecisionPathJson.h"
#include "InputFile.h"
#include "PathFieldOptions.h"
#include "CtlVerb.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QString joined(const QStringList& list)
{
    return list.isEmpty() ? QStringLiteral("-") : list.join(QStringLiteral(", "));
}

enum class FileFormat
{
    Unknown,
    Json,
    Csv,
};

/// --csv / --json, else the file's suffix. Conflict between the flags is a usage error.
Result<FileFormat> chooseFormat(const QCommandLineParser& parser, const QString& file)
{
    const bool csv = parser.isSet(QStringLiteral("csv"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (csv && json)
        return fail(ErrorCode::InvalidInput, QStringLiteral("give either --csv or --json, not both"));
    if (csv)
        return FileFormat::Csv;
    if (json)
        return FileFormat::Json;
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QStringLiteral("csv"))
        return FileFormat::Csv;
    if (suffix == QStringLiteral("json"))
        return FileFormat::Json;
    return FileFormat::Unknown;
}

} // namespace

QString PathsCommand::summary() const
{
    return QStringLiteral("Register, change and inspect decision paths (the catalogue).");
}

QList<CtlVerb> PathsCommand::verbs() const
{
    const QString fieldDetails = QStringLiteral(
        "Field options set one field each; an empty value clears it, list options are repeatable\n"
        "and replace the whole list. --from-json FILE reads one path object in the JSON form of\n"
        "'paths show --format json' instead (see docs/cli.md).");
    QList<QCommandLineOption> addOptions{
        option("id", "Id of the new path (a slug, e.g. soc-isolate-endpoint).", "id"),
        option("from-json", "Read the path from a JSON file.", "file")};
    addOptions += PathFieldOptions::options();
    QList<QCommandLineOption> updateOptions{
        option("from-json",
               "Read new field values from a JSON file (its id must match ID); keys it leaves out keep "
               "their stored values.",
               "file"),
        option("expect-version",
               "Refuse the change unless the stored version is N (default: the version read "
               "just before; a \"version\" in --from-json counts too).",
               "n")};
    updateOptions += PathFieldOptions::options();
    const QCommandLineOption reason =
        option("reason", "Why (required; recorded in the audit ledger).", "text");
    const QCommandLineOption csv = option("csv", "CSV form (RFC 4180, header row).");
    const QCommandLineOption json = option("json", "JSON form (an array of path objects).");

    return {
        {QStringLiteral("list"),
         {},
         0,
         0,
         QStringLiteral("List decision paths"),
         {option("status", "Only paths in this status (draft, active, suspended, retired).", "status"),
          option("tier", "Only paths of this tier (T0..T3).", "tier"),
          option("owner", "Only paths owned by this account.", "user")},
         {},
         {}},
        {QStringLiteral("show"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Show one decision path"),
         {},
         {},
         {}},
        {QStringLiteral("add"),
         {},
         0,
         0,
         QStringLiteral("Register a new path as a draft"),
         addOptions,
         PathFieldOptions::repeatable(),
         fieldDetails},
        {QStringLiteral("update"), QStringLiteral("ID"), 1, 1, QStringLiteral("Change fields of a path"),
         updateOptions, PathFieldOptions::repeatable(),
         fieldDetails +
             QStringLiteral("\nThe change is refused when someone else changed the path in between.")},
        {QStringLiteral("activate"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Activate a draft or suspended path"),
         {},
         {},
         {}},
        {QStringLiteral("suspend"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Suspend an active path at once"),
         {reason},
         {},
         {}},
        {QStringLiteral("retire"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Retire a path for good"),
         {reason},
         {},
         {}},
        {QStringLiteral("import"),
         QStringLiteral("FILE"),
         1,
         1,
         QStringLiteral("Import paths from JSON or CSV (all or nothing)"),
         {csv, json},
         {},
         QStringLiteral("The format follows --csv/--json, else the file's suffix (.csv, .json).\n"
                        "Files larger than 16 MiB are refused.")},
        {QStringLiteral("export"),
         {},
         0,
         0,
         QStringLiteral("Export all paths as JSON or CSV"),
         {option("out", "Write to this file instead of stdout.", "file"), csv, json},
         {},
         QStringLiteral("JSON unless --csv is given or --out ends in .csv. CSV cells that a spreadsheet\n"
                        "would run as a formula are prefixed with ' (and the importer strips it).")},
    };
}

int PathsCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                      CtlContext& context)
{
    if (verb == QStringLiteral("list"))
        return list(parser, context);
    if (verb == QStringLiteral("show"))
        return show(arguments.at(0), context);
    if (verb == QStringLiteral("add"))
        return add(parser, context);
    if (verb == QStringLiteral("update"))
        return update(arguments.at(0), parser, context);
    if (verb == QStringLiteral("import"))
        return importFile(arguments.at(0), parser, context);
    if (verb == QStringLiteral("export"))
        return exportPaths(parser, context);
    return transition(verb, arguments.at(0), parser, context);
}

int PathsCommand::list(const QCommandLineParser& parser, CtlContext& context)
{
    std::optional<PathStatus> status;
    std::optional<SeverityTier> tier;
    if (parser.isSet(QStringLiteral("status"))) {
        status = parsePathStatus(parser.value(QStringLiteral("status")));
        if (!status)
            return context.usageError(QStringLiteral("--status must be draft, active, suspended or retired"));
    }
    if (parser.isSet(QStringLiteral("tier"))) {
        tier = parseSeverityTier(parser.value(QStringLiteral("tier")));
        if (!tier)
            return context.usageError(QStringLiteral("--tier must be T0, T1, T2 or T3"));
    }
    const QString owner = parser.value(QStringLiteral("owner"));

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto paths = (*app)->catalogue().list(*session);
    if (!paths)
        return context.report(paths.error());

    QList<DecisionPath> shown;
    for (const auto& p : *paths) {
        if ((status && p.status != *status) || (tier && p.tier != tier) ||
            (!owner.isEmpty() && p.owner != owner))
            continue;
        shown << p;
    }

    if (context.json()) {
        QJsonArray array;
        for (const auto& p : shown)
            array.append(DecisionPathJson::toJson(p));
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    const QDate today = (*app)->clock().now().date();
    TextTable table({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("OWNER"),
                     QStringLiteral("TIER"), QStringLiteral("STATUS"), QStringLiteral("ENVIRONMENT"),
                     QStringLiteral("REVIEW")});
    for (const auto& p : shown) {
        QString review =
            p.nextReviewDate.isValid() ? p.nextReviewDate.toString(Qt::ISODate) : QStringLiteral("-");
        if (p.isReviewOverdue(today))
            review += QStringLiteral(" (overdue)");
        table.addRow({TerminalText::cell(p.id, 64), TerminalText::cell(p.name, 48),
                      TerminalText::cell(p.owner, 32),
                      p.tier ? severityTierCode(*p.tier) : QStringLiteral("-"), pathStatusName(p.status),
                      TerminalText::cell(p.environment, 24), review});
    }
    table.print(context.out());
    context.out() << table.rowCount() << (table.rowCount() == 1 ? " path\n" : " paths\n");
    return CtlContext::kExitOk;
}

int PathsCommand::show(const QString& id, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto path = (*app)->catalogue().get(*session, id);
    if (!path)
        return context.report(path.error());
    if (context.json()) {
        context.printJson(DecisionPathJson::toJson(*path));
        return CtlContext::kExitOk;
    }
    const DecisionPath& p = *path;
    const QDate today = (*app)->clock().now().date();
    QString review =
        p.nextReviewDate.isValid() ? p.nextReviewDate.toString(Qt::ISODate) : QStringLiteral("-");
    if (p.isReviewOverdue(today))
        review += QStringLiteral(" (overdue)");
    const QList<std::pair<QString, QString>> rows = {
        {QStringLiteral("id"), p.id},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("status"), pathStatusName(p.status)},
        {QStringLiteral("description"), p.description},
        {QStringLiteral("owner"), p.owner},
        {QStringLiteral("team"), p.team},
        {QStringLiteral("ai component"), p.aiComponent},
        {QStringLiteral("workload id"), p.workloadId},
        {QStringLiteral("action types"), joined(p.actionTypes)},
        {QStringLiteral("targets"), joined(p.targets)},
        {QStringLiteral("environment"), p.environment},
        {QStringLiteral("tier"), p.tier ? severityTierCode(*p.tier) + QStringLiteral(" (") +
                                              severityTierLabel(*p.tier) + QLatin1Char(')')
                                        : QStringLiteral("-")},
        {QStringLiteral("reversibility"), reversibilityLabel(p.reversibility)},
        {QStringLiteral("confidence"), QString::number(p.confidenceThreshold)},
        {QStringLiteral("OWASP agentic"), joined(p.frameworks.owaspAgentic)},
        {QStringLiteral("MAESTRO layers"), joined(p.frameworks.maestroLayers)},
        {QStringLiteral("NIST AI RMF"), joined(p.frameworks.nistAiRmf)},
        {QStringLiteral("NIST CSF"), joined(p.frameworks.nistCsf)},
        {QStringLiteral("next review"), review},
        {QStringLiteral("created"), p.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("updated"), p.updatedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("version"), QString::number(p.version)},
    };
    for (const auto& [key, value] : rows)
        context.out() << (key + QLatin1Char(':')).leftJustified(16) << TerminalText::printable(value) << '\n';
    return CtlContext::kExitOk;
}

Result<DecisionPath> PathsCommand::readJsonPath(const QString& file, const QJsonObject& base)
{
    auto data = InputFile::read(file, kMaxImportBytes);
    if (!data)
        return std::unexpected(data.error());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: not valid JSON at byte %2: %3")
                                                 .arg(file)
                                                 .arg(error.offset)
                                                 .arg(error.errorString()));
    if (!doc.isObject())
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1: expected one path object (use 'paths import' for an array)").arg(file));
    // For an update the file's keys are laid over the stored path, so a partial object changes
    // only what it names instead of clearing every field it leaves out.
    QJsonObject merged = base;
    merged.remove(QStringLiteral("version"));
    const QJsonObject given = doc.object();
    for (auto it = given.begin(); it != given.end(); ++it)
        merged.insert(it.key(), it.value());
    auto path = DecisionPathJson::fromJson(merged, file);
    if (!path)
        return path;
    const QJsonValue version = given.value(QStringLiteral("version"));
    path->version = version.isDouble() ? version.toInt(-1) : -1;
    return path;
}

int PathsCommand::add(const QCommandLineParser& parser, CtlContext& context)
{
    const bool fromJson = parser.isSet(QStringLiteral("from-json"));
    if (fromJson && (PathFieldOptions::anySet(parser) || parser.isSet(QStringLiteral("id"))))
        return context.usageError(QStringLiteral("give either --from-json or field options, not both"));
    if (!fromJson && !parser.isSet(QStringLiteral("id")))
        return context.usageError(QStringLiteral("'paths add' needs --id ID (or --from-json FILE)"));

    DecisionPath path;
    if (fromJson) {
        auto read = readJsonPath(parser.value(QStringLiteral("from-json")));
        if (!read)
            return context.report(read.error());
        path = *read;
        path.version = 0;
    } else {
        path.id = parser.value(QStringLiteral("id"));
        if (auto st = PathFieldOptions::apply(parser, path); !st)
            return context.report(st.error());
    }

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto created = (*app)->catalogue().create(*session, path);
    if (!created)
        return context.report(created.error());
    return printChanged(*created, QStringLiteral("created"), context);
}

int PathsCommand::update(const QString& id, const QCommandLineParser& parser, CtlContext& context)
{
    const bool fromJson = parser.isSet(QStringLiteral("from-json"));
    if (fromJson && PathFieldOptions::anySet(parser))
        return context.usageError(QStringLiteral("give either --from-json or field options, not both"));
    if (!fromJson && !PathFieldOptions::anySet(parser))
        return context.usageError(
            QStringLiteral("nothing to change: give field options or --from-json FILE"));
    std::optional<int> expected;
    if (parser.isSet(QStringLiteral("expect-version"))) {
        bool ok = false;
        expected = parser.value(QStringLiteral("expect-version")).toInt(&ok);
        if (!ok || *expected < 0)
            return context.usageError(QStringLiteral("--expect-version must be a whole number"));
    }

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto stored = (*app)->catalogue().get(*session, id);
    if (!stored)
        return context.report(stored.error());

    std::optional<DecisionPath> fromFile;
    if (fromJson) {
        auto read =
            readJsonPath(parser.value(QStringLiteral("from-json")), DecisionPathJson::toJson(*stored));
        if (!read)
            return context.report(read.error());
        if (read->id != id)
            return context.usageError(
                QStringLiteral("%1 describes path '%2', not '%3'")
                    .arg(parser.value(QStringLiteral("from-json")), read->id.left(64), id.left(64)));
        fromFile = *read;
    }

    DecisionPath path = *stored;
    if (fromFile) {
        const int fileVersion = fromFile->version;
        path = *fromFile;
        path.status = stored->status;
        path.createdAt = stored->createdAt;
        path.updatedAt = stored->updatedAt;
        path.version = fileVersion >= 0 ? fileVersion : stored->version;
    } else if (auto st = PathFieldOptions::apply(parser, path); !st) {
        return context.report(st.error());
    }
    if (expected)
        path.version = *expected;

    auto updated = (*app)->catalogue().update(*session, path);
    if (!updated)
        return context.report(updated.error());
    return printChanged(*updated, QStringLiteral("updated"), context);
}

int PathsCommand::transition(const QString& verb, const QString& id, const QCommandLineParser& parser,
                             CtlContext& context)
{
    const QString reason = parser.value(QStringLiteral("reason"));
    if (verb != QStringLiteral("activate") && reason.trimmed().isEmpty())
        return context.usageError(QStringLiteral("'paths %1' needs --reason TEXT").arg(verb));

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    CatalogueService& catalogue = (*app)->catalogue();
    Result<DecisionPath> changed = verb == QStringLiteral("activate") ? catalogue.activate(*session, id)
                                   : verb == QStringLiteral("suspend")
                                       ? catalogue.suspend(*session, id, reason)
                                       : catalogue.retire(*session, id, reason);
    if (!changed)
        return context.report(changed.error());
    return printChanged(*changed, pathStatusName(changed->status), context);
}

int PathsCommand::importFile(const QString& file, const QCommandLineParser& parser, CtlContext& context)
{
    auto format = chooseFormat(parser, file);
    if (!format)
        return context.usageError(format.error().message);
    if (*format == FileFormat::Unknown)
        return context.usageError(
            QStringLiteral("cannot tell the format of %1 from its name; give --csv or --json").arg(file));
    auto data = InputFile::read(file, kMaxImportBytes);
    if (!data)
        return context.report(data.error());

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    const QString source = QFileInfo(file).fileName();
    auto summary = *format == FileFormat::Csv ? (*app)->catalogue().importCsv(*session, *data, source)
                                              : (*app)->catalogue().importJson(*session, *data, source);
    if (!summary)
        return context.report(summary.error());
    if (context.json()) {
        context.printJson(
            QJsonObject{{QStringLiteral("file"), file},
                        {QStringLiteral("format"),
                         *format == FileFormat::Csv ? QStringLiteral("csv") : QStringLiteral("json")},
                        {QStringLiteral("created"), summary->created}});
    } else {
        context.out() << "imported " << summary->created << (summary->created == 1 ? " path" : " paths")
                      << " from " << TerminalText::printable(file) << '\n';
    }
    return CtlContext::kExitOk;
}

int PathsCommand::exportPaths(const QCommandLineParser& parser, CtlContext& context)
{
    const QString out = parser.value(QStringLiteral("out"));
    auto format = chooseFormat(parser, out);
    if (!format)
        return context.usageError(format.error().message);
    const bool csv = *format == FileFormat::Csv;

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto data = csv ? (*app)->catalogue().exportCsv(*session) : (*app)->catalogue().exportJson(*session);
    if (!data)
        return context.report(data.error());

    if (out.isEmpty() || out == QStringLiteral("-")) {
        context.out() << QString::fromUtf8(*data);
        context.out().flush();
        return CtlContext::kExitOk;
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(*data) != data->size() || !file.commit())
        return context.report(Error{ErrorCode::InvalidInput,
                                    QStringLiteral("%1: cannot write: %2").arg(out, file.errorString())});
    if (context.json()) {
        context.printJson(
            QJsonObject{{QStringLiteral("file"), out},
                        {QStringLiteral("format"), csv ? QStringLiteral("csv") : QStringLiteral("json")},
                        {QStringLiteral("bytes"), static_cast<qint64>(data->size())}});
    } else {
        context.out() << "exported paths to " << TerminalText::printable(out) << " ("
                      << (csv ? "csv" : "json") << ", " << data->size() << " bytes)\n";
    }
    return CtlContext::kExitOk;
}

int PathsCommand::printChanged(const DecisionPath& path, const QString& what, CtlContext& context)
{
    if (context.json()) {
        context.printJson(DecisionPathJson::toJson(path));
    } else {
        context.out() << "path " << TerminalText::printable(path.id) << ' ' << what << " (status "
                      << pathStatusName(path.status) << ", version " << path.version << ")\n";
    }
    return CtlContext::kExitOk;
}

} // namespace gatehouse
