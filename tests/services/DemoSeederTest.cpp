#include <QSet>
#include <QtTest>

#include "DemoSeeder.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

class DemoSeederTest : public QObject
{
    Q_OBJECT
private slots:
    void seedsARealisticWorkspace()
    {
        TestWorkspace ws(false);
        auto& app = ws.app();
        auto st = DemoSeeder::seed(app.database(), app.accounts(), app.catalogue(), app.clock());
        QVERIFY2(st.has_value(), st ? "" : qPrintable(st.error().message));
        QVERIFY(app.settings().isDemo());

        const QString password = QString::fromLatin1(DemoSeeder::kDemoPassword);
        for (const char* user :
             {"admin", "analyst1", "analyst2", "analyst3", "manager1", "owner-secops", "owner-helpdesk",
              "owner-access", "owner-finance", "owner-cloudops", "owner-dataprot"}) {
            auto s = app.accounts().authenticate(QString::fromLatin1(user), password);
            QVERIFY2(s.has_value(), user);
        }
        QVERIFY(app.accounts().find(QStringLiteral("manager1"))->hasRole(OperatorRole::Manager));

        const OperatorSession admin{QStringLiteral("admin"), OperatorRole::Admin};
        const auto paths = *app.catalogue().list(admin);
        QVERIFY(paths.size() >= 12);
        QSet<int> tiers;
        QSet<QString> teams;
        int active = 0, overdue = 0;
        for (const auto& p : paths) {
            if (p.tier)
                tiers.insert(static_cast<int>(*p.tier));
            teams.insert(p.team);
            active += p.status == PathStatus::Active;
            overdue += p.isReviewOverdue(app.clock().now().date());
            QVERIFY(p.owner.startsWith(QStringLiteral("owner-")));
        }
        QCOMPARE(tiers.size(), 4);
        QVERIFY(teams.size() >= 6);
        QVERIFY(active >= 10);
        QVERIFY(overdue >= 2);
        QCOMPARE(app.catalogue().get(admin, QStringLiteral("finance-vendor-payment"))->status,
                 PathStatus::Suspended);
        QCOMPARE(app.catalogue().get(admin, QStringLiteral("access-admin-elevation"))->status,
                 PathStatus::Draft);

        auto v = app.ledger().verify();
        QVERIFY(v->intact());
        QVERIFY(v->eventCount > 50);
        AuditQuery q;
        q.subject = QStringLiteral("path:finance-vendor-payment");
        QStringList types;
        const auto events = app.ledger().events(q);
        for (const auto& e : *events)
            types << e.type;
        QCOMPARE(types, (QStringList{QStringLiteral("path.created"), QStringLiteral("path.updated"),
                                     QStringLiteral("path.activated"), QStringLiteral("path.suspended")}));
    }

    void refusesNonEmptyWorkspace()
    {
        TestWorkspace ws;
        auto& app = ws.app();
        auto st = DemoSeeder::seed(app.database(), app.accounts(), app.catalogue(), app.clock());
        QVERIFY(!st.has_value());
        QCOMPARE(st.error().code, ErrorCode::Conflict);
        QVERIFY(!app.settings().isDemo());
    }
};

QTEST_GUILESS_MAIN(DemoSeederTest)
#include "DemoSeederTest.moc"
