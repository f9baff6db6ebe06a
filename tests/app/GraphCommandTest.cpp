#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "CtlHarness.h"
#include "DecisionPathBuilder.h"
#include "GraphCommand.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

QString fixture(const char* name)
{
    return CtlHarness::dataFile(QStringLiteral("graph/") + QLatin1String(name));
}

/// Writes \a content to \a name in \a dir and returns its path.
QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return f.fileName();
}

} // namespace

/// `gatehousectl graph ...` in-process, against a test workspace.
class GraphCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void importStatsPathsExport();
    void reimportReportsTheDiff();
    void refusalsAndUsage();
    void pathsFromADecisionPath();
    void runsAsOption();
    void kubernetesAndAzureImportThroughTheCli();
    void savedQueriesZonesAndFindings();
    void blastRadiusHonoursDenyAndBoundary();
    void zonesAreValidatedAndRemovable();
    void storedZoneWithoutUsableSelectorIsIgnoredAndShown();
    void importQueriesIsValidatedAndAllOrNone();
    void saveQueryRefusesToOverwriteWithoutReplace();
    void sourcesKeepTheirKindAndAreNotWipedByAccident();
    void onlyAdminsOrTheImporterReplaceASource();
    void maxHopsZeroIsUnlimitedAsTheHelpSays();
    void exportsKeepControlCharacterIdsApart();
};

