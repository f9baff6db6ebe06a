// Azure RBAC import: the classification corpus with independently derived counts,
// FIELD-CASES 20 (credential add -> Owner), 23 (management-group inheritance, with and
// without hierarchy data) and 24 (BOM, NUL escape, non-ASCII, truncation), the escalation
// primitives, and malformed input refused with file and JSON location.

#include <QtTest>

#include "AzureExportReader.h"
#include "AzureRoleImporter.h"
#include "GraphTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

ImportedGraph importOk(const QByteArray& bytes, const QString& name)
{
    const Result<ImportedGraph> r = AzureRoleImporter::import(bytes, name);
    if (!r)
        qWarning("%s", qPrintable(r.error().message));
    return r ? *r : ImportedGraph{};
}

ImportedGraph importFixture(const QString& name)
{
    const QByteArray bytes = readFile(fixturePath(QStringLiteral("azure/") + name));
    if (bytes.isEmpty())
        qWarning("fixture %s missing", qPrintable(name));
    return importOk(bytes, name);
}

QString importError(const QByteArray& bytes)
{
    const Result<ImportedGraph> r = AzureRoleImporter::import(bytes, QStringLiteral("bad.json"));
    return r ? QString() : r.error().message;
}

const QString kP1 = QStringLiteral("11111111-1111-4111-8111-111111111111");
const QString kP2 = QStringLiteral("22222222-2222-4222-8222-222222222222");
const QString kP3 = QStringLiteral("33333333-3333-4333-8333-333333333333");
const QString kMg = QStringLiteral("/providers/Microsoft.Management/managementGroups/mg-platform");
const QString kSub = QStringLiteral("/subscriptions/sub-1");
const QString kRg = QStringLiteral("/subscriptions/sub-1/resourceGroups/rg-app");

/// Principals from which \a scope is reachable: who has some role there, directly or inherited.
QSet<QString> effectiveOn(const ImportedGraph& g, const QString& scope)
{
    QSet<QString> out;
    for (const QString& p : {kP1, kP2, kP3})
        if (reachable(g, p).contains(scope))
            out.insert(p);
    return out;
}

} // namespace

