// gatehousectl workspace init and demo seed: creating workspaces from nothing.

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "CtlHarness.h"
#include "DemoSeeder.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

class WorkspaceCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void initCreatesWorkspaceAndAdmin();
    void initWithNamedAdmin();
    void initTwiceIsRefused();
    void initWithoutPasswordCreatesNoAccount();
    void demoSeedFillsAnEmptyWorkspace();
    void demoSeedRefusesAWorkspaceWithAccounts();
};

void WorkspaceCommandTest::initCreatesWorkspaceAndAdmin()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(s("new/workspace"));
    CtlHarness ctl(dir);
    auto r = ctl.run({s("workspace"), s("init")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(s("first admin 'admin' created")), qPrintable(r.out));
    QCOMPARE(ctl.passwords().asked, QList<PasswordPurpose>{PasswordPurpose::FirstAdmin});
    QVERIFY(QFileInfo(dir + s("/gatehouse.db")).isFile());
    QVERIFY(QFileInfo(dir + s("/keys")).isDir());
    QVERIFY(QFileInfo(dir + s("/logs")).isDir());

    r = ctl.run({s("--user"), s("admin"), s("accounts"), s("list"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonArray accounts = CtlHarness::json(r.out).array();
    QCOMPARE(accounts.size(), 1);
    QCOMPARE(accounts.first().toObject().value(s("roles")).toArray(), QJsonArray{s("admin")});
    QCOMPARE(ctl.run({s("audit"), s("verify")}).code, 0);
}

void WorkspaceCommandTest::initWithNamedAdmin()
{
    QTemporaryDir tmp;
    CtlHarness ctl(tmp.path());
    const auto r = ctl.run({s("workspace"), s("init"), s("--admin"), s("alice"), s("--display-name"),
                            s("Alice Adams"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("admin")).toString(), s("alice"));
    QCOMPARE(o.value(s("workspace")).toString(), QDir(tmp.path()).absolutePath());
    QCOMPARE(ctl.run({s("--user"), s("alice"), s("paths"), s("list")}).code, 0);

    // A username the service refuses.
    QTemporaryDir tmp2;
    CtlHarness ctl2(tmp2.path());
    QCOMPARE(ctl2.run({s("workspace"), s("init"), s("--admin"), s("Not Valid!")}).code, 2);
}

void WorkspaceCommandTest::initTwiceIsRefused()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    const auto r = ctl.run({s("workspace"), s("init")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("already has accounts")));
    QVERIFY(ctl.passwords().asked.isEmpty());
}

void WorkspaceCommandTest::initWithoutPasswordCreatesNoAccount()
{
    QTemporaryDir tmp;
    CtlHarness ctl(tmp.path());
    ctl.passwords().unavailable = true;
    QCOMPARE(ctl.run({s("workspace"), s("init")}).code, 2);
    ctl.passwords().unavailable = false;
    ctl.passwords().signInPassword = s("too short");
    QCOMPARE(ctl.run({s("workspace"), s("init")}).code, 2);
    // Still empty: a later init succeeds.
    ctl.passwords().signInPassword = QString::fromLatin1(TestWorkspace::kPassword);
    QCOMPARE(ctl.run({s("workspace"), s("init")}).code, 0);
}

void WorkspaceCommandTest::demoSeedFillsAnEmptyWorkspace()
{
    QTemporaryDir tmp;
    CtlHarness ctl(tmp.path());
    auto r = ctl.run({s("demo"), s("seed")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(s("gatehouse-demo")));
    QVERIFY(ctl.passwords().asked.isEmpty());

    ctl.passwords().signInPassword = QString::fromLatin1(DemoSeeder::kDemoPassword);
    r = ctl.run({s("--user"), s("analyst1"), s("paths"), s("list"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonArray paths = CtlHarness::json(r.out).array();
    QVERIFY(paths.size() >= 12);
    QSet<QString> tiers;
    for (const auto& p : paths)
        tiers.insert(p.toObject().value(s("tier")).toString());
    QCOMPARE(tiers, (QSet<QString>{s("T0"), s("T1"), s("T2"), s("T3")}));
    for (const char* user : {"admin", "analyst1", "analyst2", "analyst3", "manager1", "owner-secops"})
        QVERIFY2(ctl.run({s("--user"), s(user), s("paths"), s("list")}).code == 0, user);
    r = ctl.run({s("audit"), s("verify"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QVERIFY(CtlHarness::json(r.out).object().value(s("events")).toInt() > paths.size());

    // The demo's permission graph: both sources, and the access-grant path's PassRole route
    // into the over-privileged Lambda role.
    r = ctl.run({s("--user"), s("analyst1"), s("graph"), s("stats"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(CtlHarness::json(r.out).object().value(s("sources")).toArray().size(), 2);
    r = ctl.run({s("--user"), s("analyst1"), s("graph"), s("paths"), s("--from"),
                 s("path:access-grant-app-role"), s("--to-tier-zero"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonArray hops = CtlHarness::json(r.out)
                                .object()
                                .value(s("paths"))
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(s("hops"))
                                .toArray();
    QCOMPARE(hops.size(), 2);
    QCOMPARE(hops.at(1).toObject().value(s("to")).toString(),
             s("arn:aws:iam::111122223333:role/app-deployer"));
}

void WorkspaceCommandTest::demoSeedRefusesAWorkspaceWithAccounts()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    const auto r = ctl.run({s("demo"), s("seed")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.startsWith(s("gatehousectl: ")));
    auto list = ws.app().catalogue().list(ws.admin());
    QVERIFY(list && list->isEmpty());
}

QTEST_GUILESS_MAIN(WorkspaceCommandTest)
#include "WorkspaceCommandTest.moc"
