// The review queue page on the offscreen platform: approve and reject through the real
// widgets, refusals shown, bulk rules, lazy loading, refresh on outside changes.

#include <unistd.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

#include "FakeUserInteraction.h"
#include "OperatorSigningKey.h"
#include "ReviewFixture.h"
#include "ReviewQueueModel.h"
#include "ReviewQueuePage.h"
#include "ViewTestSupport.h"
#include "WorkspaceChangeWatcher.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

ActionStatus statusOf(Application& app, const QString& id)
{
    auto r = ActionRequestRepository(app.database().connection()).find(id);
    return r && r->has_value() ? (*r)->status : ActionStatus::Failed;
}
} // namespace

class ReviewQueuePageTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void modelPassesTheTesterAndOrdersT3First();
    void approveThroughThePage();
    void rejectThroughThePageWithKeyboard();
    void refusalIsShownAndNothingChanges();
    void bulkApproveOnlyForLowTiers();
    void loadsLazily();
    void followsChangesFromAnotherProcessKeepingSelection();
    void newT3RaisesANotification();

private:
    std::unique_ptr<ReviewQueuePage> page(const QString& username);

    std::unique_ptr<ReviewFixture> m_fx;
    FakeUserInteraction m_interaction;
    std::unique_ptr<WorkspaceChangeWatcher> m_watcher;
};

void ReviewQueuePageTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void ReviewQueuePageTest::cleanup()
{
    m_watcher.reset();
    m_fx.reset();
}

std::unique_ptr<ReviewQueuePage> ReviewQueuePageTest::page(const QString& username)
{
    ConsoleServices services = consoleServices(m_fx->ws());
    services.signingKey = std::make_shared<OperatorSigningKey>(m_fx->key(username));
    services.changes = m_watcher.get();
    auto p = std::make_unique<ReviewQueuePage>(services, m_fx->session(username), m_interaction);
    p->resize(1200, 700);
    p->show();
    p->refresh();
    return p;
}

