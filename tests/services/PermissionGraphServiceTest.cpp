#include <graphviz/cgraph.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "AwsAuthorizationImporter.h"
#include "DecisionPathBuilder.h"
#include "PermissionGraphService.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

const QString kAcct = QStringLiteral("arn:aws:iam::111122223333:");

QString arn(const char* rest)
{
    return kAcct + QLatin1String(rest);
}

ImportedGraph fixtureGraph(const char* name, const QString& sourceName, const QDateTime& now)
{
    QFile f(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") + QStringLiteral("/tests/data/graph/") +
            QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto g = AwsAuthorizationImporter(now).import(f.readAll(), sourceName);
    return g ? *g : ImportedGraph{};
}

ImportedGraph tiny(const QString& sourceName, bool withEscalation)
{
    ImportedGraph g;
    g.source = GraphSourceKind::Aws;
    g.sourceName = sourceName;
    g.nodes = {GraphNode{arn("user/dev"), GraphNodeKind::Principal, QStringLiteral("dev"), false, {}},
               GraphNode{arn("role/Admin"), GraphNodeKind::Role, QStringLiteral("Admin"), true, {}}};
    if (withEscalation)
        g.edges = {GraphEdge{arn("user/dev"),
                             arn("role/Admin"),
                             GraphEdgeKind::CanModify,
                             QStringLiteral("dev can rewrite Admin"),
                             QStringLiteral("P#Statement[0]"),
                             {},
                             false,
                             {},
                             QStringLiteral("iam:PutRolePolicy")}};
    return g;
}

qint64 ledgerCount(Application& app, const QString& type)
{
    AuditQuery q;
    q.text = type;
    auto events = app.ledger().events(q);
    qint64 n = 0;
    for (const auto& e : *events)
        n += e.type == type ? 1 : 0;
    return n;
}

QJsonObject obj(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

GraphSavedQuery savedQuery(const QString& name, const QJsonObject& query, const QString& description = {})
{
    return GraphSavedQuery{name, description, query, {}, {}};
}

/// Inverse of the export escape (docs/permission-graph.md, "Export"): \\, \xHH, \uHHHH.
QString unescapeExportId(const QString& text)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('\\') || i + 1 >= text.size()) {
            out += text.at(i);
        } else if (text.at(i + 1) == QLatin1Char('\\')) {
            out += QLatin1Char('\\');
            ++i;
        } else {
            const qsizetype digits = text.at(i + 1) == QLatin1Char('x') ? 2 : 4;
            out += QChar(static_cast<char16_t>(text.mid(i + 2, digits).toUShort(nullptr, 16)));
            i += 1 + digits;
        }
    }
    return out;
}

} // namespace

class PermissionGraphServiceTest : public QObject
{
    Q_OBJECT

private slots:
    void toTierZeroFollowsTheGraph();
    void importStoresAndLedgers();
    void reimportReplacesTheSource();
    void failedImportLeavesThePreviousGraph();
    void permissions();
    void changeDetection();
    void runsAsLinksTheCatalogue();
    void pathQueries();
    void blastRadiusAndAmplification();
    void amplificationHonoursDeny();
    void zonesGiveFindings();
    void whatIfCountsNewPathsIntoTierZero();
    void savedQueriesRoundTrip();
    void exportFormats();
    void zoneSelectorsAreValidated_data();
    void zoneSelectorsAreValidated();
    void zoneNamesAndRanksAreValidated();
    void zonesCanBeRemovedByAdminsOnly();
    void storedSelectorWithoutUsableKeyMatchesNothing();
    void savedQueryValidation_data();
    void savedQueryValidation();
    void importQueriesIsAllOrNone();
    void saveQueryCanRefuseToOverwrite();
    void importKeepsTheKindOfASource();
    void emptyImportNeedsAllowEmpty();
    void onlyAdminsOrTheImporterReplaceASource();
    void maxHopsZeroIsUnlimited();
    void exportRoundTripsEveryId();
};

void PermissionGraphServiceTest::importStoresAndLedgers()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    const ImportedGraph g =
        fixtureGraph("passrole-ec2.json", QStringLiteral("passrole-ec2.json"), ws.clock().now());
    QVERIFY(!g.nodes.isEmpty());
    auto r = ws.app().graph().importGraph(ws.admin(), g, QStringLiteral("ab").repeated(32));
    QVERIFY2(r.has_value(), qPrintable(r ? QString() : r.error().message));
    QVERIFY(!r->replaced);
    QCOMPARE(r->source.nodeCount, g.nodes.size());
    auto stats = ws.app().graph().stats(ws.admin());
    QVERIFY(stats.has_value());
    QCOMPARE(stats->nodes, g.nodes.size());
    QCOMPARE(stats->edges, g.edges.size());
    QCOMPARE(stats->sources.size(), 1);
    QCOMPARE(stats->sources[0].sha256, QStringLiteral("ab").repeated(32));
    QCOMPARE(stats->edgesByKind.value(QStringLiteral("can_pass_role")), 1);
    QCOMPARE(stats->tierZero, 2); // Admin, and the account root that App trusts
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.imported")), 1);
    // The stored edge keeps its explanation and escalation.
    auto graph = ws.app().graph().graph(ws.admin());
    QVERIFY(graph.has_value());
    bool found = false;
    for (PermissionGraph::Index e = 0; e < (*graph)->edgeCount(); ++e)
        if ((*graph)->edgeKind(e) == GraphEdgeKind::CanPassRole) {
            found = true;
            QCOMPARE((*graph)->edgeDetail(e).escalation, QStringLiteral("iam:PassRole+ec2:RunInstances"));
            QVERIFY((*graph)->edgeDetail(e).explanation.contains(QStringLiteral("policy Pass")));
        }
    QVERIFY(found);
}