void GraphCommandTest::importStatsPathsExport()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    const QString file = fixture("assume-role-chain.json");
    CtlOutcome out =
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), file, s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    QJsonObject o = CtlHarness::json(out.out).object();
    QCOMPARE(o.value(s("source")).toString(), s("assume-role-chain.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(o.value(s("sha256")).toString(),
             QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()));
    // dev is not Tier Zero but reaches Admin through Hop1 (Hop1 also reaches it).
    QVERIFY(o.value(s("appeared")).toArray().contains(s("tier_zero|arn:aws:iam::111122223333:user/dev")));

    out = ctl.runAs(s("admin"), {s("graph"), s("stats"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    o = CtlHarness::json(out.out).object();
    // dev -> Hop1, Hop1 -> Admin, and role/Other (named by NotTrusting's trust, not in the
    // file, so an external principal) -> NotTrusting.
    QCOMPARE(o.value(s("edges_by_kind")).toObject().value(s("can_assume")).toInt(), 3);
    QCOMPARE(o.value(s("nodes")).toInt(),
             o.value(s("sources")).toArray()[0].toObject().value(s("nodes")).toInt());

    out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("arn:aws:iam::111122223333:user/dev"),
                                 s("--to-sensitive"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    o = CtlHarness::json(out.out).object();
    const QJsonArray paths = o.value(s("paths")).toArray();
    QCOMPARE(paths.size(), 1);
    const QJsonArray hops = paths[0].toObject().value(s("hops")).toArray();
    QCOMPARE(hops.size(), 2);
    QCOMPARE(hops[1].toObject().value(s("to")).toString(), s("arn:aws:iam::111122223333:role/Admin"));
    QVERIFY(hops[1].toObject().value(s("to_tier_zero")).toBool());
    QVERIFY(!hops[0].toObject().value(s("explanation")).toString().isEmpty());

    out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("arn:aws:iam::111122223333:user/dev"),
                                 s("--to"), s("arn:aws:iam::111122223333:role/Admin")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains(
        s("path 1: arn:aws:iam::111122223333:user/dev -> arn:aws:iam::111122223333:role/Admin (2 hops)")));
    QVERIFY(out.out.contains(s("origin: ")));

    // --to-tier-zero: Tier Zero nodes, resolved when the query runs.
    out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("arn:aws:iam::111122223333:user/dev"),
                                 s("--to-tier-zero"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    o = CtlHarness::json(out.out).object();
    QVERIFY(o.value(s("query")).toObject().value(s("to_tier_zero")).toBool());
    QCOMPARE(o.value(s("paths")).toArray().size(), 1);
    QCOMPARE(o.value(s("paths")).toArray()[0].toObject().value(s("end")).toString(),
             s("arn:aws:iam::111122223333:role/Admin"));

    out = ctl.runAs(s("admin"), {s("graph"), s("export"), s("--format"), s("dot")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.startsWith(s("digraph permissions {")));
    out = ctl.runAs(s("admin"), {s("graph"), s("export"), s("--format"), s("graphml")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains(s("<graphml")));

    out = ctl.runAs(s("admin"), {s("graph"), s("blast"), s("--from"), s("arn:aws:iam::111122223333:user/dev"),
                                 s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    // Admin. NotTrusting is Tier Zero too but out of reach: Admin, admin-equivalent, gets no
    // escalation edges (it holds everything already), and NotTrusting trusts only role/Other.
    QCOMPARE(CtlHarness::json(out.out).object().value(s("tier_zero")).toInt(), 1);
}

void GraphCommandTest::reimportReportsTheDiff()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json"),
                                    s("--name"), s("acct")})
                 .code,
             0);
    const CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"),
                                                  fixture("passrole-ec2.json"), s("--name"), s("acct")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.startsWith(s("replaced acct:")));
    QVERIFY(out.out.contains(s("  - tier_zero|arn:aws:iam::111122223333:user/dev")));
    QVERIFY(out.out.contains(s("  + tier_zero|arn:aws:iam::111122223333:role/App")));
}

void GraphCommandTest::refusalsAndUsage()
{
    TestWorkspace ws;
    ws.addOperator(s("ana"), OperatorRole::Analyst);
    CtlHarness ctl(ws);
    CtlOutcome out = ctl.runAs(s("ana"), {s("graph"), s("import"), s("--aws"), fixture("passrole-ec2.json")});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("may not import permission graphs")));
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import")}).code, 2);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), s("a"), s("--azure"), s("b")}).code,
             2);
    out = ctl.runAs(s("admin"),
                    {s("graph"), s("import"), s("--aws"), CtlHarness::dataFile(s("paths-malformed.json"))});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("paths-malformed.json")));
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("x")}).code, 2);
    QCOMPARE(ctl.runAs(s("admin"),
                       {s("graph"), s("paths"), s("--from"), s("x"), s("--to"), s("y"), s("--k"), s("0")})
                 .code,
             2);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("stats"), s("--format"), s("dot")}).code, 2);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("export"), s("--format"), s("json")}).code, 2);
    // An unknown node is refused; a known pair without a path exits 1.
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("passrole-ec2.json")}).code,
             0);
    out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("nope"), s("--to-sensitive")});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("no node \"nope\"")));
    // Nothing leads to the account root node (it only trusts outward).
    out =
        ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("arn:aws:iam::111122223333:role/Admin"),
                               s("--to"), s("arn:aws:iam::111122223333:root")});
    QCOMPARE(out.code, 1);
    QVERIFY(out.out.contains(s("no path")));
}

void GraphCommandTest::pathsFromADecisionPath()
{
    TestWorkspace ws;
    DecisionPath p = DecisionPathBuilder(s("ci-deployer")).owner(s("admin")).build();
    p.runsAs = {s("arn:aws:iam::111122223333:role/App")};
    QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
    CtlHarness ctl(ws);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("passrole-ec2.json")}).code,
             0);
    const CtlOutcome out =
        ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("path:ci-deployer"),
                               s("--to-sensitive"), s("--k"), s("3"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    const QJsonArray paths = CtlHarness::json(out.out).object().value(s("paths")).toArray();
    QCOMPARE(paths.size(), 1);
    const QJsonArray hops = paths[0].toObject().value(s("hops")).toArray();
    QCOMPARE(hops[0].toObject().value(s("kind")).toString(), s("runs_as"));
    QCOMPARE(hops[1].toObject().value(s("escalation")).toString(), s("iam:PassRole+ec2:RunInstances"));
}

