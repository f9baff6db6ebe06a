#pragma once

#include <functional>

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include "ActionRequest.h"
#include "AuditLedger.h"
#include "Clock.h"
#include "Error.h"
#include "Database.h"
#include "DecisionPath.h"
#include "PolicyDecision.h"

namespace gatehouse {

struct ActionRecord;
class CredentialService;

/// Request-time decision for one proposed action (PolicyService::decide in production,
/// a scripted function in tests). Must not fail; a throw is turned into a fail-closed deny.
using PolicyDecider = std::function<PolicyDecision(const ActionRequest&, const DecisionPath&)>;

/// Per-workload token bucket: \a burst requests at once, refilled at \a ratePerSecond.
struct IntakeLimits
{
    double ratePerSecond = 20.0;
    double burst = 40.0;
};

/// Who is calling, as the transport established it.
struct IntakeCaller
{
    QString workloadId;    ///< verified SPIFFE ID; empty = no valid client certificate
    QString remoteAddress; ///< for audit records
};

/// What other workflows attach to intake. Each may be empty.
struct IntakeHooks
{
    /// Inside the submit transaction, for a request the policy sent to review (opens its
    /// review case); a failure rolls the submission back (503).
    std::function<Status(const ActionRecord&, const DecisionPath&)> reviewOpened;
    /// Before GET /v1/actions/{id} reads the request (closes expired reviews).
    std::function<void()> beforeStatus;
    /// Adds fields to the status body of GET /v1/actions/{id} (review progress, feedback).
    std::function<void(const ActionRecord&, QJsonObject&)> decorateStatus;
};

/// An answer of the intake API: an HTTP status code (docs/api.md) and a JSON body.
/// Errors are {"error": {"code": str, "message": str, "field": str?}}.
struct IntakeReply
{
    int status = 500;
    QJsonObject body;
};

/// The intake API without its transport: what POST /v1/actions, GET /v1/actions/{id} and
/// POST /v1/actions/{id}/result do once TLS has established the caller's workload identity.
/// The gateway (IntakeGateway) and tests call it; so can any other front door.
///
/// Submission: rate limit (429) -> the workload must be the identity of an active decision
/// path (403) -> strict JSON (400, naming the field) -> path_id must be that path and the
/// action type one it declares (403) -> idempotency (same key + same RFC 8785 body = the
/// original answer, no new row; different body = 409) -> policy decision (outside the
/// transaction: PolicyService::decide writes on its own) -> one
/// transaction: the action_requests row + "action.requested" + "action.decided" events.
/// 201 allowed (allow, allow_sampled), 202 pending review, 403 denied.
///
/// Every refusal stores nothing but one "intake.refused" audit event. When the ledger
/// cannot be written, nothing is decided: 503 "audit_unavailable" (fail closed).
class IntakeService
{
public:
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;

    IntakeService(Database& db, AuditLedger& ledger, const Clock& clock, PolicyDecider decider,
                  IntakeLimits limits = {});

    void setLimits(IntakeLimits limits);
    IntakeLimits limits() const { return m_limits; }
    /// Replaces the decision function (the composition root wires PolicyService in).
    void setDecider(PolicyDecider decider) { m_decider = std::move(decider); }
    void setHooks(IntakeHooks hooks) { m_hooks = std::move(hooks); }
    /// The credential issuer (docs/credentials.md). With one set: an allow / allow_sampled
    /// decision mints the request's credential in the same transaction (and, if minting
    /// fails, nothing is stored: 503 "credential_unavailable", fail closed); GET returns
    /// it as "credential"; a reported result marks it used. Null = no credentials.
    void setCredentials(CredentialService* credentials) { m_credentials = credentials; }

    IntakeReply submit(const IntakeCaller& caller, const QByteArray& body);
    IntakeReply status(const IntakeCaller& caller, const QString& requestId);
    IntakeReply reportResult(const IntakeCaller& caller, const QString& requestId, const QByteArray& body);

    /// Refuses a request before it reaches the service logic (no certificate, too large,
    /// malformed HTTP...): appends "intake.refused" and returns \a status with the error
    /// body, or 503 if even that event cannot be written.
    IntakeReply refuse(const IntakeCaller& caller, int status, const QString& code, const QString& message,
                       const QString& field = {}, const QString& route = {});

    /// The error body shape used by every refusal.
    static QJsonObject errorBody(const QString& code, const QString& message, const QString& field = {});

private:
    struct Bucket
    {
        double tokens = 0;
        QDateTime last;
    };
    /// Takes one token for \a workloadId; false (and the seconds to wait) when empty.
    bool takeToken(const QString& workloadId, int* retryAfterSeconds);
    IntakeReply replay(const ActionRecord& record) const;
    IntakeReply auditUnavailable(const QString& why);

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    PolicyDecider m_decider;
    CredentialService* m_credentials = nullptr;
    IntakeLimits m_limits;
    IntakeHooks m_hooks;
    QHash<QString, Bucket> m_buckets;
};

} // namespace gatehouse
