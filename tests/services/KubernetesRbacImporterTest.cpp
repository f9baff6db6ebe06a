// Kubernetes RBAC import: corpus files with independently derived counts, one fixture per
// FIELD-CASE (21, 22, 24) and per escalation primitive with the path it opens, and
// malformed or hostile input refused with file, document, line and field.

#include <QtTest>

#include "GraphTestSupport.h"
#include "KubernetesManifestReader.h"
#include "KubernetesRbacImporter.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

ImportedGraph importOk(const QByteArray& bytes, const QString& name)
{
    const Result<ImportedGraph> r = KubernetesRbacImporter::import(bytes, name);
    if (!r)
        qWarning("%s", qPrintable(r.error().message));
    return r ? *r : ImportedGraph{};
}

ImportedGraph importFixture(const QString& name)
{
    const QByteArray bytes = readFile(fixturePath(QStringLiteral("k8s/") + name));
    if (bytes.isEmpty())
        qWarning("fixture %s missing", qPrintable(name));
    return importOk(bytes, name);
}

QString importError(const QByteArray& bytes)
{
    const Result<ImportedGraph> r = KubernetesRbacImporter::import(bytes, QStringLiteral("bad.yaml"));
    return r ? QString() : r.error().message;
}

int count(const ImportedGraph& g, GraphEdgeKind kind)
{
    return int(
        std::count_if(g.edges.begin(), g.edges.end(), [&](const GraphEdge& e) { return e.kind == kind; }));
}

QString sa(const char* ns, const char* name)
{
    return QStringLiteral("system:serviceaccount:%1:%2").arg(QLatin1String(ns), QLatin1String(name));
}

} // namespace

