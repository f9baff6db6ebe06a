// PolicyService: the default policy, publishing (admin only, ledgered with the diff),
// failing closed (FIELD-CASES 4), what-if replays and shadow mode.

#include <stdexcept>

#include <QtTest>

#include "CryptoPrimitives.h"
#include "DecisionPathBuilder.h"
#include "PolicyService.h"
#include "PolicyTestSupport.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

const QByteArray kAllowAll = R"({"version": "allow-all", "rules": [
    {"id": "allow-everything", "then": {"outcome": "allow"}}]})";

const QByteArray kReviewIsolate = R"({"version": "review-isolate", "rules": [
    {"id": "isolate-review", "when": {"action_types": ["endpoint.isolate"]}, "then": {"outcome": "review"}},
    {"id": "new-rule", "when": {"confidence": {"max": 0.1}}, "then": {"outcome": "deny", "reason": "too unsure"}}]})";

QList<AuditEvent> eventsOfType(TestWorkspace& ws, const QString& type)
{
    AuditQuery q;
    q.text = type;
    auto events = ws.app().ledger().events(q);
    QList<AuditEvent> out;
    for (const auto& e : *events) {
        if (e.type == type)
            out << e;
    }
    return out;
}

bool execSql(TestWorkspace& ws, const QString& sql, const QVariantList& binds = {})
{
    QSqlQuery q(ws.app().database().connection());
    q.prepare(sql);
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec()) {
        qWarning("%s", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

} // namespace

class PolicyServiceTest : public QObject
{
    Q_OBJECT

private:
    DecisionPath addPath(TestWorkspace& ws, SeverityTier tier = SeverityTier::T1)
    {
        const DecisionPath p = DecisionPathBuilder().tier(tier).build();
        auto created = ws.app().catalogue().create(ws.admin(), p);
        return created ? *created : DecisionPath{};
    }

private slots:
    void defaultPolicyIsPublishedBySystemOnFirstUse()
    {
        TestWorkspace ws;
        const DecisionPath path = addPath(ws, SeverityTier::T0);
        QVERIFY(eventsOfType(ws, QStringLiteral("policy.published")).isEmpty());
        const PolicyDecision d = ws.app().policy().decide(makeRequest(), path);
        const auto events = eventsOfType(ws, QStringLiteral("policy.published"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].actor, QStringLiteral("system"));
        QVERIFY(events[0].payload.value(QStringLiteral("default_policy")).toBool());
        auto shown = ws.app().policy().show(ws.admin());
        QVERIFY(shown);
        QCOMPARE(d.policyVersion, shown->hash);
        QCOMPARE(shown->hash, QString::fromLatin1(CryptoPrimitives::sha256(shown->body).toHex()));
        // T0 path, known destination, but the action never ran: novel, yet T0 is log only.
        QCOMPARE(d.outcome, PolicyOutcome::Allow);
        QCOMPARE(d.matchedRules, QStringList{QStringLiteral("t0-log-only")});
        QVERIFY(d.triggers.contains(QStringLiteral("novel_action")));
        // A second decision does not publish again.
        (void)ws.app().policy().decide(makeRequest(), path);
        QCOMPARE(eventsOfType(ws, QStringLiteral("policy.published")).size(), 1);
    }

    void defaultPolicyAssuranceBySeverity_data()
    {
        QTest::addColumn<int>("tier");
        QTest::addColumn<QString>("actionType");
        QTest::addColumn<double>("confidence");
        QTest::addColumn<int>("sensitivity");
        QTest::addColumn<bool>("executedBefore");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<int>("approvals");
        QTest::newRow("T0 log only") << 0 << "endpoint.isolate" << 0.95 << 1 << true << "allow" << 0;
        QTest::newRow("T1 sampled") << 1 << "endpoint.isolate" << 0.95 << 1 << true << "allow_sampled" << 0;
        QTest::newRow("T1 novel reviewed") << 1 << "endpoint.isolate" << 0.95 << 1 << false << "review" << 1;
        QTest::newRow("T2 one approval") << 2 << "endpoint.isolate" << 0.95 << 1 << true << "review" << 1;
        QTest::newRow("T3 two approvals") << 3 << "endpoint.isolate" << 0.95 << 1 << true << "review" << 2;
        QTest::newRow("T0 identity change reviewed")
            << 0 << "iam.role.assign" << 0.95 << 1 << true << "review" << 1;
        QTest::newRow("restricted + low confidence denied")
            << 1 << "endpoint.isolate" << 0.5 << 3 << true << "deny" << 0;
        QTest::newRow("restricted, confident: sampled")
            << 1 << "endpoint.isolate" << 0.9 << 3 << true << "allow_sampled" << 0;
    }
    void defaultPolicyAssuranceBySeverity()
    {
        QFETCH(int, tier);
        QFETCH(QString, actionType);
        QFETCH(double, confidence);
        QFETCH(int, sensitivity);
        QFETCH(bool, executedBefore);
        QFETCH(QString, outcome);
        QFETCH(int, approvals);
        TestWorkspace ws;
        DecisionPath path =
            DecisionPathBuilder()
                .tier(static_cast<SeverityTier>(tier))
                .actions({QStringLiteral("endpoint.isolate"), QStringLiteral("iam.role.assign")})
                .build();
        QVERIFY(ws.app().catalogue().create(ws.admin(), path));
        ActionRequest r = makeRequest(path.id, actionType);
        r.confidence = confidence;
        r.targetSensitivity = static_cast<TargetSensitivity>(sensitivity);
        if (executedBefore)
            QVERIFY(insertRecorded(ws.app().database().connection(), makeRequest(path.id, actionType),
                                   QStringLiteral("executed"), PolicyOutcome::Allow,
                                   ws.clock().now().addSecs(-60)));
        const PolicyDecision d = ws.app().policy().decide(r, path);
        QCOMPARE(policyOutcomeName(d.outcome), outcome);
        if (approvals)
            QCOMPARE(d.review->approvals, approvals);
        QVERIFY(d.evaluationMicros >= 0);
    }

    void publishNeedsAdmin_data()
    {
        QTest::addColumn<int>("roles");
        QTest::newRow("analyst") << int(OperatorRole::Analyst);
        QTest::newRow("owner") << int(OperatorRole::Owner);
        QTest::newRow("manager") << int(OperatorRole::Manager);
        QTest::newRow("all but admin")
            << int(OperatorRole::Analyst | OperatorRole::Owner | OperatorRole::Manager);
    }
    void publishNeedsAdmin()
    {
        QFETCH(int, roles);
        TestWorkspace ws;
        const OperatorSession who = ws.addOperator(QStringLiteral("someone"), OperatorRoles::fromInt(roles));
        auto published = ws.app().policy().publish(who, kAllowAll);
        QVERIFY(!published);
        QCOMPARE(published.error().code, ErrorCode::PermissionDenied);
        QVERIFY(!ws.app().policy().startShadow(who, kAllowAll));
    }

    void demotedAdminSessionCannotPublish()
    {
        // A console signed in as admin keeps no rights once the account is demoted or disabled.
        TestWorkspace ws;
        addPath(ws);
        const OperatorSession second = ws.addOperator(QStringLiteral("second-admin"), OperatorRole::Admin);
        QVERIFY(
            ws.app().accounts().setRoles(ws.admin(), QStringLiteral("second-admin"), OperatorRole::Analyst));
        auto published = ws.app().policy().publish(second, kAllowAll);
        QVERIFY(!published);
        QCOMPARE(published.error().code, ErrorCode::PermissionDenied);
        QVERIFY(
            ws.app().accounts().setRoles(ws.admin(), QStringLiteral("second-admin"), OperatorRole::Admin));
        QVERIFY(ws.app().accounts().setDisabled(ws.admin(), QStringLiteral("second-admin"), true));
        QCOMPARE(ws.app().policy().publish(second, kAllowAll).error().code, ErrorCode::AccountDisabled);
    }

    void publishIsLedgeredWithTheDiff()
    {
        TestWorkspace ws;
        addPath(ws);
        auto first = ws.app().policy().publish(ws.admin(), kAllowAll);
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        auto second = ws.app().policy().publish(ws.admin(), kReviewIsolate);
        QVERIFY2(second, second ? "" : qPrintable(second.error().message));
        const auto events = eventsOfType(ws, QStringLiteral("policy.published"));
        QCOMPARE(events.size(), 3); // default, allow-all, review-isolate
        const QJsonObject payload = events.last().payload;
        QCOMPARE(events.last().actor, QStringLiteral("operator:admin"));
        QCOMPARE(payload.value(QStringLiteral("hash")).toString(), second->version.hash);
        QCOMPARE(payload.value(QStringLiteral("previous")).toString(), first->version.hash);
        const QJsonObject diff = payload.value(QStringLiteral("diff")).toObject();
        QCOMPARE(diff.value(QStringLiteral("added")).toArray(),
                 (QJsonArray{QStringLiteral("isolate-review"), QStringLiteral("new-rule")}));
        QCOMPARE(diff.value(QStringLiteral("removed")).toArray(),
                 QJsonArray{QStringLiteral("allow-everything")});
        QVERIFY(diff.value(QStringLiteral("changed")).toArray().isEmpty());

        // The same document again (even reformatted) is the same version: refused.
        QByteArray reformatted = kReviewIsolate;
        reformatted.replace("\n", "\n\n   ");
        auto again = ws.app().policy().publish(ws.admin(), reformatted);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::Conflict);

        auto history = ws.app().policy().history(ws.admin());
        QVERIFY(history);
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->first().hash, second->version.hash);
        QCOMPARE(history->first().publishedBy, QStringLiteral("operator:admin"));
        QCOMPARE(history->last().publishedBy, QStringLiteral("system"));
        auto old = ws.app().policy().show(ws.admin(), first->version.hash.left(10));
        QVERIFY(old);
        QCOMPARE(old->label, QStringLiteral("allow-all"));
        QVERIFY(ws.app().ledger().verify()->intact());
    }

    void publishRefusesInvalidPolicies()
    {
        TestWorkspace ws;
        auto r = ws.app().policy().publish(
            ws.admin(),
            R"({"version": "x", "rules": [{"id": "a", "when": {"path_ids": ["ghost"]}, "then": {"outcome": "allow"}}]})");
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QVERIFY(r.error().message.contains(QStringLiteral("no decision path \"ghost\"")));
    }

    void failsClosed_data()
    {
        QTest::addColumn<QString>("sabotage");
        QTest::addColumn<QString>("errorClass");
        QTest::newRow("syntax error in stored policy") << "syntax"
                                                       << "policy_unparsable";
        QTest::newRow("stored policy altered") << "integrity"
                                               << "policy_integrity";
        QTest::newRow("budget exceeded") << "budget"
                                         << "budget_exceeded";
        QTest::newRow("exception") << "exception"
                                   << "exception";
        QTest::newRow("policy storage missing") << "missing"
                                                << "storage";
        QTest::newRow("history unreadable") << "history"
                                            << "history_unavailable";
    }
    void failsClosed()
    {
        QFETCH(QString, sabotage);
        QFETCH(QString, errorClass);
        TestWorkspace ws;
        const DecisionPath path = addPath(ws, SeverityTier::T0);
        QVERIFY(ws.app().policy().publish(ws.admin(), kAllowAll));
        QCOMPARE(ws.app().policy().decide(makeRequest(), path).outcome, PolicyOutcome::Allow);

        PolicyService& policy = ws.app().policy();
        const QString now = ws.clock().now().toString(Qt::ISODateWithMs);
        if (sabotage == QStringLiteral("syntax")) {
            const QByteArray body = "{\"version\": \"broken\", \"rules\": [";
            QVERIFY(execSql(
                ws,
                QStringLiteral("INSERT INTO policy_publications (hash, label, body, source, rule_count, "
                               "published_by, published_at) VALUES (?, 'broken', ?, ?, 0, 'x', ?)"),
                {QString::fromLatin1(CryptoPrimitives::sha256(body).toHex()), QString::fromUtf8(body),
                 QString::fromUtf8(body), now}));
        } else if (sabotage == QStringLiteral("integrity")) {
            QVERIFY(execSql(
                ws,
                QStringLiteral("INSERT INTO policy_publications (hash, label, body, source, rule_count, "
                               "published_by, published_at) SELECT hash, label, replace(body, 'allow', "
                               "'deny'), source, rule_count, 'x', ? FROM policy_publications ORDER BY id "
                               "DESC LIMIT 1"),
                {now}));
        } else if (sabotage == QStringLiteral("budget")) {
            policy.setEvaluationBudget(std::chrono::microseconds(0));
        } else if (sabotage == QStringLiteral("exception")) {
            policy.setFaultInjection([] { throw std::runtime_error("injected fault"); });
        } else if (sabotage == QStringLiteral("missing")) {
            QVERIFY(execSql(ws, QStringLiteral("DROP TABLE policy_publications")));
        } else if (sabotage == QStringLiteral("history")) {
            QVERIFY(
                execSql(ws, QStringLiteral("ALTER TABLE action_requests RENAME TO action_requests_gone")));
        }
        const PolicyDecision d = policy.decide(makeRequest(), path);
        QCOMPARE(d.outcome, PolicyOutcome::Deny);
        QVERIFY2(d.reason.startsWith(QStringLiteral("evaluator_error: ") + errorClass), qPrintable(d.reason));
        QVERIFY(!d.explanation.isEmpty());
        QVERIFY(d.matchedRules.isEmpty());
    }

    void evaluateDraftDoesNotPublish()
    {
        TestWorkspace ws;
        const DecisionPath path = addPath(ws);
        auto d = ws.app().policy().evaluateDraft(kReviewIsolate, makeRequest(), path);
        QVERIFY(d);
        QCOMPARE(d->outcome, PolicyOutcome::Review);
        QCOMPARE(d->matchedRules, QStringList{QStringLiteral("isolate-review")});
        QVERIFY(eventsOfType(ws, QStringLiteral("policy.published")).isEmpty());
        auto bad = ws.app().policy().evaluateDraft("{", makeRequest(), path);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, ErrorCode::InvalidInput);
    }

    void whatIfCountsHumanDecisions()
    {
        TestWorkspace ws;
        const DecisionPath path = addPath(ws);
        const QSqlDatabase db = ws.app().database().connection();
        const QDateTime t = ws.clock().now().addSecs(-3600);
        // Recorded under a policy that reviewed everything:
        QVERIFY(insertRecorded(db, makeRequest(), QStringLiteral("rejected"), PolicyOutcome::Review, t));
        QVERIFY(insertRecorded(db, makeRequest(), QStringLiteral("rejected"), PolicyOutcome::Review,
                               t.addSecs(1)));
        QVERIFY(insertRecorded(db, makeRequest(), QStringLiteral("approved"), PolicyOutcome::Review,
                               t.addSecs(2)));
        QVERIFY(
            insertRecorded(db, makeRequest(), QStringLiteral("allowed"), PolicyOutcome::Allow, t.addSecs(3)));
        // ... and one outside the period.
        QVERIFY(insertRecorded(db, makeRequest(), QStringLiteral("rejected"), PolicyOutcome::Review,
                               t.addDays(-2)));

        auto allowAll = ws.app().policy().whatIf(ws.admin(), kAllowAll, t.addSecs(-1), ws.clock().now());
        QVERIFY2(allowAll, allowAll ? "" : qPrintable(allowAll.error().message));
        QCOMPARE(allowAll->replayed, 4);
        QCOMPARE(allowAll->changes.size(), 3); // the three reviewed ones become allow
        QCOMPARE(allowAll->humanDecided, 3);
        QCOMPARE(allowAll->wouldAllowHumanRejected, 2);
        QCOMPARE(allowAll->wouldQueueHumanApproved, 0);

        auto reviewAll =
            ws.app().policy().whatIf(ws.admin(), kReviewIsolate, t.addSecs(-1), ws.clock().now());
        QVERIFY(reviewAll);
        QCOMPARE(reviewAll->changes.size(), 1); // only the allowed one becomes review
        QCOMPARE(reviewAll->changes[0].draft, PolicyOutcome::Review);
        QCOMPARE(reviewAll->wouldQueueHumanApproved, 1);
        QCOMPARE(reviewAll->wouldAllowHumanRejected, 0);

        const OperatorSession analyst = ws.addOperator(QStringLiteral("ana"), OperatorRole::Analyst);
        auto refused = ws.app().policy().whatIf(analyst, kAllowAll, t, ws.clock().now());
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::PermissionDenied);
    }

    void shadowFlipsAreRecorded()
    {
        TestWorkspace ws;
        const DecisionPath path = addPath(ws, SeverityTier::T0);
        QVERIFY(ws.app().policy().publish(ws.admin(), kAllowAll));
        auto shadow = ws.app().policy().startShadow(ws.admin(), kReviewIsolate);
        QVERIFY2(shadow, shadow ? "" : qPrintable(shadow.error().message));
        QCOMPARE(eventsOfType(ws, QStringLiteral("policy.shadow_registered")).size(), 1);

        const PolicyDecision flipped = ws.app().policy().decide(makeRequest(), path);
        QCOMPARE(flipped.outcome, PolicyOutcome::Allow); // the live decision is untouched
        ActionRequest same = makeRequest(path.id, QStringLiteral("endpoint.release"));
        (void)ws.app().policy().decide(same, path); // review-isolate has no rule: default review -> flip too
        ActionRequest sure = makeRequest();
        auto flips = ws.app().policy().shadowFlips(ws.admin());
        QVERIFY(flips);
        QCOMPARE(flips->size(), 2);
        QCOMPARE(flips->last().requestId, flipped.requestId);
        QCOMPARE(flips->last().liveOutcome, PolicyOutcome::Allow);
        QCOMPARE(flips->last().shadowOutcome, PolicyOutcome::Review);
        QCOMPARE(flips->last().shadowRules, QStringList{QStringLiteral("isolate-review")});
        QCOMPARE(flips->last().shadowVersion, shadow->hash);

        // evaluateLive (policy eval) runs no shadow.
        (void)ws.app().policy().evaluateLive(sure, path);
        QCOMPARE(ws.app().policy().shadowFlips(ws.admin())->size(), 2);

        QVERIFY(ws.app().policy().stopShadow(ws.admin()));
        (void)ws.app().policy().decide(makeRequest(), path);
        QCOMPARE(ws.app().policy().shadowFlips(ws.admin())->size(), 2);
        QCOMPARE(eventsOfType(ws, QStringLiteral("policy.shadow_cleared")).size(), 1);
        QVERIFY(!ws.app().policy().stopShadow(ws.admin()));
    }
};

QTEST_GUILESS_MAIN(PolicyServiceTest)
#include "PolicyServiceTest.moc"
