// gatehousectl policy: eval prints the decision (JSON and explanation), validate reports
// lines and fails with exit 1, publish needs admin, show and history.

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "CtlHarness.h"
#include "DecisionPathBuilder.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content);
    return path;
}

const QByteArray kRequest = R"({"path_id": "soc-isolate-endpoint", "action_type": "endpoint.isolate",
  "target": "edr:host/web-01", "parameters": {"reason": "beaconing"}, "recommendation": "isolate",
  "confidence": 0.62, "risk_score": 40, "target_sensitivity": "internal", "environment": "production",
  "reversible": true, "rollback_plan": "release", "idempotency_key": "k-1"})";

const QByteArray kPolicy = R"({"version": "cli-test", "rules": [
  {"id": "confident-allow", "when": {"action_types": ["endpoint.*"], "confidence": {"min": 0.8}},
   "then": {"outcome": "allow"}}]})";

} // namespace

class PolicyCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void evalPrintsDecisionJson()
    {
        TestWorkspace ws;
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()));
        QTemporaryDir dir;
        const QString request = writeFile(dir, s("request.json"), kRequest);
        CtlHarness ctl(ws);
        const CtlOutcome out = ctl.runAs(
            s("admin"), {s("policy"), s("eval"), s("--request"), request, s("--format"), s("json")});
        QCOMPARE(out.code, 0);
        const QJsonObject d = CtlHarness::json(out.out).object();
        // Default policy, T2 path: review with one approval.
        QCOMPARE(d.value(s("outcome")).toString(), s("review"));
        QCOMPARE(d.value(s("policy_version")).toString().size(), 64);
        QVERIFY(d.value(s("triggers")).toArray().contains(s("low_confidence")));
        QVERIFY(d.value(s("triggers")).toArray().contains(s("novel_action")));
        QVERIFY(d.value(s("matched_rules")).toArray().contains(s("t2-one-approval")));
        QCOMPARE(d.value(s("review")).toObject().value(s("approvals")).toInt(), 1);
        QVERIFY(d.contains(s("request_id")));
        QVERIFY(!d.value(s("explanation")).toArray().isEmpty());
        QVERIFY(d.contains(s("reason")));
    }

    void evalWithDraftExplainsTheNearMiss()
    {
        TestWorkspace ws;
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()));
        QTemporaryDir dir;
        CtlHarness ctl(ws);
        const CtlOutcome out = ctl.runAs(s("admin"), {s("policy"), s("eval"), s("--request"),
                                                      writeFile(dir, s("r.json"), kRequest), s("--policy"),
                                                      writeFile(dir, s("p.json"), kPolicy)});
        QCOMPARE(out.code, 0);
        QVERIFY2(out.out.contains(s("outcome:        review")), qPrintable(out.out));
        QVERIFY(out.out.contains(s("FAILED  confident-allow: confidence >= 0.80 -- confidence 0.62 < 0.80")));
        QVERIFY(out.out.contains(s("no rule matched")));
    }

    void evalRejectsABadRequestNamingTheField()
    {
        TestWorkspace ws;
        QTemporaryDir dir;
        QByteArray bad = kRequest;
        bad.replace("0.62", "1.7");
        CtlHarness ctl(ws);
        const CtlOutcome out =
            ctl.runAs(s("admin"), {s("policy"), s("eval"), s("--request"), writeFile(dir, s("r.json"), bad)});
        QCOMPARE(out.code, 2);
        QVERIFY2(out.err.contains(s("field \"confidence\"")), qPrintable(out.err));
    }

    void validateReportsLines()
    {
        TestWorkspace ws;
        QTemporaryDir dir;
        const QString file =
            writeFile(dir, s("p.json"),
                      "{\n  \"version\": \"x\",\n  \"rules\": [\n    {\"id\": \"a\", \"when\": "
                      "{\"path_ids\": [\"ghost\"]}, \"then\": {\"outcome\": \"allow\"}}\n  ]\n}\n");
        CtlHarness ctl(ws);
        const CtlOutcome out = ctl.runAs(s("admin"), {s("policy"), s("validate"), file});
        QCOMPARE(out.code, 1);
        QVERIFY2(
            out.out.contains(s("line 4: error: rules[0] (\"a\").when.path_ids: no decision path \"ghost\"")),
            qPrintable(out.out));
        const CtlOutcome ok =
            ctl.runAs(s("admin"), {s("policy"), s("validate"), writeFile(dir, s("ok.json"), kPolicy)});
        QCOMPARE(ok.code, 0);
    }

    void publishNeedsAdminAndShowsHistory()
    {
        TestWorkspace ws;
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()));
        ws.addOperator(s("ana"), OperatorRole::Analyst | OperatorRole::Manager | OperatorRole::Owner);
        QTemporaryDir dir;
        const QString file = writeFile(dir, s("p.json"), kPolicy);
        CtlHarness ctl(ws);
        const CtlOutcome refused = ctl.runAs(s("ana"), {s("policy"), s("publish"), file});
        QCOMPARE(refused.code, 2);
        QVERIFY(refused.err.contains(s("admin role")));

        const CtlOutcome published =
            ctl.runAs(s("admin"), {s("policy"), s("publish"), file, s("--format"), s("json")});
        QCOMPARE(published.code, 0);
        const QJsonObject p = CtlHarness::json(published.out).object();
        QCOMPARE(p.value(s("version")).toString(), s("cli-test"));
        QCOMPARE(p.value(s("diff")).toObject().value(s("added")).toArray(), QJsonArray{s("confident-allow")});

        const CtlOutcome history = ctl.runAs(s("ana"), {s("policy"), s("history")});
        QCOMPARE(history.code, 0);
        QVERIFY(history.out.contains(s("cli-test")));
        QVERIFY(history.out.contains(s("gatehouse-default-1")));
        QVERIFY(history.out.contains(s("operator:admin")));

        const CtlOutcome shown =
            ctl.runAs(s("ana"), {s("policy"), s("show"), p.value(s("hash")).toString().left(12),
                                 s("--format"), s("json")});
        QCOMPARE(shown.code, 0);
        QCOMPARE(
            CtlHarness::json(shown.out).object().value(s("policy")).toObject().value(s("version")).toString(),
            s("cli-test"));
    }
};

QTEST_GUILESS_MAIN(PolicyCommandTest)
#include "PolicyCommandTest.moc"
