#include <QtTest>

#include "CatalogueService.h"
#include "DecisionPathBuilder.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

class CatalogueServiceTest : public QObject
{
    Q_OBJECT
private slots:
    void adminCreatesDraftAndActivates()
    {
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        DecisionPath p = DecisionPathBuilder().build();
        p.status = PathStatus::Active; // ignored: creation always makes a draft
        auto created = cat.create(ws.admin(), p);
        QVERIFY2(created.has_value(), created ? "" : qPrintable(created.error().message));
        QCOMPARE(created->status, PathStatus::Draft);
        QCOMPARE(created->version, 1);
        QCOMPARE(created->createdAt, ws.clock().now());

        ws.clock().advanceSeconds(60);
        auto active = cat.activate(ws.admin(), p.id);
        QVERIFY(active.has_value());
        QCOMPARE(active->status, PathStatus::Active);
        QCOMPARE(active->version, 2);
        QCOMPARE(cat.get(ws.admin(), p.id)->status, PathStatus::Active);

        const auto events = *ws.app().ledger().events({});
        QCOMPARE(events.at(events.size() - 2).type, QStringLiteral("path.created"));
        QCOMPARE(events.last().type, QStringLiteral("path.activated"));
        QCOMPARE(events.last().subject, QStringLiteral("path:soc-isolate-endpoint"));
        QCOMPARE(events.last().actor, QStringLiteral("operator:admin"));
    }

