// The real executables: gatehousectl and gatehoused run as separate processes, including
// two gatehousectl processes writing to one workspace at once (FIELD-CASES 10).

#include <unistd.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "CtlHarness.h"
#include "CtlRunner.h"
#include "DecisionPathBuilder.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

QString binary(const char* relative)
{
    return QDir(qEnvironmentVariable("GATEHOUSE_BIN_DIR")).filePath(QString::fromLatin1(relative));
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

/// Starts \a program in a new session (no controlling terminal, so a password prompt
/// cannot block the test) with \a password in GATEHOUSE_PASSWORD unless it is null.
void start(QProcess& p, const QString& program, const QStringList& args, const QString& password = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(s("GATEHOUSE_PASSWORD"));
    env.remove(s("GATEHOUSE_NEW_PASSWORD"));
    if (!password.isNull())
        env.insert(s("GATEHOUSE_PASSWORD"), password);
    p.setProcessEnvironment(env);
    p.setChildProcessModifier([] { ::setsid(); });
    p.start(program, args);
}

Run finish(QProcess& p, int timeoutMs = 60000)
{
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run run(const QString& program, const QStringList& args, const QString& password = {})
{
    QProcess p;
    start(p, program, args, password);
    return finish(p);
}

QStringList addArgs(const QString& dir, const QString& id)
{
    return {s("--workspace"),   dir,
            s("--user"),        s("admin"),
            s("paths"),         s("add"),
            s("--id"),          id,
            s("--name"),        s("Concurrent ") + id,
            s("--owner"),       s("admin"),
            s("--tier"),        s("T1"),
            s("--action-type"), s("endpoint.isolate"),
            s("--workload-id"), s("spiffe://corp.example/agents/") + id};
}

} // namespace

class CtlProcessTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ctlVersion();
    void gatehousedVersionAndStart();
    void gatehousedRefusesBadOptions();
    void initAndSignInWithEnvironmentPassword();
    void noPasswordAndNoTerminalIsRefused();
    void jsonOutputIsCleanWithLogging();
    void twoProcessesAddConcurrently();
    void writerWaitsForAHeldLock();

private:
    QString m_ctl;
    QString m_daemon;
};

void CtlProcessTest::initTestCase()
{
    m_ctl = binary("ctl/gatehousectl");
    m_daemon = binary("gatehoused");
    QVERIFY2(QFileInfo(m_ctl).isExecutable(), qPrintable(m_ctl));
    QVERIFY2(QFileInfo(m_daemon).isExecutable(), qPrintable(m_daemon));
}