void GraphCommandTest::runsAsOption()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    CtlOutcome out = ctl.runAs(s("admin"), {s("paths"), s("add"), s("--id"), s("p1"), s("--name"), s("P1"),
                                            s("--runs-as"), s("arn:aws:iam::111122223333:role/App"),
                                            s("--runs-as"), s("system:serviceaccount:ci:deployer")});
    QCOMPARE(out.code, 0);
    auto p = ws.app().catalogue().get(ws.admin(), s("p1"));
    QVERIFY(p.has_value());
    QCOMPARE(p->runsAs,
             (QStringList{s("arn:aws:iam::111122223333:role/App"), s("system:serviceaccount:ci:deployer")}));
    out = ctl.runAs(s("admin"), {s("paths"), s("update"), s("p1"), s("--runs-as"), s("not an identity")});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("runs_as")));
}

// The Kubernetes and Azure importers are wired into `graph import`: a service account that
// can create pods in prod reaches cluster-admin through prod:deployer; an Azure service
// principal that can add a credential to another reaches the subscription's Owner (FIELD-CASES 20).
void GraphCommandTest::kubernetesAndAzureImportThroughTheCli()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    CtlOutcome out =
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--k8s"), fixture("k8s/escalation-primitives.yaml"),
                               s("--format"), s("json")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    out = ctl.runAs(s("admin"),
                    {s("graph"), s("paths"), s("--from"), s("system:serviceaccount:dev:att-create-pods"),
                     s("--to-sensitive"), s("--format"), s("json")});
    QVERIFY2(out.code == 0, qPrintable(out.err + out.out));
    const QJsonArray k8sPaths = CtlHarness::json(out.out).object().value(s("paths")).toArray();
    QVERIFY(!k8sPaths.isEmpty());
    bool viaDeployer = false;
    for (const auto& hop : k8sPaths[0].toObject().value(s("hops")).toArray())
        viaDeployer = viaDeployer ||
                      hop.toObject().value(s("to")).toString() == s("system:serviceaccount:prod:deployer");
    QVERIFY(viaDeployer);

    out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--azure"),
                                 fixture("azure/field-case-20-credential.json"), s("--format"), s("json")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("stats"), s("--format"), s("json")});
    const QJsonArray sources = CtlHarness::json(out.out).object().value(s("sources")).toArray();
    QCOMPARE(sources.size(), 2);
    QStringList kinds;
    for (const auto& src : sources)
        kinds << src.toObject().value(s("kind")).toString();
    kinds.sort();
    QCOMPARE(kinds, (QStringList{s("azure"), s("kubernetes")}));
}

