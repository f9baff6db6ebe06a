#include "MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>

#include "AuditTimelinePage.h"
#include "CataloguePage.h"
#include "CredentialsPage.h"
#include "OverviewPage.h"
#include "PermissionGraphPage.h"
#include "PlaceholderPage.h"
#include "PoliciesPage.h"
#include "ReviewQueuePage.h"
#include "UserInteraction.h"
#include "ViewResources.h"

namespace gatehouse {

MainWindow::MainWindow(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                       QWidget* parent)
    : QMainWindow(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction), m_navigation(new QListWidget(this)), m_stack(new QStackedWidget(this)),
      m_operatorLabel(new QLabel(this)), m_workspaceLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gatehouse — %1").arg(m_services.workspaceDirectory));
    setWindowIcon(ViewResources::appIcon());

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setSpacing(2);
    m_navigation->setStyleSheet(QStringLiteral("QListWidget#navigation { background: palette(window); }"
                                               "QListWidget#navigation::item { padding: 7px 10px; }"));

    addPage(Page::Overview, tr("Overview"), new OverviewPage(m_services, m_session, this));
    addPage(Page::Catalogue, tr("Catalogue"), new CataloguePage(m_services, m_session, m_interaction, this));
    if (m_services.review) {
        auto* queue = new ReviewQueuePage(m_services, m_session, m_interaction, this);
        connect(queue, &ReviewQueuePage::attentionNeeded, this, &MainWindow::notify);
        addPage(Page::ReviewQueue, tr("Review queue"), queue);
    } else {
        addPage(Page::ReviewQueue, tr("Review queue"),
                new PlaceholderPage(tr("Review queue"), tr("The review workflow is not available."), this));
    }
    addPage(Page::AuditTimeline, tr("Audit timeline"), new AuditTimelinePage(m_services, this));
    if (m_services.graph) {
        addPage(Page::PermissionGraph, tr("Permission graph"),
                new PermissionGraphPage(m_services, m_session, m_interaction, this));
    } else {
        addPage(
            Page::PermissionGraph, tr("Permission graph"),
            new PlaceholderPage(tr("Permission graph"), tr("The permission graph is not available."), this));
    }
    addPage(Page::Policies, tr("Policies"), new PoliciesPage(m_services, m_session, m_interaction, this));
    if (m_services.credentials) {
        addPage(Page::Credentials, tr("Credentials"),
                new CredentialsPage(m_services, m_session, m_interaction, this));
    } else {
        addPage(Page::Credentials, tr("Credentials"),
                new PlaceholderPage(tr("Credentials"), tr("The credential issuer is not available."), this));
    }

    const QFontMetrics fm = m_navigation->fontMetrics();
    m_navigation->setFixedWidth(fm.horizontalAdvance(tr("Permission graph")) + 64);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* separator = new QFrame(central);
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    layout->addWidget(m_navigation);
    layout->addWidget(separator);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_operatorLabel->setObjectName(QStringLiteral("operatorLabel"));
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    const QStringList roles = operatorRoleNames(m_session.roles);
    m_operatorLabel->setText(
        tr("Signed in as %1 (%2)")
            .arg(m_session.username, roles.isEmpty() ? tr("no role") : roles.join(QStringLiteral(", "))));
    m_workspaceLabel->setText(tr("Workspace: %1").arg(m_services.workspaceDirectory));
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_operatorLabel);
    statusBar()->addPermanentWidget(m_workspaceLabel);

    buildMenus();
    connect(m_navigation, &QListWidget::currentRowChanged, this, &MainWindow::onNavigationChanged);
    m_navigation->setCurrentRow(0);
    resize(1320, 820);
}

void MainWindow::notify(const QString& title, const QString& message)
{
    m_lastNotification = title + QStringLiteral(": ") + message;
    statusBar()->showMessage(m_lastNotification, 15000);
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (!m_tray) {
        m_tray = new QSystemTrayIcon(ViewResources::appIcon(), this);
        m_tray->setToolTip(tr("Gatehouse"));
        m_tray->show();
    }
    m_tray->showMessage(title, message, QSystemTrayIcon::Warning, 10000);
}

void MainWindow::addPage(Page page, const QString& title, ConsolePage* widget)
{
    m_order.append(page);
    m_stack->addWidget(widget);
    auto* item = new QListWidgetItem(title, m_navigation);
    item->setData(Qt::UserRole, static_cast<int>(page));
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* signOut = file->addAction(tr("&Sign out"));
    signOut->setObjectName(QStringLiteral("signOutAction"));
    connect(signOut, &QAction::triggered, this, &MainWindow::signOutRequested);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));
    connect(quit, &QAction::triggered, qApp, &QApplication::closeAllWindows);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < m_order.size(); ++i) {
        QAction* action = go->addAction(m_navigation->item(i)->text());
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { m_navigation->setCurrentRow(i); });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Gatehouse"));
    connect(about, &QAction::triggered, this, [this] {
        m_interaction.showInfo(
            this, tr("About Gatehouse"),
            tr("Gatehouse %1\nGovernance console for AI decision paths: the AI may recommend; "
               "the permission to act is governed, time-bound and reversible.")
                .arg(QStringLiteral(GATEHOUSE_VERSION)));
    });
}

void MainWindow::onNavigationChanged(int row)
{
    if (row < 0 || row >= m_stack->count())
        return;
    m_stack->setCurrentIndex(row);
    if (auto* p = qobject_cast<ConsolePage*>(m_stack->widget(row)))
        p->refresh();
}

void MainWindow::showPage(Page page)
{
    m_navigation->setCurrentRow(static_cast<int>(m_order.indexOf(page)));
}

MainWindow::Page MainWindow::currentPage() const
{
    return m_order.value(m_stack->currentIndex(), Page::Overview);
}

ConsolePage* MainWindow::page(Page page) const
{
    return qobject_cast<ConsolePage*>(m_stack->widget(static_cast<int>(m_order.indexOf(page))));
}

QString MainWindow::operatorText() const
{
    return m_operatorLabel->text();
}

QString MainWindow::workspaceText() const
{
    return m_workspaceLabel->text();
}

} // namespace gatehouse