void ReviewQueuePageTest::modelPassesTheTesterAndOrdersT3First()
{
    const QString t1 = m_fx->submit(s("soc-isolate"), s("edr:host/web-01"));
    m_fx->ws().clock().advanceSeconds(30);
    const QString t3 = m_fx->submit();
    auto p = page(s("analyst1"));
    QAbstractItemModelTester tester(p->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(p->model()->rowCount(), 2);
    QCOMPARE(p->model()->index(0, 0).data(ReviewQueueModel::RequestIdRole).toString(), t3);
    QCOMPARE(p->model()->index(0, ReviewQueueModel::TierColumn).data().toString(), s("T3"));
    QCOMPARE(p->model()->index(1, 0).data(ReviewQueueModel::RequestIdRole).toString(), t1);
    QCOMPARE(p->model()->index(1, ReviewQueueModel::ApprovalsColumn).data().toString(), s("0 of 1"));
    QCOMPARE(p->model()->index(0, ReviewQueueModel::ConfidenceColumn).data().toString(), s("0.91"));
    QCOMPARE(p->model()->index(1, ReviewQueueModel::AgeColumn).data(ReviewQueueModel::SortRole).toLongLong(),
             30);
    QCOMPARE(p->countText(), s("2 request(s)"));
    // The first row is selected and its detail shown.
    QCOMPARE(p->currentRequestId(), t3);
    QVERIFY(p->detailView()->toPlainText().contains(s("The ticket asks for read access.")));
    QVERIFY(p->detailView()->toPlainText().contains(s("owner owner3")));
    QVERIFY(p->detailView()->toPlainText().contains(s("Eligible now: analyst1, analyst2")));
}

void ReviewQueuePageTest::approveThroughThePage()
{
    const QString id = m_fx->submit();
    auto p = page(s("analyst1"));
    QVERIFY(p->selectRequest(id));
    QTest::keyClicks(p->justificationEdit(), s("ticket CHG-7 approved by the data owner"));
    QTest::mouseClick(p->approveButton(), Qt::LeftButton);
    QCOMPARE(statusOf(m_fx->app(), id), ActionStatus::Approved);
    QVERIFY2(p->messageText().contains(s("is now approved")), qPrintable(p->messageText()));
    QVERIFY(p->justificationEdit()->toPlainText().isEmpty());
    QCOMPARE(p->model()->rowCount(), 0); // resolved requests leave the pending view
    QTest::mouseClick(p->showResolvedBox(), Qt::LeftButton);
    QCOMPARE(p->model()->rowCount(), 1);
    QVERIFY(p->detailView()->toPlainText().contains(s("analyst1 · approve")) ||
            p->detailView()->toPlainText().contains(s("analyst1 approve")));
}

void ReviewQueuePageTest::rejectThroughThePageWithKeyboard()
{
    const QString id = m_fx->submit();
    auto p = page(s("analyst2"));
    QVERIFY(p->selectRequest(id));
    QApplication::setActiveWindow(p.get());
    QVERIFY(QTest::qWaitForWindowActive(p.get()));
    p->justificationEdit()->setFocus();
    QTest::keyClicks(p->justificationEdit(), s("no change ticket"));
    QTest::keyClick(p->justificationEdit(), Qt::Key_R, Qt::AltModifier);
    QCOMPARE(statusOf(m_fx->app(), id), ActionStatus::Rejected);
    const IntakeReply reply =
        m_fx->app().intake().status({s("spiffe://corp.example/agents/iam-grant"), s("127.0.0.1")}, id);
    QCOMPARE(reply.body.value(s("review"))
                 .toObject()
                 .value(s("feedback"))
                 .toObject()
                 .value(s("justification"))
                 .toString(),
             s("no change ticket"));
}

void ReviewQueuePageTest::refusalIsShownAndNothingChanges()
{
    const QString id = m_fx->submit();
    auto p = page(s("owner3"));
    QVERIFY(p->selectRequest(id));
    QTest::mouseClick(p->approveButton(), Qt::LeftButton);
    QVERIFY2(p->messageText().contains(s("[rule: justification_required]")), qPrintable(p->messageText()));
    QTest::keyClicks(p->justificationEdit(), s("it is my path"));
    QTest::mouseClick(p->approveButton(), Qt::LeftButton);
    QVERIFY2(p->messageText().contains(s("[rule: owner_approves_own_t3]")), qPrintable(p->messageText()));
    QCOMPARE(statusOf(m_fx->app(), id), ActionStatus::PendingReview);
    QVERIFY(!p->breakGlassButton()->isVisible()); // not an admin
}

void ReviewQueuePageTest::bulkApproveOnlyForLowTiers()
{
    const QString a = m_fx->submit(s("soc-isolate"), s("edr:host/a"));
    const QString b = m_fx->submit(s("soc-isolate"), s("edr:host/b"));
    const QString t3 = m_fx->submit();
    auto p = page(s("analyst1"));
    p->table()->selectAll();
    QVERIFY(p->rejectSelectedButton()->isEnabled());
    QVERIFY(!p->approveSelectedButton()->isEnabled()); // a T3 is among them
    QCOMPARE(p->approveSelected(), 0);
    QCOMPARE(statusOf(m_fx->app(), t3), ActionStatus::PendingReview);

    p->table()->clearSelection();
    p->table()->selectionModel()->select(p->model()->index(p->model()->rowOf(a), 0),
                                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
    p->table()->selectionModel()->select(p->model()->index(p->model()->rowOf(b), 0),
                                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(p->approveSelectedButton()->isEnabled());
    QTest::keyClicks(p->justificationEdit(), s("routine isolations, EDR confirmed"));
    QTest::mouseClick(p->approveSelectedButton(), Qt::LeftButton);
    QCOMPARE(statusOf(m_fx->app(), a), ActionStatus::Approved);
    QCOMPARE(statusOf(m_fx->app(), b), ActionStatus::Approved);

    // Bulk reject works on any tier.
    p->table()->selectAll();
    QTest::keyClicks(p->justificationEdit(), s("duplicate"));
    QCOMPARE(p->rejectSelected(), 1);
    QCOMPARE(statusOf(m_fx->app(), t3), ActionStatus::Rejected);
}

void ReviewQueuePageTest::loadsLazily()
{
    for (int i = 0; i < 450; ++i) {
        QVERIFY(!m_fx->submit(s("soc-isolate"), s("edr:host/h%1").arg(i)).isEmpty());
        m_fx->ws().clock().advanceMs(1);
    }
    auto p = page(s("analyst1"));
    QCOMPARE(p->model()->totalCount(), 450);
    QCOMPARE(p->model()->rowCount(), ReviewQueueModel::kPageSize);
    QVERIFY(p->model()->canFetchMore({}));
    p->model()->fetchMore({});
    QCOMPARE(p->model()->rowCount(), 2 * ReviewQueueModel::kPageSize);
    p->model()->fetchMore({});
    QCOMPARE(p->model()->rowCount(), 450);
    QVERIFY(!p->model()->canFetchMore({}));
    // Oldest first within a tier.
    QCOMPARE(p->model()->index(0, ReviewQueueModel::TargetColumn).data().toString(), s("edr:host/h0"));
    QCOMPARE(p->model()->index(449, ReviewQueueModel::TargetColumn).data().toString(), s("edr:host/h449"));
}

void ReviewQueuePageTest::followsChangesFromAnotherProcessKeepingSelection()
{
    const QString ctl = qEnvironmentVariable("GATEHOUSE_BIN_DIR") + s("/ctl/gatehousectl");
    QVERIFY2(QFile::exists(ctl), qPrintable(ctl));
    // The other process uses the real clock.
    m_fx->ws().clock().set(QDateTime::currentDateTimeUtc());
    const QString first = m_fx->submit(s("soc-isolate"), s("edr:host/1"));
    const QString second = m_fx->submit(s("soc-isolate"), s("edr:host/2"));
    const QString third = m_fx->submit(s("soc-isolate"), s("edr:host/3"));
    m_watcher = std::make_unique<WorkspaceChangeWatcher>(m_fx->app().database().connection(), 50);
    auto p = page(s("analyst1"));
    QVERIFY(p->selectRequest(third));

    QProcess other;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(s("GATEHOUSE_PASSWORD"), QString::fromLatin1(TestWorkspace::kPassword));
    other.setProcessEnvironment(env);
    other.setChildProcessModifier([] { ::setsid(); });
    other.start(ctl, {s("--workspace"), m_fx->ws().directory(), s("--user"), s("analyst2"), s("review"),
                      s("reject"), first, s("--reason"), s("handled elsewhere")});
    QVERIFY(other.waitForFinished(60000));
    QCOMPARE(other.exitCode(), 0);
    // The page follows by itself (the watcher polls PRAGMA data_version) and keeps the selection.
    QTRY_COMPARE_WITH_TIMEOUT(p->model()->rowCount(), 2, 5000);
    QCOMPARE(p->currentRequestId(), third);
    QVERIFY(p->model()->rowOf(second) >= 0);
}

void ReviewQueuePageTest::newT3RaisesANotification()
{
    m_fx->submit(s("soc-isolate"), s("edr:host/1"));
    auto p = page(s("analyst1"));
    QSignalSpy spy(p.get(), &ReviewQueuePage::attentionNeeded);
    const QString t3 = m_fx->submit();
    p->refresh();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().at(0).toString(), s("T3 request waiting for review"));
    QVERIFY(spy.first().at(1).toString().contains(s("iam.role.assign")));
    p->refresh();
    QCOMPARE(spy.count(), 1); // once per request
}

QTEST_MAIN(ReviewQueuePageTest)
#include "ReviewQueuePageTest.moc"