void PermissionGraphServiceTest::reimportReplacesTheSource()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("b.json"), false), QStringLiteral("2")).has_value());
    auto r = svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), false), QStringLiteral("3"));
    QVERIFY(r.has_value());
    QVERIFY(r->replaced);
    auto stats = svc.stats(ws.admin());
    QCOMPARE(stats->sources.size(), 2);
    QCOMPARE(stats->nodes, 2); // the same two ids from both sources, merged
    QCOMPARE(stats->edges, 0); // a.json's escalation edge is gone with its old version
}

void PermissionGraphServiceTest::failedImportLeavesThePreviousGraph()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    ImportedGraph broken = tiny(QStringLiteral("a.json"), false);
    broken.nodes << broken.nodes[0]; // duplicate id: the insert fails after the old rows were deleted
    auto r = svc.importGraph(ws.admin(), broken, QStringLiteral("2"));
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::StorageFailure);
    auto stats = svc.stats(ws.admin());
    QVERIFY(stats.has_value());
    QCOMPARE(stats->edges, 1);
    QCOMPARE(stats->sources[0].sha256, QStringLiteral("1"));
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.imported")), 1);
}

void PermissionGraphServiceTest::permissions()
{
    TestWorkspace ws;
    const auto analyst = ws.addOperator(QStringLiteral("ana"), OperatorRole::Analyst);
    const auto owner = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
    auto& svc = ws.app().graph();
    auto denied = svc.importGraph(analyst, tiny(QStringLiteral("a.json"), true), QStringLiteral("1"));
    QVERIFY(!denied.has_value());
    QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
    QVERIFY(svc.importGraph(owner, tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    QVERIFY(svc.stats(analyst).has_value());
    auto zone = svc.saveZone(
        owner, GraphZone{QStringLiteral("z"), 1, {QJsonObject{{QStringLiteral("id"), QStringLiteral("*")}}}});
    QVERIFY(!zone.has_value());
    QCOMPARE(zone.error().code, ErrorCode::PermissionDenied);
    QVERIFY(!svc.stats(OperatorSession{QStringLiteral("nobody"), {}}).has_value());
}

void PermissionGraphServiceTest::changeDetection()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), false), QStringLiteral("1")).has_value());
    auto r = svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("2"));
    QVERIFY(r.has_value());
    QCOMPARE(r->diff.appeared, QStringList{QStringLiteral("tier_zero|") + arn("user/dev")});
    QVERIFY(r->diff.disappeared.isEmpty());
    auto back = svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), false), QStringLiteral("3"));
    QCOMPARE(back->diff.disappeared, QStringList{QStringLiteral("tier_zero|") + arn("user/dev")});
    auto diffs = svc.diffs(ws.admin(), 10);
    QCOMPARE(diffs->size(), 3);
    QCOMPARE((*diffs)[0].disappeared.size(), 1); // newest first
    AuditQuery q;
    q.subject = QStringLiteral("graph:a.json");
    auto events = ws.app().ledger().events(q);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(1).payload.value(QStringLiteral("appeared_count")).toInt(), 1);
}

void PermissionGraphServiceTest::runsAsLinksTheCatalogue()
{
    TestWorkspace ws;
    DecisionPath p = DecisionPathBuilder(QStringLiteral("deployer")).owner(QStringLiteral("admin")).build();
    p.runsAs = {arn("role/App")};
    QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
    auto stored = ws.app().catalogue().get(ws.admin(), QStringLiteral("deployer"));
    QCOMPARE(stored->runsAs, p.runsAs);
    QVERIFY(ws.app()
                .graph()
                .importGraph(ws.admin(),
                             fixtureGraph("passrole-ec2.json", QStringLiteral("f.json"), ws.clock().now()),
                             QStringLiteral("x"))
                .has_value());
    GraphPathQuery q;
    q.from = {QStringLiteral("path:deployer")};
    q.toSensitive = true;
    auto paths = ws.app().graph().paths(ws.admin(), q);
    QVERIFY2(paths.has_value(), qPrintable(paths ? QString() : paths.error().message));
    QCOMPARE(paths->size(), 1);
    const auto& hops = paths->at(0).hops;
    QCOMPARE(hops.size(), 2);
    QCOMPARE(hops[0].edge.kind, GraphEdgeKind::RunsAs);
    QCOMPARE(hops[1].edge.kind, GraphEdgeKind::CanPassRole);
    QCOMPARE(paths->at(0).end, arn("role/Admin"));
    QVERIFY(hops[1].toTierZero);
    QVERIFY(!hops[1].edge.origin.isEmpty());

    // An invalid runs_as value is refused by the validator.
    DecisionPath bad = DecisionPathBuilder(QStringLiteral("bad")).owner(QStringLiteral("admin")).build();
    bad.runsAs = {QStringLiteral("arn:aws:s3:::bucket")};
    auto refused = ws.app().catalogue().create(ws.admin(), bad);
    QVERIFY(!refused.has_value());
    QVERIFY(refused.error().message.contains(QStringLiteral("runs_as")));
}

void PermissionGraphServiceTest::pathQueries()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(),
                        fixtureGraph("assume-role-chain.json", QStringLiteral("c.json"), ws.clock().now()),
                        QStringLiteral("x"))
            .has_value());
    GraphPathQuery q;
    q.from = {arn("user/dev")};
    q.to = {arn("role/Admin")};
    auto p = svc.paths(ws.admin(), q);
    QVERIFY(p.has_value());
    QCOMPARE(p->size(), 1);
    QCOMPARE(p->at(0).hops.size(), 2);
    QCOMPARE(p->at(0).hops[0].edge.to, arn("role/Hop1"));
    q.maxHops = 1;
    QVERIFY(svc.paths(ws.admin(), q)->isEmpty());
    q.from = {QStringLiteral("no-such-node")};
    auto missing = svc.paths(ws.admin(), q);
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    q.from = {arn("role/Admin")};
    q.maxHops = 0;
    auto self = svc.paths(ws.admin(), q);
    QCOMPARE(self->size(), 1);
    QVERIFY(self->at(0).hops.isEmpty());
}

