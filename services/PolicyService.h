#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <QByteArray>
#include <QJsonObject>

#include "ActionRequest.h"
#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "DecisionPath.h"
#include "Error.h"
#include "OperatorSession.h"
#include "PolicyDecision.h"
#include "PolicyJson.h"
#include "PolicyStore.h"

namespace gatehouse {

class CompiledPolicy;

/// What publishing stored.
struct PolicyPublishResult
{
    PolicyVersionRecord version;
    QJsonObject diff; ///< {"added": [ids], "removed": [ids], "changed": [ids], "settings_changed": b,
                      ///< "tier_floors_changed": b}
    QList<PolicyIssue> warnings; ///< validation warnings (publishing went ahead)
};

/// One replayed request whose outcome the draft would change.
struct WhatIfChange
{
    QString requestId;
    QString pathId;
    QString actionType;
    QString target;
    QString status; ///< as recorded (approved, rejected, executed, ...)
    QDateTime receivedAt;
    PolicyOutcome recorded = PolicyOutcome::Review;
    PolicyOutcome draft = PolicyOutcome::Review;
    QStringList draftRules;
};

/// Result of replaying recorded requests against a draft policy.
struct WhatIfReport
{
    QString draftVersion; ///< SHA-256 hex of the draft's RFC 8785 form
    int replayed = 0;     ///< requests evaluated
    int skipped = 0;      ///< unreadable bodies or paths no longer in the catalogue
    QList<WhatIfChange> changes;
    int humanDecided = 0;            ///< replayed requests with status approved or rejected
    int wouldAllowHumanRejected = 0; ///< draft allow/allow_sampled where a human rejected
    int wouldQueueHumanApproved = 0; ///< draft review where a human approved
    int wouldDenyHumanApproved = 0;  ///< draft deny where a human approved
};

/// Request-time policy (docs/policy.md): decides proposed actions, publishes versioned
/// policies, validates drafts, replays history against them (what-if) and runs a shadow
/// policy beside the live one.
///
/// Storage: migration 3 (policy_publications, policy_shadows, policy_shadow_flips).
/// Audit events: policy.published (payload: hash, version label, previous hash, diff of
/// rule ids, rule count; actor "system" for the default policy), policy.shadow_registered,
/// policy.shadow_cleared. Permissions: publishing and shadow registration need the admin
/// role; what-if needs admin or manager; reading (validate, show, history, flips) any role.
///
/// Default policy: the first time the service needs a policy (decide, show, history,
/// publish) on a workspace without one, it publishes resources/policies/default-policy.json
/// as actor "system" (ledgered like any publication).
///
/// Not thread-safe: one instance per database connection/thread. decide() writes (shadow
/// flips, the default policy) in its own transactions, so call it outside a
/// WriteTransaction on the same connection.
class PolicyService
{
public:
    PolicyService(Database& db, AuditLedger& ledger, const Clock& clock);
    ~PolicyService();
    PolicyService(const PolicyService&) = delete;
    PolicyService& operator=(const PolicyService&) = delete;

    /// Decides \a request for \a path with the policy in force. Never fails: on any
    /// evaluator problem — no valid published policy, a stored policy that does not parse
    /// or does not match its hash, the action history unreadable, the evaluation budget
    /// exceeded, an exception — the outcome is deny with reason
    /// "evaluator_error: <class>: <detail>" (classes: no_policy, policy_integrity,
    /// policy_unparsable, storage, history_unavailable, budget_exceeded, exception),
    /// logged on the "policy" logger (fail closed, FIELD-CASES 4). Computes the review
    /// triggers; evaluates the shadow policy (if any) and records a flip when its outcome
    /// differs. Does not store the request (the gateway does). evaluationMicros covers
    /// trigger computation and evaluation, not the shadow.
    [[nodiscard]] PolicyDecision decide(const ActionRequest& request, const DecisionPath& path);
    /// decide() without the shadow policy and without recording anything but the default
    /// policy: for `gatehousectl policy eval` and the console's "test a request".
    [[nodiscard]] PolicyDecision evaluateLive(const ActionRequest& request, const DecisionPath& path);

    /// Evaluates \a request against the draft \a policyJson (not published) with the same
    /// triggers as decide(). InvalidInput listing the draft's structural errors.
    [[nodiscard]] Result<PolicyDecision>
    evaluateDraft(const QByteArray& policyJson, const ActionRequest& request, const DecisionPath& path);