class KubernetesRbacImporterTest : public QObject
{
    Q_OBJECT

private slots:
    // The expected counts come from tests/data/graph/derive-k8s-counts.py, a second reading of
    // the mapping in docs/graph-ingest.md written in Python with PyYAML and sharing no code
    // with the importer; it was run once on the corpus files:
    //   IDENTITY_IMPERSONATE.yaml: nodes 5 edges 4 tier0 0 (bound_to 1, delegated_to 1, grants 2)
    //   TOKEN_LIST.yaml:           nodes 4 edges 4 tier0 0 (bound_to 1, can_create_token 1, delegated_to 1,
    //                              grants 1)
    //   cluster-roles.yaml:        nodes 520 edges 1619 tier0 2 (grants 1619)
    //   deploy.yaml:               nodes 73 edges 78 tier0 0 (bound_to 4, can_create_token 6, delegated_to 3,
    //                              grants 65)
    // (IDENTITY_IMPERSONATE lost its conditional edge to system:masters, and that node, when
    // namespaced grants stopped reaching cluster-scoped users and groups.)
    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("edges");
        QTest::addColumn<int>("tierZero");
        QTest::addColumn<int>("boundTo");
        QTest::addColumn<int>("grants");
        QTest::newRow("IDENTITY_IMPERSONATE")
            << QStringLiteral("IDENTITY_IMPERSONATE.yaml") << 5 << 4 << 0 << 1 << 2;
        QTest::newRow("TOKEN_LIST") << QStringLiteral("TOKEN_LIST.yaml") << 4 << 4 << 0 << 1 << 1;
        QTest::newRow("cluster-roles")
            << QStringLiteral("cluster-roles.yaml") << 520 << 1619 << 2 << 0 << 1619;
        QTest::newRow("deploy") << QStringLiteral("deploy.yaml") << 73 << 78 << 0 << 4 << 65;
    }

    void corpus()
    {
        QFETCH(QString, file);
        QFETCH(int, nodes);
        QFETCH(int, edges);
        QFETCH(int, tierZero);
        QFETCH(int, boundTo);
        QFETCH(int, grants);
        const QString shared = qEnvironmentVariable("GATEHOUSE_SHARED_DIR");
        const QString path = shared + QStringLiteral("/corpus/k8s-rbac/") + file;
        if (shared.isEmpty() || !QFile::exists(path))
            QSKIP(qPrintable(
                QStringLiteral("corpus file %1 not found (set GATEHOUSE_SHARED_DIR to the shared folder "
                               "holding corpus/k8s-rbac)")
                    .arg(path)));
        const ImportedGraph g = importOk(readFile(path), file);
        QCOMPARE(g.source, GraphSourceKind::Kubernetes);
        QCOMPARE(g.sourceName, file);
        QCOMPARE(g.nodes.size(), nodes);
        QCOMPARE(g.edges.size(), edges);
        QCOMPARE(std::count_if(g.nodes.begin(), g.nodes.end(), [](const GraphNode& n) { return n.tierZero; }),
                 tierZero);
        QCOMPARE(count(g, GraphEdgeKind::BoundTo), boundTo);
        QCOMPARE(count(g, GraphEdgeKind::Grants), grants);
    }

    // The fixtures without takeovers that need several bindings of one subject (which the
    // script does not derive), counted by derive-k8s-counts.py too:
    //   escalation-primitives.yaml:     nodes 35 edges 35 tier0 3 (can_modify 3, grants 13)
    //   namespaced-cluster-scoped.yaml: nodes 20 edges 19 tier0 2 (can_modify 0, grants 10)
    //   field-case-21-wildcards.yaml:   nodes 14 edges 18 tier0 0 (can_modify 0, grants 6)
    void fixtureCounts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("edges");
        QTest::addColumn<int>("tierZero");
        QTest::addColumn<int>("canModify");
        QTest::addColumn<int>("grants");
        QTest::newRow("escalation-primitives")
            << QStringLiteral("escalation-primitives.yaml") << 35 << 35 << 3 << 3 << 13;
        QTest::newRow("namespaced-cluster-scoped")
            << QStringLiteral("namespaced-cluster-scoped.yaml") << 20 << 19 << 2 << 0 << 10;
        QTest::newRow("field-case-21")
            << QStringLiteral("field-case-21-wildcards.yaml") << 14 << 18 << 0 << 0 << 6;
    }

    void fixtureCounts()
    {
        QFETCH(QString, file);
        QFETCH(int, nodes);
        QFETCH(int, edges);
        QFETCH(int, tierZero);
        QFETCH(int, canModify);
        QFETCH(int, grants);
        const ImportedGraph g = importFixture(file);
        QCOMPARE(g.nodes.size(), nodes);
        QCOMPARE(g.edges.size(), edges);
        QCOMPARE(std::count_if(g.nodes.begin(), g.nodes.end(), [](const GraphNode& n) { return n.tierZero; }),
                 tierZero);
        QCOMPARE(count(g, GraphEdgeKind::CanModify), canModify);
        QCOMPARE(count(g, GraphEdgeKind::Grants), grants);
    }

    void corpusMeaning()
    {
        const QString dir =
            qEnvironmentVariable("GATEHOUSE_SHARED_DIR") + QStringLiteral("/corpus/k8s-rbac/");
        if (!QFile::exists(dir + QStringLiteral("deploy.yaml")))
            QSKIP("corpus/k8s-rbac not found (set GATEHOUSE_SHARED_DIR)");

        // SOURCES.md: Deployment -> SA ingress-nginx -> ClusterRole ingress-nginx -> list secrets
        // cluster-wide.
        const ImportedGraph deploy =
            importOk(readFile(dir + QStringLiteral("deploy.yaml")), QStringLiteral("deploy.yaml"));
        const auto path = shortestPath(
            deploy, QStringLiteral("k8s:workload:ingress-nginx/Deployment/ingress-nginx-controller"),
            QStringLiteral("k8s:perm:cluster:list:core/secrets"));
        QVERIFY(path);
        QCOMPARE(path->size(), 3);
        QCOMPARE(path->at(0).to, sa("ingress-nginx", "ingress-nginx"));
        QCOMPARE(path->at(1).to, QStringLiteral("clusterrole:ingress-nginx"));
        QCOMPARE(path->at(1).origin, QStringLiteral("clusterrolebinding ingress-nginx"));
        // The admission Jobs' SA gets/creates secrets only in ingress-nginx.
        QVERIFY(findEdge(deploy, QStringLiteral("role:ingress-nginx:ingress-nginx-admission"),
                         QStringLiteral("k8s:perm:ns/ingress-nginx:create:core/secrets"),
                         GraphEdgeKind::Grants));
        QVERIFY(findEdge(deploy, QStringLiteral("clusterrole:ingress-nginx-admission"),
                         QStringLiteral("k8s:perm:cluster:update:admissionregistration.k8s.io/"
                                        "validatingwebhookconfigurations"),
                         GraphEdgeKind::Grants));

        // cluster-roles.yaml: admin, edit, view have rules: null and are aggregated.
        const ImportedGraph roles = importOk(readFile(dir + QStringLiteral("cluster-roles.yaml")),
                                             QStringLiteral("cluster-roles.yaml"));
        const QSet<QString> view =
            successors(roles, QStringLiteral("clusterrole:view"), GraphEdgeKind::Grants);
        const QSet<QString> edit =
            successors(roles, QStringLiteral("clusterrole:edit"), GraphEdgeKind::Grants);
        const QSet<QString> admin =
            successors(roles, QStringLiteral("clusterrole:admin"), GraphEdgeKind::Grants);
        QVERIFY(!view.isEmpty());
        QVERIFY(edit.contains(view) && edit.size() > view.size());
        QVERIFY(admin.contains(edit) && admin.size() > edit.size());
        QVERIFY(edit.contains(QStringLiteral("k8s:perm:cluster:impersonate:core/serviceaccounts")));
        QVERIFY(edit.contains(QStringLiteral("k8s:perm:cluster:create:core/serviceaccounts/token")));
        QVERIFY(edit.contains(QStringLiteral("k8s:perm:cluster:create:core/pods/exec")));
        QVERIFY(
            admin.contains(QStringLiteral("k8s:perm:cluster:create:rbac.authorization.k8s.io/rolebindings")));
        QVERIFY(
            !edit.contains(QStringLiteral("k8s:perm:cluster:create:rbac.authorization.k8s.io/rolebindings")));
        const GraphNode* adminNode = findNode(roles, QStringLiteral("clusterrole:admin"));
        QVERIFY(adminNode);
        QVERIFY(adminNode->attributes.value(QStringLiteral("aggregatedFrom"))
                    .toArray()
                    .contains(QStringLiteral("edit")));
        QVERIFY(!adminNode->tierZero);
        QVERIFY(findNode(roles, QStringLiteral("clusterrole:cluster-admin"))->tierZero);
        QVERIFY(findEdge(roles, QStringLiteral("clusterrole:cluster-admin"),
                         QStringLiteral("k8s:perm:cluster:*:url:*"), GraphEdgeKind::Grants));

        // TOKEN_LIST: list secrets in default -> every SA of default (here tokenlist-sa).
        const ImportedGraph tokens =
            importOk(readFile(dir + QStringLiteral("TOKEN_LIST.yaml")), QStringLiteral("TOKEN_LIST.yaml"));
        const GraphEdge* read =
            findEdge(tokens, QStringLiteral("role:default:list-secrets"), sa("default", "tokenlist-sa"),
                     GraphEdgeKind::CanCreateToken, QStringLiteral("k8s:read-secrets"));
        QVERIFY(read);
        QVERIFY(!read->conditional);
        QVERIFY(findEdge(tokens, QStringLiteral("k8s:workload:default/Pod/tokenlist-pod"),
                         sa("default", "tokenlist-sa"), GraphEdgeKind::DelegatedTo));

        // IDENTITY_IMPERSONATE: a namespaced Role impersonating users/groups grants nothing (users
        // and groups are cluster-scoped; the API server checks their impersonation without a
        // namespace), so there is no edge and no system:masters node.
        const ImportedGraph imp = importOk(readFile(dir + QStringLiteral("IDENTITY_IMPERSONATE.yaml")),
                                           QStringLiteral("IDENTITY_IMPERSONATE.yaml"));
        QVERIFY(findNode(imp, QStringLiteral("role:default:impersonate")));
        QCOMPARE(count(imp, GraphEdgeKind::CanImpersonate), 0);
        QVERIFY(!findNode(imp, QStringLiteral("system:masters")));
    }

    /// A RoleBinding grants only within its namespace: nothing on cluster-scoped resources,
    /// even through cluster-admin (breaker s4: sandbox admin became Tier Zero through an
    /// impersonation edge to system:masters).
    void namespacedGrantsOfClusterScopedResources()
    {
        const ImportedGraph g = importFixture(QStringLiteral("namespaced-cluster-scoped.yaml"));
        const QString scopedAdmin = QStringLiteral("clusterrole:cluster-admin@sandbox");
        QVERIFY(findEdge(g, QStringLiteral("sandy"), scopedAdmin, GraphEdgeKind::BoundTo));
        // Namespaced service accounts stay reachable within sandbox ...
        QVERIFY(findEdge(g, scopedAdmin, sa("sandbox", "deployer"), GraphEdgeKind::CanImpersonate,
                         QStringLiteral("k8s:impersonate")));
        QVERIFY(findEdge(g, scopedAdmin, sa("sandbox", "deployer"), GraphEdgeKind::DelegatedTo,
                         QStringLiteral("k8s:create-pods")));
        // ... but no user, group or other namespace's account is.
        QVERIFY(!findNode(g, QStringLiteral("system:masters")));
        // Every escalation edge of the two namespaced grants stays inside sandbox.
        for (const QString& from : {scopedAdmin, QStringLiteral("role:sandbox:pretender")})
            for (const GraphEdge& e : g.edges)
                QVERIFY2(e.from != from || e.kind == GraphEdgeKind::Grants ||
                             findNode(g, e.to)->attributes.value(QStringLiteral("namespace")) ==
                                 QStringLiteral("sandbox"),
                         qPrintable(e.explanation));
        for (const QString& who : {QStringLiteral("sandy"), QStringLiteral("pat")}) {
            const QSet<QString> r = reachable(g, who);
            QVERIFY2(!r.contains(sa("kube-system", "god")), qPrintable(who));
            QVERIFY(!r.contains(QStringLiteral("alice")) && !r.contains(QStringLiteral("auditors")));
            for (const QString& id : r)
                QVERIFY2(!findNode(g, id)->tierZero, qPrintable(who + QStringLiteral(" reaches ") + id));
        }
        // The cluster-wide binding is still Tier Zero.
        QVERIFY(findNode(g, QStringLiteral("clusterrole:cluster-admin"))->tierZero);
        QVERIFY(reachable(g, sa("kube-system", "god")).contains(QStringLiteral("k8s:perm:cluster:*:*/*")));
    }

    void fieldCase21Wildcards()
    {
        const ImportedGraph g = importFixture(QStringLiteral("field-case-21-wildcards.yaml"));
        QVERIFY(!g.nodes.isEmpty());
        const QSet<QString> cr1 = successors(g, QStringLiteral("clusterrole:cr-1"), GraphEdgeKind::Grants);
        QCOMPARE(cr1, (QSet<QString>{QStringLiteral("k8s:perm:cluster:get:core/*"),
                                     QStringLiteral("k8s:perm:cluster:list:core/*"),
                                     QStringLiteral("k8s:perm:cluster:delete:core/*")}));
        // cr-1 reads secrets cluster-wide: a read-secrets edge to every SA.
        QVERIFY(findEdge(g, QStringLiteral("clusterrole:cr-1"), sa("ops", "sa-4"),
                         GraphEdgeKind::CanCreateToken, QStringLiteral("k8s:read-secrets")));
        // ... but cannot exec: no pods/exec edge, no pod creation.
        for (const GraphEdge& e : g.edges)
            QVERIFY2(e.from != QStringLiteral("clusterrole:cr-1") || e.kind != GraphEdgeKind::DelegatedTo,
                     qPrintable(e.explanation));
        QCOMPARE(successors(g, QStringLiteral("clusterrole:cr-2"), GraphEdgeKind::Grants),
                 QSet<QString>{QStringLiteral("k8s:perm:cluster:*:core/secrets")});
        QVERIFY(findEdge(g, QStringLiteral("clusterrole:cr-2"), sa("ops", "sa-1"),
                         GraphEdgeKind::CanCreateToken, QStringLiteral("k8s:read-secrets")));
        // cr-3: "pods/*" grants nothing and is reported as ineffective.
        QVERIFY(successors(g, QStringLiteral("clusterrole:cr-3"), GraphEdgeKind::Grants).isEmpty());
        QVERIFY(std::any_of(g.edges.begin(), g.edges.end(), [](const GraphEdge& e) {
                    return e.from == QStringLiteral("clusterrole:cr-3");
                }) == false);
        const QStringList ineffective = g.warnings.filter(QStringLiteral("pods/*"));
        QCOMPARE(ineffective.size(), 1);
        QVERIFY(ineffective[0].contains(QStringLiteral("cr-3")));
        QVERIFY(ineffective[0].contains(QStringLiteral("ineffective")));
        QVERIFY(ineffective[0].contains(QStringLiteral("document 3 (line 15)")));
        // cr-4: bind and escalate on every ClusterRole, but no way to write a binding or update a
        // role: no takeover edge at all (an edge into a role must mean its permissions are gained).
        QCOMPARE(count(g, GraphEdgeKind::CanModify), 0);
    }

    void fieldCase22BindingScope()
    {
        const ImportedGraph g = importFixture(QStringLiteral("field-case-22-binding-scope.yaml"));
        const QString scoped = QStringLiteral("clusterrole:secrets-read@team-b");
        const QString getSecretsTeamB = QStringLiteral("k8s:perm:ns/team-b:get:core/secrets");
        const GraphEdge* builder = findEdge(g, sa("team-b", "builder"), scoped, GraphEdgeKind::BoundTo);
        QVERIFY(builder);
        QCOMPARE(builder->origin, QStringLiteral("rolebinding team-b/rb-1"));
        QVERIFY(builder->originDetail.value(QStringLiteral("subjectNamespaceDefaulted")).toBool());
        QVERIFY(findEdge(g, sa("ci", "deployer"), scoped, GraphEdgeKind::BoundTo));
        QCOMPARE(findNode(g, sa("team-b", "builder"))->label, QStringLiteral("team-b:builder"));
        for (const QString& who : {sa("team-b", "builder"), sa("ci", "deployer")}) {
            const QSet<QString> r = reachable(g, who);
            QVERIFY(r.contains(getSecretsTeamB));
            QVERIFY(r.contains(QStringLiteral("k8s:perm:ns/team-b:list:core/secrets")));
            QVERIFY(!r.contains(QStringLiteral("k8s:perm:cluster:get:core/secrets")));
            QVERIFY(!r.contains(QStringLiteral("k8s:perm:ns/ci:get:core/secrets")));
        }
        // Same names, other namespaces: nothing granted.
        QVERIFY(reachable(g, sa("ci", "builder")).isEmpty());
        QVERIFY(!reachable(g, sa("team-b", "deployer")).contains(getSecretsTeamB));
        // The scoped ClusterRole can read the token secrets of team-b's accounts only.
        QVERIFY(findEdge(g, scoped, sa("team-b", "deployer"), GraphEdgeKind::CanCreateToken));
        QVERIFY(findEdge(g, scoped, sa("team-b", "builder"), GraphEdgeKind::CanCreateToken));
        QVERIFY(!findEdge(g, scoped, sa("ci", "deployer"), GraphEdgeKind::CanCreateToken));

        // kubectl -o json of the same objects (tabs, List) gives the same graph.
        const ImportedGraph json = importFixture(QStringLiteral("field-case-22-binding-scope.json"));
        QCOMPARE(json.nodes, g.nodes);
        QCOMPARE(json.edges, g.edges);
    }

    void escalationPrimitives_data()
    {
        QTest::addColumn<QString>("attacker");
        QTest::addColumn<QString>("grantNode");
        QTest::addColumn<QString>("target");
        QTest::addColumn<GraphEdgeKind>("kind");
        QTest::addColumn<QString>("primitive");
        QTest::addColumn<bool>("conditional");
        const QString deployer = sa("prod", "deployer");
        QTest::newRow("create pods") << sa("dev", "att-create-pods")
                                     << QStringLiteral("role:prod:pod-creator") << deployer
                                     << GraphEdgeKind::DelegatedTo << QStringLiteral("k8s:create-pods")
                                     << false;
        QTest::newRow("create deployments")
            << sa("dev", "att-create-deployments") << QStringLiteral("role:prod:deploy-creator") << deployer
            << GraphEdgeKind::DelegatedTo << QStringLiteral("k8s:create-workloads") << false;
        QTest::newRow("list secrets")
            << sa("dev", "att-list-secrets") << QStringLiteral("role:prod:secret-lister") << deployer
            << GraphEdgeKind::CanCreateToken << QStringLiteral("k8s:read-secrets") << false;
        QTest::newRow("token request")
            << sa("dev", "att-token") << QStringLiteral("role:prod:token-requester") << deployer
            << GraphEdgeKind::CanCreateToken << QStringLiteral("k8s:serviceaccounts/token") << false;
        QTest::newRow("impersonate sa")
            << sa("dev", "att-impersonate-sa") << QStringLiteral("role:prod:sa-impersonator") << deployer
            << GraphEdgeKind::CanImpersonate << QStringLiteral("k8s:impersonate") << false;
        QTest::newRow("pods/exec") << sa("dev", "att-exec") << QStringLiteral("role:prod:execer") << deployer
                                   << GraphEdgeKind::DelegatedTo << QStringLiteral("k8s:pods/exec") << false;
        QTest::newRow("impersonate groups")
            << QStringLiteral("mallory") << QStringLiteral("clusterrole:group-impersonator")
            << QStringLiteral("system:masters") << GraphEdgeKind::CanImpersonate
            << QStringLiteral("k8s:impersonate") << false;
        QTest::newRow("bind") << QStringLiteral("platform-team") << QStringLiteral("clusterrole:binder")
                              << QStringLiteral("clusterrole:cluster-admin") << GraphEdgeKind::CanModify
                              << QStringLiteral("k8s:bind") << false;
    }

    void escalationPrimitives()
    {
        QFETCH(QString, attacker);
        QFETCH(QString, grantNode);
        QFETCH(QString, target);
        QFETCH(GraphEdgeKind, kind);
        QFETCH(QString, primitive);
        QFETCH(bool, conditional);
        const ImportedGraph g = importFixture(QStringLiteral("escalation-primitives.yaml"));
        const GraphEdge* e = findEdge(g, grantNode, target, kind, primitive);
        QVERIFY2(e, qPrintable(grantNode + QStringLiteral(" -> ") + target));
        QCOMPARE(e->conditional, conditional);
        QVERIFY(!e->explanation.isEmpty());
        QVERIFY(e->origin.contains(grantNode.section(QLatin1Char(':'), -1)));
        // The expected path: attacker -> its grant -> target -> ... -> a Tier Zero node.
        const auto path = shortestPath(g, attacker, target);
        QVERIFY(path);
        QCOMPARE(path->size(), 2);
        QCOMPARE(path->at(0).kind, GraphEdgeKind::BoundTo);
        QCOMPARE(path->at(1).escalation, primitive);
        bool tierZero = false;
        for (const QString& id : reachable(g, attacker))
            tierZero = tierZero || findNode(g, id)->tierZero;
        QVERIFY(tierZero);
    }

    /// bind and escalate (breaker s3): an edge into a role only where the subject really gains
    /// its permissions, scoped as the binding it could hold.
    void bindAndEscalate()
    {
        const ImportedGraph g = importFixture(QStringLiteral("bind-escalate.yaml"));
        const QString opsAdmin = QStringLiteral("k8s:ns-admin:ops");
        const QString clusterAdmin = QStringLiteral("k8s:perm:cluster:*:*/*");
        auto reachesTierZero = [&](const QString& who) {
            for (const QString& id : reachable(g, who))
                if (findNode(g, id)->tierZero)
                    return true;
            return false;
        };
        auto edgesFrom = [&](const QString& from, GraphEdgeKind kind) { return successors(g, from, kind); };

        // (a) escalate + update on a role bound to nobody gives nobody anything.
        QVERIFY(edgesFrom(QStringLiteral("role:ops:esc-victim"), GraphEdgeKind::CanModify).isEmpty());
        QVERIFY(edgesFrom(QStringLiteral("kim"), GraphEdgeKind::CanModify).isEmpty());
        QVERIFY(!reachable(g, QStringLiteral("kim")).contains(QStringLiteral("role:ops:victim")));
        QVERIFY(!reachable(g, QStringLiteral("kim")).contains(sa("ops", "robot")));
        QVERIFY(!reachesTierZero(QStringLiteral("kim")));

        // (b) vic holds "held" and may rewrite it: admin of ops, from vic herself (the two
        // permissions come from two bindings). Admin of ops is not Tier Zero, but it can run a
        // pod as ops:robot, which is.
        const GraphEdge* vic = findEdge(g, QStringLiteral("vic"), opsAdmin, GraphEdgeKind::CanModify,
                                        QStringLiteral("k8s:escalate"));
        QVERIFY(vic);
        QVERIFY(!vic->conditional);
        QVERIFY2(vic->origin.contains(QStringLiteral("role ops/esc-victim rules[0]")),
                 qPrintable(vic->origin));
        QVERIFY2(vic->explanation.contains(QStringLiteral("Role ops/held")), qPrintable(vic->explanation));
        QCOMPARE(findNode(g, opsAdmin)->tierZero, false);
        QVERIFY(findEdge(g, opsAdmin, QStringLiteral("k8s:perm:ns/ops:*:*/*"), GraphEdgeKind::Grants));
        QVERIFY(findEdge(g, opsAdmin, sa("ops", "robot"), GraphEdgeKind::DelegatedTo,
                         QStringLiteral("k8s:create-pods")));
        const auto vicPath = shortestPath(g, QStringLiteral("vic"), sa("ops", "robot"));
        QVERIFY(vicPath);
        QCOMPARE(vicPath->size(), 2);
        QCOMPARE(vicPath->at(0).to, opsAdmin);

        // (c) a Role that may rewrite itself: its holders are admin of ops.
        QVERIFY(findEdge(g, QStringLiteral("role:ops:self-esc"), opsAdmin, GraphEdgeKind::CanModify,
                         QStringLiteral("k8s:escalate")));
        QVERIFY(!findEdge(g, QStringLiteral("sam"), opsAdmin, GraphEdgeKind::CanModify));

        // (d) rewriting ClusterRole target: Tier Zero for carl (bound cluster-wide), admin of dev
        // only for dora (bound by a RoleBinding in dev).
        QVERIFY(findEdge(g, QStringLiteral("carl"), clusterAdmin, GraphEdgeKind::CanModify,
                         QStringLiteral("k8s:escalate")));
        QVERIFY(findNode(g, clusterAdmin)->tierZero);
        QVERIFY(findEdge(g, QStringLiteral("dora"), QStringLiteral("k8s:ns-admin:dev"),
                         GraphEdgeKind::CanModify, QStringLiteral("k8s:escalate")));
        QVERIFY(!reachable(g, QStringLiteral("dora")).contains(clusterAdmin));
        QVERIFY(!reachesTierZero(QStringLiteral("dora")));
        // cr-esc alone reaches nothing: holding it is not holding target.
        QVERIFY(edgesFrom(QStringLiteral("clusterrole:cr-esc"), GraphEdgeKind::CanModify).isEmpty());

        // (e) ann holds agg-target, which aggregates agg-source: rewriting agg-source is enough.
        QVERIFY(findEdge(g, QStringLiteral("ann"), clusterAdmin, GraphEdgeKind::CanModify,
                         QStringLiteral("k8s:escalate")));

        // (f) bind on ClusterRoles in dev + create RoleBindings there: those ClusterRoles in dev
        // only (cluster-admin in dev is not Tier Zero), never cluster-wide.
        const QString binder = QStringLiteral("role:dev:ns-binder");
        QCOMPARE(edgesFrom(binder, GraphEdgeKind::CanModify),
                 (QSet<QString>{QStringLiteral("clusterrole:edit@dev"),
                                QStringLiteral("clusterrole:cluster-admin@dev")}));
        QVERIFY(findEdge(g, binder, QStringLiteral("clusterrole:edit@dev"), GraphEdgeKind::CanModify,
                         QStringLiteral("k8s:bind")));
        QVERIFY(findEdge(g, QStringLiteral("clusterrole:edit@dev"),
                         QStringLiteral("k8s:perm:ns/dev:list:core/secrets"), GraphEdgeKind::Grants));
        QVERIFY(!findNode(g, QStringLiteral("clusterrole:cluster-admin@dev"))->tierZero);
        QVERIFY(!reachesTierZero(QStringLiteral("nina")));

        // (g) bind alone: nothing; (h) with a second binding that writes ClusterRoleBindings: bob
        // can bind himself to cluster-admin (edge from bob, not from either role).
        QVERIFY(edgesFrom(QStringLiteral("clusterrole:bind-only"), GraphEdgeKind::CanModify).isEmpty());
        QVERIFY(edgesFrom(QStringLiteral("clusterrole:crb-writer"), GraphEdgeKind::CanModify).isEmpty());
        const GraphEdge* bob = findEdge(g, QStringLiteral("bob"), QStringLiteral("clusterrole:cluster-admin"),
                                        GraphEdgeKind::CanModify, QStringLiteral("k8s:bind"));
        QVERIFY(bob);
        QCOMPARE(bob->origin,
                 QStringLiteral("clusterrole bind-only rules[0]; clusterrole crb-writer rules[0]"));

        // (i) create + escalate + bind on roles and create rolebindings in qa: admin of qa.
        QVERIFY(findEdge(g, QStringLiteral("role:qa:maker"), QStringLiteral("k8s:ns-admin:qa"),
                         GraphEdgeKind::CanModify, QStringLiteral("k8s:escalate")));

        // No conditional bind/escalate edges remain: without the companion there is no edge.
        for (const GraphEdge& e : g.edges)
            QVERIFY2(!e.conditional || (e.escalation != QStringLiteral("k8s:bind") &&
                                        e.escalation != QStringLiteral("k8s:escalate")),
                     qPrintable(e.explanation));
    }

    void escalationNotOverreaching()
    {
        const ImportedGraph g = importFixture(QStringLiteral("escalation-primitives.yaml"));
        // Namespaced primitives stay in prod: the dev attackers cannot reach each other.
        QVERIFY(!findEdge(g, QStringLiteral("role:prod:pod-creator"), sa("dev", "att-exec"),
                          GraphEdgeKind::DelegatedTo));
        // The token request is limited by resourceNames to deployer.
        QCOMPARE(successors(g, QStringLiteral("role:prod:token-requester"), GraphEdgeKind::CanCreateToken),
                 QSet<QString>{sa("prod", "deployer")});
        // cluster-admin holds everything; no primitive edges are drawn from it.
        for (const GraphEdge& e : g.edges)
            QVERIFY(e.from != QStringLiteral("clusterrole:cluster-admin") || e.kind == GraphEdgeKind::Grants);
        QVERIFY(findNode(g, QStringLiteral("k8s:perm:cluster:*:*/*"))->tierZero);
        QVERIFY(findNode(g, QStringLiteral("system:masters"))->tierZero);
    }

    void aggregation()
    {
        const ImportedGraph g = importFixture(QStringLiteral("aggregation.yaml"));
        const QSet<QString> monitoring =
            successors(g, QStringLiteral("clusterrole:monitoring"), GraphEdgeKind::Grants);
        QCOMPARE(monitoring, (QSet<QString>{QStringLiteral("k8s:perm:cluster:watch:core/events"),
                                            QStringLiteral("k8s:perm:cluster:get:core/pods"),
                                            QStringLiteral("k8s:perm:cluster:list:metrics.k8s.io/pods")}));
        const GraphEdge* inherited =
            findEdge(g, QStringLiteral("clusterrole:monitoring"),
                     QStringLiteral("k8s:perm:cluster:get:core/pods"), GraphEdgeKind::Grants);
        QCOMPARE(inherited->origin, QStringLiteral("clusterrole pods-read-base rules[0]"));
        const QJsonArray from = findNode(g, QStringLiteral("clusterrole:monitoring"))
                                    ->attributes.value(QStringLiteral("aggregatedFrom"))
                                    .toArray();
        QCOMPARE(from, (QJsonArray{QStringLiteral("pods-read"), QStringLiteral("metrics-read")}));
    }

    void fieldCase24Encodings()
    {
        // (a)/(b): a UTF-8 byte-order mark changes nothing.
        const QByteArray plain =
            readFile(fixturePath(QStringLiteral("k8s/field-case-22-binding-scope.yaml")));
        const ImportedGraph withBom = importOk(QByteArray("\xEF\xBB\xBF") + plain, QStringLiteral("f.yaml"));
        const ImportedGraph without = importOk(plain, QStringLiteral("f.yaml"));
        QVERIFY(!without.nodes.isEmpty());
        QCOMPARE(withBom.nodes, without.nodes);
        QCOMPARE(withBom.edges, without.edges);

        // (c): a NUL escape keeps the rest of the string; non-ASCII names survive intact.
        const ImportedGraph g = importFixture(QStringLiteral("field-case-24-encodings.yaml"));
        const QString role = QStringLiteral("role:équipe:Zoë-Ñ-東京-role");
        QVERIFY(findNode(g, role));
        QVERIFY(findEdge(g, QStringLiteral("zoë@例え.jp"), role, GraphEdgeKind::BoundTo));
        const QString name = QStringLiteral("before") + QChar(0) + QStringLiteral("after");
        const GraphNode* perm = findNode(g, QStringLiteral("k8s:perm:ns/équipe:get:core/configmaps#") + name);
        QVERIFY(perm);
        QCOMPARE(perm->attributes.value(QStringLiteral("resourceName")).toString().size(), 12);

        // (d): a file cut halfway fails as a whole, naming where.
        const QByteArray json = readFile(fixturePath(QStringLiteral("k8s/field-case-22-binding-scope.json")));
        const QString cut = importError(json.left(json.size() / 2));
        QVERIFY2(cut.startsWith(QStringLiteral("bad.yaml: line ")), qPrintable(cut));
        QVERIFY(cut.contains(QStringLiteral("not valid YAML")));
        const QString cutFlow =
            importError(QByteArray("kind: Role\nmetadata: {name: r}\nrules: [{verbs: [\"get\", \"li"));
        QVERIFY2(cutFlow.contains(QStringLiteral("line 3")), qPrintable(cutFlow));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("verbs is a map")
            << QByteArray("kind: Role\nmetadata: {name: r, namespace: n}\nrules:\n- apiGroups: [\"\"]\n  "
                          "verbs: {get: true}\n")
            << QStringLiteral("bad.yaml: document 1 (line 5, column 10): rules[0].verbs: "
                              "expected a list of strings, found a map");
        QTest::newRow("rules is a string")
            << QByteArray("---\nkind: ConfigMap\nmetadata: {name: c}\n---\nkind: ClusterRole\n"
                          "metadata: {name: r}\nrules: everything\n")
            << QStringLiteral("bad.yaml: document 2 (line 7, column 8): rules: expected a "
                              "list, found the scalar \"everything\"");
        QTest::newRow("list item without name")
            << QByteArray("kind: List\nitems:\n- kind: ClusterRole\n  metadata: {}\n")
            << QStringLiteral("bad.yaml: document 1, items[0] (line 4, column 13): metadata.name: missing");
        QTest::newRow("binding without roleRef")
            << QByteArray("kind: RoleBinding\nmetadata: {name: b, namespace: n}\nsubjects: []\n")
            << QStringLiteral("roleRef: expected a map with kind and name, found nothing");
        QTest::newRow("roleRef kind")
            << QByteArray("kind: RoleBinding\nmetadata: {name: b, namespace: n}\n"
                          "roleRef: {kind: User, name: x}\n")
            << QStringLiteral("roleRef.kind: expected Role or ClusterRole, found \"User\"");
        QTest::newRow("subject name a list")
            << QByteArray(
                   "kind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: ClusterRole, name: x}\n"
                   "subjects: [{kind: User, name: [a]}]\n")
            << QStringLiteral("subjects[0].name: expected a string, found a list");
        QTest::newRow("selector operator")
            << QByteArray(
                   "kind: ClusterRole\nmetadata: {name: a}\naggregationRule:\n  clusterRoleSelectors:\n"
                   "  - matchExpressions: [{key: k, operator: Like}]\n")
            << QStringLiteral(
                   "aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: unknown operator");
        QTest::newRow("document is a scalar")
            << QByteArray("just text\n")
            << QStringLiteral("bad.yaml: document 1 (line 1, column 1): expected a "
                              "Kubernetes object (a map), found the scalar");
        QTest::newRow("syntax") << QByteArray("kind: Role\nmetadata: {name: r\n")
                                << QStringLiteral("not valid YAML");
        QTest::newRow("empty") << QByteArray("\n  \n") << QStringLiteral("bad.yaml: the file is empty");
        QTest::newRow("invalid UTF-8") << QByteArray("kind: Role\nmetadata: {name: \"\xC3\x28\"}\n")
                                       << QStringLiteral("bad.yaml: not valid UTF-8");
        QTest::newRow("UTF-16") << QByteArray("\xFF\xFE k\0i\0", 8) << QStringLiteral("UTF-16");
        QByteArray deepMap;
        for (int i = 0; i < 100; ++i)
            deepMap += QByteArray(i, ' ') + "k" + QByteArray::number(i) + ":\n";
        QTest::newRow("deep nesting") << deepMap << QStringLiteral("nested deeper than 64 levels");
        QTest::newRow("very deep flow") << QByteArray(100000, '[') << QStringLiteral("not valid YAML");
        // Billion laughs: 9 levels of 10 aliases, 10^9 nodes once expanded.
        QByteArray bomb =
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (char c = 'b'; c <= 'i'; ++c) {
            const QByteArray prev = QByteArray("*") + char(c - 1);
            bomb += QByteArray(1, c) + ": &" + c + " [" + QList<QByteArray>(10, prev).join(",") + "]\n";
        }
        // Duplicate keys: kubectl refuses them; yaml-cpp would keep the first silently.
        QTest::newRow("duplicate key")
            << QByteArray("kind: ClusterRole\nkind: Role\nmetadata: {name: dup, namespace: n}\n")
            << QStringLiteral(
                   "bad.yaml: document 1 (line 2, column 1): duplicate key \"kind\" (first at line 1)");
        QTest::newRow("duplicate key in a rule")
            << QByteArray(
                   "kind: Role\nmetadata: {name: r, namespace: n}\nrules:\n- {verbs: [get], verbs: [list]}\n")
            << QStringLiteral("(line 4, column 18): duplicate key \"verbs\" (first at line 4)");
        // Merge keys: yaml-cpp 0.7 does not implement them; refused instead of losing entries.
        QTest::newRow("merge key")
            << QByteArray("base: &b {apiGroups: [\"\"], resources: [secrets]}\nkind: ClusterRole\n"
                          "metadata: {name: mrg}\nrules:\n- <<: *b\n  verbs: [list]\n")
            << QStringLiteral(
                   "bad.yaml: document 1 (line 5, column 3): YAML merge key \"<<\" is not supported");
        QTest::newRow("raw NUL") << QByteArray("kind: Role\nmetadata: {name: \"a\0b\", namespace: n}\n", 47)
                                 << QStringLiteral(
                                        "bad.yaml: line 2, column 20: raw control character U+0000");
        QTest::newRow("raw escape character")
            << QByteArray("kind: Role\nmetadata: {name: a\x1b[0m}\n")
            << QStringLiteral("line 2, column 19: raw control character U+001b");
        // Field lengths (kubernetes.io "Object Names and IDs", "Labels and Selectors").
        QTest::newRow("name of 254")
            << (QByteArray("kind: ClusterRole\nmetadata: {name: ") + QByteArray(254, 'x') + "}\n")
            << QStringLiteral(
                   "bad.yaml: document 1 (line 2, column 18): metadata.name: 254 bytes, longer than "
                   "the 253 characters allowed for an object name (a DNS subdomain)");
        QTest::newRow("namespace of 64")
            << (QByteArray("kind: Role\nmetadata: {name: r, namespace: ") + QByteArray(64, 'n') + "}\n")
            << QStringLiteral("metadata.namespace: 64 bytes, longer than the 63 characters allowed for a "
                              "namespace (a DNS label)");
        QTest::newRow("label value of 64")
            << (QByteArray("kind: ClusterRole\nmetadata: {name: r, labels: {a: ") + QByteArray(64, 'v') +
                "}}\n")
            << QStringLiteral(
                   "metadata.labels.a: 64 bytes, longer than the 63 characters allowed for a label value");
        QTest::newRow("verb of 254")
            << (QByteArray("kind: ClusterRole\nmetadata: {name: r}\nrules: [{verbs: [") +
                QByteArray(254, 'v') + "]}]\n")
            << QStringLiteral("rules[0].verbs[0]: 254 bytes, longer than the 253 characters");
        QTest::newRow("user name of 1025")
            << (QByteArray(
                    "kind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: ClusterRole, name: x}\n"
                    "subjects: [{kind: User, name: ") +
                QByteArray(1025, 'u') + "}]\n")
            << QStringLiteral(
                   "subjects[0].name: 1025 bytes, longer than the 1024 characters allowed for a user "
                   "or group name");
        QTest::newRow("service account name of 254")
            << (QByteArray("kind: Pod\nmetadata: {name: p, namespace: n}\nspec: {serviceAccountName: ") +
                QByteArray(254, 's') + "}\n")
            << QStringLiteral("spec.serviceAccountName: 254 bytes");
        // A 20 MiB one-line name is refused before yaml-cpp spends seconds on it.
        QTest::newRow("20 MiB line") << (QByteArray("kind: ClusterRole\nmetadata: {name: \"") +
                                         QByteArray(20 * 1024 * 1024, 'x') + "\"}\n")
                                     << QStringLiteral(
                                            "bad.yaml: line 2 is 20971540 bytes long, longer than the 8 MiB");
        QTest::newRow("billion laughs")
            << bomb << QStringLiteral("more than 4000000 YAML nodes once aliases are expanded");
    }

    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QElapsedTimer timer;
        timer.start();
        const QString message = importError(bytes);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(message.startsWith(QStringLiteral("bad.yaml: ")));
        QVERIFY2(timer.elapsed() < 20000, "hostile input must be refused quickly");
    }

    /// Refusals that must stay cheap: the breaker's 60 MiB name took 12.9 s and 1.8 GB to
    /// import, and every later stats call 1.4 GB. A 6 MiB name folded over many lines passes
    /// the line check and is refused by the field limit.
    void hugeFieldRefusedQuickly()
    {
        QByteArray folded = "kind: ClusterRole\nmetadata:\n  name: \"";
        for (int i = 0; i < 6 * 1024; ++i)
            folded += QByteArray(1023, 'x') + "\n   ";
        folded += "\"\n";
        QElapsedTimer timer;
        timer.start();
        const QString message = importError(folded);
        QVERIFY2(
            message.contains(QStringLiteral("metadata.name: ")) &&
                message.contains(QStringLiteral("longer than the 253 characters allowed for an object name")),
            qPrintable(message.left(300)));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        // A quoted "<<" is an ordinary key (only the plain one is a merge key).
        const ImportedGraph g = importOk("kind: ClusterRole\nmetadata: {name: q, labels: {\"<<\": x}}\n",
                                         QStringLiteral("q.yaml"));
        QVERIFY(findNode(g, QStringLiteral("clusterrole:q")));
    }

    void oversizedRefused()
    {
        const QByteArray big(KubernetesManifestReader::kMaxFileBytes + 1, ' ');
        const Result<ImportedGraph> r = KubernetesRbacImporter::import(big, QStringLiteral("huge.yaml"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QVERIFY2(r.error().message.contains(QStringLiteral("larger than the 64 MiB")),
                 qPrintable(r.error().message));
    }

    void warningsDoNotStopTheImport()
    {
        const QByteArray text =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n---\n"
            "kind: RoleBinding\nmetadata: {name: rb, namespace: a}\n"
            "roleRef: {kind: Role, name: missing}\n"
            "subjects: [{kind: Robot, name: r2}, {kind: User, name: alice}]\n---\n"
            "kind: ClusterRoleBinding\nmetadata: {name: crb}\nroleRef: {kind: ClusterRole, name: x}\n"
            "subjects: [{kind: ServiceAccount, name: nons}, {kind: Group, name: alice}]\n---\n"
            "kind: Role\nmetadata: {name: r, namespace: a}\n"
            "rules: [{nonResourceURLs: [\"/healthz\"], verbs: [get]}, {resources: [pods], verbs: [get]}]\n";
        const ImportedGraph g = importOk(text, QStringLiteral("w.yaml"));
        const QString all = g.warnings.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("ignored 1 object(s) of kinds that hold no RBAC: ConfigMap x1")),
                 qPrintable(all));
        QVERIFY(all.contains(QStringLiteral("refers to Role missing, which is not in this file")));
        QVERIFY(all.contains(QStringLiteral("unknown subject kind \"Robot\"")));
        QVERIFY(all.contains(QStringLiteral("ServiceAccount nons without namespace")));
        QVERIFY(all.contains(QStringLiteral("nonResourceURLs in a Role have no effect")));
        QVERIFY(all.contains(QStringLiteral("resources without apiGroups")));
        QVERIFY(all.contains(QStringLiteral("\"alice\" names both a user and a group")));
        // The binding to a missing role is still in the graph, to a placeholder.
        QVERIFY(
            findEdge(g, QStringLiteral("alice"), QStringLiteral("role:a:missing"), GraphEdgeKind::BoundTo));
        QCOMPARE(findNode(g, QStringLiteral("role:a:missing"))
                     ->attributes.value(QStringLiteral("defined"))
                     .toBool(),
                 false);
        QCOMPARE(findNode(g, QStringLiteral("group:alice"))->kind, GraphNodeKind::Group);
        QVERIFY(findEdge(g, QStringLiteral("group:alice"), QStringLiteral("clusterrole:x"),
                         GraphEdgeKind::BoundTo));
    }

    /// Repeated warnings of one kind are one warning: count, the first three, how many more
    /// (breaker 10k.yaml: 10,000 "refers to ClusterRole edit, which is not in this file").
    void repeatedWarningsAggregated()
    {
        QByteArray text;
        for (int i = 0; i < 1000; ++i)
            text +=
                "---\nkind: RoleBinding\nmetadata: {name: rb" + QByteArray::number(i) +
                ", namespace: n}\nroleRef: {kind: ClusterRole, name: edit}\nsubjects: [{kind: User, name: u" +
                QByteArray::number(i) + "}]\n";
        text += "---\nkind: Role\nmetadata: {name: r, namespace: n}\nrules: [{resources: [pods], verbs: "
                "[get]}]\n";
        const ImportedGraph g = importOk(text, QStringLiteral("many.yaml"));
        const QStringList missing = g.warnings.filter(QStringLiteral("not in this file"));
        QCOMPARE(missing.size(), 1);
        QVERIFY2(
            missing[0].startsWith(QStringLiteral(
                "many.yaml: 1000 bindings to roles not in this file (their grants are unknown); the first 3: "
                "document 1 (line 2, column 1): RoleBinding n/rb0: refers to ClusterRole edit, which is not "
                "in "
                "this file; its grants are unknown; document 2 (line 7, column 1): RoleBinding n/rb1:")),
            qPrintable(missing[0].left(400)));
        QVERIFY(missing[0].endsWith(QStringLiteral("; and 997 more")));
        // A kind seen once keeps its own message.
        const QStringList single = g.warnings.filter(QStringLiteral("resources without apiGroups"));
        QCOMPARE(single.size(), 1);
        QVERIFY2(single[0].contains(QStringLiteral("many.yaml: document 1001 (line 5004): Role r rules[0]: "
                                                   "resources without apiGroups")),
                 qPrintable(single[0]));
        QVERIFY(g.warnings.size() < 5);
        // Every binding is still in the graph.
        QCOMPARE(count(g, GraphEdgeKind::BoundTo), 1000);
    }

    void implicitGroupsAndServiceAccountUsers()
    {
        const QByteArray text =
            "kind: ServiceAccount\nmetadata: {name: a, namespace: n1}\n---\n"
            "kind: ServiceAccount\nmetadata: {name: b, namespace: n2}\n---\n"
            "kind: ClusterRoleBinding\nmetadata: {name: crb}\nroleRef: {kind: ClusterRole, name: view}\n"
            "subjects: [{kind: Group, name: \"system:serviceaccounts:n1\"},"
            " {kind: User, name: \"system:serviceaccount:n2:b\"}]\n";
        const ImportedGraph g = importOk(text, QStringLiteral("g.yaml"));
        QVERIFY(
            findEdge(g, sa("n1", "a"), QStringLiteral("system:serviceaccounts:n1"), GraphEdgeKind::MemberOf));
        QVERIFY(!findEdge(g, sa("n2", "b"), QStringLiteral("system:serviceaccounts:n1"),
                          GraphEdgeKind::MemberOf));
        // A User subject named like a service account is that service account.
        QVERIFY(findEdge(g, sa("n2", "b"), QStringLiteral("clusterrole:view"), GraphEdgeKind::BoundTo));
        QVERIFY(!findNode(g, QStringLiteral("system:serviceaccount:n2:b"))->attributes.isEmpty());
        QCOMPARE(findNode(g, sa("n2", "b"))->kind, GraphNodeKind::ServiceAccount);
    }

    void deterministic()
    {
        const QByteArray bytes = readFile(fixturePath(QStringLiteral("k8s/escalation-primitives.yaml")));
        const ImportedGraph a = importOk(bytes, QStringLiteral("e.yaml"));
        const ImportedGraph b = importOk(bytes, QStringLiteral("e.yaml"));
        QVERIFY(!a.edges.isEmpty());
        QCOMPARE(a.nodes, b.nodes);
        QCOMPARE(a.edges, b.edges);
        QCOMPARE(a.warnings, b.warnings);
    }
};

QTEST_GUILESS_MAIN(KubernetesRbacImporterTest)
#include "KubernetesRbacImporterTest.moc"