void PermissionGraphServiceTest::blastRadiusAndAmplification()
{
    TestWorkspace ws;
    DecisionPath p = DecisionPathBuilder(QStringLiteral("deployer")).owner(QStringLiteral("admin")).build();
    p.runsAs = {arn("role/App")};
    p.actionTypes = {QStringLiteral("ec2.instance.launch")};
    p.targets = {QStringLiteral("*")};
    QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
    QVERIFY(ws.app()
                .graph()
                .importGraph(ws.admin(),
                             fixtureGraph("passrole-ec2.json", QStringLiteral("f.json"), ws.clock().now()),
                             QStringLiteral("x"))
                .has_value());
    // App -> {Launch, Pass} policies -> 2 permissions -> 2 resources; -can_pass_role-> Admin
    // -> Admin's inline policy -> "* on *" -> resource "*" (already counted).
    auto radius = ws.app().graph().blastRadius(ws.admin(), {arn("role/App")}, 0);
    QVERIFY(radius.has_value());
    QCOMPARE(radius->byKind.value(QStringLiteral("role")), 1);
    QCOMPARE(radius->byKind.value(QStringLiteral("policy")), 3);
    QCOMPARE(radius->byKind.value(QStringLiteral("permission")), 3);
    QCOMPARE(radius->byKind.value(QStringLiteral("resource")), 2);
    QCOMPARE(radius->tierZero, 1);

    auto amp = ws.app().graph().amplification(ws.admin(), QStringLiteral("deployer"));
    QVERIFY(amp.has_value());
    QCOMPARE(amp->tierZero, QStringList{arn("role/Admin")});
    QCOMPARE(amp->undeclaredIdentities, QStringList{arn("role/Admin")});
    // ec2.* is declared, iam:passrole and "*" are not.
    QCOMPARE(amp->undeclaredPermissionCount, 2);
    QCOMPARE(amp->undeclaredResourceCount, 0); // target "*" covers every resource
}

void PermissionGraphServiceTest::amplificationHonoursDeny()
{
    // A path running as U declares only sqs; U's Deny takes all of s3 from its policies, so
    // s3 is not amplification (it would be for W, which holds the same policies without it).
    TestWorkspace ws;
    for (const char* user : {"U", "W"}) {
        DecisionPath p = DecisionPathBuilder(QStringLiteral("runs-as-") + QString::fromLatin1(user).toLower())
                             .owner(QStringLiteral("admin"))
                             .build();
        p.runsAs = {arn("user/") + QLatin1String(user)};
        p.actionTypes = {QStringLiteral("sqs.message.send")};
        p.targets = {QStringLiteral("*")};
        QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
    }
    QVERIFY(
        ws.app()
            .graph()
            .importGraph(ws.admin(),
                         fixtureGraph("deny-narrows-grants.json", QStringLiteral("d.json"), ws.clock().now()),
                         QStringLiteral("x"))
            .has_value());
    auto u = ws.app().graph().amplification(ws.admin(), QStringLiteral("runs-as-u"));
    QVERIFY(u.has_value());
    QStringList undeclared = u->undeclaredPermissions;
    undeclared.sort();
    QCOMPARE(undeclared, (QStringList{QStringLiteral("ec2:describeinstances on *"),
                                      QStringLiteral("iam:passrole on *")}));
    // The group as it applies to U is not an extra identity.
    QVERIFY(u->undeclaredIdentities.isEmpty());
    auto w = ws.app().graph().amplification(ws.admin(), QStringLiteral("runs-as-w"));
    QVERIFY(w.has_value());
    undeclared = w->undeclaredPermissions;
    undeclared.sort();
    QCOMPARE(undeclared, (QStringList{QStringLiteral("s3:getobject on arn:aws:s3:::bucket/*"),
                                      QStringLiteral("s3:listbucket on *")}));
    QCOMPARE(w->undeclaredIdentities, QStringList{arn("group/G")});
}

void PermissionGraphServiceTest::zonesGiveFindings()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    ImportedGraph g;
    g.sourceName = QStringLiteral("z.json");
    g.nodes = {GraphNode{QStringLiteral("dev"), GraphNodeKind::Principal, {}, false, {}},
               GraphNode{QStringLiteral("ops"),
                         GraphNodeKind::Role,
                         {},
                         false,
                         QJsonObject{{QStringLiteral("team"), QStringLiteral("prod-ops")}}},
               GraphNode{QStringLiteral("resource:prod-db"), GraphNodeKind::Resource, {}, false, {}}};
    g.edges = {GraphEdge{QStringLiteral("dev"),
                         QStringLiteral("ops"),
                         GraphEdgeKind::CanAssume,
                         {},
                         {},
                         {},
                         false,
                         {},
                         {}},
               GraphEdge{QStringLiteral("ops"),
                         QStringLiteral("resource:prod-db"),
                         GraphEdgeKind::Grants,
                         {},
                         {},
                         {},
                         false,
                         {},
                         {}}};
    QVERIFY(svc.importGraph(ws.admin(), g, QStringLiteral("1")).has_value());
    QVERIFY(svc.saveZone(ws.admin(),
                         GraphZone{QStringLiteral("prod"),
                                   10,
                                   {QJsonObject{{QStringLiteral("attribute"), QStringLiteral("team")},
                                                {QStringLiteral("value"), QStringLiteral("prod-*")}},
                                    QJsonObject{{QStringLiteral("id"), QStringLiteral("resource:prod-*")}}}})
                .has_value());
    auto f = svc.findings(ws.admin());
    QVERIFY(f.has_value());
    QCOMPARE(*f, QStringList{QStringLiteral("zone:prod|dev")});
}

