#include <QCheckBox>
#include <QDateEdit>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QtTest>

#include "FakeUserInteraction.h"
#include "IntakeGateway.h"
#include "OverviewPage.h"
#include "PoliciesPage.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

// rules[1].when.confidence.min (out of range) is on line 6.
const QString kBrokenDraft = QStringLiteral(R"({
  "version": "broken",
  "rules": [
    {"id": "ok", "then": {"outcome": "review"}},
    {"id": "bad",
     "when": {"confidence": {"min": 2}},
     "then": {"outcome": "review"}}
  ]
})");

const QString kAllowAll = QStringLiteral(R"({"version": "allow-all", "rules": [
  {"id": "allow-everything", "description": "test only", "then": {"outcome": "allow"}}]})");

void replaceDraft(PoliciesPage& page, const QString& text)
{
    page.editor()->selectAll();
    page.editor()->insertPlainText(text);
}

} // namespace

class PoliciesPageTest : public QObject
{
    Q_OBJECT

private slots:
    void showsThePolicyInForce()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        PoliciesPage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();

        auto current = ws.app().policy().show(ws.admin());
        QVERIFY(current.has_value());
        QCOMPARE(page.shownVersionHash(), current->hash);
        QVERIFY2(page.versionText().contains(current->hash.left(16)), qPrintable(page.versionText()));
        QVERIFY(page.versionText().contains(QStringLiteral("system")));
        QCOMPARE(page.rulesTable()->topLevelItemCount(), current->ruleCount);
        QCOMPARE(page.editor()->toPlainText(), QString::fromUtf8(current->source));
    }

    void validateListsTheErrorAtItsLineAndClickingMovesTheCursor()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        PoliciesPage page(consoleServices(ws), ws.admin(), ui);
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        replaceDraft(page, kBrokenDraft);

        QTest::mouseClick(page.validateButton(), Qt::LeftButton);
        QListWidget* issues = page.issueList();
        QListWidgetItem* error = nullptr;
        for (int i = 0; i < issues->count(); ++i) {
            if (issues->item(i)->text().contains(QStringLiteral("confidence.min")))
                error = issues->item(i);
        }
        QVERIFY2(error, issues->count() ? qPrintable(issues->item(0)->text()) : "no issues listed");
        QVERIFY2(error->text().startsWith(QStringLiteral("line 6:")), qPrintable(error->text()));
        QVERIFY(ui.errors.isEmpty());

        QTextCursor end = page.editor()->textCursor();
        end.movePosition(QTextCursor::End);
        page.editor()->setTextCursor(end);
        QCOMPARE(page.editor()->textCursor().blockNumber(), 8);

        issues->scrollToItem(error);
        QTest::mouseClick(issues->viewport(), Qt::LeftButton, {}, issues->visualItemRect(error).center());
        QCOMPARE(page.editor()->textCursor().blockNumber(), 5); // line 6
        QCOMPARE(page.editor()->textCursor().positionInBlock(), 0);
    }

    void adminPublishesAChangedDraft()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        PoliciesPage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        const QString before = page.shownVersionHash();
        QVERIFY(!before.isEmpty());

        replaceDraft(page, kAllowAll);
        ui.confirmAnswers.enqueue(true);
        QTest::mouseClick(page.publishButton(), Qt::LeftButton);
        QVERIFY2(ui.errors.isEmpty(), qPrintable(ui.lastError()));

        auto current = ws.app().policy().show(ws.admin());
        QVERIFY(current.has_value());
        QVERIFY(current->hash != before);
        QCOMPARE(page.shownVersionHash(), current->hash);
        QVERIFY2(page.versionText().contains(current->hash.left(16)), qPrintable(page.versionText()));
        QVERIFY(page.versionText().contains(QStringLiteral("allow-all")));
        QVERIFY(page.versionText().contains(QStringLiteral("operator:admin")));
        QCOMPARE(page.rulesTable()->topLevelItemCount(), 1);
        QCOMPARE(page.rulesTable()->topLevelItem(0)->text(0), QStringLiteral("allow-everything"));
        QCOMPARE(page.rulesTable()->topLevelItem(0)->text(1), QStringLiteral("allow"));
        QCOMPARE(page.rulesTable()->topLevelItem(0)->text(2), QStringLiteral("every request"));
        QCOMPARE(ui.infos.size(), 1);
        QVERIFY(ui.infos.constFirst().text.contains(current->hash.left(16)));
    }

    void declinedConfirmationPublishesNothing()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        PoliciesPage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        const QString before = page.shownVersionHash();
        replaceDraft(page, kAllowAll);
        QTest::mouseClick(page.publishButton(), Qt::LeftButton); // empty queue = "no"
        QCOMPARE(ui.questions.size(), 1);
        QCOMPARE(page.shownVersionHash(), before);
        QCOMPARE(ws.app().policy().show(ws.admin())->hash, before);
    }

    void analystPublishIsRefusedWithTheServiceMessage()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const OperatorSession analyst = ws.addOperator(QStringLiteral("ana"), OperatorRole::Analyst);
        FakeUserInteraction ui;
        PoliciesPage page(consoleServices(ws), analyst, ui);
        page.refresh();
        const QString before = page.shownVersionHash();
        QVERIFY(!before.isEmpty());

        replaceDraft(page, kAllowAll);
        ui.confirmAnswers.enqueue(true);
        QTest::mouseClick(page.publishButton(), Qt::LeftButton);

        auto refused = ws.app().policy().publish(analyst, kAllowAll.toUtf8());
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(ui.errors.size(), 1);
        QCOMPARE(ui.lastError(), refused.error().message);
        QCOMPARE(page.shownVersionHash(), before);
        QCOMPARE(ws.app().policy().show(analyst)->hash, before);
        // The draft is kept for the analyst to hand over.
        QCOMPARE(page.editor()->toPlainText(), kAllowAll);
    }

    void whatIfReportsThePeriodAndRefusesAnalysts()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FakeUserInteraction ui;
        PoliciesPage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        QCOMPARE(page.fromEdit()->date(), ws.clock().now().toUTC().date().addDays(-7));
        QCOMPARE(page.toEdit()->date(), ws.clock().now().toUTC().date());
        replaceDraft(page, kAllowAll);
        QTest::mouseClick(page.whatIfButton(), Qt::LeftButton);
        QVERIFY2(ui.errors.isEmpty(), qPrintable(ui.lastError()));
        QVERIFY2(page.whatIfSummaryText().startsWith(
                     QStringLiteral("Replayed 0 requests (0 skipped): 0 outcomes")),
                 qPrintable(page.whatIfSummaryText()));
        QCOMPARE(page.whatIfList()->topLevelItemCount(), 0);

        const OperatorSession analyst = ws.addOperator(QStringLiteral("ana"), OperatorRole::Analyst);
        PoliciesPage analystPage(consoleServices(ws), analyst, ui);
        analystPage.refresh();
        QTest::mouseClick(analystPage.whatIfButton(), Qt::LeftButton);
        QCOMPARE(ui.errors.size(), 1);
        auto refused = ws.app().policy().whatIf(analyst, ws.app().policy().defaultPolicyJson(),
                                                ws.clock().now().addDays(-1), ws.clock().now());
        QVERIFY(!refused);
        QCOMPARE(ui.lastError(), refused.error().message);
    }

    void gatewaySwitchShowsWhyItCannotStartWithoutPki()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        OverviewPage page(consoleServices(ws), ws.admin());
        page.refresh();
        QVERIFY(page.gatewaySwitch());
        QCOMPARE(page.listenEdit()->text(), QStringLiteral("127.0.0.1:8443"));
        QCOMPARE(page.gatewayText(), QStringLiteral("Stopped."));

        page.listenEdit()->setText(QStringLiteral("127.0.0.1:0"));
        QTest::mouseClick(page.gatewaySwitch(), Qt::LeftButton);
        QCOMPARE(ws.app().gateway().state(), IntakeGateway::State::Failed);
        QVERIFY2(page.gatewayText().contains(QStringLiteral("pki init")), qPrintable(page.gatewayText()));
        QVERIFY(page.gatewayText().contains(ws.app().gateway().lastError()));
        QVERIFY(!page.gatewaySwitch()->isChecked());
    }

    void gatewaySwitchIsForAdministratorsOnly()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const OperatorSession manager = ws.addOperator(QStringLiteral("meg"), OperatorRole::Manager);
        OverviewPage page(consoleServices(ws), manager);
        page.refresh();
        QTest::mouseClick(page.gatewaySwitch(), Qt::LeftButton);
        QCOMPARE(ws.app().gateway().state(), IntakeGateway::State::Stopped);
        QVERIFY(!page.gatewaySwitch()->isChecked());
        // The refusal comes from the service (Authorization::canRunGateway), worded there.
        QCOMPARE(page.gatewayText(), QStringLiteral("Not running: meg may not run the intake gateway in this "
                                                    "console: that needs the admin role"));
    }
};

QTEST_MAIN(PoliciesPageTest)
#include "PoliciesPageTest.moc"