void CtlProcessTest::ctlVersion()
{
    const Run r = run(m_ctl, {s("--version")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, (s("gatehousectl ") + CtlRunner::version() + s("\n")).toUtf8());
    QCOMPARE(run(m_ctl, {}).code, 2);
    QCOMPARE(run(m_ctl, {s("bogus")}).code, 2);
}

void CtlProcessTest::gatehousedVersionAndStart()
{
    Run r = run(m_daemon, {s("--version")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, (s("gatehoused ") + CtlRunner::version() + s("\n")).toUtf8());

    QTemporaryDir tmp;
    const QString dir = tmp.filePath(s("ws"));
    // Without `gatehousectl pki init` there is no server certificate: it says so and stops
    // (after opening, so a broken or newer database would have been reported first).
    r = run(m_daemon, {s("--workspace"), dir, s("--log-level"), s("info"), s("--listen"), s("127.0.0.1:0")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("pki init"), r.err.constData());
    QVERIFY(QFileInfo(dir + s("/gatehouse.db")).isFile());
    QFile log(dir + s("/logs/gatehouse.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("workspace"));
}

void CtlProcessTest::gatehousedRefusesBadOptions()
{
    QCOMPARE(run(m_daemon, {s("--bogus")}).code, 2);
    QCOMPARE(run(m_daemon, {s("--log-level"), s("loud"), s("--workspace"), QDir::tempPath()}).code, 2);
    QTemporaryDir tmp;
    QFile notSqlite(tmp.filePath(s("gatehouse.db")));
    QVERIFY(notSqlite.open(QIODevice::WriteOnly));
    notSqlite.write("this is not an SQLite database, and must stay as it is");
    notSqlite.close();
    const Run r = run(m_daemon, {s("--workspace"), tmp.path()});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.startsWith("gatehoused: "));
    QVERIFY(notSqlite.open(QIODevice::ReadOnly));
    QCOMPARE(notSqlite.readAll(), QByteArray("this is not an SQLite database, and must stay as it is"));
}

void CtlProcessTest::initAndSignInWithEnvironmentPassword()
{
    QTemporaryDir tmp;
    const QString password = s("a good long password");
    Run r = run(m_ctl, {s("--workspace"), tmp.path(), s("workspace"), s("init")}, password);
    QCOMPARE(r.code, 0);
    r = run(m_ctl, {s("--workspace"), tmp.path(), s("--user"), s("admin"), s("paths"), s("list")}, password);
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("ID "));
    r = run(m_ctl, {s("--workspace"), tmp.path(), s("--user"), s("admin"), s("paths"), s("list")},
            s("wrong one"));
    QCOMPARE(r.code, 2);
    // stderr carries the warning log line of the failed sign-in and the error itself.
    QVERIFY2(r.err.contains("\ngatehousectl: ") || r.err.startsWith("gatehousectl: "), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void CtlProcessTest::noPasswordAndNoTerminalIsRefused()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    ws.close();
    const Run r =
        run(m_ctl, {s("--workspace"), ws.directory(), s("--user"), s("admin"), s("paths"), s("list")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no terminal"), r.err.constData());
}

void CtlProcessTest::jsonOutputIsCleanWithLogging()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()));
    ws.close();
    const Run r = run(m_ctl,
                      {s("--workspace"), ws.directory(), s("--user"), s("admin"), s("--log-level"),
                       s("debug"), s("paths"), s("list"), s("--format"), s("json")},
                      QString::fromLatin1(TestWorkspace::kPassword));
    QCOMPARE(r.code, 0);
    const QJsonDocument doc = QJsonDocument::fromJson(r.out);
    QVERIFY2(doc.isArray(), r.out.constData());
    QCOMPARE(doc.array().first().toObject().value(s("id")).toString(), s("soc-isolate-endpoint"));
}

void CtlProcessTest::twoProcessesAddConcurrently()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    ws.close();
    const QString password = QString::fromLatin1(TestWorkspace::kPassword);
    constexpr int kRounds = 20;
    for (int i = 0; i < kRounds; ++i) {
        QProcess a;
        QProcess b;
        start(a, m_ctl, addArgs(ws.directory(), s("proc-a-%1").arg(i)), password);
        start(b, m_ctl, addArgs(ws.directory(), s("proc-b-%1").arg(i)), password);
        const Run ra = finish(a);
        const Run rb = finish(b);
        QVERIFY2(ra.code == 0, ra.err.constData());
        QVERIFY2(rb.code == 0, rb.err.constData());
    }
    const Run verify =
        run(m_ctl, {s("--workspace"), ws.directory(), s("audit"), s("verify"), s("--format"), s("json")});
    QCOMPARE(verify.code, 0);
    const QJsonObject v = QJsonDocument::fromJson(verify.out).object();
    QCOMPARE(v.value(s("intact")).toBool(), true);
    QCOMPARE(v.value(s("events")).toInt(), v.value(s("last_seq")).toInt()); // contiguous

    QVERIFY(ws.reopen());
    auto paths = ws.app().catalogue().list(ws.admin());
    QVERIFY(paths);
    QCOMPARE(paths->size(), 2 * kRounds);
    auto created = ws.app().ledger().events(AuditQuery{s("path.created"), {}, {}, {}, 0, 1000});
    QVERIFY(created);
    QCOMPARE(created->size(), 2 * kRounds);
}

void CtlProcessTest::writerWaitsForAHeldLock()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    ws.close();
    const QString connection = s("lock-holder");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), connection);
        db.setDatabaseName(ws.directory() + s("/gatehouse.db"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(s("BEGIN IMMEDIATE")));

        QProcess writer;
        QElapsedTimer timer;
        timer.start();
        start(writer, m_ctl, addArgs(ws.directory(), s("waits-for-lock")),
              QString::fromLatin1(TestWorkspace::kPassword));
        QTest::qWait(2000);
        QCOMPARE(writer.state(), QProcess::Running); // blocked behind our write lock, not failed
        QVERIFY(q.exec(s("COMMIT")));
        const Run r = finish(writer);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(timer.elapsed() >= 2000);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    const Run verify = run(m_ctl, {s("--workspace"), ws.directory(), s("audit"), s("verify")});
    QCOMPARE(verify.code, 0);
}

QTEST_GUILESS_MAIN(CtlProcessTest)
#include "CtlProcessTest.moc"
