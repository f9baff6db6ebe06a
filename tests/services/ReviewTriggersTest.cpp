// Each review trigger on its own, and the action-history query behind novel_action.

#include <QtTest>

#include "DecisionPathBuilder.h"
#include "PolicyTestSupport.h"
#include "ReviewTriggers.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

class ReviewTriggersTest : public QObject
{
    Q_OBJECT

private slots:
    void targetKind_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("kind");
        QTest::newRow("user") << QStringLiteral("okta:user/jdoe") << QStringLiteral("okta:user");
        QTest::newRow("nested") << QStringLiteral("aws:iam:role/prod/admin")
                                << QStringLiteral("aws:iam:role/prod");
        QTest::newRow("no slash") << QStringLiteral("payments") << QStringLiteral("payments");
        QTest::newRow("trailing slash") << QStringLiteral("edr:host/") << QStringLiteral("edr:host");
        QTest::newRow("empty") << QString() << QString();
    }
    void targetKind()
    {
        QFETCH(QString, target);
        QFETCH(QString, kind);
        QCOMPARE(ReviewTriggers::targetKind(target), kind);
    }

    void unusualDestination_data()
    {
        QTest::addColumn<QStringList>("declared");
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("fires");
        QTest::newRow("inside") << QStringList{QStringLiteral("edr:host/*")}
                                << QStringLiteral("edr:host/web-01") << false;
        QTest::newRow("outside") << QStringList{QStringLiteral("edr:host/*")}
                                 << QStringLiteral("okta:user/jdoe") << true;
        QTest::newRow("star spans slashes")
            << QStringList{QStringLiteral("vault:kv/*")} << QStringLiteral("vault:kv/prod/db") << false;
        QTest::newRow("middle star") << QStringList{QStringLiteral("aws:*:role/app-*")}
                                     << QStringLiteral("aws:iam:role/app-web") << false;
        QTest::newRow("literal exact")
            << QStringList{QStringLiteral("payments")} << QStringLiteral("payments") << false;
        QTest::newRow("prefix is not enough")
            << QStringList{QStringLiteral("edr:host/web")} << QStringLiteral("edr:host/web-01") << true;
        QTest::newRow("none declared") << QStringList{} << QStringLiteral("edr:host/web-01") << true;
    }
    void unusualDestination()
    {
        QFETCH(QStringList, declared);
        QFETCH(QString, target);
        QFETCH(bool, fires);
        const DecisionPath path = DecisionPathBuilder().targets(declared).build();
        QCOMPARE(ReviewTriggers::unusualDestination(
                     makeRequest(path.id, QStringLiteral("endpoint.isolate"), target), path),
                 fires);
    }

    void policyException()
    {
        ActionRequest r = makeRequest();
        QVERIFY(!ReviewTriggers::policyException(r));
        r.policyException = true;
        QVERIFY(ReviewTriggers::policyException(r));
    }

    void identityStateChange_data()
    {
        QTest::addColumn<QString>("actionType");
        QTest::addColumn<bool>("fires");
        QTest::newRow("role assign") << QStringLiteral("iam.role.assign") << true;
        QTest::newRow("account disable") << QStringLiteral("iam.account.disable") << true;
        QTest::newRow("group add") << QStringLiteral("iam.group.add_member") << true;
        QTest::newRow("password reset") << QStringLiteral("iam.password.reset") << true;
        QTest::newRow("mfa reset") << QStringLiteral("iam.mfa.reset") << true;
        QTest::newRow("okta mfa") << QStringLiteral("okta.mfa.reset") << true;
        QTest::newRow("aws credential") << QStringLiteral("aws.credential.rotate") << true;
        QTest::newRow("secret rotate") << QStringLiteral("secret.rotate") << true;
        QTest::newRow("endpoint isolate") << QStringLiteral("endpoint.isolate") << false;
        QTest::newRow("scale") << QStringLiteral("k8s.deployment.scale") << false;
        QTest::newRow("refund") << QStringLiteral("payments.refund.issue") << false;
    }
    void identityStateChange()
    {
        QFETCH(QString, actionType);
        QFETCH(bool, fires);
        QCOMPARE(ReviewTriggers::identityStateChange(makeRequest(QStringLiteral("p"), actionType)), fires);
    }

    void irreversibleAction_data()
    {
        QTest::addColumn<bool>("requestReversible");
        QTest::addColumn<int>("pathReversibility");
        QTest::addColumn<bool>("fires");
        QTest::newRow("both reversible") << true << int(Reversibility::Reversible) << false;
        QTest::newRow("hard to reverse path") << true << int(Reversibility::HardToReverse) << false;
        QTest::newRow("irreversible path") << true << int(Reversibility::Irreversible) << true;
        QTest::newRow("request says irreversible") << false << int(Reversibility::Reversible) << true;
    }
    void irreversibleAction()
    {
        QFETCH(bool, requestReversible);
        QFETCH(int, pathReversibility);
        QFETCH(bool, fires);
        DecisionPath path = DecisionPathBuilder().build();
        path.reversibility = static_cast<Reversibility>(pathReversibility);
        ActionRequest r = makeRequest();
        r.reversible = requestReversible;
        QCOMPARE(ReviewTriggers::irreversibleAction(r, path), fires);
    }

    void lowConfidence_data()
    {
        QTest::addColumn<double>("confidence");
        QTest::addColumn<bool>("fires");
        QTest::newRow("below") << 0.62 << true;
        QTest::newRow("equal") << 0.80 << false;
        QTest::newRow("above") << 0.95 << false;
        QTest::newRow("zero") << 0.0 << true;
    }
    void lowConfidence()
    {
        QFETCH(double, confidence);
        QFETCH(bool, fires);
        const DecisionPath path = DecisionPathBuilder().build(); // threshold 0.8
        ActionRequest r = makeRequest();
        r.confidence = confidence;
        QCOMPARE(ReviewTriggers::lowConfidence(r, path), fires);
    }

    void restrictedTarget_data()
    {
        QTest::addColumn<int>("sensitivity");
        QTest::addColumn<bool>("fires");
        QTest::newRow("public") << int(TargetSensitivity::Public) << false;
        QTest::newRow("internal") << int(TargetSensitivity::Internal) << false;
        QTest::newRow("confidential") << int(TargetSensitivity::Confidential) << false;
        QTest::newRow("restricted") << int(TargetSensitivity::Restricted) << true;
    }
    void restrictedTarget()
    {
        QFETCH(int, sensitivity);
        QFETCH(bool, fires);
        ActionRequest r = makeRequest();
        r.targetSensitivity = static_cast<TargetSensitivity>(sensitivity);
        QCOMPARE(ReviewTriggers::restrictedTarget(r), fires);
    }

    void outsideTimeWindow_data()
    {
        QTest::addColumn<QDateTime>("when");
        QTest::addColumn<bool>("fires");
        // Window: Mon-Fri 08:00-18:00 Europe/Berlin (UTC+1 in March before DST, UTC+2 after).
        QTest::newRow("tue 10:00 local") << QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC) << false;
        QTest::newRow("tue 07:30 local") << QDateTime(QDate(2026, 3, 10), QTime(6, 30), Qt::UTC) << true;
        QTest::newRow("tue 18:00 local is out")
            << QDateTime(QDate(2026, 3, 10), QTime(17, 0), Qt::UTC) << true;
        QTest::newRow("sat noon") << QDateTime(QDate(2026, 3, 14), QTime(11, 0), Qt::UTC) << true;
        QTest::newRow("after DST: mon 08:30 local")
            << QDateTime(QDate(2026, 3, 30), QTime(6, 30), Qt::UTC) << false;
    }
    void outsideTimeWindow()
    {
        QFETCH(QDateTime, when);
        QFETCH(bool, fires);
        PolicyTimeWindow w;
        w.timeZoneId = "Europe/Berlin";
        w.zone = QTimeZone(w.timeZoneId);
        w.days = 0x1f;
        w.fromMinutes = 8 * 60;
        w.toMinutes = 18 * 60;
        QCOMPARE(ReviewTriggers::outsideTimeWindow(w, when), fires);
        QVERIFY(!ReviewTriggers::outsideTimeWindow(std::nullopt, when));
    }

    void overnightWindow()
    {
        PolicyTimeWindow w;
        w.timeZoneId = "UTC";
        w.zone = QTimeZone::utc();
        w.days = 1u << 4; // Friday
        w.fromMinutes = 22 * 60;
        w.toMinutes = 6 * 60;
        QVERIFY(w.contains(QDateTime(QDate(2026, 3, 13), QTime(23, 0), Qt::UTC)));  // Fri 23:00
        QVERIFY(w.contains(QDateTime(QDate(2026, 3, 14), QTime(3, 0), Qt::UTC)));   // Sat 03:00
        QVERIFY(!w.contains(QDateTime(QDate(2026, 3, 14), QTime(23, 0), Qt::UTC))); // Sat 23:00
        QVERIFY(
            !w.contains(QDateTime(QDate(2026, 3, 13), QTime(3, 0), Qt::UTC))); // Fri 03:00 (Thursday's night)
    }

    void novelActionUsesExecutedHistory()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const DecisionPath path = DecisionPathBuilder().build();
        QVERIFY(ws.app().catalogue().create(ws.admin(), path));
        const QSqlDatabase db = ws.app().database().connection();
        const QString kind = QStringLiteral("edr:host");
        auto before =
            ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.isolate"), kind);
        QVERIFY(before);
        QVERIFY(!*before);
        QVERIFY(ReviewTriggers::novelAction(*before));

        // Requests that were not executed do not count.
        const QDateTime t0 = ws.clock().now();
        QVERIFY(insertRecorded(db, makeRequest(), QStringLiteral("rejected"), PolicyOutcome::Review, t0));
        QVERIFY(insertRecorded(db, makeRequest(), QStringLiteral("allowed"), PolicyOutcome::Allow, t0));
        QVERIFY(!*ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.isolate"), kind));

        // An execution against another host of the same kind makes it familiar.
        QVERIFY(insertRecorded(
            db, makeRequest(path.id, QStringLiteral("endpoint.isolate"), QStringLiteral("edr:host/db-02")),
            QStringLiteral("executed"), PolicyOutcome::Allow, t0));
        auto after = ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.isolate"), kind);
        QVERIFY(after && *after);
        QVERIFY(!ReviewTriggers::novelAction(*after));
        // ... but not another kind, another action type, or (for replays) a later time.
        QVERIFY(!*ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.isolate"),
                                                    QStringLiteral("okta:user")));
        QVERIFY(!*ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.release"), kind));
        QVERIFY(
            !*ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.isolate"), kind, t0));
        QVERIFY(*ReviewTriggers::hasExecutedBefore(db, path.id, QStringLiteral("endpoint.isolate"), kind,
                                                   t0.addSecs(1)));
    }

    void requestTriggersInOrder()
    {
        const DecisionPath path = DecisionPathBuilder().build();
        ActionRequest r =
            makeRequest(path.id, QStringLiteral("iam.role.assign"), QStringLiteral("okta:user/jdoe"));
        r.confidence = 0.5;
        r.targetSensitivity = TargetSensitivity::Restricted;
        r.reversible = false;
        r.policyException = true;
        const QStringList fired = ReviewTriggers::requestTriggers(r, path, false);
        QCOMPARE(fired,
                 (QStringList{QStringLiteral("novel_action"), QStringLiteral("unusual_destination"),
                              QStringLiteral("policy_exception"), QStringLiteral("identity_state_change"),
                              QStringLiteral("irreversible_action"), QStringLiteral("low_confidence"),
                              QStringLiteral("restricted_target")}));
        QVERIFY(ReviewTriggers::requestTriggers(makeRequest(), path, true).isEmpty());
    }
};

QTEST_GUILESS_MAIN(ReviewTriggersTest)
#include "ReviewTriggersTest.moc"