void PermissionGraphServiceTest::whatIfCountsNewPathsIntoTierZero()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), false), QStringLiteral("1")).has_value());
    auto impact = svc.whatIf(
        ws.admin(),
        {GraphEdge{arn("user/dev"), arn("role/Admin"), GraphEdgeKind::BoundTo, {}, {}, {}, false, {}, {}}});
    QVERIFY(impact.has_value());
    QCOMPARE(impact->newIdentitiesReachingTierZero, 1);
    QCOMPARE(impact->identities, QStringList{arn("user/dev")});
    // An edge from a new identity counts it too; the store is unchanged afterwards.
    auto fresh = svc.whatIf(
        ws.admin(),
        {GraphEdge{
             QStringLiteral("newcomer"), arn("user/dev"), GraphEdgeKind::MemberOf, {}, {}, {}, false, {}, {}},
         GraphEdge{arn("user/dev"), arn("role/Admin"), GraphEdgeKind::BoundTo, {}, {}, {}, false, {}, {}}});
    QCOMPARE(fresh->newIdentitiesReachingTierZero, 2);
    QCOMPARE(svc.stats(ws.admin())->edges, 0);
}

void PermissionGraphServiceTest::savedQueriesRoundTrip()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    GraphPathQuery q;
    q.from = {QStringLiteral("path:a"), QStringLiteral("path:b")};
    q.toSensitive = true;
    q.k = 3;
    QVERIFY(svc.saveQuery(ws.admin(), GraphSavedQuery{QStringLiteral("ai to t0"),
                                                      QStringLiteral("every AI path to Tier Zero"),
                                                      q.toJson(),
                                                      {},
                                                      {}})
                .has_value());
    auto json = svc.exportQueries(ws.admin());
    QVERIFY(json.has_value());
    TestWorkspace other;
    auto n = other.app().graph().importQueries(other.admin(), *json);
    QVERIFY2(n.has_value(), qPrintable(n ? QString() : n.error().message));
    QCOMPARE(*n, 1);
    auto list = other.app().graph().savedQueries(other.admin());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->at(0).description, QStringLiteral("every AI path to Tier Zero"));
    auto back = GraphPathQuery::fromJson(list->at(0).query);
    QCOMPARE(back->from, q.from);
    QCOMPARE(back->k, 3);
    QVERIFY(back->toSensitive);
    QVERIFY(!other.app()
                 .graph()
                 .importQueries(other.admin(), QByteArray(R"({"queries":[{"name":"x","query":{"k":99}}]})"))
                 .has_value());
}

void PermissionGraphServiceTest::exportFormats()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    auto dot = svc.exportGraph(ws.admin(), QStringLiteral("dot"));
    QVERIFY(dot.has_value());
    QVERIFY(
        dot->contains("\"arn:aws:iam::111122223333:user/dev\" -> \"arn:aws:iam::111122223333:role/Admin\""));
    QVERIFY(dot->contains("escalation=\"iam:PutRolePolicy\""));
    auto graphml = svc.exportGraph(ws.admin(), QStringLiteral("graphml"));
    QVERIFY(graphml.has_value());
    QCOMPARE(graphml->count("<node "), 2);
    QCOMPARE(graphml->count("<edge "), 1);
    QCOMPARE(svc.exportGraph(ws.admin(), QStringLiteral("svg")).error().code, ErrorCode::InvalidInput);
}

// FIELD: a zone selector with an unknown key ({"Id": ...}) or none matched every node.
void PermissionGraphServiceTest::zoneSelectorsAreValidated_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown key") << R"({"Id": "arn:*"})"
                                 << R"(selector 1: unknown key "Id")";
    QTest::newRow("empty") << "{}"
                           << "selector 1: is empty";
    QTest::newRow("unknown kind") << R"({"kind": "rolez"})"
                                  << R"(selector 1: key "kind": unknown node kind "rolez")";
    QTest::newRow("value alone") << R"({"value": "prod-*"})"
                                 << R"(selector 1: key "value" needs an "attribute")";
    QTest::newRow("number") << R"({"id": 5})"
                            << R"(selector 1: key "id" must be text)";
    QTest::newRow("empty text") << R"({"id": ""})"
                                << R"(selector 1: key "id" must be text of 1 to 1000)";
    QTest::newRow("too long") << QStringLiteral(R"({"id": "%1"})").arg(QString(1001, QLatin1Char('a')))
                              << R"(selector 1: key "id" must be text of 1 to 1000)";
    QTest::newRow("valid mixed with unknown") << R"({"id": "x", "kind": "role", "Value": "y"})"
                                              << R"(selector 1: unknown key "Value")";
}

void PermissionGraphServiceTest::zoneSelectorsAreValidated()
{
    QFETCH(QString, selector);
    QFETCH(QString, message);
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    const QJsonObject bad = QJsonDocument::fromJson(selector.toUtf8()).object();
    auto st = svc.saveZone(ws.admin(), GraphZone{QStringLiteral("prod"), 5, {bad}});
    QVERIFY(!st.has_value());
    QCOMPARE(st.error().code, ErrorCode::InvalidInput);
    QVERIFY2(st.error().message.contains(message), qPrintable(st.error().message));
    QCOMPARE(svc.zones(ws.admin())->size(), 0);
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.zone_saved")), 0);
    // The position names the offending one of several.
    st = svc.saveZone(ws.admin(), GraphZone{QStringLiteral("prod"), 5, {obj(R"({"id": "x"})"), bad}});
    QVERIFY(!st.has_value());
    QVERIFY2(st.error().message.contains(
                 QString(message).replace(QStringLiteral("selector 1"), QStringLiteral("selector 2"))),
             qPrintable(st.error().message));
}

void PermissionGraphServiceTest::zoneNamesAndRanksAreValidated()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    const QList<QJsonObject> sel{obj(R"({"kind": "role", "attribute": "team", "value": "prod-*"})")};
    QVERIFY(svc.saveZone(ws.admin(), GraphZone{QStringLiteral("prod"), 1000, sel}).has_value());
    for (const auto& [name, rank, text] :
         {std::tuple{QStringLiteral("   "), 5, "name of 1 to 100"},
          std::tuple{QString(101, QLatin1Char('z')), 5, "name of 1 to 100"},
          std::tuple{QStringLiteral("a|b"), 5, "may not contain \"|\""},
          std::tuple{QStringLiteral("a\nb"), 5, "may not contain"},
          std::tuple{QStringLiteral("ok"), 0, "rank must be a whole number from 1 to 1000 (it is 0)"},
          std::tuple{QStringLiteral("ok"), 1001,
                     "rank must be a whole number from 1 to 1000 (it is 1001)"}}) {
        auto st = svc.saveZone(ws.admin(), GraphZone{name, rank, sel});
        QVERIFY(!st.has_value());
        QVERIFY2(st.error().message.contains(QLatin1String(text)), qPrintable(st.error().message));
    }
    auto st = svc.saveZone(ws.admin(), GraphZone{QStringLiteral("none"), 5, {}});
    QVERIFY(!st.has_value());
    QVERIFY(st.error().message.contains(QStringLiteral("needs 1 to 100 selectors")));
    QCOMPARE(svc.zones(ws.admin())->size(), 1);
}

