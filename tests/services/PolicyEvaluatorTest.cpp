// Rule matching condition by condition, combining, the no-match default, tier floors,
// explanations down to the value, the rule index and the evaluation budget.

#include <QtTest>

#include "DecisionPathBuilder.h"
#include "PolicyEvaluator.h"
#include "PolicyJson.h"
#include "PolicyTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

std::optional<CompiledPolicy> compile(const QByteArray& json)
{
    PolicyParseResult parsed = PolicyJson::parse(json);
    if (!parsed.policy) {
        for (const auto& i : parsed.issues)
            qWarning("%s", qPrintable(i.toString()));
        return std::nullopt;
    }
    return CompiledPolicy(*parsed.policy, QStringLiteral("test"));
}

PolicyDecision decide(const CompiledPolicy& policy, const ActionRequest& r, const DecisionPath& path,
                      const QStringList& triggers = {},
                      const QDateTime& now = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC))
{
    QElapsedTimer timer;
    timer.start();
    auto d = policy.evaluate(PolicyInput{r, path, triggers, now}, timer, std::numeric_limits<qint64>::max());
    return d ? *d : PolicyDecision{};
}

QByteArray oneRule(const QByteArray& when)
{
    return "{\"version\": \"t\", \"rules\": [{\"id\": \"r\", \"when\": " + when +
           ", \"then\": {\"outcome\": \"deny\", \"reason\": \"x\"}}]}";
}

} // namespace

class PolicyEvaluatorTest : public QObject
{
    Q_OBJECT

private slots:
    void conditionMatching_data()
    {
        QTest::addColumn<QByteArray>("when");
        QTest::addColumn<bool>("matches");
        // The request: path soc-isolate-endpoint (T2, reversible), endpoint.isolate on
        // edr:host/web-01, confidence 0.62, risk 30, internal, production, reversible,
        // triggers [novel_action, low_confidence], Tuesday 10:00 Berlin.
        QTest::newRow("empty when") << QByteArray("{}") << true;
        QTest::newRow("path id") << QByteArray("{\"path_ids\": [\"soc-isolate-endpoint\"]}") << true;
        QTest::newRow("other path id") << QByteArray("{\"path_ids\": [\"other\"]}") << false;
        QTest::newRow("tier") << QByteArray("{\"tiers\": [\"T2\", \"T3\"]}") << true;
        QTest::newRow("other tier") << QByteArray("{\"tiers\": [\"T0\"]}") << false;
        QTest::newRow("action exact") << QByteArray("{\"action_types\": [\"endpoint.isolate\"]}") << true;
        QTest::newRow("action prefix") << QByteArray("{\"action_types\": [\"endpoint.*\"]}") << true;
        QTest::newRow("action leading star") << QByteArray("{\"action_types\": [\"*.isolate\"]}") << true;
        QTest::newRow("action other") << QByteArray("{\"action_types\": [\"iam.*\"]}") << false;
        QTest::newRow("environment") << QByteArray("{\"environments\": [\"production\"]}") << true;
        QTest::newRow("other environment") << QByteArray("{\"environments\": [\"staging\"]}") << false;
        QTest::newRow("target") << QByteArray("{\"targets\": [\"edr:host/*\"]}") << true;
        QTest::newRow("other target") << QByteArray("{\"targets\": [\"okta:*\"]}") << false;
        QTest::newRow("confidence min held") << QByteArray("{\"confidence\": {\"min\": 0.6}}") << true;
        QTest::newRow("confidence min failed") << QByteArray("{\"confidence\": {\"min\": 0.8}}") << false;
        QTest::newRow("confidence max") << QByteArray("{\"confidence\": {\"max\": 0.7}}") << true;
        QTest::newRow("confidence max inclusive") << QByteArray("{\"confidence\": {\"max\": 0.62}}") << true;
        QTest::newRow("risk range") << QByteArray("{\"risk_score\": {\"min\": 10, \"max\": 30}}") << true;
        QTest::newRow("risk too low") << QByteArray("{\"risk_score\": {\"min\": 31}}") << false;
        QTest::newRow("sensitivity set") << QByteArray("{\"target_sensitivity\": [\"internal\"]}") << true;
        QTest::newRow("sensitivity set miss")
            << QByteArray("{\"target_sensitivity\": [\"restricted\"]}") << false;
        QTest::newRow("sensitivity min")
            << QByteArray("{\"target_sensitivity\": {\"min\": \"internal\"}}") << true;
        QTest::newRow("sensitivity min miss")
            << QByteArray("{\"target_sensitivity\": {\"min\": \"confidential\"}}") << false;
        QTest::newRow("reversible") << QByteArray("{\"reversible\": true}") << true;
        QTest::newRow("not reversible") << QByteArray("{\"reversible\": false}") << false;
        QTest::newRow("path reversibility")
            << QByteArray("{\"path_reversibility\": [\"reversible\"]}") << true;
        QTest::newRow("path irreversible")
            << QByteArray("{\"path_reversibility\": [\"irreversible\"]}") << false;
        QTest::newRow("triggers any")
            << QByteArray("{\"triggers\": {\"any\": [\"novel_action\", \"policy_exception\"]}}") << true;
        QTest::newRow("triggers any miss")
            << QByteArray("{\"triggers\": {\"any\": [\"policy_exception\"]}}") << false;
        QTest::newRow("triggers all")
            << QByteArray("{\"triggers\": {\"all\": [\"novel_action\", \"low_confidence\"]}}") << true;
        QTest::newRow("triggers all miss")
            << QByteArray("{\"triggers\": {\"all\": [\"novel_action\", \"restricted_target\"]}}") << false;
        QTest::newRow("triggers none")
            << QByteArray("{\"triggers\": {\"none\": [\"restricted_target\"]}}") << true;
        QTest::newRow("triggers none miss")
            << QByteArray("{\"triggers\": {\"none\": [\"novel_action\"]}}") << false;
        QTest::newRow("time window in")
            << QByteArray("{\"time_window\": {\"time_zone\": \"Europe/Berlin\", \"days\": [\"tue\"], "
                          "\"from\": \"08:00\", \"to\": \"18:00\"}}")
            << true;
        QTest::newRow("time window out")
            << QByteArray("{\"time_window\": {\"time_zone\": \"America/New_York\", \"days\": [\"tue\"], "
                          "\"from\": \"08:00\", \"to\": \"18:00\"}}")
            << false;
        QTest::newRow("all conditions together")
            << QByteArray("{\"path_ids\": [\"soc-isolate-endpoint\"], \"tiers\": [\"T2\"], \"action_types\": "
                          "[\"endpoint.*\"],\n"
                          "                             \"environments\": [\"production\"], \"targets\": "
                          "[\"edr:*\"], \"confidence\": {\"max\": 0.8}}")
            << true;
    }
    void conditionMatching()
    {
        QFETCH(QByteArray, when);
        QFETCH(bool, matches);
        auto policy = compile(oneRule(when));
        QVERIFY(policy);
        ActionRequest r = makeRequest();
        r.confidence = 0.62;
        const DecisionPath path = DecisionPathBuilder().build();
        const PolicyDecision d =
            decide(*policy, r, path, {QStringLiteral("novel_action"), QStringLiteral("low_confidence")});
        QCOMPARE(d.matchedRules.contains(QStringLiteral("r")), matches);
        QCOMPARE(d.outcome, matches ? PolicyOutcome::Deny : PolicyOutcome::Review);
    }

