#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include "AwsAuthorizationImporter.h"
#include "AwsEffectivePolicy.h"
#include "IamPattern.h"
#include "PermissionGraph.h"

using namespace gatehouse;

namespace {

const QDateTime kNow(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
const QString kAcct = QStringLiteral("arn:aws:iam::111122223333:");

QString arn(const char* rest)
{
    return kAcct + QLatin1String(rest);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString fixture(const char* name)
{
    return qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") + QStringLiteral("/tests/data/graph/") +
           QLatin1String(name);
}

/// Authorization details with one role "R" (trusting the account) whose inline policy "P"
/// holds \a statement (a JSON text).
QByteArray oneRole(const QByteArray& statement, const QByteArray& trust = {})
{
    const QByteArray t =
        trust.isEmpty()
            ? QByteArray(R"({"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"})")
            : trust;
    return R"({"RoleDetailList":[{"RoleName":"R","Arn":"arn:aws:iam::111122223333:role/R",
             "AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[)" +
           t + R"(]},"RolePolicyList":[{"PolicyName":"P","PolicyDocument":)" + statement + R"(}]}]})";
}

const GraphEdge* findEdge(const ImportedGraph& g, const QString& from, const QString& to, GraphEdgeKind kind)
{
    for (const auto& e : g.edges)
        if (e.from == from && e.to == to && e.kind == kind)
            return &e;
    return nullptr;
}

const GraphNode* findNode(const ImportedGraph& g, const QString& id)
{
    for (const auto& n : g.nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

QStringList permissionsOf(const ImportedGraph& g, const QString& policyId)
{
    QStringList out;
    for (const auto& e : g.edges)
        if (e.from == policyId && e.kind == GraphEdgeKind::Grants)
            out << e.to;
    out.sort();
    return out;
}

int countKind(const ImportedGraph& g, GraphEdgeKind kind)
{
    int n = 0;
    for (const auto& e : g.edges)
        n += e.kind == kind ? 1 : 0;
    return n;
}

int countKind(const ImportedGraph& g, GraphNodeKind kind)
{
    int n = 0;
    for (const auto& node : g.nodes)
        n += node.kind == kind ? 1 : 0;
    return n;
}

Result<ImportedGraph> importText(const QByteArray& text, const QString& name = QStringLiteral("test.json"))
{
    return AwsAuthorizationImporter(kNow).import(text, name);
}

} // namespace

class AwsAuthorizationImporterTest : public QObject
{
    Q_OBJECT

private slots:
    void iamPatterns_data();
    void iamPatterns();
    void corpus_data();
    void corpus();
    void corpusFindings();
    void escalationFixtures_data();
    void escalationFixtures();
    void awsManagedPoliciesCannotBeModified();
    void urlEncodedDocuments();
    void scalarsWhereListsAreExpected();
    void wildcardPrincipalForms_data();
    void wildcardPrincipalForms();
    void actionsAreCaseInsensitive();
    void denyIsNeverAGrant();
    void escalationSplitAcrossTwoPolicies();
    void escalationSplitAcrossUserAndGroup();
    void conditions();
    void hostileInput_data();
    void hostileInput();
    void oversizedFileIsRefused();
    void errorsNameTheLocation_data();
    void errorsNameTheLocation();
    void bomAndNonAscii();
    void narrowGrant_data();
    void narrowGrant();
    void denyNarrowsEffectiveGrants();
    void permissionsBoundaryCapsGrants();
    void malformedPermissionsBoundary();
    void rewritingGrantsNeedsActingAsTheHolder();
    void trustNamingThePrincipalIsEnough();
};

void AwsAuthorizationImporterTest::iamPatterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("action");
    QTest::addColumn<bool>("matches");
    QTest::newRow("star") << "iam:*"
                          << "iam:PassRole" << true << true;
    QTest::newRow("case action") << "IAM:passrole"
                                 << "iam:PassRole" << true << true;
    QTest::newRow("question") << "iam:Pass?ole"
                              << "iam:PassRole" << true << true;
    QTest::newRow("question needs one") << "iam:PassRole?"
                                        << "iam:PassRole" << true << false;
    QTest::newRow("arn case-sensitive") << "arn:aws:iam::1:role/admin"
                                        << "arn:aws:iam::1:role/Admin" << false << false;
    QTest::newRow("arn glob") << "arn:aws:iam::1:role/*"
                              << "arn:aws:iam::1:role/x/Admin" << false << true;
    QTest::newRow("backtracking") << "*a*a*a*a*b"
                                  << "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac" << false << false;
    QTest::newRow("dot literal") << "s3:Get.bject"
                                 << "s3:GetObject" << true << false;
}

void AwsAuthorizationImporterTest::iamPatterns()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, action);
    QFETCH(bool, matches);
    QCOMPARE(IamPattern::matches(pattern, text,
                                 action ? IamPattern::Case::Insensitive : IamPattern::Case::Sensitive),
             matches);
    QVERIFY(IamPattern::covers(QStringLiteral("iam:*"), QStringLiteral("iam:Pass*"),
                               IamPattern::Case::Insensitive));
    QVERIFY(!IamPattern::covers(QStringLiteral("iam:Pass*"), QStringLiteral("iam:*"),
                                IamPattern::Case::Insensitive));
    QVERIFY(IamPattern::overlaps(QStringLiteral("iam:Pass*"), QStringLiteral("iam:*"),
                                 IamPattern::Case::Insensitive));
    QVERIFY(!IamPattern::overlaps(QStringLiteral("s3:*"), QStringLiteral("iam:*"),
                                  IamPattern::Case::Insensitive));
}

// Expected counts come from tests/data/graph/derive_aws_counts.py, a separate Python reading
// of the documented mapping (run once: `python3 derive_aws_counts.py FILE`), not from the
// importer. Parts are also readable from the files (SOURCES.md): example-authz-details has
// 3 users + 2 trusted services (ssm, ec2) = 5 principals, 2 groups, 3 roles, and 32 managed
// + 6 inline policies = 38 policy nodes; cloudmapper's demo has 2 users + 4 trust principals
// (ec2, "*", lambda, ecs-tasks), 1 group, 4 roles, 2 managed + 4 inline policies. Permission
// and resource nodes are the distinct action x resource pairs of the Allow statements.
void AwsAuthorizationImporterTest::corpus_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("edges");
    QTest::addColumn<QList<int>>("nodeKinds"); // principal, group, role, policy, permission, resource
    QTest::addColumn<QList<int>>(
        "edgeKinds"); // member_of, grants, can_assume, can_pass_role, can_modify, can_create_token
    QTest::newRow("cloudsplaining example")
        << "example-authz-details.json" << 1972 << 4386 << QList<int>{5, 2, 3, 38, 1861, 63}
        << QList<int>{3, 4375, 3, 2, 0, 3};
    QTest::newRow("cloudmapper demo") << "iam-get-account-authorization-details.json" << 114 << 196
                                      << QList<int>{6, 1, 4, 6, 90, 7} << QList<int>{1, 188, 7, 0, 0, 0};
}

