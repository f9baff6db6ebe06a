#include "ReviewFixture.h"

#include <QJsonDocument>

#include "DecisionPathBuilder.h"

namespace gatehouse::test {

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

ReviewFixture::ReviewFixture()
    : m_ws(std::make_unique<TestWorkspace>()), m_requirement(std::make_shared<ReviewRequirement>())
{
    if (!m_ws->isValid()) {
        m_error = m_ws->openError();
        return;
    }
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    m_ws->addOperator(s("analyst2"), OperatorRole::Analyst);
    m_ws->addOperator(s("manager1"), OperatorRole::Manager);
    m_ws->addOperator(s("owner3"), OperatorRoles(OperatorRole::Owner) | OperatorRole::Analyst);
    setRequirement(1);
    auto& app = m_ws->app();
    const DecisionPath iam = DecisionPathBuilder(s("iam-grant"))
                                 .name(s("Grant group membership"))
                                 .owner(s("owner3"))
                                 .tier(SeverityTier::T3)
                                 .actions({s("iam.role.assign")})
                                 .targets({s("okta:group/*"), s("okta:user/*")})
                                 .build();
    const DecisionPath soc = DecisionPathBuilder(s("soc-isolate")).tier(SeverityTier::T1).build();
    for (const DecisionPath& p : {iam, soc}) {
        auto created = app.catalogue().create(m_ws->admin(), p);
        auto active = created ? app.catalogue().activate(m_ws->admin(), p.id) : Result<DecisionPath>();
        if (!created || !active) {
            m_error = created ? active.error().message : created.error().message;
            return;
        }
    }
    std::shared_ptr<ReviewRequirement> requirement = m_requirement;
    std::shared_ptr<QString> version = m_version;
    app.intake().setLimits({1000, 1000});
    app.intake().setDecider([requirement, version](const ActionRequest& request, const DecisionPath&) {
        PolicyDecision d;
        d.requestId = request.requestId;
        d.outcome = PolicyOutcome::Review;
        d.matchedRules = {s("review-everything")};
        d.triggers = {s("identity_change")};
        d.policyVersion = *version;
        d.review = *requirement;
        return d;
    });
}

void ReviewFixture::setRequirement(int approvals, const QStringList& roles, qint64 ttlSeconds)
{
    *m_requirement = ReviewRequirement{approvals, roles, ttlSeconds};
}

QString ReviewFixture::submit(const QString& pathId, const QString& target, const QString& onBehalfOf,
                              const QJsonObject& parameters)
{
    const QString actionType = pathId == s("iam-grant") ? s("iam.role.assign") : s("endpoint.isolate");
    QJsonObject body{
        {s("path_id"), pathId},
        {s("action_type"), actionType},
        {s("target"), target},
        {s("parameters"), parameters.isEmpty() ? QJsonObject{{s("role"), s("reader")}} : parameters},
        {s("recommendation"), s("The ticket asks for read access.")},
        {s("confidence"), 0.91},
        {s("risk_score"), 55},
        {s("target_sensitivity"), s("confidential")},
        {s("environment"), s("production")},
        {s("reversible"), true},
        {s("rollback_plan"), s("remove the membership")}};
    if (!onBehalfOf.isEmpty())
        body.insert(s("on_behalf_of"), onBehalfOf);
    const IntakeCaller caller{s("spiffe://corp.example/agents/") + pathId, s("127.0.0.1")};
    const IntakeReply reply =
        app().intake().submit(caller, QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (reply.status != 202)
        return {};
    return reply.body.value(s("request_id")).toString();
}

OperatorSession ReviewFixture::session(const QString& username)
{
    if (username == s("admin"))
        return m_ws->admin();
    auto account = app().accounts().find(username);
    return OperatorSession{username, account ? account->roles : OperatorRoles()};
}

OperatorSigningKey ReviewFixture::key(const QString& username)
{
    auto key = app().operatorKeys().unlock(username, QString::fromLatin1(TestWorkspace::kPassword));
    return key ? std::move(*key) : OperatorSigningKey();
}

} // namespace gatehouse::test
