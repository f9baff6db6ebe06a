// Validation before publishing: errors with their JSON location and line, and warnings
// for rules that can never match or are shadowed by a more restrictive rule.

#include <QtTest>

#include "DecisionPathBuilder.h"
#include "PolicyService.h"
#include "PolicyValidator.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QList<DecisionPath> catalogue()
{
    return {DecisionPathBuilder().build(), DecisionPathBuilder(QStringLiteral("helpdesk-reset-mfa"))
                                               .actions({QStringLiteral("iam.mfa.reset")})
                                               .build()};
}

QByteArray withRule(const QByteArray& rule)
{
    return "{\n  \"version\": \"t\",\n  \"rules\": [\n    " + rule + "\n  ]\n}\n";
}

} // namespace

class PolicyValidatorTest : public QObject
{
    Q_OBJECT

private slots:
    void defaultPolicyIsClean()
    {
        const PolicyParseResult r =
            PolicyValidator::validate(PolicyService::defaultPolicyJson(), catalogue());
        QVERIFY(r.policy);
        for (const auto& i : r.issues)
            qWarning("%s", qPrintable(i.toString()));
        QVERIFY(r.issues.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("location");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("{\n  \"version\": \"t\",\n  \"rules\": [,]\n}") << QString()
                                << 3 << QStringLiteral("not valid JSON");
        QTest::newRow("unknown path")
            << withRule(
                   R"({"id": "a", "when": {"path_ids": ["no-such-path"]}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].when.path_ids") << 4
            << QStringLiteral("no decision path \"no-such-path\"");
        QTest::newRow("undeclared action type")
            << withRule(
                   R"({"id": "a", "when": {"action_types": ["payments.refund"]}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].when.action_types") << 4
            << QStringLiteral("no decision path declares");
        QTest::newRow("unknown condition")
            << withRule(R"({"id": "a", "when": {"confidance": {"min": 0.5}}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].when.confidance") << 4
            << QStringLiteral("unknown field \"confidance\"");
        QTest::newRow("unknown trigger")
            << withRule(
                   R"({"id": "a", "when": {"triggers": {"any": ["novelty"]}}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].when.triggers.any") << 4 << QStringLiteral("not a review trigger");
        QTest::newRow("confidence out of range")
            << withRule(R"({"id": "a", "when": {"confidence": {"min": 1.5}}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].when.confidence.min") << 4 << QStringLiteral("between 0 and 1");
        QTest::newRow("bad outcome") << withRule(R"({"id": "a", "then": {"outcome": "maybe"}})")
                                     << QStringLiteral("rules[0].then.outcome") << 4
                                     << QStringLiteral("not an outcome");
        QTest::newRow("deny without reason")
            << withRule(R"({"id": "a", "then": {"outcome": "deny"}})")
            << QStringLiteral("rules[0].then.reason") << 4 << QStringLiteral("is required");
        QTest::newRow("bad time zone")
            << withRule(
                   R"({"id": "a", "when": {"time_window": {"time_zone": "Mars/Olympus", "from": "08:00", "to": "18:00"}}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].when.time_window.time_zone") << 4 << QStringLiteral("IANA");
        QTest::newRow("duplicate rule id")
            << QByteArray(
                   "{\"version\": \"t\", \"rules\": [\n{\"id\": \"a\", \"then\": {\"outcome\": \"allow\"}},\n"
                   "{\"id\": \"a\", \"then\": {\"outcome\": \"review\"}}]}")
            << QStringLiteral("rules[1].id") << 3 << QStringLiteral("duplicate rule id \"a\"");
        QTest::newRow("duplicate key")
            << withRule(
                   R"({"id": "a", "then": {"outcome": "deny", "reason": "x"}, "then": {"outcome": "allow"}})")
            << QStringLiteral("rules[0].then") << 4 << QStringLiteral("occurs twice");
        QTest::newRow("default allow")
            << QByteArray(R"({"version": "t", "settings": {"default": {"outcome": "allow"}}, "rules": []})")
            << QStringLiteral("settings.default.outcome") << 1 << QStringLiteral("must be review or deny");
        QTest::newRow("T3 floor below review")
            << QByteArray(R"({"version": "t", "tier_floors": {"T3": {"outcome": "allow"}}, "rules": []})")
            << QStringLiteral("tier_floors.T3.outcome") << 1 << QStringLiteral("never goes below review");
        QTest::newRow("missing rules") << QByteArray(R"({"version": "t"})") << QStringLiteral("rules") << 1
                                       << QStringLiteral("is required");
    }
    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, location);
        QFETCH(int, line);
        QFETCH(QString, message);
        const PolicyParseResult r = PolicyValidator::validate(text, catalogue());
        QVERIFY(!r.policy);
        bool found = false;
        for (const auto& i : r.issues) {
            if (i.isError() && i.location == location && i.message.contains(message)) {
                QCOMPARE(i.line, line);
                found = true;
            }
        }
        if (!found) {
            for (const auto& i : r.issues)
                qWarning("%s", qPrintable(i.toString()));
        }
        QVERIFY(found);
    }

    void warnings_data()
    {
        QTest::addColumn<QByteArray>("rules");
        QTest::addColumn<QString>("ruleId");
        QTest::addColumn<QString>("message");
        QTest::newRow("confidence min > max")
            << QByteArray(
                   R"({"id": "a", "when": {"confidence": {"min": 0.9, "max": 0.5}}, "then": {"outcome": "allow"}})")
            << QStringLiteral("a") << QStringLiteral("can never match: confidence min 0.9 > max 0.5");
        QTest::newRow("empty set")
            << QByteArray(R"({"id": "a", "when": {"environments": []}, "then": {"outcome": "allow"}})")
            << QStringLiteral("a") << QStringLiteral("environments is an empty list");
        QTest::newRow("trigger required and excluded")
            << QByteArray(
                   R"({"id": "a", "when": {"triggers": {"all": ["novel_action"], "none": ["novel_action"]}}, "then": {"outcome": "allow"}})")
            << QStringLiteral("a") << QStringLiteral("both required");
        QTest::newRow("pattern matching nothing")
            << QByteArray(
                   R"({"id": "a", "when": {"action_types": ["payments.*"]}, "then": {"outcome": "allow"}})")
            << QStringLiteral("a") << QStringLiteral("matches no declared action type");
        QTest::newRow("shadowed by deny")
            << QByteArray(
                   R"({"id": "narrow", "when": {"action_types": ["iam.mfa.reset"], "tiers": ["T2"]}, "then": {"outcome": "allow"}},
                             {"id": "broad", "when": {"action_types": ["iam.*"]}, "then": {"outcome": "deny", "reason": "no"}})")
            << QStringLiteral("narrow") << QStringLiteral("fully shadowed by rule \"broad\"");
        QTest::newRow("shadowed by trigger rule")
            << QByteArray(
                   R"({"id": "narrow", "when": {"triggers": {"all": ["novel_action", "low_confidence"]}}, "then": {"outcome": "review"}},
                             {"id": "broad", "when": {"triggers": {"any": ["low_confidence"]}}, "then": {"outcome": "deny", "reason": "no"}})")
            << QStringLiteral("narrow") << QStringLiteral("fully shadowed");
    }
    void warnings()
    {
        QFETCH(QByteArray, rules);
        QFETCH(QString, ruleId);
        QFETCH(QString, message);
        const PolicyParseResult r = PolicyValidator::validate(withRule(rules), catalogue());
        QVERIFY(r.policy); // warnings do not block
        bool found = false;
        for (const auto& i : r.issues)
            found =
                found || (!i.isError() && i.ruleId == ruleId && i.message.contains(message) && i.line > 0);
        QVERIFY(found);
    }

    void notShadowedWhenBroaderRuleIsNarrowerSomewhere()
    {
        const QByteArray rules =
            R"({"id": "a", "when": {"action_types": ["iam.mfa.reset"]}, "then": {"outcome": "allow"}},
               {"id": "b", "when": {"action_types": ["iam.*"], "environments": ["production"]}, "then": {"outcome": "deny", "reason": "no"}})";
        const PolicyParseResult r = PolicyValidator::validate(withRule(rules), catalogue());
        QVERIFY(r.policy);
        QVERIFY(r.issues.isEmpty());
    }
};

QTEST_GUILESS_MAIN(PolicyValidatorTest)
#include "PolicyValidatorTest.moc"
