#include "ConsoleLauncher.h"

#include <cstdio>

#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTextStream>

#include "Application.h"
#include "DemoSeeder.h"
#include "DemoTraffic.h"
#include "FirstAdminDialog.h"
#include "Logging.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "ViewResources.h"
#include "WebhookDispatcher.h"

namespace gatehouse {

namespace {

void fatal(const QString& message)
{
    QTextStream(stderr) << "gatehouse: " << message << '\n';
    QMessageBox::critical(nullptr, QObject::tr("Gatehouse cannot start"), message);
}

} // namespace

ConsoleLauncher::ConsoleLauncher() = default;

ConsoleLauncher::~ConsoleLauncher()
{
    delete m_window;
}

std::optional<int> ConsoleLauncher::parse(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Gatehouse: governance console for AI decision paths."));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"), tr("Workspace folder (default: the per-user data folder)."), tr("dir"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        tr("Open the demo workspace (seeded on first use); with --workspace, that folder."));
    const QCommandLineOption noTraffic(
        QStringLiteral("no-traffic"),
        tr("With --demo: do not run the intake gateway and the agent simulator inside the console."));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      tr("trace, debug, info (default), warn, error, critical or off."),
                                      tr("level"), QStringLiteral("info"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, tr("Show help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Show the version."));
    parser.addOptions({workspace, demo, noTraffic, logLevel, help, version});

    if (!parser.parse(arguments)) {
        err << "gatehouse: " << parser.errorText() << "\nTry 'gatehouse --help'.\n";
        return kExitUsage;
    }
    if (parser.isSet(version)) {
        out << "gatehouse " << GATEHOUSE_VERSION << '\n';
        return kExitOk;
    }
    if (parser.isSet(help)) {
        // Without a QCoreApplication the parser cannot know the program name.
        out << parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("gatehouse"));
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "gatehouse: unexpected argument '" << parser.positionalArguments().constFirst().left(64)
            << "'\nTry 'gatehouse --help'.\n";
        return kExitUsage;
    }
    if (!Logging::isValidLevel(parser.value(logLevel))) {
        err << "gatehouse: --log-level must be one of trace, debug, info, warn, error, critical, off\n";
        return kExitUsage;
    }

    m_workspaceDir = parser.value(workspace);
    m_demo = parser.isSet(demo);
    m_demoTraffic = !parser.isSet(noTraffic);
    m_logLevel = parser.value(logLevel);
    return std::nullopt;
}

int ConsoleLauncher::run()
{
    const int code = start();
    // Windows hold references into the services, and both must go while QApplication exists.
    delete m_window;
    m_traffic.reset();
    m_webhooks.reset();
    m_app.reset();
    return code;
}

int ConsoleLauncher::start()
{
    ViewResources::init();
    QApplication::setWindowIcon(ViewResources::appIcon());

    ApplicationConfig config;
    config.workspaceDir = m_workspaceDir;
    if (m_demo && config.workspaceDir.isEmpty())
        config.workspaceDir = Workspace::defaultDemoDirectory();
    config.logLevel = m_logLevel;

    auto opened = Application::open(config);
    if (!opened) {
        fatal(opened.error().message);
        return kExitUsage;
    }
    m_app = std::move(*opened);

    auto empty = m_app->accounts().needsFirstAdmin();
    if (!empty) {
        fatal(empty.error().message);
        return kExitUsage;
    }
    QString username;
    if (*empty && m_demo) {
        Logging::info("ui",
                      QStringLiteral("seeding the demo workspace %1").arg(m_app->workspace().directory()));
        if (auto seeded =
                DemoSeeder::seed(m_app->database(), m_app->accounts(), m_app->catalogue(), m_app->clock());
            !seeded) {
            fatal(seeded.error().message);
            return kExitUsage;
        }
        if (auto graph = DemoSeeder::seedGraph(m_app->graph(), m_app->catalogue(), m_app->clock()); !graph) {
            fatal(graph.error().message);
            return kExitUsage;
        }
    } else if (*empty) {
        FirstAdminDialog firstAdmin(m_app->accounts());
        if (firstAdmin.exec() != QDialog::Accepted)
            return kExitOk;
        username = firstAdmin.createdUsername();
    }

    if (m_demo && m_demoTraffic && m_app->settings().isDemo()) {
        // A live queue for the demo: agents' proposals arrive over mutual TLS while the console is open.
        m_traffic = std::make_unique<DemoTraffic>(*m_app);
        if (auto st = m_traffic->start(500, 2000); !st)
            Logging::warn("ui", QStringLiteral("demo traffic not started: %1").arg(st.error().message));
    }
    // Reviews and credentials past their deadline expire (and are ledgered) even if nobody
    // looks at them.
    m_sweeper.setInterval(10000);
    connect(&m_sweeper, &QTimer::timeout, this, [this] {
        if (auto swept = m_app->review().sweep(); !swept)
            Logging::warn("review", QStringLiteral("expiry sweep failed: %1").arg(swept.error().message));
        // Credentials too: exactly one credential.expired each, whichever process sweeps.
        if (auto swept = m_app->credentials().sweep(); !swept)
            Logging::warn("credentials",
                          QStringLiteral("credential sweep failed: %1").arg(swept.error().message));
    });
    m_sweeper.start();
    // Delivers the webhook outbox; safe beside gatehoused doing the same (rows are claimed).
    m_webhooks = std::make_unique<WebhookDispatcher>(m_app->database(), m_app->clock());
    m_webhooks->start();
    if (!signIn(username))
        return kExitOk;
    return QApplication::exec();
}

bool ConsoleLauncher::signIn(const QString& username)
{
    LoginDialog login(m_app->accounts(), m_app->settings(), m_app->workspace().directory());
    login.setKeyService(&m_app->operatorKeys());
    if (!username.isEmpty())
        login.setUsername(username);
    if (login.exec() != QDialog::Accepted || !login.session())
        return false;

    if (!m_watcher)
        m_watcher = std::make_unique<WorkspaceChangeWatcher>(m_app->database().connection(), 1000);
    const ConsoleServices services{m_app->catalogue(), m_app->ledger(),      m_app->accounts(),
                                   m_app->settings(),  m_app->clock(),       m_app->workspace().directory(),
                                   m_app->policy(),    &m_app->gateway(),    &m_app->review(),
                                   login.signingKey(), m_watcher.get(),      &m_app->webhooks(),
                                   &m_app->graph(),    &m_app->credentials()};
    auto* window = new MainWindow(services, *login.session(), m_interaction);
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &MainWindow::signOutRequested, this, &ConsoleLauncher::signOut, Qt::QueuedConnection);
    m_window = window;
    Logging::info("ui", QStringLiteral("%1 signed in").arg(login.session()->username));
    window->show();
    return true;
}

void ConsoleLauncher::signOut()
{
    if (!m_window)
        return;
    const QString previous = m_window->operatorText();
    Logging::info("ui", QStringLiteral("signed out (%1)").arg(previous));
    // Hide rather than close: closing the last window would end the event loop.
    m_window->hide();
    m_window->deleteLater();
    m_window = nullptr;
    if (!signIn())
        QApplication::quit();
}

} // namespace gatehouse
