// Kubernetes RBAC rule matching, one row per case of the API server's authorizer rules
// (FIELD-CASES 21: "*" covers subresources, "*/sub" matches that subresource, "pods/*" is
// not a wildcard; resourceNames never match a nameless request).

#include <QtTest>

#include "KubernetesRbacMatcher.h"

using namespace gatehouse;

namespace {

QStringList list(const char* csv)
{
    QStringList out;
    for (const QString& s : QString::fromUtf8(csv).split(QLatin1Char(','), Qt::KeepEmptyParts))
        out << (s == QLatin1String("<core>") ? QString() : s);
    return QString::fromUtf8(csv).isEmpty() ? QStringList{} : out;
}

} // namespace

class KubernetesRbacMatcherTest : public QObject
{
    Q_OBJECT

private slots:
    void allows_data()
    {
        QTest::addColumn<QStringList>("groups");
        QTest::addColumn<QStringList>("resources");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("verbs");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("subresource");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("allowed");

        const auto row = [](const char* tag, const char* groups, const char* resources, const char* names,
                            const char* verbs, const char* verb, const char* group, const char* resource,
                            const char* sub, const char* name, bool allowed) {
            QTest::newRow(tag) << list(groups) << list(resources) << list(names) << list(verbs)
                               << QString::fromUtf8(verb) << QString::fromUtf8(group)
                               << QString::fromUtf8(resource) << QString::fromUtf8(sub)
                               << QString::fromUtf8(name) << allowed;
        };
        // FIELD-CASES 21, cr-1: resources ["*"] covers secrets and subresources, only its verbs.
        row("cr-1 get secrets", "<core>", "*", "", "get,list,delete", "get", "", "secrets", "", "s", true);
        row("cr-1 list secrets", "<core>", "*", "", "get,list,delete", "list", "", "secrets", "", "", true);
        row("cr-1 delete pods", "<core>", "*", "", "get,list,delete", "delete", "", "pods", "", "p", true);
        row("cr-1 get pods/log", "<core>", "*", "", "get,list,delete", "get", "", "pods", "log", "p", true);
        row("cr-1 not create pods/exec", "<core>", "*", "", "get,list,delete", "create", "", "pods", "exec",
            "p", false);
        row("cr-1 not apps group", "<core>", "*", "", "get,list,delete", "get", "apps", "deployments", "", "",
            false);
        // cr-2: every verb on secrets, nothing else.
        row("cr-2 delete secrets", "<core>", "secrets", "", "*", "delete", "", "secrets", "", "s", true);
        row("cr-2 impersonate secrets", "<core>", "secrets", "", "*", "impersonate", "", "secrets", "", "",
            true);
        row("cr-2 not configmaps", "<core>", "secrets", "", "*", "get", "", "configmaps", "", "", false);
        row("cr-2 not secrets subresource", "<core>", "secrets", "", "*", "get", "", "secrets", "status", "",
            false);
        // cr-3: "pods/*" is a literal, not a wildcard.
        row("cr-3 not pods/exec", "<core>", "pods/*", "", "create", "create", "", "pods", "exec", "p", false);
        row("cr-3 not pods", "<core>", "pods/*", "", "create", "create", "", "pods", "", "", false);
        // cr-4: bind and escalate on every RBAC resource.
        row("cr-4 bind clusterroles", "rbac.authorization.k8s.io", "*", "", "bind,escalate", "bind",
            "rbac.authorization.k8s.io", "clusterroles", "", "cluster-admin", true);
        row("cr-4 escalate roles", "rbac.authorization.k8s.io", "*", "", "bind,escalate", "escalate",
            "rbac.authorization.k8s.io", "roles", "", "r", true);
        row("cr-4 not create bindings", "rbac.authorization.k8s.io", "*", "", "bind,escalate", "create",
            "rbac.authorization.k8s.io", "clusterrolebindings", "", "", false);
        // "*/sub" and exact subresources.
        row("*/scale deployments", "apps", "*/scale", "", "update", "update", "apps", "deployments", "scale",
            "d", true);
        row("*/scale not the resource", "apps", "*/scale", "", "update", "update", "apps", "deployments", "",
            "d", false);
        row("*/scale not another sub", "apps", "*/scale", "", "update", "update", "apps", "deployments",
            "status", "d", false);
        row("exact pods/exec", "<core>", "pods/exec", "", "create", "create", "", "pods", "exec", "p", true);
        row("pods not pods/exec", "<core>", "pods", "", "create", "create", "", "pods", "exec", "p", false);
        // apiGroups "*" and the core group.
        row("group * matches apps", "*", "deployments", "", "get", "get", "apps", "deployments", "", "",
            true);
        row("core not apps", "<core>", "deployments", "", "get", "get", "apps", "deployments", "", "", false);
        // resourceNames.
        row("named get", "<core>", "configmaps", "a,b", "get", "get", "", "configmaps", "", "b", true);
        row("named other", "<core>", "configmaps", "a,b", "get", "get", "", "configmaps", "", "c", false);
        row("named list has no name", "<core>", "configmaps", "a", "list", "list", "", "configmaps", "", "",
            false);
        row("named create has no name", "<core>", "serviceaccounts/token", "deployer", "create", "create", "",
            "serviceaccounts", "token", "", false);
        row("named token", "<core>", "serviceaccounts/token", "deployer", "create", "create", "",
            "serviceaccounts", "token", "deployer", true);
        // verbs.
        row("verb case matters", "<core>", "pods", "", "Get", "get", "", "pods", "", "", false);
        row("no verbs", "<core>", "pods", "", "", "get", "", "pods", "", "", false);
        row("no groups", "", "pods", "", "get", "get", "", "pods", "", "", false);
    }

