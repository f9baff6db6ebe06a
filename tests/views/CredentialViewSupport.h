#pragma once

#include <QJsonDocument>
#include <QJsonObject>

#include "CredentialService.h"
#include "IntakeService.h"
#include "ReviewFixture.h"

namespace gatehouse::test {

/// From now on the fixture's policy allows every request (a credential is minted at
/// intake) instead of sending it to review. Submit review requests before calling this.
inline void allowEverything(ReviewFixture& fx)
{
    fx.app().intake().setDecider([](const ActionRequest& request, const DecisionPath&) {
        PolicyDecision d;
        d.requestId = request.requestId;
        d.outcome = PolicyOutcome::Allow;
        d.matchedRules = {QStringLiteral("allow-everything")};
        d.policyVersion = QStringLiteral("view-test-policy");
        return d;
    });
}

/// Submits an allowed request as the path's workload (after allowEverything); returns the
/// request id, or "" when intake did not answer 201.
inline QString submitAllowed(ReviewFixture& fx, const QString& pathId, const QString& target)
{
    const QString actionType = pathId == QStringLiteral("iam-grant") ? QStringLiteral("iam.role.assign")
                                                                     : QStringLiteral("endpoint.isolate");
    const QJsonObject body{
        {QStringLiteral("path_id"), pathId},
        {QStringLiteral("action_type"), actionType},
        {QStringLiteral("target"), target},
        {QStringLiteral("parameters"), QJsonObject{{QStringLiteral("ticket"), QStringLiteral("INC-7")}}},
        {QStringLiteral("confidence"), 0.9},
        {QStringLiteral("risk_score"), 30},
        {QStringLiteral("target_sensitivity"), QStringLiteral("internal")},
        {QStringLiteral("environment"), QStringLiteral("production")},
        {QStringLiteral("reversible"), true},
        {QStringLiteral("rollback_plan"), QStringLiteral("undo")}};
    const IntakeCaller caller{QStringLiteral("spiffe://corp.example/agents/") + pathId,
                              QStringLiteral("127.0.0.1")};
    const IntakeReply reply =
        fx.app().intake().submit(caller, QJsonDocument(body).toJson(QJsonDocument::Compact));
    return reply.status == 201 ? reply.body.value(QStringLiteral("request_id")).toString() : QString();
}

/// The agent reports the result of \a requestId: its credential becomes used. True on 200.
inline bool reportExecuted(ReviewFixture& fx, const QString& pathId, const QString& requestId)
{
    const IntakeCaller caller{QStringLiteral("spiffe://corp.example/agents/") + pathId, {}};
    return fx.app()
               .intake()
               .reportResult(caller, requestId,
                             QByteArrayLiteral(R"({"outcome":"executed","rollback_handle":"edr-release:1"})"))
               .status == 200;
}

/// The jti of the request's credential, "" when none was minted.
inline QString jtiOf(ReviewFixture& fx, const QString& requestId)
{
    auto c = fx.app().credentials().forRequest(requestId);
    return c && c->has_value() ? (*c)->jti : QString();
}

/// The request's credential as stored now.
inline Credential credentialOf(ReviewFixture& fx, const QString& requestId)
{
    auto c = fx.app().credentials().forRequest(requestId);
    return c && c->has_value() ? **c : Credential();
}

} // namespace gatehouse::test