// Saved queries are named, runnable and shareable as JSON; zones and findings have a front door.
void GraphCommandTest::savedQueriesZonesAndFindings()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QCOMPARE(
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json")}).code,
        0);
    const QString dev = s("arn:aws:iam::111122223333:user/dev");
    CtlOutcome out =
        ctl.runAs(s("admin"), {s("graph"), s("save-query"), s("dev-to-t0"), s("--description"),
                               s("Can dev reach Tier Zero?"), s("--from"), dev, s("--to-sensitive")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("save-query"), s("bad"), s("--from"), dev}).code, 2);
    out = ctl.runAs(s("admin"), {s("graph"), s("queries"), s("--format"), s("json")});
    const QJsonArray queries = CtlHarness::json(out.out).array();
    QCOMPARE(queries.size(), 1);
    QCOMPARE(queries[0].toObject().value(s("description")).toString(), s("Can dev reach Tier Zero?"));
    out = ctl.runAs(s("admin"), {s("graph"), s("run-query"), s("dev-to-t0"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    QCOMPARE(CtlHarness::json(out.out).object().value(s("paths")).toArray().size(), 1);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("run-query"), s("nope")}).code, 2);

    // Share: export, then import into another workspace.
    QTemporaryDir dir;
    const QString file = dir.filePath(s("queries.json"));
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("export-queries"), s("--output"), file}).code, 0);
    TestWorkspace other;
    CtlHarness otherCtl(other);
    out = otherCtl.runAs(s("admin"), {s("graph"), s("import-queries"), file});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QVERIFY(out.out.contains(s("imported 1 queries")));

    // Zones: admin only; a zone makes paths into it findings.
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("set-zone"), s("hop"), s("--rank"), s("5"), s("--selector"),
                                    s("not json")})
                 .code,
             2);
    out = ctl.runAs(s("admin"), {s("graph"), s("set-zone"), s("hop"), s("--rank"), s("5"), s("--selector"),
                                 s("{\"id\": \"arn:aws:iam::111122223333:role/Hop1\"}")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("zones"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(out.out).array().size(), 1);
    out = ctl.runAs(s("admin"), {s("graph"), s("findings"), s("--format"), s("json")});
    const QJsonArray findings = CtlHarness::json(out.out).array();
    QVERIFY(findings.contains(s("tier_zero|") + dev));
    QVERIFY(findings.contains(s("zone:hop|") + dev));
}

void GraphCommandTest::blastRadiusHonoursDenyAndBoundary()
{
    // The same fixture through the CLI front door: U's Deny takes every s3 grant from it,
    // whichever of its policies (own, managed, its group's) holds it; W keeps them.
    TestWorkspace ws;
    CtlHarness ctl(ws);
    CtlOutcome out =
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("deny-narrows-grants.json")});
    QCOMPARE(out.code, 0);
    auto blast = [&](const char* user) {
        const CtlOutcome o =
            ctl.runAs(s("admin"),
                      {s("graph"), s("blast"), s("--from"),
                       s("arn:aws:iam::111122223333:user/") + QLatin1String(user), s("--format"), s("json")});
        return o.code == 0 ? CtlHarness::json(o.out).object() : QJsonObject{{s("exit"), o.code}};
    };
    const QJsonObject u = blast("U");
    const QJsonObject w = blast("W");
    QVERIFY2(u.contains(s("by_kind")), QJsonDocument(u).toJson().constData());
    // U: iam:passrole, ec2:describeinstances (possibly denied), sqs:sendmessage, all on "*".
    QCOMPARE(u.value(s("by_kind")).toObject().value(s("permission")).toInt(), 3);
    QCOMPARE(u.value(s("by_kind")).toObject().value(s("resource")).toInt(), 1);
    // W: s3:getobject on the bucket, s3:listbucket and sqs:sendmessage on "*".
    QCOMPARE(w.value(s("by_kind")).toObject().value(s("permission")).toInt(), 3);
    QCOMPARE(w.value(s("by_kind")).toObject().value(s("resource")).toInt(), 2);

    out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("arn:aws:iam::111122223333:user/U"),
                                 s("--to"), s("s3:listbucket on *")});
    QCOMPARE(out.code, 1);
    out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), s("arn:aws:iam::111122223333:user/W"),
                                 s("--to"), s("s3:listbucket on *")});
    QCOMPARE(out.code, 0);

    // A permissions boundary that leaves out iam keeps Bounded out of Tier Zero by grant.
    out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("permissions-boundary.json")});
    QCOMPARE(out.code, 0);
    QVERIFY2(out.err.contains(s("RoleDetailList[4].PermissionsBoundary")), qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("findings")});
    QCOMPARE(out.code, 0);
    QVERIFY2(out.out.contains(s("tier_zero|arn:aws:iam::111122223333:role/PassAllowed")),
             qPrintable(out.out));
    QVERIFY2(!out.out.contains(s("tier_zero|arn:aws:iam::111122223333:role/PassBounded")),
             qPrintable(out.out));
    QVERIFY2(!out.out.contains(s("#for:")), qPrintable(out.out));
}

