#include "CtlRunner.h"

#include <algorithm>

#include <QCommandLineParser>
#include <QSet>

#include "AccountsCommand.h"
#include "AuditCommand.h"
#include "CredentialsCommand.h"
#include "CtlContext.h"
#include "DemoCommand.h"
#include "GraphCommand.h"
#include "Logging.h"
#include "PathsCommand.h"
#include "PkiCommand.h"
#include "PolicyCommand.h"
#include "ReviewCommand.h"
#include "SimulateCommand.h"
#include "CtlVerb.h"
#include "TerminalText.h"
#include "TokenCommand.h"
#include "WebhooksCommand.h"
#include "WorkspaceCommand.h"

namespace gatehouse {

namespace {

const QString kProgram = QStringLiteral("gatehousectl");

QCommandLineOption option(const QString& name, const QString& description, const QString& valueName = {})
{
    return QCommandLineOption(QStringList{name}, description, valueName);
}

QString synopsis(const QString& group, const CtlVerb& verb)
{
    QString s = kProgram + QLatin1Char(' ') + group + QLatin1Char(' ') + verb.name;
    if (!verb.arguments.isEmpty())
        s += QLatin1Char(' ') + verb.arguments;
    if (!verb.options.isEmpty())
        s += QStringLiteral(" [options]");
    return s;
}

} // namespace

CtlRunner::CtlRunner(ApplicationConfig baseConfig) : m_baseConfig(std::move(baseConfig))
{
    m_groups.push_back(std::make_unique<WorkspaceCommand>());
    m_groups.push_back(std::make_unique<PathsCommand>());
    m_groups.push_back(std::make_unique<PolicyCommand>());
    m_groups.push_back(std::make_unique<AccountsCommand>());
    m_groups.push_back(std::make_unique<ReviewCommand>());
    m_groups.push_back(std::make_unique<WebhooksCommand>());
    m_groups.push_back(std::make_unique<AuditCommand>());
    m_groups.push_back(std::make_unique<DemoCommand>());
    m_groups.push_back(std::make_unique<PkiCommand>());
    m_groups.push_back(std::make_unique<SimulateCommand>());
    m_groups.push_back(std::make_unique<GraphCommand>());
    m_groups.push_back(std::make_unique<CredentialsCommand>());
    m_groups.push_back(std::make_unique<TokenCommand>());
}

CtlRunner::~CtlRunner() = default;

QString CtlRunner::version()
{
    return QStringLiteral(GATEHOUSE_VERSION);
}

QList<QCommandLineOption> CtlRunner::globalOptions()
{
    return {
        option(QStringLiteral("workspace"),
               QStringLiteral("Workspace folder (default: ~/.local/share/gatehouse/gatehouse)."),
               QStringLiteral("dir")),
        option(QStringLiteral("user"),
               QStringLiteral("Operator account to act as; the password comes from "
                              "GATEHOUSE_PASSWORD or a prompt."),
               QStringLiteral("name")),
        option(QStringLiteral("log-level"),
               QStringLiteral("trace, debug, info, warn (default), error, critical or off."),
               QStringLiteral("level")),
        option(QStringLiteral("format"), QStringLiteral("Output form: table (default) or json."),
               QStringLiteral("format")),
        QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                           QStringLiteral("Show help.")),
        option(QStringLiteral("version"), QStringLiteral("Show the version.")),
    };
}

CtlCommandGroup* CtlRunner::group(const QString& name) const
{
    for (const auto& g : m_groups) {
        if (g->name() == name)
            return g.get();
    }
    return nullptr;
}

QStringList CtlRunner::commandWords(const QStringList& args) const
{
    // Every option that takes a value, across all verbs, so "--reason R" never makes R a word.
    QSet<QString> valued;
    auto collect = [&](const QList<QCommandLineOption>& options) {
        for (const auto& o : options) {
            if (!o.valueName().isEmpty()) {
                for (const auto& n : o.names())
                    valued.insert(n);
            }
        }
    };
    collect(globalOptions());
    for (const auto& g : m_groups) {
        for (const auto& v : g->verbs())
            collect(v.options);
    }
    QStringList words;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < args.size() && words.size() < 2; ++i) {
        const QString& a = args[i];
        if (!optionsEnded && a == QStringLiteral("--")) {
            optionsEnded = true;
        } else if (!optionsEnded && a.startsWith(QLatin1Char('-')) && a.size() > 1) {
            QString name = a.mid(a.startsWith(QStringLiteral("--")) ? 2 : 1);
            if (!name.contains(QLatin1Char('=')) && valued.contains(name))
                ++i;
        } else {
            words << a;
        }
    }
    return words;
}