    void allows()
    {
        QFETCH(QStringList, groups);
        QFETCH(QStringList, resources);
        QFETCH(QStringList, names);
        QFETCH(QStringList, verbs);
        QFETCH(QString, verb);
        QFETCH(QString, group);
        QFETCH(QString, resource);
        QFETCH(QString, subresource);
        QFETCH(QString, name);
        QFETCH(bool, allowed);
        const KubernetesRbacRule rule{groups, resources, names, {}, verbs};
        QCOMPARE(KubernetesRbacMatcher::allows(rule, {verb, group, resource, subresource, name, {}}),
                 allowed);
    }

    void nonResourceUrls_data()
    {
        QTest::addColumn<QStringList>("urls");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("exact") << list("/healthz") << QStringLiteral("/healthz") << true;
        QTest::newRow("other") << list("/healthz") << QStringLiteral("/livez") << false;
        QTest::newRow("star") << list("*") << QStringLiteral("/metrics") << true;
        QTest::newRow("prefix") << list("/api/*") << QStringLiteral("/api/v1") << true;
        QTest::newRow("prefix not sibling") << list("/api/*") << QStringLiteral("/apis/apps") << false;
        QTest::newRow("no trailing star is exact") << list("/api") << QStringLiteral("/api/v1") << false;
    }

    void nonResourceUrls()
    {
        QFETCH(QStringList, urls);
        QFETCH(QString, path);
        QFETCH(bool, allowed);
        const KubernetesRbacRule rule{{}, {}, {}, urls, {QStringLiteral("get")}};
        QCOMPARE(KubernetesRbacMatcher::allows(rule, {QStringLiteral("get"), {}, {}, {}, {}, path}), allowed);
        // A resource request never matches a nonResourceURLs rule.
        QVERIFY(!KubernetesRbacMatcher::allows(
            rule, {QStringLiteral("get"), {}, QStringLiteral("pods"), {}, {}, {}}));
    }

    void ineffectivePatterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("ineffective");
        QTest::newRow("*") << QStringLiteral("*") << false;
        QTest::newRow("*/scale") << QStringLiteral("*/scale") << false;
        QTest::newRow("pods") << QStringLiteral("pods") << false;
        QTest::newRow("pods/exec") << QStringLiteral("pods/exec") << false;
        QTest::newRow("pods/*") << QStringLiteral("pods/*") << true;
        QTest::newRow("pod*") << QStringLiteral("pod*") << true;
        QTest::newRow("*/*") << QStringLiteral("*/*") << true;
        QTest::newRow("*/") << QStringLiteral("*/") << true;
        QTest::newRow("empty") << QString() << true;
    }

    void ineffectivePatterns()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, ineffective);
        QCOMPARE(KubernetesRbacMatcher::isIneffectiveResourcePattern(pattern), ineffective);
    }

    void clusterAdmin()
    {
        const QStringList all{QStringLiteral("*")};
        QVERIFY(KubernetesRbacMatcher::isClusterAdminRule({all, all, {}, {}, all}));
        QVERIFY(!KubernetesRbacMatcher::isClusterAdminRule({{QString()}, all, {}, {}, all}));
        QVERIFY(!KubernetesRbacMatcher::isClusterAdminRule({all, all, {}, {}, {QStringLiteral("get")}}));
    }
};

QTEST_GUILESS_MAIN(KubernetesRbacMatcherTest)
#include "KubernetesRbacMatcherTest.moc"
