// Two real gatehousectl processes act on the same pending request at the same moment:
// exactly one state change, and the loser is told who decided.

#include <unistd.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "ReviewFixture.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

void start(QProcess& p, const QString& program, const QStringList& args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(s("GATEHOUSE_PASSWORD"), QString::fromLatin1(TestWorkspace::kPassword));
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([] { ::setsid(); });
    p.start(program, args);
}
} // namespace

class ReviewRaceTest : public QObject
{
    Q_OBJECT
private slots:
    void approveAndRejectRaceHasOneWinner();
};

void ReviewRaceTest::approveAndRejectRaceHasOneWinner()
{
    const QString ctl = qEnvironmentVariable("GATEHOUSE_BIN_DIR") + s("/ctl/gatehousectl");
    QVERIFY2(QFile::exists(ctl), qPrintable(ctl));
    ReviewFixture fx;
    QVERIFY2(fx.isValid(), qPrintable(fx.error()));
    // Real processes use the system clock: keep the fixture's fake clock on it.
    fx.ws().clock().set(QDateTime::currentDateTimeUtc());
    constexpr int kRounds = 4;
    QStringList ids;
    for (int i = 0; i < kRounds; ++i)
        ids.append(fx.submit());
    QVERIFY(!ids.contains(QString()));
    const QString dir = fx.ws().directory();
    fx.ws().close();

    int approvedWins = 0;
    for (const QString& id : ids) {
        QProcess a;
        QProcess b;
        start(a, ctl,
              {s("--workspace"), dir, s("--user"), s("analyst1"), s("review"), s("approve"), id,
               s("--reason"), s("race: approve")});
        start(b, ctl,
              {s("--workspace"), dir, s("--user"), s("analyst2"), s("review"), s("reject"), id, s("--reason"),
               s("race: reject")});
        QVERIFY(a.waitForFinished(60000));
        QVERIFY(b.waitForFinished(60000));
        const int ca = a.exitCode();
        const int cb = b.exitCode();
        const QString ea = QString::fromUtf8(a.readAllStandardError());
        const QString eb = QString::fromUtf8(b.readAllStandardError());
        QVERIFY2((ca == 0) != (cb == 0),
                 qPrintable(s("exit codes %1 and %2: %3 %4").arg(ca).arg(cb).arg(ea, eb)));
        const QString loserErr = ca == 0 ? eb : ea;
        const QString expected = ca == 0 ? s("already resolved: APPROVED by analyst1")
                                         : s("already resolved: REJECTED by analyst2");
        QVERIFY2(loserErr.contains(expected), qPrintable(loserErr));
        approvedWins += ca == 0 ? 1 : 0;
    }
    QVERIFY(fx.ws().reopen());
    auto& app = fx.ws().app();
    const auto events = app.ledger().events({});
    int changes = 0;
    for (const AuditEvent& e : *events)
        if (e.type == s("action.approved") || e.type == s("action.rejected"))
            ++changes;
    QCOMPARE(changes, kRounds); // one state change per request, never two
    auto v = app.ledger().verify();
    QVERIFY(v->fullyIntact());
    qInfo("approve won %d of %d rounds", approvedWins, kRounds);
}

QTEST_GUILESS_MAIN(ReviewRaceTest)
#include "ReviewRaceTest.moc"
