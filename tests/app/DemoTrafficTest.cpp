#include <QSqlQuery>
#include <QtTest>

#include "DemoSeeder.h"
#include "DemoTraffic.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString simulatorProgram()
{
    return qEnvironmentVariable("GATEHOUSE_BIN_DIR") + QStringLiteral("/ctl/gatehousectl");
}

int storedRequests(TestWorkspace& ws)
{
    QSqlQuery q(ws.app().database().connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM action_requests")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace

class DemoTrafficTest : public QObject
{
    Q_OBJECT
private slots:
    void demoGetsALiveQueueOverMutualTls()
    {
        TestWorkspace ws(false);
        QVERIFY(ws.isValid());
        auto& app = ws.app();
        QVERIFY(DemoSeeder::seed(app.database(), app.accounts(), app.catalogue(), app.clock()).has_value());
        // The gateway checks certificates against the real time, not the test's fake clock.
        ws.clock().set(QDateTime::currentDateTimeUtc());

        DemoTraffic traffic(app, simulatorProgram());
        QSignalSpy finished(&traffic, &DemoTraffic::simulatorFinished);
        auto st = traffic.start(4, 0);
        QVERIFY2(st.has_value(), st ? "" : qPrintable(st.error().message));
        QVERIFY(traffic.gatewayUrl().startsWith(QStringLiteral("https://127.0.0.1:")));
        QVERIFY(app.pki().status()->initialized);

        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        QCOMPARE(finished.first().first().toInt(), 0);
        QCOMPARE(storedRequests(ws), 4);
        QVERIFY(app.ledger().verify()->fullyIntact());
        traffic.stop();
        QCOMPARE(app.gateway().state(), IntakeGateway::State::Stopped);
    }

    void refusesAWorkspaceThatIsNotADemo()
    {
        TestWorkspace ws;
        DemoTraffic traffic(ws.app(), simulatorProgram());
        auto st = traffic.start(1, 0);
        QVERIFY(!st.has_value());
        QCOMPARE(st.error().code, ErrorCode::Conflict);
        QCOMPARE(storedRequests(ws), 0);
        QVERIFY(traffic.gatewayUrl().isEmpty());
    }
};

QTEST_GUILESS_MAIN(DemoTrafficTest)
#include "DemoTrafficTest.moc"
