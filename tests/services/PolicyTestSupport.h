#pragma once

// Small helpers shared by the policy tests: a request builder and raw inserts into
// action_requests (the gateway's table) to give triggers and replays a history.

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "ActionRequest.h"
#include "ActionRequestJson.h"
#include "PolicyDecision.h"
#include "ReviewTriggers.h"

namespace gatehouse::test {

inline ActionRequest makeRequest(const QString& pathId = QStringLiteral("soc-isolate-endpoint"),
                                 const QString& actionType = QStringLiteral("endpoint.isolate"),
                                 const QString& target = QStringLiteral("edr:host/web-01"))
{
    ActionRequest r;
    r.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.pathId = pathId;
    r.actionType = actionType;
    r.target = target;
    r.confidence = 0.95;
    r.riskScore = 30;
    r.targetSensitivity = TargetSensitivity::Internal;
    r.environment = QStringLiteral("production");
    r.reversible = true;
    return r;
}

/// Inserts a recorded request as the gateway would; returns false (with a message) on failure.
inline bool insertRecorded(const QSqlDatabase& db, const ActionRequest& r, const QString& status,
                           PolicyOutcome outcome, const QDateTime& receivedAt, QString* error = nullptr)
{
    const QByteArray body = QJsonDocument(ActionRequestJson::toJson(r)).toJson(QJsonDocument::Compact);
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO action_requests (id, path_id, workload_id, action_type, target, target_kind, "
        "body, body_sha256, status, outcome, decision, policy_version, received_at, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?)"));
    q.addBindValue(r.requestId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : r.requestId);
    q.addBindValue(r.pathId);
    q.addBindValue(QStringLiteral("spiffe://corp.example/agents/") + r.pathId);
    q.addBindValue(r.actionType);
    q.addBindValue(r.target);
    q.addBindValue(ReviewTriggers::targetKind(r.target));
    q.addBindValue(QString::fromUtf8(body));
    q.addBindValue(QString(64, QLatin1Char('0')));
    q.addBindValue(status);
    q.addBindValue(policyOutcomeName(outcome));
    q.addBindValue(QString(64, QLatin1Char('a')));
    q.addBindValue(receivedAt.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(receivedAt.toUTC().toString(Qt::ISODateWithMs));
    const bool ok = q.exec();
    if (!ok && error)
        *error = q.lastError().text();
    return ok;
}

} // namespace gatehouse::test