void PermissionGraphServiceTest::zonesCanBeRemovedByAdminsOnly()
{
    TestWorkspace ws;
    const auto owner = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.saveZone(ws.admin(), GraphZone{QStringLiteral("prod"), 5, {obj(R"({"id": "x"})")}}).has_value());
    auto denied = svc.removeZone(owner, QStringLiteral("prod"));
    QVERIFY(!denied.has_value());
    QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(svc.zones(ws.admin())->size(), 1);
    QVERIFY(svc.removeZone(ws.admin(), QStringLiteral("prod")).has_value());
    QCOMPARE(svc.zones(ws.admin())->size(), 0);
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.zone_removed")), 1);
    auto missing = svc.removeZone(ws.admin(), QStringLiteral("prod"));
    QVERIFY(!missing.has_value());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.zone_removed")), 1);
}

// Rows stored before saveZone validated: such a selector must not make every node a member.
void PermissionGraphServiceTest::storedSelectorWithoutUsableKeyMatchesNothing()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    QSqlQuery q(ws.app().database().connection());
    const QString insert = QStringLiteral("INSERT INTO graph_zones(name, rank, selectors) VALUES ('typo', 5,"
                                          " '[{\"Id\": \"arn:*\"}, {}, {\"value\": \"x\"}, {\"id\": 5}]')");
    QVERIFY(q.exec(insert));
    const PermissionGraph::Node dev{
        arn("user/dev"), GraphNodeKind::Principal, QStringLiteral("dev"), false, {}};
    const char* const unusable[] = {"{\"Id\": \"arn:*\"}", "{}", "{\"value\": \"*\"}", "{\"id\": 5}",
                                    "{\"kind\": \"x\"}"};
    for (const char* sel : unusable)
        QVERIFY2(!PermissionGraphService::selectorMatches(obj(sel), dev), sel);
    const char* const usable = "{\"id\": \"arn:*:user/*\"}";
    QVERIFY(PermissionGraphService::selectorMatches(obj(usable), dev));

    GraphPathQuery query;
    query.from = {arn("user/dev")};
    query.toSensitive = true;
    auto found = svc.paths(ws.admin(), query);
    QVERIFY(found.has_value());
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->at(0).hops.size(), 1); // dev -> Admin, not the 0-hop "dev is sensitive"
    QCOMPARE(found->at(0).end, arn("role/Admin"));
    auto findings = svc.findings(ws.admin());
    QCOMPARE(*findings, QStringList{QStringLiteral("tier_zero|") + arn("user/dev")});
}

void PermissionGraphServiceTest::savedQueryValidation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("message");
    QTest::newRow("k string") << "a"
                              << R"({"from": ["*"], "to_sensitive": true, "k": "5"})"
                              << R"(field "k" must be a whole number from 1 to 50)";
    QTest::newRow("k huge") << "a"
                            << R"({"from": ["*"], "to_sensitive": true, "k": 1e10})"
                            << R"(field "k" must be a whole number from 1 to 50)";
    QTest::newRow("k fraction") << "a"
                                << R"({"from": ["*"], "to_sensitive": true, "k": 5.7})"
                                << R"(field "k" must be a whole number)";
    QTest::newRow("hops huge") << "a"
                               << R"({"from": ["*"], "to_sensitive": true, "max_hops": 100000})"
                               << R"(field "max_hops" must be a whole number from 0 to 1000)";
    QTest::newRow("hops negative") << "a"
                                   << R"({"from": ["*"], "to_sensitive": true, "max_hops": -3})"
                                   << R"(field "max_hops")";
    QTest::newRow("from empty") << "a"
                                << R"({"from": [], "to_sensitive": true})"
                                << R"(field "from" needs at least one start node id)";
    QTest::newRow("from missing") << "a"
                                  << R"({"to_sensitive": true})"
                                  << R"(field "from")";
    QTest::newRow("from string") << "a"
                                 << R"({"from": "*", "to_sensitive": true})"
                                 << R"(field "from" must be a list)";
    QTest::newRow("from ints") << "a"
                               << R"({"from": [1, 2], "to_sensitive": true})"
                               << R"(field "from")";
    QTest::newRow("empty id") << "a"
                              << R"({"from": [""], "to_sensitive": true})"
                              << R"(field "from"[0] must be a node id of 1 to 4096)";
    QTest::newRow("no target") << "a"
                               << R"({"from": ["*"], "to": [], "to_sensitive": false})"
                               << R"(needs a target)";
    QTest::newRow("to_tier_zero string") << "a"
                                         << R"({"from": ["*"], "to_tier_zero": 1})"
                                         << R"(field "to_tier_zero" must be true or false)";
    QTest::newRow("to_sensitive string") << "a"
                                         << R"({"from": ["*"], "to_sensitive": "yes"})"
                                         << R"(field "to_sensitive" must be true or false)";
    QTest::newRow("extra field") << "a"
                                 << R"({"from": ["*"], "to_sensitive": true, "extra_field": {"a": 1}})"
                                 << R"(field "extra_field" is unknown)";
    QTest::newRow("empty name") << ""
                                << R"({"from": ["*"], "to_sensitive": true})"
                                << "name of 1 to 200";
    QTest::newRow("blank name") << "   "
                                << R"({"from": ["*"], "to_sensitive": true})"
                                << "name of 1 to 200";
    QTest::newRow("long name") << QString(201, QLatin1Char('n')) << R"({"from": ["*"], "to_sensitive": true})"
                               << "name of 1 to 200";
    QTest::newRow("nul in name") << QStringLiteral("evil") + QChar(u'\0') + QStringLiteral("name")
                                 << R"({"from": ["*"], "to_sensitive": true})"
                                 << R"(saved query name "evil\u0000name" has a control)";
    QTest::newRow("bidi override") << QStringLiteral("a") + QChar(u'\u202e') + QStringLiteral("b")
                                   << R"({"from": ["*"], "to_sensitive": true})"
                                   << "control or format";
}