int CtlRunner::run(const QStringList& args, QTextStream& out, QTextStream& err, PasswordSource& passwords)
{
    CtlContext context(out, err, passwords, m_baseConfig);
    const QStringList words = commandWords(args);
    const QStringList argv = QStringList{kProgram} + args;

    CtlCommandGroup* g = words.isEmpty() ? nullptr : group(words[0]);
    const CtlVerb* verb = nullptr;
    QList<CtlVerb> verbs;
    if (g) {
        context.setCommand(g->name());
        verbs = g->verbs();
        if (words.size() > 1) {
            auto it = std::find_if(verbs.cbegin(), verbs.cend(),
                                   [&](const CtlVerb& v) { return v.name == words[1]; });
            if (it != verbs.cend()) {
                verb = &*it;
                context.setCommand(g->name() + QLatin1Char(' ') + verb->name);
            }
        }
    }

    if (!words.isEmpty() && !g)
        return context.usageError(QStringLiteral("unknown command '%1'").arg(words[0].left(64)));
    if (g && words.size() > 1 && !verb) {
        err << kProgram << ": unknown verb '" << TerminalText::printable(words[1].left(64)) << "' for '"
            << g->name() << "'\n";
        printGroupHelp(err, *g);
        return CtlContext::kExitUsage;
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions(globalOptions());
    if (verb)
        parser.addOptions(verb->options);
    if (!parser.parse(argv))
        return context.usageError(parser.errorText());

    if (parser.isSet(QStringLiteral("version"))) {
        out << kProgram << ' ' << version() << '\n';
        return CtlContext::kExitOk;
    }
    const bool help = parser.isSet(QStringLiteral("help"));
    if (words.isEmpty()) {
        printTopHelp(help ? out : err);
        return help ? CtlContext::kExitOk : CtlContext::kExitUsage;
    }
    if (!verb) {
        printGroupHelp(help ? out : err, *g);
        return help ? CtlContext::kExitOk : CtlContext::kExitUsage;
    }
    if (help) {
        printVerbHelp(out, *g, *verb);
        return CtlContext::kExitOk;
    }

    // Single-valued options given twice are refused rather than silently taking the last.
    const QList<QCommandLineOption> all = globalOptions() + verb->options;
    for (const auto& o : all) {
        const QString name = o.names().constLast();
        if (!o.valueName().isEmpty() && !verb->repeatable.contains(name) && parser.values(name).size() > 1)
            return context.usageError(QStringLiteral("--%1 may be given only once").arg(name));
    }

    const QStringList positional = parser.positionalArguments().mid(2);
    if (positional.size() < verb->minArguments)
        return context.usageError(
            QStringLiteral("'%1 %2' needs %3").arg(g->name(), verb->name, verb->arguments));
    if (positional.size() > verb->maxArguments)
        return context.usageError(
            QStringLiteral("unexpected argument '%1'").arg(positional.at(verb->maxArguments).left(64)));

    const QString format = parser.value(QStringLiteral("format"));
    const QStringList formats = g->formats(verb->name);
    if (!format.isEmpty() && !formats.contains(format))
        return context.usageError(QStringLiteral("--format must be %1 (got '%2')")
                                      .arg(formats.join(QStringLiteral(" or ")), format.left(64)));
    const QString logLevel = parser.value(QStringLiteral("log-level"));
    if (!logLevel.isEmpty() && !Logging::isValidLevel(logLevel))
        return context.usageError(
            QStringLiteral("--log-level must be one of trace, debug, info, warn, error, "
                           "critical, off (got '%1')")
                .arg(logLevel.left(64)));
    const QString workspace = parser.value(QStringLiteral("workspace"));
    if (parser.isSet(QStringLiteral("workspace")) && workspace.isEmpty())
        return context.usageError(QStringLiteral("--workspace needs a folder"));

    context.setJson(format == QStringLiteral("json"));
    if (!logLevel.isEmpty())
        context.setLogLevel(logLevel);
    context.setWorkspaceDir(workspace);
    context.setUser(parser.value(QStringLiteral("user")));

    const int code = g->run(verb->name, parser, positional, context);
    out.flush();
    err.flush();
    return code;
}

QString CtlRunner::optionsHelp(const QList<QCommandLineOption>& options)
{
    QStringList left;
    for (const auto& o : options) {
        QStringList names;
        for (const auto& n : o.names())
            names << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
        QString l = names.join(QStringLiteral(", "));
        if (!o.valueName().isEmpty())
            l += QStringLiteral(" <%1>").arg(o.valueName());
        left << l;
    }
    qsizetype width = 0;
    for (const auto& l : left)
        width = std::max(width, l.size());
    QString text;
    for (qsizetype i = 0; i < options.size(); ++i)
        text += QStringLiteral("  ") + left[i].leftJustified(width) + QStringLiteral("  ") +
                options[i].description() + QLatin1Char('\n');
    return text;
}

void CtlRunner::printTopHelp(QTextStream& out) const
{
    out << "Usage: " << kProgram << " <command> <verb> [arguments] [options]\n\n"
        << "Command-line front door of Gatehouse, the governance console for AI decision paths.\n\n"
        << "Commands:\n";
    qsizetype width = 0;
    for (const auto& g : m_groups) {
        for (const auto& v : g->verbs())
            width = std::max(width,
                             (g->name() + QLatin1Char(' ') + v.name + QLatin1Char(' ') + v.arguments).size());
    }
    for (const auto& g : m_groups) {
        for (const auto& v : g->verbs()) {
            const QString left = (g->name() + QLatin1Char(' ') + v.name + QLatin1Char(' ') + v.arguments);
            out << "  " << left.leftJustified(width) << "  " << v.summary << '\n';
        }
    }
    out << "\nGlobal options:\n"
        << optionsHelp(globalOptions())
        << "\nEvery command except 'workspace init', 'demo seed' and 'audit verify' needs --user.\n"
        << "Passwords come from GATEHOUSE_PASSWORD (and GATEHOUSE_NEW_PASSWORD for new accounts),\n"
        << "or are asked for on the terminal without echo.\n"
        << "Exit codes: 0 success, 1 a check failed (ledger damaged), 2 bad usage, bad input or refused.\n"
        << "Run '" << kProgram << " <command> <verb> --help' for the options of one verb.\n";
}

void CtlRunner::printGroupHelp(QTextStream& out, const CtlCommandGroup& group) const
{
    out << "Usage: " << kProgram << ' ' << group.name() << " <verb> [arguments] [options]\n\n"
        << group.summary() << "\n\nVerbs:\n";
    qsizetype width = 0;
    const auto verbs = group.verbs();
    for (const auto& v : verbs)
        width = std::max(width, (v.name + QLatin1Char(' ') + v.arguments).size());
    for (const auto& v : verbs)
        out << "  " << (v.name + QLatin1Char(' ') + v.arguments).leftJustified(width) << "  " << v.summary
            << '\n';
    out << "\nRun '" << kProgram << ' ' << group.name() << " <verb> --help' for its options.\n";
}

void CtlRunner::printVerbHelp(QTextStream& out, const CtlCommandGroup& group, const CtlVerb& verb) const
{
    out << "Usage: " << synopsis(group.name(), verb) << "\n\n" << verb.summary << '\n';
    if (!verb.details.isEmpty())
        out << '\n' << verb.details << '\n';
    if (!verb.options.isEmpty())
        out << "\nOptions:\n" << optionsHelp(verb.options);
    if (!verb.repeatable.isEmpty()) {
        QStringList names;
        for (const auto& r : verb.repeatable)
            names << QStringLiteral("--") + r;
        out << "Repeatable: " << names.join(QStringLiteral(", ")) << '\n';
    }
    out << "\nGlobal options:\n" << optionsHelp(globalOptions());
}

} // namespace gatehouse