class AzureRoleImporterTest : public QObject
{
    Q_OBJECT

private slots:
    // Expected values derived with jq from the file itself, independently of the importer
    // (the mapping: one role node per RoleId, one permission node per (ActionType, action)
    // compared case-insensitively, one grants edge per distinct (role, ActionType, action)):
    //   jq '[.[] | .RoleId | ascii_downcase] | unique | length'                         -> 928
    //   jq '[.[] | .RolePermissions[] | [.ActionType, (.AuthorizedResourceAction|ascii_downcase)]]
    //       | unique | length'                                                           -> 4858
    //   jq '[.[] | (.RoleId|ascii_downcase) as $r | .RolePermissions[]
    //       | [$r, .ActionType, (.AuthorizedResourceAction|ascii_downcase)]] | unique | length' -> 10716
    //   jq '[... | select(.ActionType=="DataAction") | (.AuthorizedResourceAction|ascii_downcase)]
    //       | unique | length'                                                           -> 1101
    void classificationCorpus()
    {
        const QString shared = qEnvironmentVariable("GATEHOUSE_SHARED_DIR");
        const QString path = shared + QStringLiteral("/corpus/azure/Classification_AzureResources.json");
        if (shared.isEmpty() || !QFile::exists(path))
            QSKIP(qPrintable(
                QStringLiteral("corpus file %1 not found (set GATEHOUSE_SHARED_DIR to the shared folder "
                               "holding corpus/azure)")
                    .arg(path)));
        const ImportedGraph g =
            importOk(readFile(path), QStringLiteral("Classification_AzureResources.json"));
        QCOMPARE(g.source, GraphSourceKind::Azure);
        QCOMPARE(g.nodes.size(), 928 + 4858);
        QCOMPARE(g.edges.size(), 10716);
        const auto roles = std::count_if(g.nodes.begin(), g.nodes.end(),
                                         [](const GraphNode& n) { return n.kind == GraphNodeKind::Role; });
        QCOMPARE(roles, 928);
        const auto data = std::count_if(g.nodes.begin(), g.nodes.end(), [](const GraphNode& n) {
            return n.id.startsWith(QStringLiteral("azure:dataAction:"));
        });
        QCOMPARE(data, 1101);
        // Documented labels (SOURCES.md): Owner, Contributor, UAA in ControlPlane; Reader in UserAccess.
        const auto role = [&](const char* guid) {
            return findNode(g, QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") +
                                   QLatin1String(guid));
        };
        const GraphNode* owner = role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
        QVERIFY(owner);
        QCOMPARE(owner->label, QStringLiteral("Owner"));
        QCOMPARE(owner->attributes.value(QStringLiteral("eamTier")).toString(),
                 QStringLiteral("ControlPlane"));
        QVERIFY(owner->attributes.value(QStringLiteral("canAssignRoles")).toBool());
        QCOMPARE(role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9")
                     ->attributes.value(QStringLiteral("eamTier"))
                     .toString(),
                 QStringLiteral("ControlPlane"));
        QVERIFY(role("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9")
                    ->attributes.value(QStringLiteral("canAssignRoles"))
                    .toBool());
        QCOMPARE(role("4633458b-17de-408a-b874-0445c86b69e6")
                     ->attributes.value(QStringLiteral("eamTier"))
                     .toString(),
                 QStringLiteral("ManagementPlane"));
        const GraphNode* reader = role("acdd72a7-3385-48ef-bd42-f606fba81ae7");
        QCOMPARE(reader->attributes.value(QStringLiteral("eamTier")).toString(),
                 QStringLiteral("UserAccess"));
        QVERIFY(!reader->attributes.value(QStringLiteral("canAssignRoles")).toBool());
        QVERIFY(findEdge(g, reader->id, QStringLiteral("azure:action:*/read"), GraphEdgeKind::Grants));
        // No NotActions in this export: said once, not silently assumed.
        QCOMPARE(g.warnings.filter(QStringLiteral("without NotActions")).size(), 1);
        QCOMPARE(owner->attributes.value(QStringLiteral("notActionsKnown")).toBool(), false);
    }

    void fieldCase23WithHierarchy()
    {
        const ImportedGraph g = importFixture(QStringLiteral("field-case-23-bundle.json"));
        QCOMPARE(effectiveOn(g, kRg), (QSet<QString>{kP1, kP2, kP3}));
        QCOMPARE(effectiveOn(g, kSub), (QSet<QString>{kP1, kP2}));
        // P1's path runs through the management group, each hop explained.
        const auto path = shortestPath(g, kP1, kRg);
        QVERIFY(path);
        QCOMPARE(path->size(), 4);
        QCOMPARE(path->at(0).kind, GraphEdgeKind::BoundTo);
        QCOMPARE(path->at(1).to, kMg);
        QCOMPARE(path->at(2).explanation,
                 QStringLiteral("access at management group mg-platform is inherited by subscription sub-1"));
        QCOMPARE(path->at(2).origin, QStringLiteral("management-group hierarchy"));
        QCOMPARE(path->at(3).to, kRg);
        // Owner at the MG is Tier Zero there and can write role assignments.
        const QString owner = path->at(0).to;
        QVERIFY(findNode(g, owner)->tierZero);
        QCOMPARE(path->at(0).escalation, QStringLiteral("azure:owner"));
        QVERIFY(
            findEdge(g, owner, kMg, GraphEdgeKind::CanModify, QStringLiteral("azure:roleAssignments/write")));
        QVERIFY(g.warnings.filter(QStringLiteral("scope not resolved")).isEmpty());
        QVERIFY(path->at(0).originDetail.value(QStringLiteral("scopeResolved")).toBool());
        // Reader at "/" and Contributor (definitions not in the file) are not Tier Zero.
        for (const GraphEdge& e : g.edges)
            if (e.kind == GraphEdgeKind::BoundTo && e.from != kP1)
                QVERIFY(!findNode(g, e.to)->tierZero);
        QCOMPARE(findNode(g, kMg)->attributes.value(QStringLiteral("displayName")).toString(),
                 QStringLiteral("Platform"));
    }