// FIELD: {"Id": ...} and {} were stored, matched every node, and no verb removed a zone.
void GraphCommandTest::zonesAreValidatedAndRemovable()
{
    TestWorkspace ws;
    ws.addOperator(s("olga"), OperatorRole::Owner);
    CtlHarness ctl(ws);
    QCOMPARE(
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json")}).code,
        0);
    for (const auto& [selector, text] :
         {std::pair{R"({"Id": "arn:aws:iam::111122223333:role/Hop1"})", R"(selector 1: unknown key "Id")"},
          std::pair{"{}", "selector 1: is empty"},
          std::pair{R"({"kind": "rolez"})", R"(unknown node kind "rolez")"},
          std::pair{R"({"value": "x"})", R"(key "value" needs an "attribute")"}}) {
        const CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("set-zone"), s("typo"), s("--rank"),
                                                      s("5"), s("--selector"), s(selector)});
        QCOMPARE(out.code, 2);
        QVERIFY2(out.err.contains(s(text)), qPrintable(out.err));
    }
    CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("set-zone"), s("two"), s("--selector"),
                                            s(R"({"id": "x"})"), s("--selector"), s(R"({"ID": "y"})")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s(R"(zone "two", selector 2: unknown key "ID")")), qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("zones"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(out.out).array().size(), 0);

    // A valid zone; --to-sensitive still finds the real path (2 hops into Tier Zero).
    const QString dev = s("arn:aws:iam::111122223333:user/dev");
    const QJsonArray tierZeroOnly{s("tier_zero|arn:aws:iam::111122223333:role/Hop1"),
                                  s("tier_zero|arn:aws:iam::111122223333:role/Other"), s("tier_zero|") + dev};
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("set-zone"), s("hop"), s("--rank"), s("5"), s("--selector"),
                                    s(R"({"id": "arn:aws:iam::111122223333:role/Hop1"})")})
                 .code,
             0);
    out = ctl.runAs(s("olga"), {s("graph"), s("remove-zone"), s("hop")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("olga")), qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("findings"), s("--format"), s("json")});
    QVERIFY(CtlHarness::json(out.out).array().contains(s("zone:hop|") + dev));
    out = ctl.runAs(s("admin"), {s("graph"), s("remove-zone"), s("hop")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QCOMPARE(out.out, s("zone hop removed\n"));
    out = ctl.runAs(s("admin"), {s("graph"), s("findings"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(out.out).array(), tierZeroOnly); // no zone finding left
    out = ctl.runAs(s("admin"), {s("graph"), s("remove-zone"), s("hop")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("no privilege zone \"hop\"")), qPrintable(out.err));
}

// A zone stored before validation (/tmp/breaker/ws2 "typo"): ignored, and `graph zones` says so.
void GraphCommandTest::storedZoneWithoutUsableSelectorIsIgnoredAndShown()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QCOMPARE(
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json")}).code,
        0);
    QSqlQuery q(ws.app().database().connection());
    QVERIFY(
        q.exec(s(R"(INSERT INTO graph_zones(name, rank, selectors) VALUES ('typo', 5, '[{"Id": "x"}]'))")));
    const QString dev = s("arn:aws:iam::111122223333:user/dev");
    const QJsonArray tierZeroOnly{s("tier_zero|arn:aws:iam::111122223333:role/Hop1"),
                                  s("tier_zero|arn:aws:iam::111122223333:role/Other"), s("tier_zero|") + dev};
    CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("paths"), s("--from"), dev, s("--to-sensitive"),
                                            s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    const QJsonArray paths = CtlHarness::json(out.out).object().value(s("paths")).toArray();
    QCOMPARE(paths.size(), 1);
    QCOMPARE(paths[0].toObject().value(s("length")).toInt(), 2);
    out = ctl.runAs(s("admin"), {s("graph"), s("findings"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(out.out).array(), tierZeroOnly); // no zone finding left
    out = ctl.runAs(s("admin"), {s("graph"), s("zones"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    QVERIFY2(
        out.err.contains(s(R"(zone typo, selector 1 is ignored (it matches nothing): unknown key "Id")")),
        qPrintable(out.err));
    const QJsonArray ignored =
        CtlHarness::json(out.out).array()[0].toObject().value(s("ignored_selectors")).toArray();
    QCOMPARE(ignored.size(), 1);
    QCOMPARE(ignored[0].toObject().value(s("selector")).toInt(), 1);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("remove-zone"), s("typo")}).code, 0);
}

void GraphCommandTest::importQueriesIsValidatedAndAllOrNone()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QTemporaryDir dir;
    const QByteArray ok = R"({"name": "ok1", "query": {"from": ["*"], "to_sensitive": true}})";
    const auto file = [&](const QByteArray& second) {
        return writeFile(dir, s("q.json"), "{\"queries\": [" + ok + ", " + second + "]}");
    };
    for (const auto& [entry, text] : {
             std::pair{QByteArray(R"({"name": ")") + QByteArray(300, 'y') +
                           R"(", "query": {"from": ["*"], "to_sensitive": true}})",
                       "queries[1]: a saved query needs a name of 1 to 200"},
             std::pair{
                 QByteArray(R"({"name": "a", "query": {"from": ["*"], "to_sensitive": true, "k": "5"}})"),
                 R"(queries[1]: saved query "a": query field "k" must be a whole number from 1 to 50)"},
             std::pair{
                 QByteArray(R"({"name": "a", "query": {"from": ["*"], "to_sensitive": true, "k": 1e10}})"),
                 R"(field "k" must be a whole number from 1 to 50)"},
             std::pair{
                 QByteArray(
                     R"({"name": "a", "query": {"from": ["*"], "to_sensitive": true, "max_hops": 100000}})"),
                 R"(field "max_hops" must be a whole number from 0 to 1000)"},
             std::pair{QByteArray(R"({"name": "a", "query": {"from": [], "to_sensitive": true}})"),
                       R"(field "from" needs at least one start node id)"},
             std::pair{QByteArray(R"({"name": "a", "query": {"from": ["*"], "to_sensitive": false}})"),
                       "needs a target"},
             std::pair{QByteArray(R"({"name": "a", "query": {"from": ["*"], "to_sensitive": "yes"}})"),
                       R"(field "to_sensitive" must be true or false)"},
             std::pair{
                 QByteArray(R"({"name": "a", "query": {"from": ["*"], "to_sensitive": true, "extra": 1}})"),
                 R"(field "extra" is unknown)"},
             std::pair{QByteArray(R"({"name": "ok1", "query": {"from": ["b"], "to_sensitive": true}})"),
                       R"(queries[1]: the name "ok1" is also queries[0])"},
             std::pair{
                 QByteArray(R"({"name": "evil\u0000name", "query": {"from": ["*"], "to_sensitive": true}})"),
                 R"(saved query name "evil\u0000name" has a control or format character)"},
         }) {
        const CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("import-queries"), file(entry)});
        QCOMPARE(out.code, 2);
        QVERIFY2(out.err.contains(s(text)), qPrintable(out.err));
        QVERIFY2(out.err.contains(s("nothing was imported")), qPrintable(out.err));
        const CtlOutcome list = ctl.runAs(s("admin"), {s("graph"), s("queries"), s("--format"), s("json")});
        QCOMPARE(CtlHarness::json(list.out).array().size(), 0); // not even ok1
    }
    CtlOutcome out =
        ctl.runAs(s("admin"), {s("graph"), s("import-queries"), writeFile(dir, s("arr.json"), "[]")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("expected an object {\"queries\": [...]}")), qPrintable(out.err));
    QVERIFY(!out.err.contains(s("no error occurred")));
    out = ctl.runAs(s("admin"),
                    {s("graph"), s("import-queries"),
                     writeFile(dir, s("good.json"),
                               "{\"queries\": [" + ok +
                                   R"(, {"name": "ok2", "query": {"from": ["x"], "to": ["y"], "k": 2}}]})")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QCOMPARE(out.out, s("imported 2 queries\n"));
}

void GraphCommandTest::saveQueryRefusesToOverwriteWithoutReplace()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    const auto save = [&](const char* description, bool replace) {
        QStringList args{s("graph"),     s("save-query"), s("q1"), s("--description"),
                         s(description), s("--from"),     s("a"),  s("--to"),
                         s("b")};
        if (replace)
            args << s("--replace");
        return ctl.runAs(s("admin"), args);
    };
    const auto description = [&] {
        const CtlOutcome o = ctl.runAs(s("admin"), {s("graph"), s("queries"), s("--format"), s("json")});
        return CtlHarness::json(o.out).array()[0].toObject().value(s("description")).toString();
    };
    QCOMPARE(save("first", false).code, 0);
    CtlOutcome out = save("second", false);
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("a saved query \"q1\" exists already")), qPrintable(out.err));
    QCOMPARE(description(), s("first"));
    out = save("third", true);
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QCOMPARE(description(), s("third"));
    // The CLI checks a name with the service's rule before signing in.
    out = ctl.runAs(s("admin"), {s("graph"), s("save-query"), QString(201, QLatin1Char('n')), s("--from"),
                                 s("a"), s("--to"), s("b")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("name of 1 to 200")), qPrintable(out.err));
}