void PermissionGraphServiceTest::savedQueryValidation()
{
    QFETCH(QString, name);
    QFETCH(QString, query);
    QFETCH(QString, message);
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    const QJsonObject q = QJsonDocument::fromJson(query.toUtf8()).object();
    auto st = svc.saveQuery(ws.admin(), savedQuery(name, q));
    QVERIFY(!st.has_value());
    QCOMPARE(st.error().code, ErrorCode::InvalidInput);
    QVERIFY2(st.error().message.contains(message), qPrintable(st.error().message));
    QCOMPARE(svc.savedQueries(ws.admin())->size(), 0);
    // The same rule through import, naming the entry.
    const QByteArray file =
        QJsonDocument(QJsonObject{{QStringLiteral("queries"),
                                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("fine")},
                                                          {QStringLiteral("query"), obj(R"({"from": ["*"],
                                                            "to_sensitive": true})")}},
                                              QJsonObject{{QStringLiteral("name"), name},
                                                          {QStringLiteral("query"), q}}}}})
            .toJson();
    auto n = svc.importQueries(ws.admin(), file);
    QVERIFY(!n.has_value());
    QVERIFY2(n.error().message.startsWith(QStringLiteral("saved queries: queries[1]")),
             qPrintable(n.error().message));
    QVERIFY2(n.error().message.contains(message), qPrintable(n.error().message));
    QCOMPARE(svc.savedQueries(ws.admin())->size(), 0); // "fine" was not stored either
}

void PermissionGraphServiceTest::importQueriesIsAllOrNone()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    // q/notatomic.json: the first entry is valid, the second fails in storage-level checks.
    auto n = svc.importQueries(
        ws.admin(), QStringLiteral(R"({"queries": [{"name": "atomic-first", "query": {"from": ["*"],)"
                                   R"( "to_sensitive": true}}, {"name": "%1", "query": {"from": ["*"],)"
                                   R"( "to_sensitive": true}}]})")
                        .arg(QString(300, QLatin1Char('y')))
                        .toUtf8());
    QVERIFY(!n.has_value());
    QVERIFY2(n.error().message.contains(QStringLiteral("queries[1]")), qPrintable(n.error().message));
    QCOMPARE(svc.savedQueries(ws.admin())->size(), 0);
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.query_saved")), 0);

    // q/dup.json: one name twice is refused, not "imported 2" with one kept.
    n = svc.importQueries(ws.admin(),
                          R"({"queries": [{"name": "dup", "query": {"from": ["*"], "to_sensitive": true}},)"
                          R"( {"name": "dup", "query": {"from": ["a"], "to_sensitive": true}}]})");
    QVERIFY(!n.has_value());
    QVERIFY2(n.error().message.contains(QStringLiteral(R"(queries[1]: the name "dup" is also queries[0])")),
             qPrintable(n.error().message));
    QCOMPARE(svc.savedQueries(ws.admin())->size(), 0);

    // Shapes: each says what was expected, never "(no error occurred)".
    for (const char* text : {"[]", R"({"queries": "nope"})", "{}"}) {
        n = svc.importQueries(ws.admin(), text);
        QVERIFY(!n.has_value());
        QVERIFY2(n.error().message.contains(QStringLiteral("expected an object {\"queries\": [...]}")),
                 qPrintable(n.error().message));
        QVERIFY(!n.error().message.contains(QStringLiteral("no error")));
    }
    n = svc.importQueries(ws.admin(), R"({"queries":[{"name":"d","query":{"from":["*"],)");
    QVERIFY(!n.has_value());
    QVERIFY2(n.error().message.contains(QStringLiteral("not JSON")), qPrintable(n.error().message));
    for (const auto& [text, field] :
         {std::pair{R"({"queries": [5]})", "queries[0] is not an object"},
          std::pair{R"({"queries": [{"name": 5, "query": {}}]})", R"(queries[0]: field "name" must be text)"},
          std::pair{R"({"queries": [{"name": "d", "description": {"a": 1}, "query": {}}]})",
                    R"(queries[0]: field "description" must be text)"},
          std::pair{R"({"queries": [{"name": "d", "query": {"from": ["*"], "to_sensitive": true}, "x": 1}]})",
                    R"(queries[0]: unknown field "x")"}}) {
        n = svc.importQueries(ws.admin(), text);
        QVERIFY(!n.has_value());
        QVERIFY2(n.error().message.contains(QLatin1String(field)), qPrintable(n.error().message));
    }
    QVERIFY(!svc.importQueries(ws.admin(), QByteArray(PermissionGraphService::kMaxQueryImportBytes + 1, ' '))
                 .has_value());

    // Valid files still import, replacing same-named queries, in one ledgered step per query.
    n = svc.importQueries(
        ws.admin(), R"({"queries": [{"name": "a", "query": {"from": ["x"], "to": ["y"]}},)"
                    R"( {"name": "b", "description": "d", "query": {"from": ["*"], "to_sensitive": true,)"
                    R"( "k": 3, "max_hops": 7}}]})");
    QVERIFY2(n.has_value(), qPrintable(n ? QString() : n.error().message));
    QCOMPARE(*n, 2);
    auto list = svc.savedQueries(ws.admin());
    QCOMPARE(list->size(), 2);
    auto b = GraphPathQuery::fromJson(list->at(1).query);
    QCOMPARE(b->k, 3);
    QCOMPARE(b->maxHops, 7);
}

