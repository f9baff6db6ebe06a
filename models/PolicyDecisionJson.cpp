#include "PolicyDecisionJson.h"

#include <QJsonArray>

namespace gatehouse {

QJsonObject PolicyDecisionJson::toJson(const PolicyDecision& d)
{
    QJsonArray explanation;
    for (const auto& c : d.explanation)
        explanation.append(QJsonObject{{QStringLiteral("rule"), c.ruleId},
                                       {QStringLiteral("condition"), c.condition},
                                       {QStringLiteral("held"), c.held},
                                       {QStringLiteral("detail"), c.detail}});
    QJsonObject o{
        {QStringLiteral("request_id"), d.requestId},
        {QStringLiteral("outcome"), policyOutcomeName(d.outcome)},
        {QStringLiteral("matched_rules"), QJsonArray::fromStringList(d.matchedRules)},
        {QStringLiteral("triggers"), QJsonArray::fromStringList(d.triggers)},
        {QStringLiteral("policy_version"), d.policyVersion},
        {QStringLiteral("reason"), d.reason},
        {QStringLiteral("evaluation_us"), d.evaluationMicros},
        {QStringLiteral("explanation"), explanation},
    };
    if (d.review)
        o.insert(QStringLiteral("review"),
                 QJsonObject{{QStringLiteral("approvals"), d.review->approvals},
                             {QStringLiteral("roles"), QJsonArray::fromStringList(d.review->roles)},
                             {QStringLiteral("ttl_seconds"), d.review->ttlSeconds}});
    else
        o.insert(QStringLiteral("review"), QJsonValue::Null);
    if (d.outcome == PolicyOutcome::AllowSampled)
        o.insert(QStringLiteral("sample_rate"), d.sampleRate);
    return o;
}

Result<PolicyDecision> PolicyDecisionJson::fromJson(const QJsonObject& o, const QString& where)
{
    PolicyDecision d;
    const auto outcome = parsePolicyOutcome(o.value(QStringLiteral("outcome")).toString());
    if (!outcome)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: field \"outcome\" is not a known outcome").arg(where));
    d.outcome = *outcome;
    d.requestId = o.value(QStringLiteral("request_id")).toString();
    auto strings = [](const QJsonValue& v) {
        QStringList out;
        for (const auto& item : v.toArray())
            out << item.toString();
        return out;
    };
    d.matchedRules = strings(o.value(QStringLiteral("matched_rules")));
    d.triggers = strings(o.value(QStringLiteral("triggers")));
    d.policyVersion = o.value(QStringLiteral("policy_version")).toString();
    d.reason = o.value(QStringLiteral("reason")).toString();
    d.evaluationMicros = o.value(QStringLiteral("evaluation_us")).toInteger();
    d.sampleRate = o.value(QStringLiteral("sample_rate")).toDouble();
    const QJsonValue review = o.value(QStringLiteral("review"));
    if (review.isObject()) {
        const QJsonObject r = review.toObject();
        d.review = ReviewRequirement{r.value(QStringLiteral("approvals")).toInt(1),
                                     strings(r.value(QStringLiteral("roles"))),
                                     r.value(QStringLiteral("ttl_seconds")).toInteger(3600)};
    }
    for (const auto& item : o.value(QStringLiteral("explanation")).toArray()) {
        const QJsonObject c = item.toObject();
        d.explanation.append(ConditionResult{
            c.value(QStringLiteral("rule")).toString(), c.value(QStringLiteral("condition")).toString(),
            c.value(QStringLiteral("held")).toBool(), c.value(QStringLiteral("detail")).toString()});
    }
    return d;
}

} // namespace gatehouse