void GraphCommandTest::sourcesKeepTheirKindAndAreNotWipedByAccident()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QTemporaryDir dir;
    CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--k8s"),
                                            fixture("k8s/escalation-primitives.yaml"), s("--name"), s("k4")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json"),
                                 s("--name"), s("k4")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("source \"k4\" holds a kubernetes import; a aws import cannot replace it")),
             qPrintable(out.err));
    const auto sources = [&] {
        const CtlOutcome o = ctl.runAs(s("admin"), {s("graph"), s("stats"), s("--format"), s("json")});
        return CtlHarness::json(o.out).object().value(s("sources")).toArray();
    };
    QCOMPARE(sources()[0].toObject().value(s("kind")).toString(), s("kubernetes"));
    const int k8sNodes = sources()[0].toObject().value(s("nodes")).toInt();
    QVERIFY(k8sNodes > 0);

    // Nothing found: refused, the previous graph kept.
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json"),
                                    s("--name"), s("acct")})
                 .code,
             0);
    const int awsNodes = sources()[1].toObject().value(s("nodes")).toInt();
    const QString empty = writeFile(dir, s("empty.json"), R"({"UserDetailList":[]})");
    out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), empty, s("--name"), s("acct")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("nothing was found in \"acct\" for a aws import (0 nodes)")),
             qPrintable(out.err));
    QVERIFY2(out.err.contains(s("the previous graph is kept")) && out.err.contains(s("--allow-empty")),
             qPrintable(out.err));
    QCOMPARE(sources()[1].toObject().value(s("nodes")).toInt(), awsNodes);
    out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--k8s"), writeFile(dir, s("e.yaml"), ""),
                                 s("--name"), s("k4")});
    QCOMPARE(out.code, 2);
    QCOMPARE(sources()[0].toObject().value(s("nodes")).toInt(), k8sNodes);
    // --k8s on an AWS file finds nothing either.
    out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--k8s"), fixture("assume-role-chain.json"),
                                 s("--name"), s("k4")});
    QCOMPARE(out.code, 2);
    QCOMPARE(sources()[0].toObject().value(s("nodes")).toInt(), k8sNodes);
    // Asked for explicitly: stored.
    out = ctl.runAs(s("admin"),
                    {s("graph"), s("import"), s("--aws"), empty, s("--name"), s("acct"), s("--allow-empty")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QVERIFY(out.out.startsWith(s("replaced acct: 0 nodes, 0 edges")));
    QCOMPARE(sources()[1].toObject().value(s("nodes")).toInt(), 0);
}

void GraphCommandTest::onlyAdminsOrTheImporterReplaceASource()
{
    TestWorkspace ws;
    ws.addOperator(s("olga"), OperatorRole::Owner);
    CtlHarness ctl(ws);
    QCOMPARE(ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json"),
                                    s("--name"), s("acct")})
                 .code,
             0);
    CtlOutcome out = ctl.runAs(s("olga"), {s("graph"), s("import"), s("--aws"), fixture("passrole-ec2.json"),
                                           s("--name"), s("acct")});
    QCOMPARE(out.code, 2);
    QVERIFY2(out.err.contains(s("olga may not replace source \"acct\": admin imported it")),
             qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("findings")});
    QVERIFY(out.out.contains(s("tier_zero|arn:aws:iam::111122223333:user/dev"))); // unchanged
    QCOMPARE(ctl.runAs(s("olga"), {s("graph"), s("import"), s("--aws"), fixture("passrole-ec2.json"),
                                   s("--name"), s("olgas")})
                 .code,
             0);
    out = ctl.runAs(s("olga"), {s("graph"), s("import"), s("--aws"), fixture("passrole-ec2.json"),
                                s("--name"), s("olgas")});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    QVERIFY(out.out.startsWith(s("replaced olgas:")));
}

