// The Credentials page on the offscreen platform: literal filters (FIELD-CASES 13), revoke
// with a required reason through the real button, refusals shown verbatim, the path kill
// switch, the 1 s tick, outside changes keeping the selection, and the review detail
// pane's credential section.

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include "AuditLedger.h"
#include "CredentialFilterModel.h"
#include "CredentialTableModel.h"
#include "CredentialViewSupport.h"
#include "CredentialsPage.h"
#include "FakeUserInteraction.h"
#include "OperatorSigningKey.h"
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
} // namespace

class CredentialsPageTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void filtersMatchLiterally_data();
    void filtersMatchLiterally();
    void stateAndPathFilters();
    void revokeThroughThePageWithAReason();
    void cancelOrBlankReasonChangesNothing();
    void refusalIsShownVerbatim();
    void suspendingThePathRevokesAllItsCredentials();
    void tickUpdatesTimeLeft();
    void followsOutsideChangesKeepingSelection();
    void reviewDetailShowsTheCredentialAfterApproval();

private:
    std::unique_ptr<CredentialsPage> page(const QString& username);
    int revokedEvents();

    std::unique_ptr<ReviewFixture> m_fx;
    FakeUserInteraction m_interaction;
    std::unique_ptr<WorkspaceChangeWatcher> m_watcher;
};

void CredentialsPageTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
    m_interaction = FakeUserInteraction();
}

void CredentialsPageTest::cleanup()
{
    m_watcher.reset();
    m_fx.reset();
}

std::unique_ptr<CredentialsPage> CredentialsPageTest::page(const QString& username)
{
    ConsoleServices services = consoleServices(m_fx->ws());
    services.changes = m_watcher.get();
    auto p = std::make_unique<CredentialsPage>(services, m_fx->session(username), m_interaction);
    p->resize(1300, 700);
    p->show();
    p->refresh();
    return p;
}

int CredentialsPageTest::revokedEvents()
{
    AuditQuery q;
    q.text = s("credential.revoked");
    auto events = m_fx->app().ledger().events(q);
    int n = 0;
    if (events) {
        for (const AuditEvent& e : *events)
            n += e.type == s("credential.revoked") ? 1 : 0;
    }
    return n;
}

void CredentialsPageTest::filtersMatchLiterally_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("targets");
    QTest::newRow("cyrillic") << s("Отчёт") << QStringList{s("edr:host/Отчёт-01")};
    QTest::newRow("cyrillic, other case") << s("отчёт") << QStringList{s("edr:host/Отчёт-01")};
    // FIELD-CASES 13's "a-b" (a hyphen, FTS's NOT): with letters that cannot occur in the
    // random hex/base64url ids the filter also searches, so the expected rows are exact.
    QTest::newRow("hyphen") << s("Ж-Ж") << QStringList{s("edr:host/Ж-Ж")};
    QTest::newRow("parentheses") << s("(test)") << QStringList{s("edr:host/(test)")};
    QTest::newRow("dot is not a wildcard") << s("a.b") << QStringList{};
    QTest::newRow("star is not a wildcard") << s("ws*") << QStringList{};
    QTest::newRow("bracket") << s("[") << QStringList{};
}

void CredentialsPageTest::filtersMatchLiterally()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, targets);
    allowEverything(*m_fx);
    for (const char* t : {"edr:host/Отчёт-01", "edr:host/Отчет-02", "edr:host/Ж-Ж", "edr:host/ЖЖ",
                          "edr:host/(test)", "edr:host/test", "edr:host/ws-1"})
        QVERIFY2(!submitAllowed(*m_fx, s("soc-isolate"), s(t)).isEmpty(), t);
    auto p = page(s("admin"));
    QCOMPARE(p->filterModel()->rowCount(), 7);
    QCOMPARE(p->countText(), s("7 credentials"));

    p->filterEdit()->setFocus();
    typeText(p->filterEdit(), filter);
    QCOMPARE(p->filterEdit()->text(), filter);
    QStringList shown;
    for (int r = 0; r < p->filterModel()->rowCount(); ++r)
        shown << p->filterModel()->index(r, CredentialTableModel::TargetColumn).data().toString();
    QStringList expected;
    for (const QString& t : targets)
        expected << t + s(" (edr)");
    QCOMPARE(shown, expected);
    QCOMPARE(p->countText(), targets.size() == 1 ? s("1 credential") : s("0 credentials"));
    QCOMPARE(p->messageText(), QString());
}