void PermissionGraphServiceTest::saveQueryCanRefuseToOverwrite()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    const QJsonObject q = obj(R"({"from": ["*"], "to_sensitive": true})");
    using If = PermissionGraphService::IfQueryExists;
    QVERIFY(svc.saveQuery(ws.admin(), savedQuery(QStringLiteral("n"), q, QStringLiteral("first")), If::Refuse)
                .has_value());
    auto st =
        svc.saveQuery(ws.admin(), savedQuery(QStringLiteral("n"), q, QStringLiteral("second")), If::Refuse);
    QVERIFY(!st.has_value());
    QCOMPARE(st.error().code, ErrorCode::Conflict);
    QVERIFY2(st.error().message.contains(QStringLiteral("\"n\" exists already")),
             qPrintable(st.error().message));
    QCOMPARE(svc.savedQueries(ws.admin())->at(0).description, QStringLiteral("first"));
    // The default (the console's edit) still replaces.
    QVERIFY(
        svc.saveQuery(ws.admin(), savedQuery(QStringLiteral("n"), q, QStringLiteral("third"))).has_value());
    QCOMPARE(svc.savedQueries(ws.admin())->size(), 1);
    QCOMPARE(svc.savedQueries(ws.admin())->at(0).description, QStringLiteral("third"));
}

void PermissionGraphServiceTest::importKeepsTheKindOfASource()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    ImportedGraph k8s = tiny(QStringLiteral("k4"), true);
    k8s.source = GraphSourceKind::Kubernetes;
    QVERIFY(svc.importGraph(ws.admin(), k8s, QStringLiteral("1")).has_value());
    auto r = svc.importGraph(ws.admin(), tiny(QStringLiteral("k4"), false), QStringLiteral("2"));
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::Conflict);
    QVERIFY2(r.error().message.contains(
                 QStringLiteral("holds a kubernetes import; a aws import cannot replace it")),
             qPrintable(r.error().message));
    auto stats = svc.stats(ws.admin());
    QCOMPARE(stats->sources.size(), 1);
    QCOMPARE(stats->sources[0].kind, GraphSourceKind::Kubernetes);
    QCOMPARE(stats->sources[0].sha256, QStringLiteral("1"));
    QCOMPARE(stats->edges, 1);
}

void PermissionGraphServiceTest::emptyImportNeedsAllowEmpty()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    ImportedGraph empty;
    empty.sourceName = QStringLiteral("a.json");
    auto r = svc.importGraph(ws.admin(), empty, QStringLiteral("2"));
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::InvalidInput);
    QVERIFY2(r.error().message.contains(QStringLiteral("nothing was found in \"a.json\"")) &&
                 r.error().message.contains(QStringLiteral("the previous graph is kept")),
             qPrintable(r.error().message));
    QCOMPARE(svc.stats(ws.admin())->nodes, 2);
    QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.imported")), 1);
    PermissionGraphService::ImportOptions allow;
    allow.allowEmpty = true;
    r = svc.importGraph(ws.admin(), empty, QStringLiteral("2"), allow);
    QVERIFY(r.has_value());
    QVERIFY(r->replaced);
    QCOMPARE(svc.stats(ws.admin())->nodes, 0);
    QCOMPARE(r->diff.disappeared, QStringList{QStringLiteral("tier_zero|") + arn("user/dev")});
}

void PermissionGraphServiceTest::onlyAdminsOrTheImporterReplaceASource()
{
    TestWorkspace ws;
    const auto olga = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
    const auto oscar = ws.addOperator(QStringLiteral("oscar"), OperatorRole::Owner);
    auto& svc = ws.app().graph();
    QVERIFY(svc.importGraph(ws.admin(), tiny(QStringLiteral("admins.json"), true), QStringLiteral("1"))
                .has_value());
    auto r = svc.importGraph(olga, tiny(QStringLiteral("admins.json"), false), QStringLiteral("2"));
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
    QVERIFY2(r.error().message.contains(
                 QStringLiteral("olga may not replace source \"admins.json\": admin imported it")),
             qPrintable(r.error().message));
    QCOMPARE(svc.stats(ws.admin())->edges, 1);
    // An owner replaces her own source; another owner may not; an admin may.
    QVERIFY(svc.importGraph(olga, tiny(QStringLiteral("olgas.json"), true), QStringLiteral("1")).has_value());
    QVERIFY(
        svc.importGraph(olga, tiny(QStringLiteral("olgas.json"), false), QStringLiteral("2")).has_value());
    QCOMPARE(
        svc.importGraph(oscar, tiny(QStringLiteral("olgas.json"), true), QStringLiteral("3")).error().code,
        ErrorCode::PermissionDenied);
    auto byAdmin = svc.importGraph(ws.admin(), tiny(QStringLiteral("olgas.json"), true), QStringLiteral("4"));
    QVERIFY(byAdmin.has_value());
    QCOMPARE(byAdmin->source.importedBy, ws.admin().username);
}

void PermissionGraphServiceTest::maxHopsZeroIsUnlimited()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(),
                        fixtureGraph("assume-role-chain.json", QStringLiteral("c.json"), ws.clock().now()),
                        QStringLiteral("1"))
            .has_value());
    GraphPathQuery q;
    q.from = {arn("user/dev")};
    q.to = {arn("role/Admin")};
    q.maxHops = 0;
    auto found = svc.paths(ws.admin(), q);
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->at(0).hops.size(), 2);
    q.maxHops = 1;
    QCOMPARE(svc.paths(ws.admin(), q)->size(), 0);
    q.maxHops = 1001;
    QCOMPARE(svc.paths(ws.admin(), q).error().code, ErrorCode::InvalidInput);
    QCOMPARE(GraphPathQuery::fromJson(obj(R"({"from": ["a"], "to": ["b"]})"))->maxHops, 0);
}