// --max-hops 0 is "unlimited", as graph paths, saved queries and the console assume.
void GraphCommandTest::maxHopsZeroIsUnlimitedAsTheHelpSays()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QCOMPARE(
        ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), fixture("assume-role-chain.json")}).code,
        0);
    const QStringList base{s("graph"),    s("paths"),
                           s("--from"),   s("arn:aws:iam::111122223333:user/dev"),
                           s("--to"),     s("arn:aws:iam::111122223333:role/Admin"),
                           s("--format"), s("json")};
    CtlOutcome out = ctl.runAs(s("admin"), base + QStringList{s("--max-hops"), s("0")});
    QCOMPARE(out.code, 0);
    QCOMPARE(CtlHarness::json(out.out)
                 .object()
                 .value(s("paths"))
                 .toArray()[0]
                 .toObject()
                 .value(s("length"))
                 .toInt(),
             2);
    QCOMPARE(ctl.runAs(s("admin"), base + QStringList{s("--max-hops"), s("1")}).code, 1);
    QCOMPARE(ctl.runAs(s("admin"), base + QStringList{s("--max-hops"), s("1001")}).code, 2);
    int described = 0;
    for (const CtlVerb& verb : GraphCommand().verbs())
        for (const QCommandLineOption& option : verb.options)
            if (option.names().contains(s("max-hops"))) {
                QVERIFY2(option.description().contains(s("0 (the default) = unlimited")),
                         qPrintable(verb.name));
                ++described;
            }
    QCOMPARE(described, 3); // paths, blast, save-query
}

