// The credentials table: one row per credential in each life-cycle state with its real
// values, live time left, and sorting by the number behind "time left" (FIELD-CASES 12).

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "CredentialFilterModel.h"
#include "CredentialTableModel.h"
#include "CredentialViewSupport.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

class CredentialTableModelTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void rowsFollowTheLifeCycle();
    void timeLeftTicksAndSortsByNumber();

private:
    QList<Credential> listAll();
    int rowOfRequest(const CredentialTableModel& model, const QString& requestId);

    std::unique_ptr<ReviewFixture> m_fx;
};

void CredentialTableModelTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
    allowEverything(*m_fx);
}

void CredentialTableModelTest::cleanup()
{
    m_fx.reset();
}

QList<Credential> CredentialTableModelTest::listAll()
{
    auto list = m_fx->app().credentials().list(m_fx->session(s("admin")), {});
    return list ? *list : QList<Credential>();
}

int CredentialTableModelTest::rowOfRequest(const CredentialTableModel& model, const QString& requestId)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.credentialAt(r).requestId == requestId)
            return r;
    return -1;
}

void CredentialTableModelTest::rowsFollowTheLifeCycle()
{
    const QString active = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));
    const QString used = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-2"));
    const QString revoked = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-3"));
    QVERIFY(!active.isEmpty() && !used.isEmpty() && !revoked.isEmpty());
    QVERIFY(reportExecuted(*m_fx, s("soc-isolate"), used));
    auto r = m_fx->app().credentials().revoke(m_fx->session(s("analyst1")), jtiOf(*m_fx, revoked),
                                              s("host re-imaged"));
    QVERIFY2(r.has_value(), r ? "" : qPrintable(r.error().message));

    CredentialTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setCredentials(listAll(), m_fx->ws().clock().now());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(CredentialTableModel::ColumnCount));

    const Credential stored = credentialOf(*m_fx, active);
    const int a = rowOfRequest(model, active);
    QVERIFY(a >= 0);
    auto text = [&model](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(a, CredentialTableModel::StateColumn), s("active"));
    QCOMPARE(text(a, CredentialTableModel::RequestColumn), active);
    QCOMPARE(text(a, CredentialTableModel::PathColumn), s("soc-isolate"));
    QCOMPARE(text(a, CredentialTableModel::ActionColumn), s("endpoint.isolate"));
    QCOMPARE(text(a, CredentialTableModel::TargetColumn), s("edr:host/ws-1 (edr)"));
    QCOMPARE(text(a, CredentialTableModel::SubjectColumn), s("spiffe://corp.example/agents/soc-isolate"));
    QCOMPARE(text(a, CredentialTableModel::IssuedColumn), s("2026-03-10 09:00:00"));
    QCOMPARE(text(a, CredentialTableModel::ExpiresColumn), s("2026-03-10 09:15:00")); // T1: 900 s
    QCOMPARE(text(a, CredentialTableModel::TimeLeftColumn), s("15m 00s"));
    QCOMPARE(model.index(a, CredentialTableModel::TimeLeftColumn)
                 .data(CredentialTableModel::SortRole)
                 .toLongLong(),
             900);
    QCOMPARE(text(a, CredentialTableModel::KidColumn), stored.kid);
    QVERIFY(!stored.kid.isEmpty());
    QCOMPARE(text(a, CredentialTableModel::RevokedColumn), QString());
    QCOMPARE(model.index(a, CredentialTableModel::PathColumn).data(CredentialTableModel::JtiRole).toString(),
             stored.jti);

    const int u = rowOfRequest(model, used);
    QCOMPARE(text(u, CredentialTableModel::StateColumn), s("used"));
    QCOMPARE(text(u, CredentialTableModel::TimeLeftColumn), s("—"));
    QCOMPARE(model.index(u, CredentialTableModel::TimeLeftColumn)
                 .data(CredentialTableModel::SortRole)
                 .toLongLong(),
             -1);

    const int v = rowOfRequest(model, revoked);
    QCOMPARE(text(v, CredentialTableModel::StateColumn), s("revoked"));
    QCOMPARE(text(v, CredentialTableModel::RevokedColumn), s("operator:analyst1: host re-imaged"));

    // Past exp: the row reads expired at once, before and after the sweeper records it.
    m_fx->ws().clock().advanceSeconds(900);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setNow(m_fx->ws().clock().now());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(text(a, CredentialTableModel::StateColumn), s("expired"));
    QCOMPARE(model.index(a, 0).data(CredentialTableModel::StateRole).toInt(), int(CredentialStatus::Expired));
    QCOMPARE(text(a, CredentialTableModel::TimeLeftColumn), s("—"));
    auto swept = m_fx->app().credentials().sweep();
    QVERIFY(swept.has_value());
    QCOMPARE(swept->expired, 1);
    QCOMPARE(credentialOf(*m_fx, active).status, CredentialStatus::Expired);
    model.setCredentials(listAll(), m_fx->ws().clock().now());
    QCOMPARE(text(rowOfRequest(model, active), CredentialTableModel::StateColumn), s("expired"));
    QCOMPARE(text(rowOfRequest(model, used), CredentialTableModel::StateColumn), s("used"));
    QCOMPARE(text(rowOfRequest(model, revoked), CredentialTableModel::StateColumn), s("revoked"));
}

void CredentialTableModelTest::timeLeftTicksAndSortsByNumber()
{
    const QString t1 = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-1"));    // 900 s
    const QString t3 = submitAllowed(*m_fx, s("iam-grant"), s("okta:group/readers")); // 120 s
    const QString done = submitAllowed(*m_fx, s("soc-isolate"), s("edr:host/ws-2"));
    QVERIFY(!t1.isEmpty() && !t3.isEmpty() && !done.isEmpty());
    QVERIFY(reportExecuted(*m_fx, s("soc-isolate"), done));

    CredentialTableModel model;
    CredentialFilterModel proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCredentials(listAll(), m_fx->ws().clock().now());
    m_fx->ws().clock().advanceSeconds(5);
    model.setNow(m_fx->ws().clock().now());

    proxy.sort(CredentialTableModel::TimeLeftColumn, Qt::AscendingOrder);
    // As text "14m 55s" < "1m 55s" < "—"; by number: not live, 115 s, 895 s.
    QCOMPARE(columnTexts(proxy, CredentialTableModel::TimeLeftColumn),
             (QStringList{s("—"), s("1m 55s"), s("14m 55s")}));
    QCOMPARE(columnTexts(proxy, CredentialTableModel::RequestColumn), (QStringList{done, t3, t1}));
    proxy.sort(CredentialTableModel::TimeLeftColumn, Qt::DescendingOrder);
    QCOMPARE(columnTexts(proxy, CredentialTableModel::RequestColumn), (QStringList{t1, t3, done}));

    // Ticking re-sorts live: past 120 s the T3 credential drops below... to "not live".
    m_fx->ws().clock().advanceSeconds(120);
    model.setNow(m_fx->ws().clock().now());
    QCOMPARE(columnTexts(proxy, CredentialTableModel::TimeLeftColumn),
             (QStringList{s("12m 55s"), s("—"), s("—")}));
    QCOMPARE(proxy.index(0, CredentialTableModel::RequestColumn).data().toString(), t1);
}

QTEST_MAIN(CredentialTableModelTest)
#include "CredentialTableModelTest.moc"