    void activationNamesWhatIsMissing_data()
    {
        QTest::addColumn<DecisionPath>("path");
        QTest::addColumn<QStringList>("missing");
        QTest::newRow("no owner") << DecisionPathBuilder().owner({}).build()
                                  << QStringList{QStringLiteral("an accountable owner")};
        QTest::newRow("no tier") << DecisionPathBuilder().tier(std::nullopt).build()
                                 << QStringList{QStringLiteral("a severity tier")};
        QTest::newRow("no actions") << DecisionPathBuilder().actions({}).build()
                                    << QStringList{QStringLiteral("at least one action type")};
        QTest::newRow("no workload") << DecisionPathBuilder().workload({}).build()
                                     << QStringList{QStringLiteral("a workload identity")};
        QTest::newRow("no frameworks") << DecisionPathBuilder().noFrameworks().build()
                                       << QStringList{QStringLiteral("a framework mapping")};
        QTest::newRow("everything") << DecisionPathBuilder()
                                           .owner({})
                                           .tier(std::nullopt)
                                           .actions({})
                                           .workload({})
                                           .noFrameworks()
                                           .build()
                                    << QStringList{QStringLiteral("an accountable owner"),
                                                   QStringLiteral("a severity tier"),
                                                   QStringLiteral("at least one action type"),
                                                   QStringLiteral("a workload identity"),
                                                   QStringLiteral("a framework mapping")};
    }
    void activationNamesWhatIsMissing()
    {
        QFETCH(DecisionPath, path);
        QFETCH(QStringList, missing);
        TestWorkspace ws;
        QVERIFY(ws.app().catalogue().create(ws.admin(), path).has_value());
        auto r = ws.app().catalogue().activate(ws.admin(), path.id);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::Conflict);
        for (const auto& m : missing)
            QVERIFY2(r.error().message.contains(m), qPrintable(r.error().message));
        QCOMPARE(ws.app().catalogue().get(ws.admin(), path.id)->status, PathStatus::Draft);
    }

    void workloadIdentityUniqueAmongActivePaths()
    {
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        const QString spiffe = QStringLiteral("spiffe://corp.example/agents/shared");
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder(QStringLiteral("one")).workload(spiffe).build())
                    .has_value());
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder(QStringLiteral("two")).workload(spiffe).build())
                    .has_value());
        QVERIFY(cat.activate(ws.admin(), QStringLiteral("one")).has_value());
        auto r = cat.activate(ws.admin(), QStringLiteral("two"));
        QCOMPARE(r.error().code, ErrorCode::Conflict);
        QVERIFY(r.error().message.contains(QStringLiteral("\"one\"")));
        // Once the first is suspended the identity is free again.
        QVERIFY(cat.suspend(ws.admin(), QStringLiteral("one"), QStringLiteral("maintenance")).has_value());
        QVERIFY(cat.activate(ws.admin(), QStringLiteral("two")).has_value());
        // And the first cannot come back while the second holds it.
        QCOMPARE(cat.activate(ws.admin(), QStringLiteral("one")).error().code, ErrorCode::Conflict);
    }

    void lifecycleTransitions()
    {
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        const QString id = QStringLiteral("soc-isolate-endpoint");
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder().build()).has_value());
        QCOMPARE(cat.suspend(ws.admin(), id, QStringLiteral("r")).error().code, ErrorCode::Conflict); // draft
        QVERIFY(cat.activate(ws.admin(), id).has_value());
        QCOMPARE(cat.activate(ws.admin(), id).error().code, ErrorCode::Conflict); // already active
        QCOMPARE(cat.suspend(ws.admin(), id, QStringLiteral("  ")).error().code, ErrorCode::InvalidInput);
        QVERIFY(cat.suspend(ws.admin(), id, QStringLiteral("model drift")).has_value());
        QVERIFY(cat.activate(ws.admin(), id).has_value());
        QCOMPARE(cat.retire(ws.admin(), id, {}).error().code, ErrorCode::InvalidInput);
        QVERIFY(cat.retire(ws.admin(), id, QStringLiteral("replaced")).has_value());
        QCOMPARE(cat.activate(ws.admin(), id).error().code, ErrorCode::Conflict);
        DecisionPath p = *cat.get(ws.admin(), id);
        p.name = QStringLiteral("renamed");
        QCOMPARE(cat.update(ws.admin(), p).error().code, ErrorCode::Conflict);

        const auto events = *ws.app().ledger().events({});
        QStringList types;
        for (const auto& e : events)
            if (e.subject == QStringLiteral("path:") + id)
                types << e.type;
        QCOMPARE(types, (QStringList{QStringLiteral("path.created"), QStringLiteral("path.activated"),
                                     QStringLiteral("path.suspended"), QStringLiteral("path.activated"),
                                     QStringLiteral("path.retired")}));
        QCOMPARE(events.at(events.size() - 1).payload.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("replaced"));
    }

    void permissions_data()
    {
        QTest::addColumn<int>("roles");
        QTest::addColumn<bool>("ownsPath");
        QTest::addColumn<bool>("mayChange");
        QTest::newRow("admin") << int(OperatorRole::Admin) << false << true;
        QTest::newRow("owner of the path") << int(OperatorRole::Owner) << true << true;
        QTest::newRow("another owner") << int(OperatorRole::Owner) << false << false;
        QTest::newRow("analyst") << int(OperatorRole::Analyst) << false << false;
        QTest::newRow("manager") << int(OperatorRole::Manager) << false << false;
        QTest::newRow("manager named as owner but without owner role")
            << int(OperatorRole::Manager) << true << false;
    }
    void permissions()
    {
        QFETCH(int, roles);
        QFETCH(bool, ownsPath);
        QFETCH(bool, mayChange);
        TestWorkspace ws;
        const OperatorSession actor = ws.addOperator(QStringLiteral("actor"), OperatorRoles::fromInt(roles));
        ws.addOperator(QStringLiteral("someone-else"), OperatorRole::Owner);
        auto& cat = ws.app().catalogue();
        const QString owner = ownsPath ? QStringLiteral("actor") : QStringLiteral("someone-else");
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder().owner(owner).build()).has_value());
        const QString id = QStringLiteral("soc-isolate-endpoint");

        // Everyone with a role reads.
        QVERIFY(cat.list(actor).has_value());
        QVERIFY(cat.get(actor, id).has_value());

        DecisionPath edit = *cat.get(actor, id);
        edit.description = QStringLiteral("changed by the actor");
        QCOMPARE(cat.update(actor, edit).has_value(), mayChange);
        if (!mayChange)
            QCOMPARE(cat.update(actor, edit).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(cat.activate(actor, id).has_value(), mayChange);
        if (mayChange)
            QVERIFY(cat.suspend(actor, id, QStringLiteral("test")).has_value());
        else
            QCOMPARE(cat.retire(actor, id, QStringLiteral("test")).error().code, ErrorCode::PermissionDenied);

        const bool mayCreateOwn = OperatorRoles::fromInt(roles) & (OperatorRole::Owner | OperatorRole::Admin);
        QCOMPARE(
            cat.create(actor,
                       DecisionPathBuilder(QStringLiteral("own-path")).owner(QStringLiteral("actor")).build())
                .has_value(),
            mayCreateOwn);
    }

    void signedInSessionLosesRightsWhenAccountChanges()
    {
        // A console signed in before an admin disabled or demoted the account must not keep
        // the old rights: services re-read the account on every change.
        TestWorkspace ws;
        const OperatorSession olga = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
        const OperatorSession second = ws.addOperator(QStringLiteral("second-admin"), OperatorRole::Admin);
        auto& cat = ws.app().catalogue();
        QVERIFY(cat.create(olga,
                           DecisionPathBuilder(QStringLiteral("olgas")).owner(QStringLiteral("olga")).build())
                    .has_value());

        QVERIFY(ws.app().accounts().setDisabled(ws.admin(), QStringLiteral("olga"), true).has_value());
        auto refused = cat.activate(olga, QStringLiteral("olgas"));
        QCOMPARE(refused.error().code, ErrorCode::AccountDisabled);
        QCOMPARE(cat.create(olga,
                            DecisionPathBuilder(QStringLiteral("more")).owner(QStringLiteral("olga")).build())
                     .error()
                     .code,
                 ErrorCode::AccountDisabled);

        QVERIFY(ws.app()
                    .accounts()
                    .setRoles(ws.admin(), QStringLiteral("second-admin"), OperatorRole::Analyst)
                    .has_value());
        QCOMPARE(cat.retire(second, QStringLiteral("olgas"), QStringLiteral("cleanup")).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(ws.app().accounts().setDisabled(second, QStringLiteral("admin"), true).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(cat.get(ws.admin(), QStringLiteral("olgas"))->status, PathStatus::Draft);
    }

    void ownerCannotRegisterForOthersOrHandOver()
    {
        TestWorkspace ws;
        const OperatorSession olga = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
        ws.addOperator(QStringLiteral("pete"), OperatorRole::Owner);
        auto& cat = ws.app().catalogue();
        auto forOther = cat.create(olga, DecisionPathBuilder().owner(QStringLiteral("pete")).build());
        QCOMPARE(forOther.error().code, ErrorCode::PermissionDenied);
        auto own = cat.create(olga, DecisionPathBuilder().owner(QStringLiteral("olga")).build());
        QVERIFY(own.has_value());
        DecisionPath handOver = *own;
        handOver.owner = QStringLiteral("pete");
        QCOMPARE(cat.update(olga, handOver).error().code, ErrorCode::PermissionDenied);
        QVERIFY(cat.update(ws.admin(), handOver).has_value());
    }

    void ownerMustBeAnExistingEnabledAccount()
    {
        TestWorkspace ws;
        auto r = ws.app().catalogue().create(ws.admin(),
                                             DecisionPathBuilder().owner(QStringLiteral("ghost")).build());
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QVERIFY(r.error().message.contains(QStringLiteral("ghost")));
        ws.addOperator(QStringLiteral("gone"), OperatorRole::Owner);
        QVERIFY(ws.app().accounts().setDisabled(ws.admin(), QStringLiteral("gone"), true).has_value());
        QCOMPARE(ws.app()
                     .catalogue()
                     .create(ws.admin(), DecisionPathBuilder().owner(QStringLiteral("gone")).build())
                     .error()
                     .code,
                 ErrorCode::InvalidInput);
    }

    void invalidFieldsAreRefusedWithTheirNames()
    {
        TestWorkspace ws;
        DecisionPath p =
            DecisionPathBuilder(QStringLiteral("Bad Id")).workload(QStringLiteral("spiffe://Corp/x")).build();
        p.actionTypes = {QStringLiteral("not dotted")};
        auto r = ws.app().catalogue().create(ws.admin(), p);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QVERIFY(r.error().message.contains(QStringLiteral("id:")));
        QVERIFY(r.error().message.contains(QStringLiteral("workload_id:")));
        QVERIFY(r.error().message.contains(QStringLiteral("action_types:")));
        QVERIFY(ws.app().catalogue().list(ws.admin())->isEmpty());
    }

    void duplicateIdIsAConflict()
    {
        TestWorkspace ws;
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()).has_value());
        QCOMPARE(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder().build()).error().code,
                 ErrorCode::Conflict);
    }

    void staleEditIsRefusedAndOtherEditsSurvive()
    {
        // FIELD-CASES 14: two consoles on one database.
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        QVERIFY(
            cat.create(ws.admin(), DecisionPathBuilder(QStringLiteral("p1")).tier(SeverityTier::T1).build())
                .has_value());
        const DecisionPath seenByOne = *cat.get(ws.admin(), QStringLiteral("p1"));
        const DecisionPath seenByTwo = *cat.get(ws.admin(), QStringLiteral("p1"));

        ws.addOperator(QStringLiteral("team-a"), OperatorRole::Owner);
        DecisionPath one = seenByOne;
        one.owner = QStringLiteral("team-a");
        QVERIFY(cat.update(ws.admin(), one).has_value());
        // Instance 2 adds another path: unaffected by the first edit.
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder(QStringLiteral("p9")).build()).has_value());

        DecisionPath oneAgain = *cat.get(ws.admin(), QStringLiteral("p1"));
        oneAgain.tier = SeverityTier::T2;
        QVERIFY(cat.update(ws.admin(), oneAgain).has_value());
        DecisionPath two = seenByTwo;
        two.tier = SeverityTier::T0;
        auto stale = cat.update(ws.admin(), two);
        QCOMPARE(stale.error().code, ErrorCode::Conflict);
        QVERIFY(stale.error().message.contains(QStringLiteral("changed by someone else")));

        const DecisionPath stored = *cat.get(ws.admin(), QStringLiteral("p1"));
        QCOMPARE(stored.owner, QStringLiteral("team-a"));
        QCOMPARE(stored.tier, std::optional<SeverityTier>(SeverityTier::T2));
        QVERIFY(cat.get(ws.admin(), QStringLiteral("p9")).has_value());

        // The edits are ledgered with before/after values.
        const auto events = *ws.app().ledger().events({});
        QJsonObject lastChange;
        for (const auto& e : events)
            if (e.type == QStringLiteral("path.updated"))
                lastChange = e.payload.value(QStringLiteral("changes")).toObject();
        QCOMPARE(
            lastChange.value(QStringLiteral("tier")).toObject().value(QStringLiteral("before")).toString(),
            QStringLiteral("T1"));
        QCOMPARE(
            lastChange.value(QStringLiteral("tier")).toObject().value(QStringLiteral("after")).toString(),
            QStringLiteral("T2"));
        QCOMPARE(lastChange.keys(), QStringList{QStringLiteral("tier")});
    }

    void activePathEditMustStayActivatable()
    {
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder().build()).has_value());
        QVERIFY(cat.activate(ws.admin(), QStringLiteral("soc-isolate-endpoint")).has_value());
        DecisionPath p = *cat.get(ws.admin(), QStringLiteral("soc-isolate-endpoint"));
        p.actionTypes.clear();
        auto r = cat.update(ws.admin(), p);
        QCOMPARE(r.error().code, ErrorCode::Conflict);
        QVERIFY(r.error().message.contains(QStringLiteral("at least one action type")));
    }

    void noOpUpdateWritesNothing()
    {
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder().build()).has_value());
        const qint64 before = *ws.app().ledger().count();
        auto same = cat.update(ws.admin(), *cat.get(ws.admin(), QStringLiteral("soc-isolate-endpoint")));
        QVERIFY(same.has_value());
        QCOMPARE(same->version, 1);
        QCOMPARE(*ws.app().ledger().count(), before);
    }
};

QTEST_GUILESS_MAIN(CatalogueServiceTest)
#include "CatalogueServiceTest.moc"