    void combining_data()
    {
        QTest::addColumn<QStringList>("outcomes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("allow") << QStringList{QStringLiteral("allow")} << QStringLiteral("allow");
        QTest::newRow("allow + sampled")
            << QStringList{QStringLiteral("allow"), QStringLiteral("allow_sampled")}
            << QStringLiteral("allow_sampled");
        QTest::newRow("sampled + review")
            << QStringList{QStringLiteral("allow_sampled"), QStringLiteral("review")}
            << QStringLiteral("review");
        QTest::newRow("review + deny + allow")
            << QStringList{QStringLiteral("review"), QStringLiteral("deny"), QStringLiteral("allow")}
            << QStringLiteral("deny");
        QTest::newRow("deny first") << QStringList{QStringLiteral("deny"), QStringLiteral("allow")}
                                    << QStringLiteral("deny");
    }
    void combining()
    {
        QFETCH(QStringList, outcomes);
        QFETCH(QString, expected);
        QByteArray rules;
        for (int i = 0; i < outcomes.size(); ++i) {
            QByteArray then = "{\"outcome\": \"" + outcomes[i].toUtf8() + '"';
            if (outcomes[i] == QStringLiteral("allow_sampled"))
                then += ", \"sample_rate\": 0.2";
            if (outcomes[i] == QStringLiteral("deny"))
                then += ", \"reason\": \"no\"";
            then += '}';
            rules += (i ? "," : "") + QByteArray("{\"id\": \"r") + QByteArray::number(i) +
                     "\", \"then\": " + then + '}';
        }
        auto policy = compile("{\"version\": \"t\", \"rules\": [" + rules + "]}");
        QVERIFY(policy);
        const PolicyDecision d = decide(*policy, makeRequest(), DecisionPathBuilder().build());
        QCOMPARE(policyOutcomeName(d.outcome), expected);
        QCOMPARE(d.matchedRules.size(), outcomes.size());
        QCOMPARE(d.review.has_value(), expected == QStringLiteral("review"));
        if (expected == QStringLiteral("allow_sampled"))
            QCOMPARE(d.sampleRate, 0.2);
        if (expected == QStringLiteral("deny"))
            QCOMPARE(d.reason, QStringLiteral("rule r%1: no").arg(outcomes.indexOf(QStringLiteral("deny"))));
    }

    void reviewRequirementsCombineToTheStrictest()
    {
        auto policy = compile("{\"version\": \"t\", \"rules\": [\n"
                              "            {\"id\": \"a\", \"then\": {\"outcome\": \"review\", "
                              "\"approvals\": 1, \"roles\": [\"analyst\"], \"ttl_seconds\": 600}},\n"
                              "            {\"id\": \"b\", \"then\": {\"outcome\": \"review\", "
                              "\"approvals\": 2, \"roles\": [\"admin\"], \"ttl_seconds\": 7200}}]}");
        QVERIFY(policy);
        const PolicyDecision d = decide(*policy, makeRequest(), DecisionPathBuilder().build());
        QVERIFY(d.review);
        QCOMPARE(d.review->approvals, 2);
        QCOMPARE(d.review->roles, QStringList{QStringLiteral("admin")});
        QCOMPARE(d.review->ttlSeconds, qint64(600));
    }

    void noMatchMeansReview()
    {
        auto policy = compile("{\"version\": \"t\", \"rules\": [\n"
                              "            {\"id\": \"never\", \"when\": {\"path_ids\": [\"other\"]}, "
                              "\"then\": {\"outcome\": \"allow\"}}]}");
        QVERIFY(policy);
        const PolicyDecision d =
            decide(*policy, makeRequest(), DecisionPathBuilder().tier(SeverityTier::T0).build());
        QCOMPARE(d.outcome, PolicyOutcome::Review);
        QVERIFY(d.matchedRules.isEmpty());
        QVERIFY(d.review);
        QCOMPARE(d.review->approvals, 1);
        QVERIFY(d.reason.startsWith(QStringLiteral("no rule matched")));
    }

    void tierFloors_data()
    {
        QTest::addColumn<int>("tier"); // -1 = no tier
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("approvals");
        QTest::newRow("T0 allow stays") << 0 << QStringLiteral("allow") << 0;
        QTest::newRow("T1 allow stays") << 1 << QStringLiteral("allow") << 0;
        QTest::newRow("T2 policy floor sampled") << 2 << QStringLiteral("allow_sampled") << 0;
        QTest::newRow("T3 never below review") << 3 << QStringLiteral("review") << 1;
        QTest::newRow("no tier counts as T3") << -1 << QStringLiteral("review") << 1;
    }
    void tierFloors()
    {
        QFETCH(int, tier);
        QFETCH(QString, expected);
        QFETCH(int, approvals);
        // The policy tries to allow everything; its floors say T2 at least allow_sampled,
        // and T3 has no floor in the policy: the built-in one still applies.
        auto policy = compile(
            "{\"version\": \"t\",\n"
            "            \"tier_floors\": {\"T2\": {\"outcome\": \"allow_sampled\", \"sample_rate\": 0.5}},\n"
            "            \"rules\": [{\"id\": \"allow-all\", \"then\": {\"outcome\": \"allow\"}}]}");
        QVERIFY(policy);
        const DecisionPath path =
            DecisionPathBuilder()
                .tier(tier < 0 ? std::nullopt : std::optional(static_cast<SeverityTier>(tier)))
                .build();
        const PolicyDecision d = decide(*policy, makeRequest(), path);
        QCOMPARE(policyOutcomeName(d.outcome), expected);
        if (approvals)
            QCOMPARE(d.review->approvals, approvals);
        if (expected == QStringLiteral("allow_sampled"))
            QCOMPARE(d.sampleRate, 0.5);
    }

    void t3FloorRaisesApprovals()
    {
        auto policy =
            compile("{\"version\": \"t\",\n"
                    "            \"tier_floors\": {\"T3\": {\"outcome\": \"review\", \"approvals\": 2}},\n"
                    "            \"rules\": [{\"id\": \"one\", \"then\": {\"outcome\": \"review\", "
                    "\"approvals\": 1}}]}");
        QVERIFY(policy);
        const PolicyDecision d =
            decide(*policy, makeRequest(), DecisionPathBuilder().tier(SeverityTier::T3).build());
        QCOMPARE(d.outcome, PolicyOutcome::Review);
        QCOMPARE(d.review->approvals, 2);
    }

    void explanationGoesDownToTheValue()
    {
        auto policy =
            compile("{\"version\": \"t\", \"rules\": [\n"
                    "            {\"id\": \"confident-allow\", \"when\": {\"action_types\": "
                    "[\"endpoint.*\"], \"confidence\": {\"min\": 0.8}},\n"
                    "             \"then\": {\"outcome\": \"allow\"}},\n"
                    "            {\"id\": \"far-off\", \"when\": {\"action_types\": [\"endpoint.*\"], "
                    "\"environments\": [\"staging\"], \"risk_score\": {\"min\": 90}},\n"
                    "             \"then\": {\"outcome\": \"allow\"}},\n"
                    "            {\"id\": \"matching\", \"when\": {\"action_types\": "
                    "[\"endpoint.isolate\"]}, \"then\": {\"outcome\": \"review\"}}]}");
        QVERIFY(policy);
        ActionRequest r = makeRequest();
        r.confidence = 0.62;
        const PolicyDecision d = decide(*policy, r, DecisionPathBuilder().build());
        QCOMPARE(d.matchedRules, QStringList{QStringLiteral("matching")});
        bool sawNearMiss = false;
        bool sawMatched = false;
        for (const auto& c : d.explanation) {
            if (c.ruleId == QStringLiteral("confident-allow") && !c.held) {
                QCOMPARE(c.condition, QStringLiteral("confidence >= 0.80"));
                QCOMPARE(c.detail, QStringLiteral("confidence 0.62 < 0.80"));
                sawNearMiss = true;
            }
            if (c.ruleId == QStringLiteral("matching")) {
                QVERIFY(c.held);
                QCOMPARE(c.detail, QStringLiteral("action_type endpoint.isolate matches [endpoint.isolate]"));
                sawMatched = true;
            }
            QVERIFY2(c.ruleId != QStringLiteral("far-off"), "a rule failing two conditions is no near-miss");
        }
        QVERIFY(sawNearMiss);
        QVERIFY(sawMatched);
    }

    void indexOffersOnlyRulesThatCouldApply()
    {
        QByteArray rules;
        for (int i = 0; i < 500; ++i)
            rules += QByteArray(i ? "," : "") + "{\"id\": \"r" + QByteArray::number(i) +
                     "\", \"when\": {\"action_types\": [\"svc" + QByteArray::number(i) +
                     ".*\"]}, \"then\": {\"outcome\": \"allow\"}}";
        rules += ", {\"id\": \"by-path\", \"when\": {\"path_ids\": [\"soc-isolate-endpoint\"]}, \"then\": "
                 "{\"outcome\": \"review\"}}";
        rules += ", {\"id\": \"generic\", \"when\": {\"action_types\": [\"*.isolate\"]}, \"then\": "
                 "{\"outcome\": \"review\"}}";
        auto policy = compile("{\"version\": \"t\", \"rules\": [" + rules + "]}");
        QVERIFY(policy);
        ActionRequest r =
            makeRequest(QStringLiteral("soc-isolate-endpoint"), QStringLiteral("svc42.host.isolate"));
        const DecisionPath path = DecisionPathBuilder().build();
        const QStringList none;
        const auto candidates =
            policy->candidates(PolicyInput{r, path, none, QDateTime::currentDateTimeUtc()});
        QCOMPARE(candidates.size(), size_t(3)); // svc42.*, by-path, generic
        const PolicyDecision d = decide(*policy, r, path);
        QCOMPARE(d.matchedRules,
                 (QStringList{QStringLiteral("r42"), QStringLiteral("by-path"), QStringLiteral("generic")}));
    }

    void budgetExceededYieldsNothing()
    {
        QByteArray rules;
        for (int i = 0; i < 200; ++i)
            rules += QByteArray(i ? "," : "") + "{\"id\": \"r" + QByteArray::number(i) +
                     "\", \"then\": {\"outcome\": \"allow\"}}";
        auto policy = compile("{\"version\": \"t\", \"rules\": [" + rules + "]}");
        QVERIFY(policy);
        ActionRequest r = makeRequest();
        const DecisionPath path = DecisionPathBuilder().build();
        const QStringList none;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!policy->evaluate(PolicyInput{r, path, none, QDateTime::currentDateTimeUtc()}, timer, 0));
    }
};

QTEST_GUILESS_MAIN(PolicyEvaluatorTest)
#include "PolicyEvaluatorTest.moc"