void CredentialsPageTest::stateAndPathFilters()
{
    allowEverything(*m_fx);
    const QString a = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    const QString b = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-2"));
    const QString c = submitAllowed(*m_fx, s("iam-grant"), s("okta:group/readers"));
    QVERIFY(reportExecuted(*m_fx, s("soc-isolate"), b));
    auto p = page(s("admin"));
    QCOMPARE(p->filterModel()->rowCount(), 3);

    p->stateCombo()->setCurrentIndex(p->stateCombo()->findText(s("used")));
    QCOMPARE(columnTexts(*p->filterModel(), CredentialTableModel::RequestColumn), QStringList{b});
    p->stateCombo()->setCurrentIndex(p->stateCombo()->findText(s("active")));
    QCOMPARE(p->filterModel()->rowCount(), 2);

    QCOMPARE(p->pathCombo()->count(), 3); // all, iam-grant, soc-isolate
    p->pathCombo()->setCurrentIndex(p->pathCombo()->findData(s("iam-grant")));
    QCOMPARE(columnTexts(*p->filterModel(), CredentialTableModel::RequestColumn), QStringList{c});
    // T3 lives 120 s: after that the active filter drops it on the next tick.
    m_fx->ws().clock().advanceSeconds(121);
    p->tick();
    QCOMPARE(p->filterModel()->rowCount(), 0);
    p->stateCombo()->setCurrentIndex(p->stateCombo()->findText(s("expired")));
    QCOMPARE(columnTexts(*p->filterModel(), CredentialTableModel::RequestColumn), QStringList{c});
    p->pathCombo()->setCurrentIndex(0);
    p->stateCombo()->setCurrentIndex(0);
    QCOMPARE(p->filterModel()->rowCount(), 3);
    Q_UNUSED(a);
}

void CredentialsPageTest::revokeThroughThePageWithAReason()
{
    allowEverything(*m_fx);
    const QString id = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    const QString jti = jtiOf(*m_fx, id);
    auto p = page(s("analyst1"));
    QVERIFY(p->selectCredential(jti));
    QVERIFY(p->revokeButton()->isEnabled());
    QVERIFY(p->detailView()->toPlainText().contains(jti));
    QVERIFY(p->detailView()->toPlainText().contains(s("view-test-policy")));

    m_interaction.textAnswers.enqueue(s("agent misbehaving"));
    QTest::mouseClick(p->revokeButton(), Qt::LeftButton);
    QCOMPARE(m_interaction.questions.size(), 1);
    QVERIFY(m_interaction.questions.first().contains(jti.left(8)));
    const Credential after = credentialOf(*m_fx, id);
    QCOMPARE(after.status, CredentialStatus::Revoked);
    QCOMPARE(after.revokeReason, s("agent misbehaving"));
    QCOMPARE(after.statusActor, s("operator:analyst1"));
    QCOMPARE(p->messageText(), s("Credential %1 revoked.").arg(jti.left(8)));
    QCOMPARE(p->currentJti(), jti); // still selected after the refresh
    const int row = p->table()->currentIndex().row();
    QCOMPARE(p->filterModel()->index(row, CredentialTableModel::StateColumn).data().toString(), s("revoked"));
    QCOMPARE(p->filterModel()->index(row, CredentialTableModel::RevokedColumn).data().toString(),
             s("operator:analyst1: agent misbehaving"));
    QVERIFY(!p->revokeButton()->isEnabled());
    QVERIFY(p->detailView()->toPlainText().contains(s("agent misbehaving")));
    QCOMPARE(revokedEvents(), 1);
}

void CredentialsPageTest::cancelOrBlankReasonChangesNothing()
{
    allowEverything(*m_fx);
    const QString id = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    auto p = page(s("admin"));
    QVERIFY(p->selectCredential(jtiOf(*m_fx, id)));

    QVERIFY(!p->revokeCurrent()); // the fake answers "cancel"
    QCOMPARE(credentialOf(*m_fx, id).status, CredentialStatus::Active);
    QCOMPARE(p->messageText(), QString());

    m_interaction.textAnswers.enqueue(s("   "));
    QTest::mouseClick(p->revokeButton(), Qt::LeftButton);
    QCOMPARE(credentialOf(*m_fx, id).status, CredentialStatus::Active);
    QCOMPARE(p->messageText(), s("A reason is required to revoke a credential; nothing was revoked."));
    QCOMPARE(revokedEvents(), 0);
    QCOMPARE(m_interaction.questions.size(), 2);
}

void CredentialsPageTest::refusalIsShownVerbatim()
{
    allowEverything(*m_fx);
    const QString id = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    auto p = page(s("manager1"));
    QVERIFY(p->selectCredential(jtiOf(*m_fx, id)));
    m_interaction.textAnswers.enqueue(s("I think so"));
    QTest::mouseClick(p->revokeButton(), Qt::LeftButton);
    const QString expected = s("manager1 may not revoke credentials of decision path \"soc-isolate\": that "
                               "needs an admin, an analyst or the path's owner");
    QCOMPARE(p->messageText(), expected);
    QCOMPARE(m_interaction.lastError(), expected);
    QCOMPARE(credentialOf(*m_fx, id).status, CredentialStatus::Active);
    QCOMPARE(revokedEvents(), 0);
}

