#pragma once

#include <memory>
#include <optional>

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include "QtUserInteraction.h"
#include "WorkspaceChangeWatcher.h"

namespace gatehouse {

class Application;
class DemoTraffic;
class MainWindow;
class WebhookDispatcher;

/// Start-up of the desktop console: parses the command line, opens the workspace
/// through the composition root (seeding a demo workspace when asked), then runs
/// first-admin creation, sign-in and the main window, and sign-in again after Sign out.
class ConsoleLauncher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kExitOk = 0;
    static constexpr int kExitUsage = 2;

    ConsoleLauncher();
    ~ConsoleLauncher() override;

    /// Reads the command line. Returns an exit code when the process should end now
    /// (--help, --version, bad usage); needs no QApplication, so it works without a display.
    std::optional<int> parse(const QStringList& arguments);
    /// Opens the workspace and runs the console; needs a QApplication. Returns the exit code.
    int run();

private:
    /// Opens the workspace, signs in and runs the event loop; returns the exit code.
    int start();
    /// Shows the login dialog and, on success, a new main window. False when cancelled.
    bool signIn(const QString& username = {});
    void signOut();

    QString m_workspaceDir;
    QString m_logLevel;
    bool m_demo = false;
    bool m_demoTraffic = true;
    std::unique_ptr<DemoTraffic> m_traffic;
    std::unique_ptr<WorkspaceChangeWatcher> m_watcher;
    QTimer m_sweeper;                              ///< closes expired reviews while the console runs
    std::unique_ptr<WebhookDispatcher> m_webhooks; ///< delivers review notifications while the console runs
    std::unique_ptr<Application> m_app;
    QtUserInteraction m_interaction;
    QPointer<MainWindow> m_window;
};

} // namespace gatehouse
