// gatehoused: the headless intake gateway. Until the intake issue (#3) lands it opens the
// workspace (so a broken or newer database is reported at start-up) and exits.

#include <cstdio>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include "Application.h"
#include "Logging.h"

namespace {
constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // Shared with the console and gatehousectl: the same default workspace folder.
    QCoreApplication::setOrganizationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));

    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Gatehouse intake gateway for AI agents' action requests."));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"), QStringLiteral("Workspace folder (default: the per-user data folder)."),
        QStringLiteral("dir"));
    const QCommandLineOption logLevel(
        QStringLiteral("log-level"),
        QStringLiteral("trace, debug, info (default), warn, error, critical or off."),
        QStringLiteral("level"), QStringLiteral("info"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOptions({workspace, logLevel, help, version});

    if (!parser.parse(QCoreApplication::arguments())) {
        err << "gatehoused: " << parser.errorText() << "\nTry 'gatehoused --help'.\n";
        return kExitUsage;
    }
    if (parser.isSet(version)) {
        out << "gatehoused " << GATEHOUSE_VERSION << '\n';
        return kExitOk;
    }
    if (parser.isSet(help)) {
        out << parser.helpText().replace(QCoreApplication::arguments().constFirst(),
                                         QStringLiteral("gatehoused"));
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "gatehoused: unexpected argument '" << parser.positionalArguments().constFirst().left(64)
            << "'\nTry 'gatehoused --help'.\n";
        return kExitUsage;
    }
    if (!gatehouse::Logging::isValidLevel(parser.value(logLevel))) {
        err << "gatehoused: --log-level must be one of trace, debug, info, warn, error, critical, off\n";
        return kExitUsage;
    }

    gatehouse::ApplicationConfig config;
    config.workspaceDir = parser.value(workspace);
    config.logLevel = parser.value(logLevel);
    auto opened = gatehouse::Application::open(config);
    if (!opened) {
        err << "gatehoused: " << opened.error().message << '\n';
        return kExitUsage;
    }
    gatehouse::Logging::info("gateway", QStringLiteral("intake gateway arrives with issue #3"));
    return kExitOk;
}
