#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include "CataloguePage.h"
#include "CredentialsPage.h"
#include "DecisionPathBuilder.h"
#include "DecisionPathDialog.h"
#include "DecisionPathFilterModel.h"
#include "FakeUserInteraction.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PermissionGraphPage.h"
#include "PlaceholderPage.h"
#include "PoliciesPage.h"
#include "ReviewQueuePage.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

class MainWindowTest : public QObject
{
    Q_OBJECT

private slots:
    void routesTheSidebarToOnePagePerFeature()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()).has_value());
        const OperatorSession owner = ws.addOperator(
            QStringLiteral("owner-secops"), OperatorRoles(OperatorRole::Owner) | OperatorRole::Analyst);
        FakeUserInteraction ui;
        MainWindow window(consoleServices(ws), owner, ui);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QStringList titles;
        for (int i = 0; i < window.navigation()->count(); ++i)
            titles << window.navigation()->item(i)->text();
        QCOMPARE(titles, (QStringList{QStringLiteral("Overview"), QStringLiteral("Catalogue"),
                                      QStringLiteral("Review queue"), QStringLiteral("Audit timeline"),
                                      QStringLiteral("Permission graph"), QStringLiteral("Policies"),
                                      QStringLiteral("Credentials")}));
        QCOMPARE(window.currentPage(), MainWindow::Page::Overview);
        // The overview was refreshed when shown.
        QCOMPARE(static_cast<OverviewPage*>(window.page(MainWindow::Page::Overview))
                     ->shownCount(QStringLiteral("T2")),
                 1);

        QVERIFY(qobject_cast<ReviewQueuePage*>(window.page(MainWindow::Page::ReviewQueue)));
        QVERIFY(qobject_cast<PermissionGraphPage*>(window.page(MainWindow::Page::PermissionGraph)));
        // The credential issuer is handed over, so the Credentials page is the real one.
        QVERIFY(qobject_cast<CredentialsPage*>(window.page(MainWindow::Page::Credentials)));

        QVERIFY(qobject_cast<PoliciesPage*>(window.page(MainWindow::Page::Policies)));

        window.navigation()->setCurrentRow(1);
        QCOMPARE(window.currentPage(), MainWindow::Page::Catalogue);
        auto* catalogue = qobject_cast<CataloguePage*>(window.page(MainWindow::Page::Catalogue));
        QVERIFY(catalogue->isVisible());
        QCOMPARE(catalogue->filterModel()->rowCount(), 1);

        QCOMPARE(window.operatorText(), QStringLiteral("Signed in as owner-secops (analyst, owner)"));
        QCOMPARE(window.workspaceText(), QStringLiteral("Workspace: %1").arg(ws.directory()));
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("operatorLabel"))->isVisible());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("workspaceLabel"))->isVisible());
    }

    void catalogueShortcutsOnlyActOnTheVisibleCatalogue()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        MainWindow window(consoleServices(ws), ws.admin(), ui);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        auto* catalogue = qobject_cast<CataloguePage*>(window.page(MainWindow::Page::Catalogue));

        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QVERIFY(catalogue->activeEditor() == nullptr);

        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), MainWindow::Page::Catalogue);
        QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(catalogue->activeEditor() != nullptr);
        catalogue->activeEditor()->close();
    }

    void signOutIsSignalled()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        MainWindow window(consoleServices(ws), ws.admin(), ui);
        QSignalSpy spy(&window, &MainWindow::signOutRequested);
        auto* action = window.findChild<QAction*>(QStringLiteral("signOutAction"));
        QVERIFY(action);
        action->trigger();
        QCOMPARE(spy.count(), 1);
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"
