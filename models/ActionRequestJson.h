#pragma once

#include <QJsonObject>

#include "ActionRequest.h"
#include "Error.h"

namespace gatehouse {

/// The JSON form of a proposed action: the body of POST /v1/actions and the file of
/// `gatehousectl policy eval --request FILE` (docs/policy.md, docs/api.md).
///
/// Fields (snake_case):
/// | field              | type      | required | bounds                                        |
/// |--------------------|-----------|----------|-----------------------------------------------|
/// | path_id            | string    | yes      | slug, <= 64 chars                             |
/// | action_type        | string    | yes      | dotted lower-case ("iam.role.assign"), <= 128 |
/// | target             | string    | yes      | 1..1024 chars, no control characters          |
/// | parameters         | object    | no ({})  | <= 32 KiB as compact JSON, nesting <= 16      |
/// | recommendation     | string    | no       | <= 4 KiB (UTF-8)                              |
/// | confidence         | number    | yes      | 0..1                                          |
/// | risk_score         | integer   | yes      | 0..100                                        |
/// | target_sensitivity | string    | yes      | public, internal, confidential, restricted    |
/// | environment        | string    | yes      | 1..64 chars, no control characters            |
/// | reversible         | bool      | yes      |                                               |
/// | rollback_plan      | string    | no       | <= 4 KiB                                      |
/// | on_behalf_of       | string    | no       | <= 256 chars, no control characters           |
/// | idempotency_key    | string    | no       | 1..255 printable ASCII                        |
/// | policy_exception   | bool      | no (false)| the agent asks for an exception to policy    |
///
/// The security-relevant attributes (confidence, risk, sensitivity, environment,
/// reversibility) are required on purpose: a missing value must not default to a
/// permissive one. null is treated as absent. Unknown fields are errors.
class ActionRequestJson
{
public:
    /// Strict reading. InvalidInput with message "<where>: field \"<name>\" <reason>"
    /// (or "<where>: unknown field \"x\""); the offending field is also the first quoted
    /// name, so the gateway can return it in its 400 body. requestId, workloadId and
    /// receivedAt are left empty: the gateway fills them in.
    [[nodiscard]] static Result<ActionRequest> fromJson(const QJsonObject& object, const QString& where);

    /// The proposed-action fields only (not request_id, workload_id, received_at), so
    /// fromJson(toJson(r)) reproduces them. Optional strings are emitted when non-empty.
    static QJsonObject toJson(const ActionRequest& request);

    /// Name of the field an error from fromJson() is about, or empty. For HTTP 400 bodies.
    static QString offendingField(const Error& error);

    static constexpr qsizetype kMaxTextBytes = 4 * 1024;
    static constexpr qsizetype kMaxParametersBytes = 32 * 1024;
    static constexpr int kMaxParametersDepth = 16;
};

} // namespace gatehouse