void AwsAuthorizationImporterTest::corpus()
{
    QFETCH(QString, file);
    QFETCH(int, nodes);
    QFETCH(int, edges);
    QFETCH(QList<int>, nodeKinds);
    QFETCH(QList<int>, edgeKinds);
    const QString shared = qEnvironmentVariable("GATEHOUSE_SHARED_DIR");
    const QString path = shared + QStringLiteral("/corpus/aws-iam/") + file;
    if (shared.isEmpty() || !QFile::exists(path))
        QSKIP("the shared corpus (GATEHOUSE_SHARED_DIR/corpus/aws-iam) is not available on this machine");
    auto g = AwsAuthorizationImporter(kNow).import(readFile(path), file);
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    QCOMPARE(g->nodes.size(), nodes);
    QCOMPARE(g->edges.size(), edges);
    const QList<GraphNodeKind> nk{GraphNodeKind::Principal,  GraphNodeKind::Group,
                                  GraphNodeKind::Role,       GraphNodeKind::Policy,
                                  GraphNodeKind::Permission, GraphNodeKind::Resource};
    for (qsizetype i = 0; i < nk.size(); ++i)
        QCOMPARE(countKind(*g, nk[i]), nodeKinds[i]);
    const QList<GraphEdgeKind> ek{GraphEdgeKind::MemberOf,  GraphEdgeKind::Grants,
                                  GraphEdgeKind::CanAssume, GraphEdgeKind::CanPassRole,
                                  GraphEdgeKind::CanModify, GraphEdgeKind::CanCreateToken};
    for (qsizetype i = 0; i < ek.size(); ++i)
        QCOMPARE(countKind(*g, ek[i]), edgeKinds[i]);
}

void AwsAuthorizationImporterTest::corpusFindings()
{
    const QString shared = qEnvironmentVariable("GATEHOUSE_SHARED_DIR");
    const QString demo =
        shared + QStringLiteral("/corpus/aws-iam/iam-get-account-authorization-details.json");
    const QString example = shared + QStringLiteral("/corpus/aws-iam/example-authz-details.json");
    if (shared.isEmpty() || !QFile::exists(demo) || !QFile::exists(example))
        QSKIP("the shared corpus (GATEHOUSE_SHARED_DIR/corpus/aws-iam) is not available on this machine");

    // cloudmapper documents find_admins == [bad_role]; its trust names {"AWS": "*"}.
    auto g = AwsAuthorizationImporter(kNow).import(readFile(demo), QStringLiteral("demo.json"));
    QVERIFY(g.has_value());
    QStringList tierZero;
    for (const auto& n : g->nodes)
        if (n.tierZero)
            tierZero << n.id;
    QCOMPARE(tierZero, QStringList{QStringLiteral("arn:aws:iam::123456789012:role/bad_role")});
    const GraphNode* any = findNode(*g, QStringLiteral("*"));
    QVERIFY(any);
    QCOMPARE(any->attributes.value(QStringLiteral("public")).toBool(), true);
    QVERIFY(findEdge(*g, QStringLiteral("*"), QStringLiteral("arn:aws:iam::123456789012:role/bad_role"),
                     GraphEdgeKind::CanAssume));
    // exfiller (s3:*, ec2-trusted) is not admin.
    QVERIFY(!findNode(*g, QStringLiteral("arn:aws:iam::123456789012:role/exfiller"))->tierZero);

    // cloudsplaining: obama and userwithlotsofpermissions are admin (the latter only through
    // group admin); biden's PassRole has no lambda-trusting role to reach; the SupYo /
    // EC2-IAM-example pattern reaches OverprivilegedEC2 (ec2-trusted).
    auto c = AwsAuthorizationImporter(kNow).import(readFile(example), QStringLiteral("example.json"));
    QVERIFY(c.has_value());
    const QString acct = QStringLiteral("arn:aws:iam::012345678901:");
    QVERIFY(findNode(*c, acct + QStringLiteral("user/obama"))->tierZero);
    QVERIFY(findNode(*c, acct + QStringLiteral("user/userwithlotsofpermissions"))->tierZero);
    QVERIFY(!findNode(*c, acct + QStringLiteral("user/biden"))->tierZero);
    for (const auto& e : c->edges)
        QVERIFY(!(e.from == acct + QStringLiteral("user/biden") && e.kind == GraphEdgeKind::CanPassRole));
    const GraphEdge* pass =
        findEdge(*c, acct + QStringLiteral("role/MyRole"), acct + QStringLiteral("role/OverprivilegedEC2"),
                 GraphEdgeKind::CanPassRole);
    QVERIFY(pass);
    QVERIFY(pass->escalation.startsWith(QStringLiteral("iam:PassRole+ec2:")));
    QVERIFY(findEdge(*c, acct + QStringLiteral("user/userwithlotsofpermissions"),
                     acct + QStringLiteral("group/admin"), GraphEdgeKind::MemberOf));
    // The ec2 service principal assumes OverprivilegedEC2 but is no identity of its own, so
    // never a finding; the roles and users that can hand it a role are.
    const PermissionGraph pg = PermissionGraph::fromImported(*c);
    const auto ec2 = pg.indexOf(QStringLiteral("ec2.amazonaws.com"));
    QVERIFY(ec2);
    QVERIFY(pg.node(*ec2).awsService);
    QVERIFY(!PermissionGraph::isIdentity(pg.node(*ec2)));
    QVERIFY(PermissionGraph::isIdentity(pg.node(*pg.indexOf(acct + QStringLiteral("role/MyRole")))));
}

void AwsAuthorizationImporterTest::escalationFixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("escalation");
    QTest::addColumn<QString>("pathEnd"); // Tier Zero node the shortest path should reach
    QTest::newRow("PassRole + ec2:RunInstances")
        << "passrole-ec2.json" << arn("role/App") << arn("role/Admin") << int(GraphEdgeKind::CanPassRole)
        << "iam:PassRole+ec2:RunInstances" << arn("role/Admin");
    QTest::newRow("PassRole + lambda:CreateFunction")
        << "passrole-lambda.json" << arn("user/dev") << arn("role/Admin") << int(GraphEdgeKind::CanPassRole)
        << "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction" << arn("role/Admin");
    // Rewriting grants escalates for whoever can also act as a holder: dev can assume Ops /
    // Worker, or is in group devs, and so becomes admin-equivalent itself (path end = dev).
    QTest::newRow("CreatePolicyVersion (customer-managed only)")
        << "create-policy-version.json" << arn("user/dev") << arn("policy/OpsPolicy")
        << int(GraphEdgeKind::CanModify) << "iam:CreatePolicyVersion" << arn("user/dev");
    QTest::newRow("AttachRolePolicy")
        << "attach-role-policy.json" << arn("user/dev") << arn("role/Worker") << int(GraphEdgeKind::CanModify)
        << "iam:AttachRolePolicy" << arn("user/dev");
    QTest::newRow("PutRolePolicy") << "put-role-policy.json" << arn("user/dev") << arn("role/Worker")
                                   << int(GraphEdgeKind::CanModify) << "iam:PutRolePolicy" << arn("user/dev");
    QTest::newRow("UpdateAssumeRolePolicy")
        << "update-assume-role-policy.json" << arn("user/dev") << arn("role/Admin")
        << int(GraphEdgeKind::CanModify) << "iam:UpdateAssumeRolePolicy" << arn("role/Admin");
    QTest::newRow("PutGroupPolicy") << "attach-group-policy.json" << arn("user/dev") << arn("group/devs")
                                    << int(GraphEdgeKind::CanModify) << "iam:PutGroupPolicy"
                                    << arn("user/dev");
    QTest::newRow("CreateAccessKey on another user")
        << "create-access-key.json" << arn("user/helpdesk") << arn("user/root-admin")
        << int(GraphEdgeKind::CanCreateToken) << "iam:CreateAccessKey,iam:CreateLoginProfile"
        << arn("user/root-admin");
    QTest::newRow("AssumeRole chain, hop 1")
        << "assume-role-chain.json" << arn("user/dev") << arn("role/Hop1") << int(GraphEdgeKind::CanAssume)
        << "sts:AssumeRole" << arn("role/Admin");
    QTest::newRow("AssumeRole chain, hop 2")
        << "assume-role-chain.json" << arn("role/Hop1") << arn("role/Admin") << int(GraphEdgeKind::CanAssume)
        << "sts:AssumeRole" << arn("role/Admin");
}

