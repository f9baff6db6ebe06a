// Azure RBAC action matching and scope parsing, as rule tables: wildcards anywhere,
// case-insensitive, NotActions subtracting within their block only.

#include <QtTest>

#include "AzureActionMatcher.h"
#include "AzureScope.h"

using namespace gatehouse;

class AzureActionMatcherTest : public QObject
{
    Q_OBJECT

private slots:
    void matches_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<bool>("matches");
        const auto row = [](const char* tag, const char* pattern, const char* op, bool m) {
            QTest::newRow(tag) << QString::fromUtf8(pattern) << QString::fromUtf8(op) << m;
        };
        row("star", "*", "Microsoft.Authorization/roleAssignments/write", true);
        row("provider star", "Microsoft.Authorization/*", "Microsoft.Authorization/roleAssignments/write",
            true);
        row("provider star other", "Microsoft.Authorization/*", "Microsoft.Compute/virtualMachines/read",
            false);
        row("*/read", "*/read", "Microsoft.Compute/virtualMachines/read", true);
        row("*/read not write", "*/read", "Microsoft.Compute/virtualMachines/write", false);
        row("middle star", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/write",
            true);
        row("middle star spans segments", "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/locks/sub/write", true);
        row("middle star not delete", "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/roleAssignments/delete", false);
        row("case-insensitive", "microsoft.authorization/ROLEASSIGNMENTS/write",
            "Microsoft.Authorization/roleAssignments/Write", true);
        row("exact", "Microsoft.Storage/storageAccounts/listKeys/action",
            "Microsoft.Storage/storageAccounts/listKeys/action", true);
        row("prefix is not a match", "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/read", false);
        row("many stars", "*a*a*a*a*a*a*a*a*b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false);
        row("empty pattern", "", "x", false);
    }

    void matches()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, operation);
        QFETCH(bool, matches);
        QCOMPARE(AzureActionMatcher::matches(pattern, operation), matches);
    }

    void notActions_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<bool>("data");
        QTest::addColumn<bool>("granted");
        // Contributor's block, plus data actions to show they are separate.
        QTest::newRow("vm write") << QStringLiteral("Microsoft.Compute/virtualMachines/write") << false
                                  << true;
        QTest::newRow("role assignment write")
            << QStringLiteral("Microsoft.Authorization/roleAssignments/write") << false << false;
        QTest::newRow("role assignment read")
            << QStringLiteral("Microsoft.Authorization/roleAssignments/read") << false << true;
        QTest::newRow("elevateAccess")
            << QStringLiteral("Microsoft.Authorization/elevateAccess/Action") << false << false;
        QTest::newRow("blob read is a data action")
            << QStringLiteral("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read") << true
            << false;
        QTest::newRow("secret get") << QStringLiteral("Microsoft.KeyVault/vaults/secrets/getSecret/action")
                                    << true << true;
        QTest::newRow("secret set excluded")
            << QStringLiteral("Microsoft.KeyVault/vaults/secrets/setSecret/action") << true << false;
    }

    void notActions()
    {
        QFETCH(QString, operation);
        QFETCH(bool, data);
        QFETCH(bool, granted);
        const AzurePermissionBlock contributor{
            {QStringLiteral("*")},
            {QStringLiteral("Microsoft.Authorization/*/Delete"),
             QStringLiteral("Microsoft.Authorization/*/Write"),
             QStringLiteral("Microsoft.Authorization/elevateAccess/Action")},
            {QStringLiteral("Microsoft.KeyVault/vaults/secrets/*")},
            {QStringLiteral("Microsoft.KeyVault/vaults/secrets/setSecret/action")},
            {}};
        QCOMPARE(AzureActionMatcher::grants({contributor}, operation, data), granted);
    }

    void notActionsOnlyInTheirBlock()
    {
        const AzurePermissionBlock limited{
            {QStringLiteral("*")}, {QStringLiteral("Microsoft.Authorization/*")}, {}, {}, {}};
        const AzurePermissionBlock other{
            {QStringLiteral("Microsoft.Authorization/roleAssignments/write")}, {}, {}, {}, {}};
        const QString op = QStringLiteral("Microsoft.Authorization/roleAssignments/write");
        QVERIFY(!AzureActionMatcher::grants({limited}, op));
        QVERIFY(AzureActionMatcher::grants({limited, other}, op));
    }

    void scopes_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("level");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("parent");
        QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("root") << QStringLiteral("/")
                              << QString();
        QTest::newRow("mg") << QStringLiteral("/providers/Microsoft.Management/managementGroups/mg-platform")
                            << QStringLiteral("management_group") << QStringLiteral("mg-platform")
                            << QString();
        QTest::newRow("subscription")
            << QStringLiteral("/subscriptions/sub-1/") << QStringLiteral("subscription")
            << QStringLiteral("sub-1") << QString();
        QTest::newRow("resource group") << QStringLiteral("/subscriptions/sub-1/resourceGroups/rg-app")
                                        << QStringLiteral("resource_group") << QStringLiteral("rg-app")
                                        << QStringLiteral("/subscriptions/sub-1");
        QTest::newRow("resource")
            << QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv")
            << QStringLiteral("resource") << QStringLiteral("kv")
            << QStringLiteral("/subscriptions/s/resourceGroups/rg");
        QTest::newRow("subscription resource")
            << QStringLiteral("/subscriptions/s/providers/Microsoft.Security/pricings/VirtualMachines")
            << QStringLiteral("resource") << QStringLiteral("VirtualMachines")
            << QStringLiteral("/subscriptions/s");
        QTest::newRow("case") << QStringLiteral("/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg")
                              << QStringLiteral("resource_group") << QStringLiteral("rg")
                              << QStringLiteral("/subscriptions/s");
        QTest::newRow("relative") << QStringLiteral("subscriptions/s") << QStringLiteral("unknown")
                                  << QStringLiteral("s") << QString();
        QTest::newRow("half a group")
            << QStringLiteral("/subscriptions/s/resourceGroups") << QStringLiteral("unknown")
            << QStringLiteral("resourceGroups") << QString();
    }

    void scopes()
    {
        QFETCH(QString, scope);
        QFETCH(QString, level);
        QFETCH(QString, name);
        QFETCH(QString, parent);
        QCOMPARE(AzureScope::levelName(AzureScope::level(scope)), level);
        QCOMPARE(AzureScope::name(scope), name);
        QCOMPARE(AzureScope::structuralParent(scope), parent);
    }
};

QTEST_GUILESS_MAIN(AzureActionMatcherTest)
#include "AzureActionMatcherTest.moc"