// Ids with every character class the formats treat specially, parsed back by real readers.
void PermissionGraphServiceTest::exportRoundTripsEveryId()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    const QStringList ids{
        QStringLiteral("plain"),
        QStringLiteral("q\"uote"),
        QStringLiteral("back\\slash"),
        QStringLiteral("ends\\"),
        QStringLiteral("two\\\\"),
        QStringLiteral("bs\\\"q"),
        QStringLiteral("bs\\\nnl"),
        QStringLiteral("lt<gt>&amp;'"),
        QStringLiteral("new\nline\ttab\rcr"),
        QStringLiteral("ctl") + QChar(u'\x01') + QStringLiteral("x"),
        QStringLiteral("ctlx"),
        QStringLiteral("ctl\\x01x"), // what the escaped form of ctl\x01x looks like, as a real id
        QStringLiteral("nul") + QChar(u'\0'),
        QString::fromUtf8("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x94\x91"),
    };
    ImportedGraph g;
    g.sourceName = QStringLiteral("weird.json");
    for (const auto& id : ids)
        g.nodes << GraphNode{id, GraphNodeKind::Principal, id, false, {}};
    for (qsizetype i = 1; i < ids.size(); ++i)
        g.edges << GraphEdge{ids[i - 1], ids[i], GraphEdgeKind::CanAssume, ids[i], {}, {}, false, {}, {}};
    QVERIFY(svc.importGraph(ws.admin(), g, QStringLiteral("1")).has_value());
    QStringList expected = ids;
    expected.sort();

    // DOT through libcgraph, the parser Graphviz itself uses.
    auto dot = svc.exportGraph(ws.admin(), QStringLiteral("dot"));
    QVERIFY(dot.has_value());
    Agraph_t* parsed = agmemread(dot->constData());
    QVERIFY2(parsed, dot->constData());
    QStringList dotIds;
    for (Agnode_t* n = agfstnode(parsed); n; n = agnxtnode(parsed, n)) {
        const QString name = QString::fromUtf8(agnameof(n));
        const char* flag = agget(n, const_cast<char*>("id_escaped"));
        dotIds << (flag && qstrcmp(flag, "true") == 0 ? unescapeExportId(name) : name);
    }
    QCOMPARE(agnedges(parsed), static_cast<int>(ids.size() - 1));
    agclose(parsed);
    dotIds.sort();
    QCOMPARE(dotIds, expected);
    // Exact where DOT can say it: no marker, the id itself.
    QVERIFY(dot->contains("\"back\\slash\" [label="));
    QVERIFY(dot->contains("\"q\\\"uote\" [label="));

    // GraphML through an XML reader: every node distinct, ids back after unescaping the marked.
    auto graphml = svc.exportGraph(ws.admin(), QStringLiteral("graphml"));
    QVERIFY(graphml.has_value());
    QXmlStreamReader xml(*graphml);
    QStringList xmlIds;
    QString current;
    bool escaped = false;
    qsizetype edges = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QStringLiteral("node")) {
            current = xml.attributes().value(QStringLiteral("id")).toString();
            escaped = false;
        } else if (xml.isStartElement() && xml.name() == QStringLiteral("data") &&
                   xml.attributes().value(QStringLiteral("key")) == QStringLiteral("id_escaped")) {
            escaped = xml.readElementText() == QStringLiteral("true");
        } else if (xml.isEndElement() && xml.name() == QStringLiteral("node")) {
            xmlIds << (escaped ? unescapeExportId(current) : current);
        } else if (xml.isStartElement() && xml.name() == QStringLiteral("edge")) {
            ++edges;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    xmlIds.sort();
    QCOMPARE(xmlIds, expected);
    QCOMPARE(edges, ids.size() - 1);

    // networkx, the reader the GraphML export names, when it is installed.
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        return;
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("g.graphml")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(*graphml);
    f.close();
    QProcess p;
    p.start(python, {QStringLiteral("-c"),
                     QStringLiteral("import sys, json, networkx\n"
                                    "g = networkx.read_graphml(sys.argv[1])\n"
                                    "print(json.dumps({'nodes': [[n, bool(d.get('id_escaped'))] for n, d in "
                                    "g.nodes(data=True)], 'edges': g.number_of_edges()}))\n"),
                     f.fileName()});
    QVERIFY(p.waitForFinished(60000));
    if (p.exitCode() != 0 && p.readAllStandardError().contains("No module named 'networkx'"))
        QSKIP("python3-networkx is not installed");
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject nx = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QStringList nxIds;
    for (const auto& v : nx.value(QStringLiteral("nodes")).toArray()) {
        const QJsonArray pair = v.toArray();
        nxIds << (pair[1].toBool() ? unescapeExportId(pair[0].toString()) : pair[0].toString());
    }
    nxIds.sort();
    QCOMPARE(nxIds, expected);
    QCOMPARE(nx.value(QStringLiteral("edges")).toInt(), ids.size() - 1);
}

void PermissionGraphServiceTest::toTierZeroFollowsTheGraph()
{
    TestWorkspace ws;
    auto& svc = ws.app().graph();
    QVERIFY(
        svc.importGraph(ws.admin(), tiny(QStringLiteral("a.json"), true), QStringLiteral("1")).has_value());
    GraphPathQuery q;
    q.from = {arn("user/dev")};
    q.toTierZero = true;
    const auto back = GraphPathQuery::fromJson(q.toJson());
    QVERIFY(back.has_value());
    QVERIFY(back->toTierZero);
    QVERIFY(!back->toSensitive);
    auto found = svc.paths(ws.admin(), *back);
    QVERIFY(found.has_value());
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->at(0).end, arn("role/Admin"));
    // A flag that is not a boolean is refused, naming the field.
    auto bad = GraphPathQuery::fromJson(QJsonObject{{QStringLiteral("to_tier_zero"), QStringLiteral("yes")}});
    QVERIFY(!bad.has_value());
    QVERIFY(bad.error().message.contains(QStringLiteral("to_tier_zero")));
}

QTEST_GUILESS_MAIN(PermissionGraphServiceTest)
#include "PermissionGraphServiceTest.moc"