void AwsAuthorizationImporterTest::escalationFixtures()
{
    QFETCH(QString, file);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(int, kind);
    QFETCH(QString, escalation);
    QFETCH(QString, pathEnd);
    const QByteArray data = readFile(fixture(file.toLatin1().constData()));
    QVERIFY(!data.isEmpty());
    auto g = importText(data, file);
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    const GraphEdge* e = findEdge(*g, from, to, static_cast<GraphEdgeKind>(kind));
    QVERIFY2(
        e, qPrintable(
               QStringLiteral("no %1 edge %2 -> %3").arg(graphEdgeKindName(GraphEdgeKind(kind)), from, to)));
    QCOMPARE(e->escalation, escalation);
    QVERIFY(!e->conditional);
    QVERIFY(!e->explanation.isEmpty());
    QVERIFY(e->origin.contains(QLatin1Char('#')));
    if (pathEnd == from) {
        const GraphNode* self = findNode(*g, from);
        QVERIFY(self->tierZero);
        QVERIFY2(self->attributes.value(QStringLiteral("tier_zero_reason")).toString().contains(to),
                 qPrintable(self->attributes.value(QStringLiteral("tier_zero_reason")).toString()));
    } else if (!pathEnd.isEmpty()) {
        PermissionGraph graph = PermissionGraph::fromImported(*g);
        auto start = graph.indexOf(from);
        QVERIFY(start);
        auto path = graph.shortestPath({*start}, graph.tierZeroMask(), 0);
        QVERIFY(path);
        QCOMPARE(graph.node(graph.edgeTo(path->edges.back())).id, pathEnd);
    }
}

void AwsAuthorizationImporterTest::awsManagedPoliciesCannotBeModified()
{
    // dev may CreatePolicyVersion on "arn:aws:iam::*" too: still no edge to an AWS-managed policy.
    auto g = importText(readFile(fixture("create-policy-version.json")));
    QVERIFY(g.has_value());
    for (const auto& e : g->edges)
        QVERIFY(!(e.kind == GraphEdgeKind::CanModify &&
                  e.to.startsWith(QStringLiteral("arn:aws:iam::aws:policy/"))));
    // Only the default version (v2: s3:ListBucket) is in force, not v1's "*".
    QCOMPARE(permissionsOf(*g, arn("policy/OpsPolicy")), QStringList{QStringLiteral("s3:listbucket on *")});
    QVERIFY(!findNode(*g, arn("role/Ops"))->tierZero);
}

void AwsAuthorizationImporterTest::urlEncodedDocuments()
{
    // FIELD-CASES 15 (a) encoded string, (b) the same document as an object.
    const QByteArray encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%"
                               "3A%22Allow%22%2C%22Action%22%3A"
                               "%22s3%3AGetObject%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D";
    auto make = [](const QByteArray& document) {
        return R"({"Policies":[{"PolicyName":"P","Arn":"arn:aws:iam::111122223333:policy/P","DefaultVersionId":"v1",
                 "PolicyVersionList":[{"VersionId":"v1","IsDefaultVersion":true,"Document":)" +
               document + "}]}]}";
    };
    auto a = importText(make('"' + encoded + '"'));
    QVERIFY2(a.has_value(), qPrintable(a ? QString() : a.error().message));
    auto b = importText(make(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]})"));
    QVERIFY(b.has_value());
    QCOMPARE(permissionsOf(*a, arn("policy/P")), QStringList{QStringLiteral("s3:getobject on *")});
    QCOMPARE(permissionsOf(*a, arn("policy/P")), permissionsOf(*b, arn("policy/P")));

    // (c) an object document's condition values stay byte-exact: never decoded.
    auto c = importText(oneRole(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*",
            "Condition":{"StringEquals":{"aws:PrincipalTag/x":["50%zz","100%25"]}}}]})"));
    QVERIFY2(c.has_value(), qPrintable(c ? QString() : c.error().message));
    const GraphEdge* e =
        findEdge(*c, arn("role/R#inline/P"), QStringLiteral("sts:assumerole on *"), GraphEdgeKind::Grants);
    QVERIFY(e);
    QVERIFY(e->conditional);
    const QJsonArray values = e->condition.value(QStringLiteral("StringEquals"))
                                  .toObject()
                                  .value(QStringLiteral("aws:PrincipalTag/x"))
                                  .toArray();
    QCOMPARE(values, (QJsonArray{QStringLiteral("50%zz"), QStringLiteral("100%25")}));

    // A string document that is already JSON is not decoded (iamy PR 57): "%zz" survives.
    auto d = importText(make(
        R"("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/100%25\"}}")"));
    QVERIFY2(d.has_value(), qPrintable(d ? QString() : d.error().message));
    QCOMPARE(permissionsOf(*d, arn("policy/P")),
             QStringList{QStringLiteral("s3:getobject on arn:aws:s3:::b/100%25")});
}

void AwsAuthorizationImporterTest::scalarsWhereListsAreExpected()
{
    // FIELD-CASES 16: Statement as one object, Resource as a string.
    auto g = importText(oneRole(
        R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::demo-bucket"}})"));
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    QCOMPARE(permissionsOf(*g, arn("role/R#inline/P")),
             QStringList{QStringLiteral("s3:listbucket on arn:aws:s3:::demo-bucket")});
}

void AwsAuthorizationImporterTest::wildcardPrincipalForms_data()
{
    QTest::addColumn<QByteArray>("trust");
    QTest::addColumn<QString>("from");
    QTest::addColumn<bool>("isPublic");
    QTest::newRow("Principal *") << QByteArray(
                                        R"({"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"})")
                                 << "*" << true;
    QTest::newRow("AWS *") << QByteArray(
                                  R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"})")
                           << "*" << true;
    QTest::newRow("AWS list")
        << QByteArray(
               R"({"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":"sts:AssumeRole"})")
        << "arn:aws:iam::111122223333:root" << false;
    QTest::newRow("bare account id")
        << QByteArray(R"({"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"})")
        << "arn:aws:iam::444455556666:root" << false;
}

void AwsAuthorizationImporterTest::wildcardPrincipalForms()
{
    QFETCH(QByteArray, trust);
    QFETCH(QString, from);
    QFETCH(bool, isPublic);
    auto g = importText(
        oneRole(R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}})", trust));
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    QVERIFY(findEdge(*g, from, arn("role/R"), GraphEdgeKind::CanAssume));
    const GraphNode* n = findNode(*g, from);
    QVERIFY(n);
    QCOMPARE(n->attributes.value(QStringLiteral("public")).toBool(), isPublic);
}

void AwsAuthorizationImporterTest::actionsAreCaseInsensitive()
{
    // FIELD-CASES 17: each spelling grants exactly what the lower-case form does.
    const QByteArray target = R"({"RoleName":"Admin","Arn":"arn:aws:iam::111122223333:role/Admin",
        "AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
        "RolePolicyList":[{"PolicyName":"all","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}]})";
    auto make = [&](const char* pass) {
        return QByteArray(R"({"RoleDetailList":[)") + target +
               R"(,{"RoleName":"App","Arn":"arn:aws:iam::111122223333:role/App",
            "AssumeRolePolicyDocument":{"Statement":[]},"RolePolicyList":[{"PolicyName":"p","PolicyDocument":{"Statement":[
            {"Effect":"Allow","Action":")" +
               pass + R"(","Resource":"*"},{"Effect":"Allow","Action":"EC2:runinstances","Resource":"*"},
            {"Effect":"Allow","Action":"STS:assumeRole","Resource":"*"}]}}]}]})";
    };
    for (const char* spelling : {"iam:PassRole", "IAM:passrole", "iam:PASS*", "Iam:Pass?ole"}) {
        auto g = importText(make(spelling));
        QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
        const GraphEdge* e = findEdge(*g, arn("role/App"), arn("role/Admin"), GraphEdgeKind::CanPassRole);
        QVERIFY2(e, spelling);
        QCOMPARE(e->escalation, QStringLiteral("iam:PassRole+ec2:RunInstances"));
        // The permission node is the lower-cased action; the statement keeps the spelling.
        QVERIFY(findNode(*g, QString::fromLatin1(spelling).toLower() + QStringLiteral(" on *")));
    }
}