    void fieldCase23WithoutHierarchy()
    {
        const ImportedGraph g = importFixture(QStringLiteral("field-case-23-assignments.json"));
        // Never dropped: P1's assignment is there, flagged, and reaches the MG itself.
        QVERIFY(reachable(g, kP1).contains(kMg));
        QCOMPARE(effectiveOn(g, kRg), (QSet<QString>{kP2, kP3}));
        const QStringList flagged = g.warnings.filter(QStringLiteral("scope not resolved"));
        QCOMPARE(flagged.size(), 1);
        QVERIFY(flagged[0].contains(QStringLiteral("[0]")));
        QVERIFY(flagged[0].contains(QStringLiteral("mg-platform")));
        const auto path = shortestPath(g, kP1, kMg);
        QVERIFY(path);
        QCOMPARE(path->at(0).originDetail.value(QStringLiteral("scopeResolved")).toBool(), false);
        QVERIFY(path->at(0).explanation.contains(QStringLiteral("scope not resolved")));
        QCOMPARE(path->at(1).originDetail.value(QStringLiteral("scopeResolved")).toBool(), false);
        // Roles referenced but not defined are named in one warning.
        QVERIFY(!g.warnings.filter(QStringLiteral("Reader, Contributor")).isEmpty());
    }

    void hierarchyAlone()
    {
        const ImportedGraph g = importFixture(QStringLiteral("field-case-23-hierarchy.json"));
        QCOMPARE(g.nodes.size(), 3); // "/", mg-platform, sub-1
        QVERIFY(findEdge(g, QStringLiteral("/"), kMg, GraphEdgeKind::Grants));
        QVERIFY(findEdge(g, kMg, kSub, GraphEdgeKind::Grants));
        QCOMPARE(g.edges.size(), 2);
    }

    void fieldCase20CredentialToOwner()
    {
        const ImportedGraph g = importFixture(QStringLiteral("field-case-20-credential.json"));
        const QString sp1 = QStringLiteral("aaaaaaaa-0000-4000-8000-000000000001");
        const QString sp2 = QStringLiteral("aaaaaaaa-0000-4000-8000-000000000002");
        const QString sub = QStringLiteral("/subscriptions/s");
        const GraphEdge* add =
            findEdge(g, sp1, sp2, GraphEdgeKind::CanCreateToken, QStringLiteral("azure:add-credential"));
        QVERIFY(add);
        QCOMPARE(add->origin, QStringLiteral("owners[0].owners[0]"));
        QCOMPARE(findNode(g, sp1)->label, QStringLiteral("SP-1"));
        QCOMPARE(findNode(g, sp1)->attributes.value(QStringLiteral("principalType")).toString(),
                 QStringLiteral("ServicePrincipal"));
        const auto path = shortestPath(g, sp1, sub);
        QVERIFY(path);
        QCOMPARE(path->size(), 3);
        QCOMPARE(path->at(0).to, sp2);
        QVERIFY(findNode(g, path->at(1).to)->tierZero);
        QVERIFY(reachable(g, sp1).contains(sub));
        QVERIFY(!reachable(g, sp2).contains(sp1));
    }