void CredentialsPageTest::suspendingThePathRevokesAllItsCredentials()
{
    allowEverything(*m_fx);
    const QString a = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    const QString b = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-2"));
    const QString other = submitAllowed(*m_fx, s("iam-grant"), s("okta:group/readers"));
    auto p = page(s("admin"));
    QVERIFY(p->selectCredential(jtiOf(*m_fx, a)));
    QVERIFY(p->suspendPathButton()->toolTip().contains(s("no separate per-path revocation")));
    m_interaction.textAnswers.enqueue(s("agent compromised"));
    QTest::mouseClick(p->suspendPathButton(), Qt::LeftButton);
    for (const QString& id : {a, b}) {
        const Credential c = credentialOf(*m_fx, id);
        QCOMPARE(c.status, CredentialStatus::Revoked);
        QCOMPARE(c.revokeReason, s("path suspended: agent compromised"));
    }
    QCOMPARE(credentialOf(*m_fx, other).status, CredentialStatus::Active);
    QCOMPARE(p->messageText(), s("Decision path soc-isolate suspended; its live credentials were revoked."));
    p->stateCombo()->setCurrentIndex(p->stateCombo()->findText(s("revoked")));
    QCOMPARE(p->filterModel()->rowCount(), 2);
}

void CredentialsPageTest::tickUpdatesTimeLeft()
{
    allowEverything(*m_fx);
    const QString id = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    auto p = page(s("admin"));
    QCOMPARE(p->ticker()->interval(), 1000);
    QVERIFY(p->ticker()->isActive());
    QVERIFY(p->selectCredential(jtiOf(*m_fx, id)));
    const QModelIndex left = p->filterModel()->index(0, CredentialTableModel::TimeLeftColumn);
    QCOMPARE(left.data().toString(), s("15m 00s"));
    m_fx->ws().clock().advanceSeconds(7);
    // The real timer fires within a second or so.
    QTRY_COMPARE_WITH_TIMEOUT(
        p->filterModel()->index(0, CredentialTableModel::TimeLeftColumn).data().toString(), s("14m 53s"),
        3000);
    QCOMPARE(p->currentJti(), jtiOf(*m_fx, id));
}

void CredentialsPageTest::followsOutsideChangesKeepingSelection()
{
    allowEverything(*m_fx);
    const QString a = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    m_fx->ws().clock().advanceSeconds(1);
    const QString b = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-2"));
    m_watcher = std::make_unique<WorkspaceChangeWatcher>(m_fx->app().database().connection(), 60000);
    auto p = page(s("admin"));
    QVERIFY(p->selectCredential(jtiOf(*m_fx, a)));
    // Elsewhere: b is revoked and a new credential appears.
    QVERIFY(m_fx->app()
                .credentials()
                .revoke(m_fx->session(s("admin")), jtiOf(*m_fx, b), s("outside"))
                .has_value());
    m_fx->ws().clock().advanceSeconds(1);
    const QString c = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-3"));
    emit m_watcher->changed();
    QCOMPARE(p->filterModel()->rowCount(), 3);
    QCOMPARE(p->currentJti(), jtiOf(*m_fx, a));
    QCOMPARE(p->model()
                 ->index(p->model()->rowOf(jtiOf(*m_fx, b)), CredentialTableModel::StateColumn)
                 .data()
                 .toString(),
             s("revoked"));
    QVERIFY(p->model()->rowOf(jtiOf(*m_fx, c)) >= 0);
}

void CredentialsPageTest::reviewDetailShowsTheCredentialAfterApproval()
{
    const QString id = m_fx->submit(); // T3 path iam-grant, one analyst approval
    QVERIFY(!id.isEmpty());
    ConsoleServices services = consoleServices(m_fx->ws());
    services.signingKey = std::make_shared<OperatorSigningKey>(m_fx->key(s("analyst1")));
    ReviewQueuePage queue(services, m_fx->session(s("analyst1")), m_interaction);
    queue.resize(1200, 700);
    queue.show();
    queue.refresh();
    QVERIFY(queue.selectRequest(id));
    QVERIFY(queue.detailView()->toPlainText().contains(s("None minted")));
    QTest::keyClicks(queue.justificationEdit(), s("ticket CHG-9"));
    QTest::mouseClick(queue.approveButton(), Qt::LeftButton);
    QVERIFY2(queue.messageText().contains(s("is now approved")), qPrintable(queue.messageText()));
    queue.showResolvedBox()->setChecked(true);
    QVERIFY(queue.selectRequest(id));
    const Credential c = credentialOf(*m_fx, id);
    QVERIFY(!c.jti.isEmpty());
    const QString detail = queue.detailView()->toPlainText();
    QVERIFY2(detail.contains(s("Credential")), qPrintable(detail));
    QVERIFY2(detail.contains(s("jti %1 · active").arg(c.jti)), qPrintable(detail));
    QVERIFY2(detail.contains(s("Expires 2026-03-10 09:02 UTC · 2m 00s left")), qPrintable(detail));
    QVERIFY2(detail.contains(s("Key %1").arg(c.kid)), qPrintable(detail));
}

QTEST_MAIN(CredentialsPageTest)
#include "CredentialsPageTest.moc"