void AwsAuthorizationImporterTest::denyIsNeverAGrant()
{
    // FIELD-CASES 18, P-deny: a time-conditioned Deny of everything grants nothing.
    auto pDeny = importText(oneRole(R"({"Statement":{"Effect":"Deny","Action":"*","Resource":"*",
        "Condition":{"DateLessThan":{"aws:TokenIssueTime":"2024-01-01T00:00:00Z"}}}})"));
    QVERIFY(pDeny.has_value());
    QVERIFY(permissionsOf(*pDeny, arn("role/R#inline/P")).isEmpty());
    QVERIFY(!findNode(*pDeny, arn("role/R"))->tierZero);

    // P-mix: iam:* allowed, iam:PassRole denied.
    AwsPolicyDocument mix = *AwsPolicyDocument::parse(
        QJsonDocument::fromJson(R"({"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},
            {"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}]})")
            .object(),
        QStringLiteral("mix"), kNow);
    QList<AwsAttributedStatement> statements;
    for (const auto& s : mix.statements)
        statements << AwsAttributedStatement{QStringLiteral("P-mix"), QStringLiteral("P-mix"), {}, {}, s};
    AwsEffectivePolicy eff(statements, {});
    QCOMPARE(eff.decide(QStringLiteral("iam:CreateRole"), QStringLiteral("*")).outcome,
             AwsAccessDecision::Outcome::Allowed);
    QCOMPARE(eff.decide(QStringLiteral("iam:PassRole"), arn("role/Admin")).outcome,
             AwsAccessDecision::Outcome::Denied);
    QVERIFY(!eff.grantsFullIam());

    // No PassRole path starts from a P-mix principal even with RunInstances and an ec2 role.
    auto g = importText(QByteArray(R"({"RoleDetailList":[
        {"RoleName":"Admin","Arn":"arn:aws:iam::111122223333:role/Admin","AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}},
        {"RoleName":"R","Arn":"arn:aws:iam::111122223333:role/R","AssumeRolePolicyDocument":{"Statement":[]},
         "RolePolicyList":[{"PolicyName":"P","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":["iam:*","ec2:RunInstances"],"Resource":"*"},
            {"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}]}}]}]})"));
    QVERIFY(g.has_value());
    QVERIFY(!findEdge(*g, arn("role/R"), arn("role/Admin"), GraphEdgeKind::CanPassRole));
    // It still can rewrite its own grants (iam:PutRolePolicy on itself): admin-equivalent.
    QVERIFY(findNode(*g, arn("role/R"))->tierZero);

    // A conditional Deny makes the matching grant "possibly denied", never unconditional.
    auto cond = importText(QByteArray(R"({"RoleDetailList":[
        {"RoleName":"Admin","Arn":"arn:aws:iam::111122223333:role/Admin","AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}},
        {"RoleName":"R","Arn":"arn:aws:iam::111122223333:role/R","AssumeRolePolicyDocument":{"Statement":[]},
         "RolePolicyList":[{"PolicyName":"P","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"},
            {"Effect":"Deny","Action":"iam:PassRole","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}}]}]})"));
    QVERIFY(cond.has_value());
    const GraphEdge* e = findEdge(*cond, arn("role/R"), arn("role/Admin"), GraphEdgeKind::CanPassRole);
    QVERIFY(e);
    QVERIFY(e->conditional);
    QVERIFY(e->explanation.contains(QStringLiteral("possibly denied")));
}

void AwsAuthorizationImporterTest::escalationSplitAcrossTwoPolicies()
{
    // FIELD-CASES 19: RunInstances in P1, PassRole in P2; removing either removes the path.
    auto g = importText(readFile(fixture("passrole-ec2.json")));
    QVERIFY(g.has_value());
    const GraphEdge* e = findEdge(*g, arn("role/App"), arn("role/Admin"), GraphEdgeKind::CanPassRole);
    QVERIFY(e);
    QVERIFY(e->explanation.contains(QStringLiteral("policy Launch")));
    QVERIFY(e->explanation.contains(QStringLiteral("policy Pass")));
    QVERIFY(e->origin.contains(arn("role/App#inline/Launch")));
    QVERIFY(e->origin.contains(arn("role/App#inline/Pass")));

    for (const char* drop : {"Launch", "Pass"}) {
        QJsonObject root = QJsonDocument::fromJson(readFile(fixture("passrole-ec2.json"))).object();
        QJsonArray roles = root.value(QStringLiteral("RoleDetailList")).toArray();
        QJsonObject app = roles[0].toObject();
        QJsonArray kept;
        for (const auto& p : app.value(QStringLiteral("RolePolicyList")).toArray())
            if (p.toObject().value(QStringLiteral("PolicyName")).toString() != QLatin1String(drop))
                kept.append(p);
        app.insert(QStringLiteral("RolePolicyList"), kept);
        roles[0] = app;
        root.insert(QStringLiteral("RoleDetailList"), roles);
        auto without = importText(QJsonDocument(root).toJson());
        QVERIFY(without.has_value());
        QVERIFY2(!findEdge(*without, arn("role/App"), arn("role/Admin"), GraphEdgeKind::CanPassRole), drop);
    }
}

void AwsAuthorizationImporterTest::escalationSplitAcrossUserAndGroup()
{
    // FIELD-CASES 19 variant: U has P1 directly and P2 through group G.
    auto g = importText(QByteArray(R"({
      "GroupDetailList":[{"GroupName":"G","Arn":"arn:aws:iam::111122223333:group/G",
        "GroupPolicyList":[{"PolicyName":"P2","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/Admin"}}}]}],
      "UserDetailList":[{"UserName":"U","Arn":"arn:aws:iam::111122223333:user/U","GroupList":["G"],
        "UserPolicyList":[{"PolicyName":"P1","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}}}]}],
      "RoleDetailList":[{"RoleName":"Admin","Arn":"arn:aws:iam::111122223333:role/Admin",
        "AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
        "RolePolicyList":[{"PolicyName":"all","PolicyDocument":{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}}]}]})"));
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    const GraphEdge* e = findEdge(*g, arn("user/U"), arn("role/Admin"), GraphEdgeKind::CanPassRole);
    QVERIFY(e);
    QVERIFY(e->explanation.contains(QStringLiteral("via group G")));
    QVERIFY(e->explanation.contains(QStringLiteral("policy P1")));
}

void AwsAuthorizationImporterTest::conditions()
{
    // aws:CurrentTime is decided against the injected now; everything else is conditional.
    auto make = [](const char* condition) {
        return oneRole(
            QByteArray(
                R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":)") +
            condition + "}}");
    };
    const QString perm = QStringLiteral("s3:getobject on *");
    auto future = importText(make(R"({"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}})"));
    QVERIFY(future.has_value());
    const GraphEdge* e = findEdge(*future, arn("role/R#inline/P"), perm, GraphEdgeKind::Grants);
    QVERIFY(e);
    QVERIFY(!e->conditional);
    QVERIFY(!e->condition.isEmpty()); // kept on the edge even when decided

    auto past = importText(make(R"({"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}})"));
    QVERIFY(past.has_value());
    QVERIFY(!findEdge(*past, arn("role/R#inline/P"), perm, GraphEdgeKind::Grants));
    QCOMPARE(past->warnings.size(), 1);
    QVERIFY(past->warnings[0].contains(
        QStringLiteral("RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0]")));

    auto ip = importText(make(R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})"));
    QVERIFY(ip.has_value());
    e = findEdge(*ip, arn("role/R#inline/P"), perm, GraphEdgeKind::Grants);
    QVERIFY(e);
    QVERIFY(e->conditional);
    QCOMPARE(AwsPolicyDocument::decideCondition(QJsonObject{{QStringLiteral("DateGreaterThan"),
                                                             QJsonObject{{QStringLiteral("aws:CurrentTime"),
                                                                          QStringLiteral("2026-02-28")}}}},
                                                kNow),
             AwsConditionState::Holds);
}

void AwsAuthorizationImporterTest::hostileInput_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");
    const QByteArray good = readFile(fixture("passrole-ec2.json"));
    QTest::newRow("truncated") << good.left(good.size() / 2) << "not valid JSON at line";
    QTest::newRow("empty file") << QByteArray(" \n") << "test.json: the file is empty";
    QTest::newRow("line and column") << QByteArray("{\n  \"Policies\": [\n    x\n]}")
                                     << "not valid JSON at line 3, column 5 (byte offset 22)";
    QTest::newRow("NUL byte") << QByteArray("{\"Policies\":[]}\0", 16) << "NUL byte at offset 15";
    QTest::newRow("top-level list") << QByteArray("[]") << "top level must be an object";
    QTest::newRow("unrelated object")
        << QByteArray(R"({"Items":[]})") << "not get-account-authorization-details";
    QTest::newRow("deeply nested") << QByteArray(R"({"Policies":)") + QByteArray(5000, '[') +
                                          QByteArray(5000, ']') + "}"
                                   << "not valid JSON";
    QTest::newRow("list of wrong type")
        << QByteArray(R"({"RoleDetailList":{}})") << "test.json: RoleDetailList: must be a list";
    // Oversized fields are refused where they stand, not copied onto every node and edge.
    const QByteArray huge(3 * 1024 * 1024, 'a');
    QTest::newRow("3 MiB user name") << QByteArray(R"({"UserDetailList":[{"UserName":")") + huge +
                                            R"(","Arn":"arn:aws:iam::1:user/x"}]})"
                                     << "test.json: UserDetailList[0].UserName: has 3145728 characters, more "
                                        "than the 2048";
    QTest::newRow("3 MiB group name in GroupList")
        << QByteArray(R"({"UserDetailList":[{"UserName":"u","Arn":"arn:aws:iam::1:user/u","GroupList":[")") +
               huge + R"("]}]})"
        << "test.json: UserDetailList[0].GroupList[0]: has 3145728 characters";
    QTest::newRow("3 MiB resource")
        << oneRole(QByteArray(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":")") + huge +
                   R"("}})")
        << "RolePolicyList[0].PolicyDocument.Statement.Resource: entry 0 has 3145728 characters, more than "
           "the "
           "10240";
    QByteArray manyActions = "[";
    for (int i = 0; i < 50001; ++i)
        manyActions += "\"s3:a\",";
    manyActions.chop(1);
    manyActions += "]";
    QTest::newRow("50,001 actions")
        << oneRole(QByteArray(R"({"Statement":{"Effect":"Allow","Resource":"*","Action":)") + manyActions +
                   "}}")
        << "Statement.Action: has 50001 entries, more than the 50000";
    QTest::newRow("3 MiB trust principal")
        << oneRole(R"({"Statement":[]})", QByteArray(R"({"Effect":"Allow","Principal":{"AWS":")") + huge +
                                              R"("},"Action":"sts:AssumeRole"})")
        << "AssumeRolePolicyDocument.Statement[0].Principal.AWS: entry 0 has 3145728 characters";
}

