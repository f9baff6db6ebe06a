#pragma once

#include <QList>
#include <QMainWindow>

#include "ConsoleServices.h"
#include "OperatorSession.h"

class QLabel;
class QSystemTrayIcon;
class QListWidget;
class QStackedWidget;

namespace gatehouse {

class ConsolePage;
class UserInteraction;

/// The console's main window: a router from the navigation sidebar to one page per
/// feature. It builds the pages and shows who is signed in; the pages do the work.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Page
    {
        Overview,
        Catalogue,
        ReviewQueue,
        AuditTimeline,
        PermissionGraph,
        Policies,
        Credentials,
    };

    MainWindow(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
               QWidget* parent = nullptr);

    void showPage(Page page);
    Page currentPage() const;
    ConsolePage* page(Page page) const;
    QListWidget* navigation() const { return m_navigation; }
    /// Text of the status bar's operator and workspace fields.
    QString operatorText() const;
    /// The last desktop notification raised (also shown in the status bar), for tests.
    QString lastNotification() const { return m_lastNotification; }

public slots:
    /// Desktop notification (QSystemTrayIcon where a tray exists) and a status-bar message.
    void notify(const QString& title, const QString& message);
    QString workspaceText() const;

signals:
    /// The operator chose Sign out; the launcher closes this window and asks for a new sign-in.
    void signOutRequested();

private:
    void addPage(Page page, const QString& title, ConsolePage* widget);
    void buildMenus();
    void onNavigationChanged(int row);

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    QListWidget* m_navigation;
    QStackedWidget* m_stack;
    QLabel* m_operatorLabel;
    QLabel* m_workspaceLabel;
    QSystemTrayIcon* m_tray = nullptr;
    QString m_lastNotification;
    QList<Page> m_order;
};

} // namespace gatehouse
