// gatehousectl pki (init, issue-svid, import-bundle, status) and simulate run, in-process,
// the latter against a gateway served by the test's own workspace on loopback.

#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QtTest>

#include "ActionRequestRepository.h"
#include "CertificateAuthority.h"
#include "CtlHarness.h"
#include "DecisionPathBuilder.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

int modeOf(const QString& file)
{
    struct stat st
    {};
    return ::stat(QFile::encodeName(file).constData(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

} // namespace

class PkiCommandTest : public QObject
{
    Q_OBJECT
private slots:
    void initIssueStatus()
    {
        TestWorkspace ws;
        ws.clock().set(QDateTime::currentDateTimeUtc());
        QVERIFY(ws.app()
                    .catalogue()
                    .create(ws.admin(), DecisionPathBuilder(s("soc-isolate")).build())
                    .has_value());
        CtlHarness ctl(ws);

        auto r = ctl.runAs(s("admin"),
                           {s("pki"), s("init"), s("--san"), s("gw.corp.example"), s("--format"), s("json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(CtlHarness::json(r.out).object().value(s("trust_domain")).toString(), s("corp.example"));
        QCOMPARE(ctl.runAs(s("admin"), {s("pki"), s("init")}).code, 2); // exists: needs --force

        QTemporaryDir out;
        r = ctl.runAs(s("admin"), {s("pki"), s("issue-svid"), s("--path"), s("soc-isolate"), s("--out"),
                                   out.path(), s("--ttl"), s("600")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(s("spiffe://corp.example/agents/soc-isolate")));
        QCOMPARE(modeOf(out.filePath(s("svid.key"))), 0600);
        QFile key(out.filePath(s("svid.key")));
        QVERIFY(key.open(QIODevice::ReadOnly));
        QVERIFY(key.readAll().startsWith("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(!r.out.contains(s("PRIVATE KEY")) && !r.err.contains(s("PRIVATE KEY")));

        QCOMPARE(ctl.runAs(s("admin"), {s("pki"), s("issue-svid"), s("--path"), s("soc-isolate")}).code, 2);
        QCOMPARE(ctl.runAs(s("admin"), {s("pki"), s("issue-svid"), s("--path"), s("soc-isolate"), s("--out"),
                                        out.path(), s("--ttl"), s("ten")})
                     .code,
                 2);

        r = ctl.runAs(s("admin"), {s("pki"), s("status"), s("--format"), s("json")});
        QCOMPARE(r.code, 0);
        const QJsonObject st = CtlHarness::json(r.out).object();
        QCOMPARE(st.value(s("initialized")).toBool(), true);
        QCOMPARE(st.value(s("bundles")).toArray().size(), 1);
    }

    void importBundleNeedsAdmin()
    {
        TestWorkspace ws;
        ws.addOperator(s("olga"), OperatorRole::Owner);
        CtlHarness ctl(ws);
        auto ca = CertificateAuthority::create(s("spire.example"), QDateTime::currentDateTimeUtc(), 30);
        QTemporaryDir dir;
        QFile f(dir.filePath(s("bundle.pem")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(ca->certificate().certificatePem);
        f.close();
        QCOMPARE(ctl.runAs(s("olga"), {s("pki"), s("import-bundle"), f.fileName()}).code, 2);
        auto r = ctl.runAs(s("admin"), {s("pki"), s("import-bundle"), f.fileName()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(s("spire.example")));
        QCOMPARE(ctl.runAs(s("admin"), {s("pki"), s("import-bundle"), dir.filePath(s("missing.pem"))}).code,
                 2);
    }

    void simulateDrivesTheGateway()
    {
        TestWorkspace ws;
        ws.clock().set(QDateTime::currentDateTimeUtc());
        auto& app = ws.app();
        for (const char* id : {"soc-isolate", "helpdesk-reset"}) {
            QVERIFY(app.catalogue().create(ws.admin(), DecisionPathBuilder(s(id)).build()).has_value());
            QVERIFY(app.catalogue().activate(ws.admin(), s(id)).has_value());
        }
        PkiInitOptions o;
        o.trustDomain = s("corp.example");
        QVERIFY(app.pki().init(ws.admin(), o).has_value());
        QVERIFY(app.gateway().start(QHostAddress::LocalHost, 0).has_value());

        CtlHarness ctl(ws);
        const QString url = s("https://127.0.0.1:%1").arg(app.gateway().port());
        QCOMPARE(ctl.runAs(s("admin"), {s("simulate"), s("run"), s("--gateway"), s("http://x")}).code, 2);
        auto r = ctl.runAs(s("admin"),
                           {s("simulate"), s("run"), s("--gateway"), url, s("--count"), s("8"),
                            s("--interval-ms"), s("0"), s("--seed"), s("3"), s("--format"), s("json")});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const QJsonObject summary = CtlHarness::json(r.out).object();
        QCOMPARE(summary.value(s("sent")).toInt(), 8);
        QCOMPARE(summary.value(s("agents")).toInt(), 2);
        QVERIFY(!summary.value(s("by_status")).toObject().contains(s("0")));
        QVERIFY(!summary.value(s("by_status")).toObject().contains(s("401")));
        QVERIFY(*ActionRequestRepository(app.database().connection()).count() >= 7);
        app.gateway().stop();
    }
};

QTEST_GUILESS_MAIN(PkiCommandTest)
#include "PkiCommandTest.moc"