void AwsAuthorizationImporterTest::hostileInput()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    auto g = importText(data);
    QVERIFY(!g.has_value());
    QCOMPARE(g.error().code, ErrorCode::InvalidInput);
    QVERIFY2(g.error().message.contains(message), qPrintable(g.error().message));
    QVERIFY(g.error().message.startsWith(QStringLiteral("test.json")));
}

void AwsAuthorizationImporterTest::oversizedFileIsRefused()
{
    QByteArray big(AwsAuthorizationImporter::kMaxBytes + 1, ' ');
    auto g = importText(big);
    QVERIFY(!g.has_value());
    QVERIFY(g.error().message.contains(QStringLiteral("64 MiB")));
}

void AwsAuthorizationImporterTest::errorsNameTheLocation_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("location");
    const QByteArray role =
        R"({"RoleName":"A","Arn":"arn:aws:iam::111122223333:role/A","AssumeRolePolicyDocument":{"Statement":[]}})";
    QTest::newRow("trust policy of the 4th role")
        << QByteArray(R"({"RoleDetailList":[)") + role + "," + role + "," + role +
               R"(,{"RoleName":"D","Arn":"arn:aws:iam::111122223333:role/D","AssumeRolePolicyDocument":7}]})"
        << "RoleDetailList[3].AssumeRolePolicyDocument";
    QTest::newRow("missing Arn") << QByteArray(R"({"UserDetailList":[{"UserName":"u"}]})")
                                 << "UserDetailList[0].Arn: is missing";
    QTest::newRow("bad effect")
        << oneRole(R"({"Statement":[{"Effect":"Allow","Action":"a:b"},{"Effect":"allow","Action":"a:b"}]})")
        << "RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[1].Effect";
    QTest::newRow("action of wrong type")
        << oneRole(R"({"Statement":{"Effect":"Allow","Action":5}})")
        << "RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement.Action";
    QTest::newRow("undecodable string document")
        << oneRole(R"("%7Bnot json")")
        << "RoleDetailList[0].RolePolicyList[0].PolicyDocument: the URL-encoded";
}

void AwsAuthorizationImporterTest::errorsNameTheLocation()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, location);
    auto g = importText(data);
    QVERIFY(!g.has_value());
    QVERIFY2(g.error().message.contains(QStringLiteral("test.json: ") + location),
             qPrintable(g.error().message));
}

