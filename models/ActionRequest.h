#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gatehouse {

/// Sensitivity of the target of a proposed action, least to most sensitive.
enum class TargetSensitivity
{
    Public = 0,
    Internal = 1,
    Confidential = 2,
    Restricted = 3,
};

/// "public", "internal", "confidential", "restricted"
QString targetSensitivityName(TargetSensitivity value);
std::optional<TargetSensitivity> parseTargetSensitivity(const QString& text);

/// An action an AI agent proposes through the intake gateway (POST /v1/actions) or that
/// `gatehousectl policy eval --request FILE` evaluates. JSON form in docs/api.md.
struct ActionRequest
{
    QString requestId;       ///< assigned on intake (UUID); empty before
    QString pathId;          ///< decision path the agent acts for
    QString actionType;      ///< dotted, e.g. "iam.role.assign"
    QString target;          ///< e.g. "okta:user/jdoe"
    QJsonObject parameters;  ///< action parameters, opaque to policy unless a rule names them
    QString recommendation;  ///< the AI's rationale, free text
    double confidence = 0.0; ///< model confidence 0..1
    int riskScore = 0;       ///< 0..100
    TargetSensitivity targetSensitivity = TargetSensitivity::Internal;
    QString environment; ///< e.g. "production"
    bool reversible = true;
    QString rollbackPlan;
    QString onBehalfOf;           ///< optional end user the agent acts for
    QString idempotencyKey;       ///< optional; same key + same body = same request
    bool policyException = false; ///< the agent asks for an exception to policy
    QString workloadId;           ///< SPIFFE ID of the caller, from its client certificate
    QDateTime receivedAt;         ///< UTC
};

} // namespace gatehouse