    void definitionsAndEscalation()
    {
        const ImportedGraph g = importFixture(QStringLiteral("definitions-and-escalation.json"));
        const QString contributorAssignment =
            QStringLiteral("/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/a1");
        const QString helperAssignment = QStringLiteral(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/a2");
        const QString uaaAssignment =
            QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/"
                           "kv/providers/Microsoft.Authorization/roleAssignments/a3");
        // Contributor: "*" minus Microsoft.Authorization/*/Write, so no roleAssignments/write.
        QVERIFY(!findNode(g, contributorAssignment)->tierZero);
        QVERIFY(!findEdge(g, contributorAssignment, QStringLiteral("/subscriptions/s"),
                          GraphEdgeKind::CanModify));
        const GraphEdge* star = findEdge(g,
                                         QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/"
                                                        "b24988ac-6180-42a0-ab88-20f7382dd24c"),
                                         QStringLiteral("azure:action:*"), GraphEdgeKind::Grants);
        QVERIFY(star);
        QCOMPARE(star->originDetail.value(QStringLiteral("notActions")).toArray().size(), 3);
        QVERIFY(star->explanation.contains(QStringLiteral("except Microsoft.Authorization/*/Delete")));
        // A custom role (ARM shape) with Microsoft.Authorization/roleAssignments/* is admin-equivalent.
        QVERIFY(findNode(g, helperAssignment)->tierZero);
        const GraphEdge* modify =
            findEdge(g, helperAssignment, QStringLiteral("/subscriptions/s/resourceGroups/rg"),
                     GraphEdgeKind::CanModify, QStringLiteral("azure:roleAssignments/write"));
        QVERIFY(modify);
        QCOMPARE(findNode(g, QStringLiteral("b0000000-0000-4000-8000-000000000002"))->kind,
                 GraphNodeKind::Group);
        QVERIFY(
            findEdge(g,
                     QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/"
                                    "c0ffee00-0000-4000-8000-000000000001"),
                     QStringLiteral("azure:dataAction:Microsoft.KeyVault/vaults/secrets/getSecret/action"),
                     GraphEdgeKind::Grants));
        // UAA at a resource, with an ABAC condition: Tier Zero there, edges kept but conditional.
        QVERIFY(findNode(g, uaaAssignment)->tierZero);
        const GraphEdge* uaa =
            findEdge(g, QStringLiteral("b0000000-0000-4000-8000-000000000003"), uaaAssignment,
                     GraphEdgeKind::BoundTo, QStringLiteral("azure:user-access-administrator"));
        QVERIFY(uaa);
        QVERIFY(uaa->conditional);
        QCOMPARE(uaa->condition.value(QStringLiteral("version")).toString(), QStringLiteral("2.0"));
        QVERIFY(findEdge(g, uaaAssignment,
                         QStringLiteral(
                             "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"),
                         GraphEdgeKind::CanModify)
                    ->conditional);
        // The resource sits under its group, the group under the subscription, that under "/".
        const auto up = shortestPath(
            g, QStringLiteral("/"),
            QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"));
        QVERIFY(up);
        QCOMPARE(up->size(), 3);
    }

    void fieldCase24Encodings()
    {
        const QByteArray plain =
            readFile(fixturePath(QStringLiteral("azure/definitions-and-escalation.json")));
        const ImportedGraph without = importOk(plain, QStringLiteral("a.json"));
        const ImportedGraph withBom = importOk(QByteArray("\xEF\xBB\xBF") + plain, QStringLiteral("a.json"));
        QVERIFY(!without.nodes.isEmpty());
        QCOMPARE(withBom.nodes, without.nodes);
        QCOMPARE(withBom.edges, without.edges);
        // NUL escape kept with what follows it; the non-ASCII name intact (PowerShell shape).
        const GraphNode* role = findNode(
            without,
            QStringLiteral(
                "/providers/Microsoft.Authorization/roleDefinitions/c0ffee00-0000-4000-8000-000000000002"));
        QVERIFY(role);
        QCOMPARE(role->label, QStringLiteral("Zoë Ñ 東京-role"));
        QCOMPARE(role->attributes.value(QStringLiteral("description")).toString(),
                 QStringLiteral("before") + QChar(0) + QStringLiteral("after"));
        QVERIFY(role->attributes.value(QStringLiteral("custom")).toBool());
        // Truncated halfway: one clear error, nothing imported.
        const QString cut = importError(plain.left(plain.size() / 2));
        QVERIFY2(cut.startsWith(QStringLiteral("bad.json: line ")), qPrintable(cut));
        QVERIFY(cut.contains(QStringLiteral("not valid JSON")));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("scalar") << QByteArray("42") << QStringLiteral("not valid JSON");
        QTest::newRow("empty") << QByteArray("  ") << QStringLiteral("bad.json: the file is empty");
        QTest::newRow("unknown item")
            << QByteArray("[{\"hello\": 1}]")
            << QStringLiteral("bad.json: [0]: not a role definition, role assignment");
        QTest::newRow("scope is a number")
            << QByteArray("[{\"principalId\": \"p\", \"roleDefinitionId\": \"r\", \"scope\": 5}]")
            << QStringLiteral("bad.json: [0].scope: expected a string, found a number");
        QTest::newRow("missing principal")
            << QByteArray("{\"roleAssignments\": [{\"roleDefinitionId\": \"r\", \"scope\": \"/\", "
                          "\"principalType\": \"User\"}]}")
            << QStringLiteral("bad.json: roleAssignments[0].principalId: missing");
        QTest::newRow("bad scope")
            << QByteArray("[{\"principalId\": \"p\", \"roleDefinitionId\": \"r\", \"scope\": \"sub-1\"}]")
            << QStringLiteral("[0].scope: \"sub-1\" is not an Azure RBAC scope");
        QTest::newRow("actions not a list")
            << QByteArray("[{\"name\": \"g\", \"roleName\": \"x\", \"permissions\": [{\"actions\": \"*\"}]}]")
            << QStringLiteral(
                   "bad.json: [0].permissions[0].actions: expected an array of strings, found a string");
        QTest::newRow("ARM actions item")
            << QByteArray("{\"value\": [{\"name\": \"g\", \"properties\": {\"roleName\": \"x\", "
                          "\"permissions\": [{\"actions\": [1]}]}}]}")
            << QStringLiteral("bad.json: value[0].properties.permissions[0].actions[0]: expected a string");
        QTest::newRow("classification action type")
            << QByteArray("[{\"RoleId\": \"g\", \"RoleName\": \"x\", \"RolePermissions\": "
                          "[{\"AuthorizedResourceAction\": \"a\", \"ActionType\": \"Deny\"}]}]")
            << QStringLiteral("[0].RolePermissions[0].ActionType: expected \"Action\" or \"DataAction\"");
        QTest::newRow("hierarchy child")
            << QByteArray(
                   "{\"managementGroups\": {\"id\": \"/providers/Microsoft.Management/managementGroups/a\", "
                   "\"children\": [{\"id\": \"/subscriptions/s/resourceGroups/rg\"}]}}")
            << QStringLiteral(
                   "managementGroups.children[0].id: expected a management group or subscription id");
        QTest::newRow("owners not a list")
            << QByteArray("{\"owners\": {\"id\": \"x\"}}")
            << QStringLiteral("bad.json: owners: expected an array, found an object");
        QTest::newRow("deep nesting")
            << QByteArray(5000, '[') + QByteArray(5000, ']') << QStringLiteral("not valid JSON");
        QByteArray deepGroups =
            "{\"id\": \"/providers/Microsoft.Management/managementGroups/m0\", \"children\": [";
        for (int i = 1; i < 30; ++i)
            deepGroups += "{\"id\": \"/providers/Microsoft.Management/managementGroups/m" +
                          QByteArray::number(i) + "\", \"children\": [";
        deepGroups += QByteArray(29, ']').replace("]", "]}") + "]}";
        const QByteArray mgA = "\"/providers/Microsoft.Management/managementGroups/a\"";
        QTest::newRow("group inside itself")
            << QByteArray("{\"managementGroups\": {\"id\": " + mgA +
                          ", \"children\": [{\"id\": " + mgA.toUpper() + "}]}}")
            << QStringLiteral(
                   "bad.json: managementGroups.children[0].id: the management-group hierarchy has a "
                   "cycle: /providers/Microsoft.Management/managementGroups/a -> "
                   "/PROVIDERS/MICROSOFT.MANAGEMENT/MANAGEMENTGROUPS/A");
        QTest::newRow("subscription with children")
            << QByteArray("{\"managementGroups\": {\"id\": " + mgA +
                          ", \"children\": [{\"id\": \"/subscriptions/s\", \"children\": [{\"id\": "
                          "\"/subscriptions/t\"}]}]}}")
            << QStringLiteral(
                   "managementGroups.children[0].children: subscription /subscriptions/s has children");
        // Field lengths: ids and scopes 4,096, names 1,024, actions 1,024.
        QTest::newRow("scope of 4097")
            << (QByteArray(
                    "[{\"principalId\": \"p\", \"roleDefinitionId\": \"r\", \"scope\": \"/subscriptions/") +
                QByteArray(4097 - 15, 's') + "\"}]")
            << QStringLiteral(
                   "bad.json: [0].scope: 4097 characters, longer than the 4096 allowed for an Azure id "
                   "or scope");
        QTest::newRow("role name of 1025")
            << (QByteArray("[{\"name\": \"g\", \"roleName\": \"") + QByteArray(1025, 'n') + "\"}]")
            << QStringLiteral(
                   "bad.json: [0].roleName: 1025 characters, longer than the 1024 allowed for a name");
        QTest::newRow("action of 1025")
            << (QByteArray("[{\"name\": \"g\", \"roleName\": \"x\", \"permissions\": [{\"actions\": [\"") +
                QByteArray(1025, 'a') + "\"]}]}]")
            << QStringLiteral(
                   "bad.json: [0].permissions[0].actions[0]: 1025 characters, longer than the 1024 "
                   "allowed for an action");
        QTest::newRow("20 MiB principal id")
            << (QByteArray("{\"roleAssignments\": [{\"principalId\": \"") +
                QByteArray(20 * 1024 * 1024, 'p') + "\", \"roleDefinitionId\": \"r\", \"scope\": \"/\"}]}")
            << QStringLiteral(
                   "bad.json: roleAssignments[0].principalId: 20971520 characters, longer than the 4096");
        QTest::newRow("deep hierarchy")
            << deepGroups << QStringLiteral("management groups nested deeper than 16 levels");
    }

    /// A management group or subscription has exactly one parent in Azure. The breaker's
    /// cyclic.json made mg-a and mg-b grant each other; twoparents.json silently lost a parent
    /// (m_parents.insert overwrote it). Both are refused, naming the JSON paths and the ids.
    void hierarchyMustBeATree_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        const QString mg = QStringLiteral("/providers/Microsoft.Management/managementGroups/");
        QTest::newRow("cycle")
            << QStringLiteral("hierarchy-cycle.json")
            << QStringLiteral("hierarchy-cycle.json: managementGroups.children[0].children[0].id: "
                              "the management-group hierarchy has a cycle: %1mg-a -> %1mg-b -> "
                              "%1mg-a (first listed at managementGroups); a management group cannot be below "
                              "itself")
                   .arg(mg);
        QTest::newRow("two parents")
            << QStringLiteral("hierarchy-two-parents.json")
            << QStringLiteral(
                   "hierarchy-two-parents.json: managementGroups.children[1].children[0].id: "
                   "/subscriptions/11111111-1111-1111-1111-111111111111 is listed a second time, under "
                   "%1mg-2 (first at managementGroups.children[0].children[0], under %1mg-1); a "
                   "management group or subscription has exactly one parent")
                   .arg(mg);
    }

    void hierarchyMustBeATree()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const Result<ImportedGraph> r =
            AzureRoleImporter::import(readFile(fixturePath(QStringLiteral("azure/") + file)), file);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QCOMPARE(r.error().message, expected);
    }

    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString message = importError(bytes);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(message.startsWith(QStringLiteral("bad.json: ")));
    }

    void oversizedRefused()
    {
        const QByteArray big(AzureExportReader::kMaxFileBytes + 1, ' ');
        const QString message = importError(big);
        QVERIFY2(message.contains(QStringLiteral("larger than the 64 MiB")), qPrintable(message));
    }

    void emptyExportWarns()
    {
        const ImportedGraph g = importOk("[]", QStringLiteral("e.json"));
        QVERIFY(g.nodes.isEmpty());
        QCOMPARE(g.warnings.size(), 1);
    }
};

QTEST_GUILESS_MAIN(AzureRoleImporterTest)
#include "AzureRoleImporterTest.moc"