// /tmp/breaker/aws/collide.json: "ctl\u0001x" and "ctlx" were one node in the GraphML export.
void GraphCommandTest::exportsKeepControlCharacterIdsApart()
{
    TestWorkspace ws;
    CtlHarness ctl(ws);
    QTemporaryDir dir;
    const QByteArray user =
        R"({"UserName": "%1", "Arn": "arn:aws:iam::111111111111:user/%1", "UserId": "AIDA%2",
        "Path": "/", "GroupList": [], "AttachedManagedPolicies": [], "UserPolicyList": [{"PolicyName": "p",
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "iam:CreateAccessKey", "Resource": "*"}]}}]})";
    const QString file = writeFile(
        dir, s("collide.json"),
        "{\"UserDetailList\": [" + QByteArray(user).replace("%1", "ctl\\u0001x").replace("%2", "1") + ", " +
            QByteArray(user).replace("%1", "ctlx").replace("%2", "2") + ", " +
            QByteArray(user).replace("%1", "back\\\\slash").replace("%2", "3") + "]}");
    CtlOutcome out = ctl.runAs(s("admin"), {s("graph"), s("import"), s("--aws"), file});
    QVERIFY2(out.code == 0, qPrintable(out.err));
    out = ctl.runAs(s("admin"), {s("graph"), s("export"), s("--format"), s("graphml")});
    QCOMPARE(out.code, 0);
    QXmlStreamReader xml(out.out);
    QStringList ids;
    while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == s("node"))
            ids << xml.attributes().value(s("id")).toString();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(ids.contains(s("arn:aws:iam::111111111111:user/ctlx")));
    QVERIFY(ids.contains(s("arn:aws:iam::111111111111:user/ctl\\x01x")));   // escaped, marked
    QVERIFY(ids.contains(s("arn:aws:iam::111111111111:user/back\\slash"))); // exact
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), ids.size());
    QVERIFY(out.out.contains(s("<data key=\"id_escaped\">true</data>")));
    out = ctl.runAs(s("admin"), {s("graph"), s("export"), s("--format"), s("dot")});
    QVERIFY(out.out.contains(s("\"arn:aws:iam::111111111111:user/back\\slash\" [label=")));
}

QTEST_GUILESS_MAIN(GraphCommandTest)
#include "GraphCommandTest.moc"
