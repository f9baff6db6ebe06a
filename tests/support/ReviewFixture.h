#pragma once

#include <memory>

#include <QJsonObject>
#include <QString>

#include "OperatorSigningKey.h"
#include "PolicyDecision.h"
#include "TestWorkspace.h"

namespace gatehouse::test {

/// A workspace ready for review tests: operators analyst1, analyst2 (analyst), manager1
/// (manager), owner3 (owner + analyst, owns the T3 path "iam-grant"), admin; T3 path
/// "iam-grant" (action iam.role.assign) and T1 path "soc-isolate" (endpoint.isolate), both
/// active; a scripted policy that sends every request to review with \a approvals approvals
/// from \a roles and a review window of \a ttlSeconds.
class ReviewFixture
{
public:
    ReviewFixture();

    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    TestWorkspace& ws() { return *m_ws; }
    Application& app() { return m_ws->app(); }

    /// What the scripted policy asks for from now on.
    void setRequirement(int approvals, const QStringList& roles = {QStringLiteral("analyst")},
                        qint64 ttlSeconds = 7 * 24 * 3600);
    /// The policy version hash the scripted policy reports (default 64 x 'c').
    void setPolicyVersion(const QString& hash) { *m_version = hash; }
    /// Submits through IntakeService as the path's workload; returns the request id or "".
    QString submit(const QString& pathId = QStringLiteral("iam-grant"),
                   const QString& target = QStringLiteral("okta:group/finance-readers"),
                   const QString& onBehalfOf = {}, const QJsonObject& parameters = {});
    /// Session and unlocked signing key of \a username (password TestWorkspace::kPassword).
    OperatorSession session(const QString& username);
    OperatorSigningKey key(const QString& username);

private:
    std::unique_ptr<TestWorkspace> m_ws;
    QString m_error;
    std::shared_ptr<ReviewRequirement> m_requirement;
    std::shared_ptr<QString> m_version = std::make_shared<QString>(64, QLatin1Char('c'));
};

} // namespace gatehouse::test