void AwsAuthorizationImporterTest::bomAndNonAscii()
{
    // FIELD-CASES 24: a BOM is skipped; non-ASCII names survive unchanged.
    QByteArray data =
        "\xEF\xBB\xBF" +
        oneRole(
            R"({"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bücher-ü/*"}})");
    auto g = importText(data);
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    QVERIFY(findNode(*g, QStringLiteral("resource:arn:aws:s3:::b\u00fccher-\u00fc/*")));
}

namespace {

AwsEffectivePolicy effectiveOf(const QByteArray& statements, const QByteArray& boundary = {})
{
    auto attributed = [](const QByteArray& json, const QString& name) {
        AwsPolicyDocument doc = *AwsPolicyDocument::parse(
            QJsonDocument::fromJson("{\"Statement\":" + json + "}").object(), name, kNow);
        QList<AwsAttributedStatement> out;
        for (const auto& s : doc.statements)
            out << AwsAttributedStatement{name, name, {}, {}, s};
        return out;
    };
    AwsEffectivePolicy eff(attributed(statements, QStringLiteral("P")),
                           {{QStringLiteral("aws:username"), QStringLiteral("alice")}});
    if (!boundary.isEmpty())
        eff.setPermissionsBoundary(attributed(boundary, QStringLiteral("B")));
    return eff;
}

QStringList edgeTargets(const ImportedGraph& g, const QString& from)
{
    QStringList out;
    for (const auto& e : g.edges)
        if (e.from == from)
            out << e.to;
    out.sort();
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QSet<QString> reachableIds(const ImportedGraph& g, const QString& from)
{
    const PermissionGraph pg = PermissionGraph::fromImported(g);
    QSet<QString> out;
    for (auto i : pg.reachable({*pg.indexOf(from)}))
        out.insert(pg.node(i).id);
    return out;
}

} // namespace

void AwsAuthorizationImporterTest::narrowGrant_data()
{
    using O = AwsGrantNarrowing::Outcome;
    QTest::addColumn<QByteArray>("statements"); // the principal's statements (Deny ones matter)
    QTest::addColumn<QByteArray>("boundary");   // empty: no boundary
    QTest::addColumn<QString>("action");        // "not:a,b" for a NotAction permission
    QTest::addColumn<QString>("resource");
    QTest::addColumn<AwsGrantNarrowing::Outcome>("outcome");

    QTest::newRow("no deny") << QByteArray(R"([{"Effect":"Allow","Action":"*","Resource":"*"}])")
                             << QByteArray() << "iam:*"
                             << "*" << O::Kept;
    QTest::newRow("deny all of it") << QByteArray(R"([{"Effect":"Deny","Action":"IAM:*","Resource":"*"}])")
                                    << QByteArray() << "iam:pass*"
                                    << "arn:aws:iam::1:role/x" << O::Removed;
    QTest::newRow("deny part: P-mix")
        << QByteArray(R"([{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}])") << QByteArray()
        << "iam:*"
        << "*" << O::Narrowed;
    QTest::newRow("deny other service")
        << QByteArray(R"([{"Effect":"Deny","Action":"s3:*","Resource":"*"}])") << QByteArray() << "iam:*"
        << "*" << O::Kept;
    QTest::newRow("conditional deny of all") << QByteArray(R"([{"Effect":"Deny","Action":"*","Resource":"*",
        "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}])")
                                             << QByteArray() << "s3:getobject"
                                             << "*" << O::PossiblyDenied;
    QTest::newRow("deny decided false") << QByteArray(R"([{"Effect":"Deny","Action":"*","Resource":"*",
        "Condition":{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}])")
                                        << QByteArray() << "s3:getobject"
                                        << "*" << O::Kept;
    QTest::newRow("deny part of the resources")
        << QByteArray(R"([{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b/secret/*"}])")
        << QByteArray() << "s3:getobject"
        << "arn:aws:s3:::b/*" << O::Narrowed;
    QTest::newRow("deny other resources")
        << QByteArray(R"([{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::c/*"}])") << QByteArray()
        << "s3:getobject"
        << "arn:aws:s3:::b/*" << O::Kept;
    QTest::newRow("deny NotAction leaves it")
        << QByteArray(R"([{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}])") << QByteArray() << "s3:get*"
        << "*" << O::Kept;
    QTest::newRow("deny NotAction takes it")
        << QByteArray(R"([{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}])") << QByteArray() << "ec2:*"
        << "*" << O::Removed;
    QTest::newRow("deny NotResource")
        << QByteArray(R"([{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::b/*"}])")
        << QByteArray() << "s3:getobject"
        << "arn:aws:s3:::c/*" << O::Removed;
    QTest::newRow("NotAction grant, part denied")
        << QByteArray(R"([{"Effect":"Deny","Action":"s3:*","Resource":"*"}])") << QByteArray() << "not:iam:*"
        << "*" << O::Narrowed;
    QTest::newRow("NotAction grant, all denied")
        << QByteArray(R"([{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}])") << QByteArray()
        << "not:iam:*"
        << "*" << O::Removed;
    QTest::newRow("NotAction grant, more than it denied")
        << QByteArray(R"([{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*"}])") << QByteArray()
        << "not:iam:*"
        << "*" << O::Narrowed;
    QTest::newRow("variable in the deny")
        << QByteArray(
               R"([{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}])")
        << QByteArray() << "s3:getobject"
        << "arn:aws:s3:::home/alice/*" << O::Removed;
    QTest::newRow("unknown variable never matches")
        << QByteArray(
               R"([{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:PrincipalTag/team}/*"}])")
        << QByteArray() << "s3:getobject"
        << "arn:aws:s3:::home/alice/*" << O::Kept;
    QTest::newRow("boundary allows all of it")
        << QByteArray() << QByteArray(R"([{"Effect":"Allow","Action":"s3:*","Resource":"*"}])")
        << "s3:getobject"
        << "arn:aws:s3:::b/*" << O::Kept;
    QTest::newRow("boundary allows part of it")
        << QByteArray() << QByteArray(R"([{"Effect":"Allow","Action":"s3:*","Resource":"*"}])") << "*"
        << "*" << O::Narrowed;
    QTest::newRow("outside the boundary")
        << QByteArray() << QByteArray(R"([{"Effect":"Allow","Action":"s3:*","Resource":"*"}])")
        << "iam:createuser"
        << "*" << O::Removed;
    QTest::newRow("boundary under a condition")
        << QByteArray() << QByteArray(R"([{"Effect":"Allow","Action":"s3:*","Resource":"*",
        "Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}])")
        << "s3:getobject"
        << "*" << O::PossiblyDenied;
    QTest::newRow("Deny inside the boundary")
        << QByteArray() << QByteArray(R"([{"Effect":"Allow","Action":"*","Resource":"*"},
        {"Effect":"Deny","Action":"iam:*","Resource":"*"}])")
        << "iam:passrole"
        << "*" << O::Removed;
}

void AwsAuthorizationImporterTest::narrowGrant()
{
    QFETCH(QByteArray, statements);
    QFETCH(QByteArray, boundary);
    QFETCH(QString, action);
    QFETCH(QString, resource);
    QFETCH(AwsGrantNarrowing::Outcome, outcome);
    const AwsEffectivePolicy eff =
        effectiveOf(statements.isEmpty() ? QByteArray("[]") : statements, boundary);
    AwsGrantedPermission p;
    if (action.startsWith(QStringLiteral("not:")))
        p.notActions = action.mid(4).split(QLatin1Char(','));
    else
        p.action = action;
    p.resource = resource;
    const AwsGrantNarrowing n = eff.narrowGrant(p);
    QCOMPARE(n.outcome, outcome);
    QCOMPARE(n.by.isEmpty(), outcome == AwsGrantNarrowing::Outcome::Kept ||
                                 (outcome == AwsGrantNarrowing::Outcome::Removed && n.outsideBoundary));
}

void AwsAuthorizationImporterTest::denyNarrowsEffectiveGrants()
{
    // The issue: an explicit Deny overrides Allow across all of a principal's policies, its
    // own and its groups'. U's inline UDeny takes s3 from UAllow, from the shared managed
    // policy and from its group's policy; W holds the same policies without the Deny.
    auto g = AwsAuthorizationImporter(kNow).import(readFile(fixture("deny-narrows-grants.json")),
                                                   QStringLiteral("deny.json"));
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    const QString u = arn("user/U"), w = arn("user/W");
    const QString uAllow = u + QStringLiteral("#inline/UAllow");
    const QString uAllowForU = uAllow + QStringLiteral("#for:") + u;
    const QString shared = arn("policy/Shared"), groupRead = arn("policy/GroupRead");
    const QString group = arn("group/G"), groupForU = group + QStringLiteral("#for:") + u;

    // U reaches its policies only as they apply to it.
    QCOMPARE(edgeTargets(*g, u), sorted(QStringList{uAllowForU, u + QStringLiteral("#inline/UDeny"),
                                                    groupForU, shared + QStringLiteral("#for:") + u}));
    QCOMPARE(edgeTargets(*g, uAllowForU), (QStringList{QStringLiteral("ec2:describeinstances on *"),
                                                       QStringLiteral("iam:passrole on *")}));
    const GraphEdge* ec2 =
        findEdge(*g, uAllowForU, QStringLiteral("ec2:describeinstances on *"), GraphEdgeKind::Grants);
    QVERIFY(ec2->conditional);
    QVERIFY2(ec2->explanation.contains(QStringLiteral("possibly denied")), qPrintable(ec2->explanation));
    QVERIFY(ec2->explanation.contains(QStringLiteral("Statement[1]")));
    QVERIFY(
        ec2->condition.contains(QStringLiteral("deny ") + u + QStringLiteral("#inline/UDeny#Statement[1]")));
    const GraphEdge* pass =
        findEdge(*g, uAllowForU, QStringLiteral("iam:passrole on *"), GraphEdgeKind::Grants);
    QVERIFY(!pass->conditional);
    QVERIFY2(pass->explanation.contains(QStringLiteral("narrowed")), qPrintable(pass->explanation));
    const GraphNode* eff = findNode(*g, uAllowForU);
    QCOMPARE(eff->kind, GraphNodeKind::Policy);
    QCOMPARE(eff->attributes.value(QStringLiteral("effective_for")).toString(), u);
    QCOMPARE(eff->attributes.value(QStringLiteral("removed")).toArray(),
             QJsonArray{QStringLiteral("s3:* on *")});
    QCOMPARE(eff->attributes.value(QStringLiteral("possibly_denied_count")).toInt(), 1);
    QCOMPARE(eff->attributes.value(QStringLiteral("narrowed_count")).toInt(), 1);
    // The shared managed policy keeps nothing for U; W still holds it whole.
    QVERIFY(edgeTargets(*g, shared + QStringLiteral("#for:") + u).isEmpty());
    QCOMPARE(edgeTargets(*g, shared), QStringList{QStringLiteral("s3:getobject on arn:aws:s3:::bucket/*")});
    // The group as it applies to U: its policy without s3:ListBucket. W is a plain member.
    QVERIFY(findEdge(*g, u, groupForU, GraphEdgeKind::MemberOf));
    QVERIFY(!findEdge(*g, u, group, GraphEdgeKind::MemberOf));
    QVERIFY(findEdge(*g, w, group, GraphEdgeKind::MemberOf));
    QCOMPARE(edgeTargets(*g, groupForU), QStringList{groupRead + QStringLiteral("#for:") + u});
    QCOMPARE(edgeTargets(*g, groupRead + QStringLiteral("#for:") + u),
             QStringList{QStringLiteral("sqs:sendmessage on *")});
    QCOMPARE(edgeTargets(*g, w), sorted(QStringList{group, shared}));

    // Reachability: no traversal from U gets to a permission U does not hold.
    const QSet<QString> fromU = reachableIds(*g, u);
    for (const char* denied : {"s3:* on *", "s3:getobject on arn:aws:s3:::bucket/*", "s3:listbucket on *"})
        QVERIFY2(!fromU.contains(QLatin1String(denied)), denied);
    for (const char* held : {"sqs:sendmessage on *", "iam:passrole on *", "ec2:describeinstances on *"})
        QVERIFY2(fromU.contains(QLatin1String(held)), held);
    const QSet<QString> fromW = reachableIds(*g, w);
    for (const char* held :
         {"s3:getobject on arn:aws:s3:::bucket/*", "s3:listbucket on *", "sqs:sendmessage on *"})
        QVERIFY2(fromW.contains(QLatin1String(held)), held);

    // The per-principal views are not identities of their own.
    const PermissionGraph pg = PermissionGraph::fromImported(*g);
    QVERIFY(pg.node(*pg.indexOf(groupForU)).view);
    QVERIFY(!PermissionGraph::isIdentity(pg.node(*pg.indexOf(groupForU))));
    QVERIFY(PermissionGraph::isIdentity(pg.node(*pg.indexOf(group))));
}

void AwsAuthorizationImporterTest::permissionsBoundaryCapsGrants()
{
    auto g = AwsAuthorizationImporter(kNow).import(readFile(fixture("permissions-boundary.json")),
                                                   QStringLiteral("boundary.json"));
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    const QString bounded = arn("role/Bounded");
    // "* on *" is kept, narrowed to the boundary; iam:CreateUser lies outside it.
    const QString everything = bounded + QStringLiteral("#inline/Everything#for:") + bounded;
    const QString iamUsers = bounded + QStringLiteral("#inline/IamUsers#for:") + bounded;
    QCOMPARE(edgeTargets(*g, everything), QStringList{QStringLiteral("* on *")});
    QVERIFY(findEdge(*g, everything, QStringLiteral("* on *"), GraphEdgeKind::Grants)
                ->explanation.contains(QStringLiteral("boundary")));
    QVERIFY(edgeTargets(*g, iamUsers).isEmpty());
    QCOMPARE(findNode(*g, iamUsers)->attributes.value(QStringLiteral("outside_boundary_count")).toInt(), 1);
    QCOMPARE(findNode(*g, bounded)->attributes.value(QStringLiteral("permissions_boundary")).toString(),
             arn("policy/DevBoundary"));

    // Admin-equivalence and escalation edges are decided inside the boundary.
    QVERIFY(!findNode(*g, bounded)->tierZero);
    QVERIFY(findNode(*g, arn("role/Unbounded"))->tierZero);
    QVERIFY(!findEdge(*g, bounded, arn("role/Admin"), GraphEdgeKind::CanPassRole));
    QVERIFY(!findEdge(*g, bounded, arn("policy/DevBoundary"), GraphEdgeKind::CanModify));
    // Unbounded is admin-equivalent: it gets no escalation edges of its own (as in PMapper).
    QVERIFY(findNode(*g, arn("role/Unbounded"))
                ->attributes.value(QStringLiteral("escalation_edges_omitted"))
                .toBool());
    for (const auto& e : g->edges)
        QVERIFY(!(e.from == arn("role/Unbounded") && !e.escalation.isEmpty()));
    // sts:AssumeRole is inside DevBoundary: Bounded still reaches Unbounded.
    QVERIFY(findEdge(*g, bounded, arn("role/Unbounded"), GraphEdgeKind::CanAssume));
    QVERIFY(!findEdge(*g, arn("role/PassBounded"), arn("role/Admin"), GraphEdgeKind::CanPassRole));
    QVERIFY(findEdge(*g, arn("role/PassAllowed"), arn("role/Admin"), GraphEdgeKind::CanPassRole));

    // A boundary the file does not hold is not applied, and the import says so.
    bool warned = false;
    for (const auto& w : g->warnings)
        warned =
            warned || (w.contains(QStringLiteral("boundary.json: RoleDetailList[4].PermissionsBoundary")) &&
                       w.contains(QStringLiteral("not applied")) && w.contains(QStringLiteral("NotInFile")));
    QVERIFY2(warned, qPrintable(g->warnings.join(QLatin1Char('\n'))));
    for (const auto& w : g->warnings)
        QVERIFY2(!w.contains(QStringLiteral("RoleDetailList[0]")), qPrintable(w));
}

void AwsAuthorizationImporterTest::malformedPermissionsBoundary()
{
    for (const QByteArray& boundary : {QByteArray(R"("arn:aws:iam::111122223333:policy/B")"),
                                       QByteArray(R"({})"), QByteArray(R"({"PermissionsBoundaryArn": 7})")}) {
        const QByteArray text =
            R"({"RoleDetailList":[{"RoleName":"R","Arn":"arn:aws:iam::111122223333:role/R",
            "AssumeRolePolicyDocument":{"Statement":[]},"PermissionsBoundary":)" +
            boundary + "}]}";
        auto g = importText(text, QStringLiteral("b.json"));
        QVERIFY(!g.has_value());
        QVERIFY2(
            g.error().message.startsWith(QStringLiteral("b.json: RoleDetailList[0].PermissionsBoundary")),
            qPrintable(g.error().message));
    }
}

void AwsAuthorizationImporterTest::rewritingGrantsNeedsActingAsTheHolder()
{
    // Whoever may rewrite a role's, group's or policy's grants but cannot act as a holder only
    // changes what someone else may do: no edge, no Tier Zero, recorded on the target.
    for (const char* file : {"attach-role-policy.json", "put-role-policy.json"}) {
        auto g = importText(readFile(fixture(file)), QString::fromLatin1(file));
        QVERIFY(g.has_value());
        QVERIFY(!findEdge(*g, arn("user/dev"), arn("role/Admin"), GraphEdgeKind::CanModify));
        QCOMPARE(findNode(*g, arn("role/Admin"))
                     ->attributes.value(QStringLiteral("grants_rewritable_by"))
                     .toArray(),
                 QJsonArray{arn("user/dev")});
    }
    auto group = importText(readFile(fixture("attach-group-policy.json")));
    QVERIFY(group.has_value());
    QVERIFY(!findEdge(*group, arn("user/dev"), arn("group/admins"), GraphEdgeKind::CanModify));

    // The reviewer's case: attacher may attach policies to Ec2Only (trusted by EC2 only, no
    // PassRole) and polwriter may rewrite AdminPol (held by a role only EC2 can assume).
    const QByteArray text = R"({"UserDetailList":[
        {"UserName":"attacher","Arn":"arn:aws:iam::111122223333:user/attacher","UserPolicyList":[{"PolicyName":"p",
         "PolicyDocument":{"Statement":[{"Effect":"Allow","Action":["iam:AttachRolePolicy","iam:PutRolePolicy"],
         "Resource":"arn:aws:iam::111122223333:role/Ec2Only"}]}}]},
        {"UserName":"polwriter","Arn":"arn:aws:iam::111122223333:user/polwriter","UserPolicyList":[{"PolicyName":"p",
         "PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"iam:CreatePolicyVersion",
         "Resource":"arn:aws:iam::111122223333:policy/AdminPol"}]}}]}],
      "RoleDetailList":[
        {"RoleName":"Ec2Only","Arn":"arn:aws:iam::111122223333:role/Ec2Only","AssumeRolePolicyDocument":{"Statement":[
          {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
         "RolePolicyList":[{"PolicyName":"a","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}}]},
        {"RoleName":"AdminViaPol","Arn":"arn:aws:iam::111122223333:role/AdminViaPol","AssumeRolePolicyDocument":{"Statement":[
          {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]},
         "AttachedManagedPolicies":[{"PolicyName":"AdminPol","PolicyArn":"arn:aws:iam::111122223333:policy/AdminPol"}]},
        {"RoleName":"Target","Arn":"arn:aws:iam::111122223333:role/Target","AssumeRolePolicyDocument":{"Statement":[
          {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Ec2Only"},"Action":"sts:AssumeRole"}]},
         "RolePolicyList":[{"PolicyName":"a","PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}]}],
      "Policies":[{"PolicyName":"AdminPol","Arn":"arn:aws:iam::111122223333:policy/AdminPol","DefaultVersionId":"v1",
        "PolicyVersionList":[{"VersionId":"v1","IsDefaultVersion":true,"Document":{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}]}]})";
    auto g = importText(text);
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    for (const char* user : {"user/attacher", "user/polwriter"}) {
        for (const auto& e : g->edges)
            QVERIFY2(!(e.from == arn(user) && e.kind == GraphEdgeKind::CanModify), user);
        QVERIFY2(!findNode(*g, arn(user))->tierZero, user);
        const PermissionGraph pg = PermissionGraph::fromImported(*g);
        QVERIFY2(!pg.shortestPath({*pg.indexOf(arn(user))}, pg.tierZeroMask(), 0), user);
    }
    // Recorded on the target (AdminViaPol and Target, holding "*", may rewrite them too).
    auto rewritableBy = [&](const char* id) {
        return findNode(*g, arn(id))->attributes.value(QStringLiteral("grants_rewritable_by")).toArray();
    };
    QVERIFY(rewritableBy("role/Ec2Only").contains(arn("user/attacher")));
    QVERIFY(rewritableBy("policy/AdminPol").contains(arn("user/polwriter")));
    QVERIFY(!rewritableBy("role/Ec2Only").contains(arn("user/polwriter")));
    // Ec2Only itself (trusted by Target) still reaches Tier Zero: that edge is real.
    QVERIFY(findEdge(*g, arn("role/Ec2Only"), arn("role/Target"), GraphEdgeKind::CanAssume));
}

void AwsAuthorizationImporterTest::trustNamingThePrincipalIsEnough()
{
    // Within one account a trust policy naming the principal's ARN needs no Allow in the
    // principal's own policies; one naming only the account does; an explicit Deny wins.
    const QByteArray text = R"({"UserDetailList":[
        {"UserName":"bob","Arn":"arn:aws:iam::111122223333:user/bob"},
        {"UserName":"eve","Arn":"arn:aws:iam::111122223333:user/eve","UserPolicyList":[{"PolicyName":"d",
         "PolicyDocument":{"Statement":[{"Effect":"Deny","Action":"sts:*","Resource":"*"}]}}]},
        {"UserName":"carol","Arn":"arn:aws:iam::111122223333:user/carol","UserPolicyList":[{"PolicyName":"a",
         "PolicyDocument":{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}}]}],
      "RoleDetailList":[
        {"RoleName":"Named","Arn":"arn:aws:iam::111122223333:role/Named","AssumeRolePolicyDocument":{"Statement":[
          {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:user/eve"]},"Action":"sts:AssumeRole"}]}},
        {"RoleName":"Account","Arn":"arn:aws:iam::111122223333:role/Account","AssumeRolePolicyDocument":{"Statement":[
          {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}}]})";
    auto g = importText(text);
    QVERIFY2(g.has_value(), qPrintable(g ? QString() : g.error().message));
    const GraphEdge* named = findEdge(*g, arn("user/bob"), arn("role/Named"), GraphEdgeKind::CanAssume);
    QVERIFY(named);
    QVERIFY(!named->conditional);
    QVERIFY2(named->explanation.contains(QStringLiteral("names it directly")),
             qPrintable(named->explanation));
    QVERIFY(named->origin.startsWith(arn("role/Named#trust/Statement[0]")));
    QVERIFY(!findEdge(*g, arn("user/eve"), arn("role/Named"), GraphEdgeKind::CanAssume));
    QVERIFY(!findEdge(*g, arn("user/bob"), arn("role/Account"), GraphEdgeKind::CanAssume));
    const GraphEdge* account = findEdge(*g, arn("user/carol"), arn("role/Account"), GraphEdgeKind::CanAssume);
    QVERIFY(account);
    QVERIFY2(account->explanation.contains(QStringLiteral("names its account")),
             qPrintable(account->explanation));
    QVERIFY(!findEdge(*g, arn("user/carol"), arn("role/Named"), GraphEdgeKind::CanAssume));
    // The account's own root user is admin-equivalent, so it is no finding of its own.
    const GraphNode* root = findNode(*g, arn("root"));
    QVERIFY(root);
    QVERIFY(root->tierZero);
    QVERIFY(root->attributes.value(QStringLiteral("tier_zero_reason"))
                .toString()
                .contains(QStringLiteral("root user")));
    // Another account's root is not Tier Zero here.
    auto other = importText(
        oneRole(R"({"Statement":[]})",
                R"({"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"})"));
    QVERIFY(other.has_value());
    QVERIFY(!findNode(*other, QStringLiteral("arn:aws:iam::444455556666:root"))->tierZero);
}

QTEST_GUILESS_MAIN(AwsAuthorizationImporterTest)
#include "AwsAuthorizationImporterTest.moc"