    /// Full validation (PolicyValidator) against the catalogue. The result lists errors
    /// and warnings; it is an Error only when the catalogue cannot be read.
    [[nodiscard]] Result<PolicyParseResult> validate(const OperatorSession& actor,
                                                     const QByteArray& policyJson) const;
    /// Validates, stores and puts \a policyJson in force, with a policy.published event in
    /// the same transaction. PermissionDenied unless admin; InvalidInput listing the
    /// validation errors (with lines); Conflict when the same version is already in force.
    [[nodiscard]] Result<PolicyPublishResult> publish(const OperatorSession& actor,
                                                      const QByteArray& policyJson);
    /// The version in force (empty \a hash) or the latest publication of \a hash
    /// (or of a unique prefix of at least 8 hex digits). NotFound if there is none.
    [[nodiscard]] Result<PolicyVersionRecord> show(const OperatorSession& actor, const QString& hash = {});
    /// All publications, newest first (bodies left empty).
    [[nodiscard]] Result<QList<PolicyVersionRecord>> history(const OperatorSession& actor);

    /// Replays the requests received in [from, to] (at most 100,000) against the draft:
    /// each is evaluated as of its receipt time (time windows, and novelty counted from
    /// executions received before it) with the paths as they are now.
    [[nodiscard]] Result<WhatIfReport> whatIf(const OperatorSession& actor, const QByteArray& draftJson,
                                              const QDateTime& from, const QDateTime& to);

    /// Runs \a draftJson beside the live policy from now on (replacing a running shadow).
    /// Validated like a publication; admin only; ledgered.
    [[nodiscard]] Result<ShadowPolicyRecord> startShadow(const OperatorSession& actor,
                                                         const QByteArray& draftJson);
    /// Stops the running shadow policy. NotFound when none runs.
    [[nodiscard]] Status stopShadow(const OperatorSession& actor);
    [[nodiscard]] Result<std::optional<ShadowPolicyRecord>> shadow(const OperatorSession& actor) const;
    /// Recorded flips, newest first; \a shadowId 0 = of every shadow policy.
    [[nodiscard]] Result<QList<ShadowFlip>> shadowFlips(const OperatorSession& actor, qint64 shadowId = 0,
                                                        int limit = 1000) const;

    /// The credential TTL the policy in force sets for \a tier
    /// (settings.credential_ttl_seconds); nullopt when it sets none or no policy can be
    /// read (the issuer then uses its built-in default). Only reads: safe inside a
    /// WriteTransaction once a policy was published.
    [[nodiscard]] std::optional<qint64> credentialTtlSeconds(SeverityTier tier);
    /// Publishes the default policy as "system" when no policy was ever published.
    [[nodiscard]] Status ensurePolicy();
    /// resources/policies/default-policy.json (compiled in).
    static QByteArray defaultPolicyJson();
    /// SHA-256 hex of the RFC 8785 form of \a document: a policy version's identity.
    static QString versionHash(const QJsonObject& document);

    /// Budget of one evaluation (default 50 ms); exceeding it fails closed.
    void setEvaluationBudget(std::chrono::microseconds budget) { m_budget = budget; }
    /// Tests only: called inside decide()'s guarded evaluation (to throw, or to stall).
    void setFaultInjection(std::function<void()> hook) { m_faultInjection = std::move(hook); }

private:
    struct Failure
    {
        QString errorClass;
        QString detail;
    };
    [[nodiscard]] std::expected<std::shared_ptr<const CompiledPolicy>, Failure> livePolicy();
    [[nodiscard]] std::shared_ptr<const CompiledPolicy> shadowPolicy(qint64* shadowId);
    [[nodiscard]] Result<PolicyPublishResult> publishAs(const QString& actor, const QByteArray& policyJson);
    PolicyDecision decideImpl(const ActionRequest& request, const DecisionPath& path, bool withShadow);
    void recordShadow(const ActionRequest& request, const DecisionPath& path, const QStringList& baseTriggers,
                      const QDateTime& now, const PolicyDecision& live);
    PolicyDecision failClosed(const ActionRequest& request, const QString& errorClass, const QString& detail,
                              const QString& version, const QStringList& triggers) const;

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    std::chrono::microseconds m_budget{50000};
    std::function<void()> m_faultInjection;
    std::shared_ptr<const CompiledPolicy> m_live;
    qint64 m_liveId = -1;
    std::shared_ptr<const CompiledPolicy> m_shadow;
    qint64 m_shadowId = -1;
};

} // namespace gatehouse
