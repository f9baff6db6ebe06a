#pragma once

#include <array>
#include <functional>
#include <optional>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "ActionRequestRepository.h"
#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "DecisionPath.h"
#include "Error.h"
#include "OperatorKeyService.h"
#include "OperatorSession.h"
#include "OperatorSigningKey.h"
#include "ReviewGraphPreview.h"
#include "ReviewRepository.h"
#include "ReviewRules.h"

namespace gatehouse {

class PermissionGraphService;

/// Review timing. Seconds.
struct ReviewSettings
{
    qint64 approvalWindowSeconds = 3600; ///< an approval lapses if unused this long after it is given
    /// SLA per tier (index = tier 0..3): after this the case is overdue and may be escalated.
    std::array<qint64, 4> slaSeconds{24 * 3600, 4 * 3600, 3600, 15 * 60};
};

/// What an approve / reject / escalate / break-glass call did.
struct ReviewResult
{
    QString requestId;
    ActionStatus status = ActionStatus::PendingReview; ///< the request's status afterwards
    int approvals = 0;                                 ///< approvals counting now
    int requiredApprovals = 1;
    qint64 reviewId = 0; ///< row in reviews
};

/// Everything the review pane shows for one request.
struct ReviewDetail
{
    ActionRecord request;
    ReviewCase reviewCase;
    std::optional<DecisionPath> path;
    QList<ReviewEntry> reviews;
    QStringList eligibleReviewers;   ///< accounts that could approve now (rules applied)
    QList<ActionRecord> pathHistory; ///< the path's latest requests, newest first (this one excluded)
    std::optional<BreakGlassFollowUp> breakGlass;
    int approvals = 0;
    bool overdue = false;
    /// What the permission graph says about the action (blast radius, Tier Zero impact);
    /// nullopt without a graph service.
    std::optional<ReviewGraphPreview> graph;
};

/// Called inside the review transaction when a request becomes approved (mint its
/// credential) or is closed without use (revoke its credentials). A failure rolls back.
struct ReviewHooks
{
    std::function<Status(const ActionRecord& approved, const QStringList& approvers)> approved;
    std::function<Status(const QString& requestId, const QString& reason)> closed;
    /// Outgoing notification (webhooks outbox), inside the transaction; must not block.
    std::function<Status(const QString& eventType, const QJsonObject& body)> notify;
};

/// The human review workflow (issue #4): queue, approvals with separation of duties,
/// rejection with feedback to the agent, escalation to managers, break-glass, expiry.
///
/// Every review is signed with the reviewer's Ed25519 key (OperatorKeyService) over the
/// RFC 8785 statement {format, request_id, payload_sha256, policy_version, verdict, reviewer,
/// key_id, justification, reviewed_at, request_version}; the statement, key id and signature
/// are stored (table reviews) and ledgered, and AuditLedger::verify() checks them.
///
/// Each call is one BEGIN IMMEDIATE transaction that re-reads the request and checks its
/// version, so two consoles acting at once produce one state change; the other gets
/// "already resolved: APPROVED by <who>". Refusals are ledgered ("review.refused") and come
/// back as PermissionDenied (rules of duty and role), Conflict (state) or InvalidInput
/// (justification), the message ending in "[rule: <code>]" (codes: ReviewRules).
class ReviewService
{
public:
    ReviewService(Database& db, AuditLedger& ledger, const Clock& clock, OperatorKeyService& keys,
                  ReviewSettings settings = {});

    void setSettings(const ReviewSettings& settings) { m_settings = settings; }
    const ReviewSettings& settings() const { return m_settings; }
    void setHooks(ReviewHooks hooks) { m_hooks = std::move(hooks); }
    /// The permission graph, for the detail's blast radius and Tier Zero impact; may be null.
    void setGraph(const PermissionGraphService* graph) { m_graph = graph; }

    /// Opens the review case of a request the policy sent to review. Runs inside the caller's
    /// transaction (IntakeService::submit); appends "review.opened".
    [[nodiscard]] Status openCase(const ActionRecord& request, const DecisionPath& path);

    [[nodiscard]] Result<ReviewResult> approve(const OperatorSession& session, const QString& requestId,
                                               const QString& justification, const OperatorSigningKey& key);
    /// Ends the request; the justification is returned to the agent as feedback.
    [[nodiscard]] Result<ReviewResult> reject(const OperatorSession& session, const QString& requestId,
                                              const QString& justification, const OperatorSigningKey& key);
    /// Hands the request to managers: from now on approvals need the manager role.
    [[nodiscard]] Result<ReviewResult> escalate(const OperatorSession& session, const QString& requestId,
                                                const QString& justification, const OperatorSigningKey& key);
    /// An admin approves alone; flagged, and a manager must review it afterwards.
    [[nodiscard]] Result<ReviewResult> breakGlass(const OperatorSession& session, const QString& requestId,
                                                  const QString& reason, const OperatorSigningKey& key);

    /// Expires open cases past their deadline ("request.expired", status expired) and
    /// approvals not used within the approval window ("request.approval_lapsed"). Each case
    /// exactly once, whoever runs it and however often. Returns how many it closed.
    [[nodiscard]] Result<int> sweep();

    [[nodiscard]] Result<QList<ReviewQueueRow>>
    queue(const OperatorSession& session, const ReviewQueueFilter& filter, int offset, int limit) const;
    [[nodiscard]] Result<qint64> queueCount(const OperatorSession& session,
                                            const ReviewQueueFilter& filter) const;
    [[nodiscard]] Result<ReviewDetail> detail(const OperatorSession& session, const QString& requestId) const;

    [[nodiscard]] Result<QList<BreakGlassFollowUp>> openBreakGlass(const OperatorSession& session) const;
    /// A manager's after-the-fact review of a break-glass approval ("review.break_glass_reviewed").
    [[nodiscard]] Status closeBreakGlass(const OperatorSession& session, const QString& requestId,
                                         const QString& note);

    /// Review fields for GET /v1/actions/{id}: approvals, required, expires_at, and for a
    /// rejection its feedback {reviewer, justification}. Empty if the request never went to review.
    QJsonObject agentView(const ActionRecord& request) const;

    /// Verifies one stored review's signature against its key (tests, `review show`).
    bool verifySignature(const ReviewEntry& entry) const;

private:
    Result<ReviewResult> act(ReviewVerdict verdict, const OperatorSession& session, const QString& requestId,
                             const QString& justification, const OperatorSigningKey& key);
    Result<QStringList> identitiesOf(const QString& username) const;

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    OperatorKeyService& m_keys;
    ReviewSettings m_settings;
    ReviewHooks m_hooks;
    const PermissionGraphService* m_graph = nullptr;
};

} // namespace gatehouse
