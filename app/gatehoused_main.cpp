// gatehoused: the headless intake gateway. Opens the workspace, loads the server
// certificate made by `gatehousectl pki init`, and serves the intake API (docs/api.md)
// over mutual TLS until SIGINT or SIGTERM.

#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>
#include <QTextStream>
#include <QTimer>

#include "Application.h"
#include "Logging.h"
#include "WebhookDispatcher.h"

namespace {
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int g_signalPipe[2] = {-1, -1};

// Self-pipe: the handler only writes a byte; the event loop does the shutdown.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}
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
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral(
            "Address and port to serve HTTPS on (default 127.0.0.1:8443; ':PORT' = all interfaces)."),
        QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8443"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Requests per second each workload may send (default 20)."),
                                  QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption burst(QStringLiteral("burst"),
                                   QStringLiteral("Requests a workload may send at once (default 40)."),
                                   QStringLiteral("n"), QStringLiteral("40"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOptions({workspace, listen, rate, burst, logLevel, help, version});

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

    bool rateOk = false;
    bool burstOk = false;
    const double ratePerSecond = parser.value(rate).toDouble(&rateOk);
    const double burstSize = parser.value(burst).toDouble(&burstOk);
    if (!rateOk || ratePerSecond <= 0 || ratePerSecond > 100000 || !burstOk || burstSize < 1 ||
        burstSize > 100000) {
        err << "gatehoused: --rate must be in (0, 100000] and --burst in [1, 100000]\n";
        return kExitUsage;
    }
    auto listenAt = gatehouse::IntakeGateway::parseListen(parser.value(listen));
    if (!listenAt) {
        err << "gatehoused: " << listenAt.error().message << '\n';
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
    gatehouse::Application& application = **opened;
    application.intake().setLimits({ratePerSecond, burstSize});
    if (auto st = application.policy().ensurePolicy(); !st) {
        err << "gatehoused: " << st.error().message << '\n';
        return kExitFailure;
    }
    if (auto st = application.gateway().start(listenAt->first, listenAt->second); !st) {
        err << "gatehoused: " << st.error().message << '\n';
        return kExitFailure;
    }
    // Natural expiry of credentials is recorded by a sweeper: one credential.expired event
    // each, within one interval of exp (FIELD-CASES 8); retired signing keys whose last
    // token expired are withdrawn on the same beat.
    auto* credentialSweeper = new QTimer(&app);
    credentialSweeper->setInterval(15000);
    QObject::connect(credentialSweeper, &QTimer::timeout, &app, [&application] {
        auto swept = application.credentials().sweep();
        if (!swept)
            gatehouse::Logging::error(
                "crypto", QStringLiteral("credential sweep failed: %1").arg(swept.error().message));
        else if (swept->expired > 0 || swept->keysWithdrawn > 0)
            gatehouse::Logging::info("crypto",
                                     QStringLiteral("sweep: %1 credential(s) expired, %2 key(s) withdrawn")
                                         .arg(swept->expired)
                                         .arg(swept->keysWithdrawn));
    });
    credentialSweeper->start();

    out << "gatehoused: listening on https://" << application.gateway().address().toString() << ':'
        << application.gateway().port() << '\n';
    out.flush();

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) == 0) {
        auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&application] {
            char byte = 0;
            [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
            gatehouse::Logging::info("gateway", QStringLiteral("signal received, stopping"));
            application.gateway().stop();
            QCoreApplication::quit();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    // Requests nobody reviewed in time expire here too, so an agent polling its request learns
    // of the expiry even when no console is open.
    QTimer sweeper;
    sweeper.setInterval(10000);
    QObject::connect(&sweeper, &QTimer::timeout, &app, [&application] {
        if (auto swept = application.review().sweep(); !swept)
            gatehouse::Logging::warn("review",
                                     QStringLiteral("expiry sweep failed: %1").arg(swept.error().message));
    });
    sweeper.start();
    // Review notifications leave from here when no console runs; a console running beside
    // it claims rows before sending, so nothing goes out twice.
    gatehouse::WebhookDispatcher webhooks(application.database(), application.clock());
    webhooks.start();
    return app.exec() == 0 ? kExitOk : kExitFailure;
}
