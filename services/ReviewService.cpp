#include "ReviewService.h"

#include <algorithm>

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

#include "Authorization.h"
#include "CanonicalJson.h"
#include "DecisionPathRepository.h"
#include "Ed25519.h"
#include "OperatorAccountRepository.h"
#include "PolicyStore.h"
#include "SqlValues.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QString b64url(const QByteArray& bytes)
{
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString subjectOf(const QString& requestId)
{
    return QStringLiteral("action:") + requestId;
}

ErrorCode errorCodeForRule(const QString& rule)
{
    if (rule == QLatin1String("request_resolved") || rule == QLatin1String("review_expired") ||
        rule == QLatin1String("already_approved") || rule == QLatin1String("already_escalated"))
        return ErrorCode::Conflict;
    if (rule.startsWith(QLatin1String("justification")))
        return ErrorCode::InvalidInput;
    return ErrorCode::PermissionDenied;
}

QString eventTypeFor(ReviewVerdict v)
{
    switch (v) {
    case ReviewVerdict::Approve:
        return QStringLiteral("review.approved");
    case ReviewVerdict::Reject:
        return QStringLiteral("review.rejected");
    case ReviewVerdict::Escalate:
        return QStringLiteral("review.escalated");
    case ReviewVerdict::BreakGlass:
        return QStringLiteral("review.break_glass");
    }
    return {};
}

QStringList defaultRoles(const ActionRecord& r)
{
    QStringList roles;
    const QJsonArray array =
        r.decision.value(QStringLiteral("review")).toObject().value(QStringLiteral("roles")).toArray();
    for (const auto& v : array)
        if (auto role = parseOperatorRole(v.toString()))
            roles.append(operatorRoleName(*role));
    if (roles.isEmpty())
        roles = {QStringLiteral("analyst")};
    return roles;
}

} // namespace

ReviewService::ReviewService(Database& db, AuditLedger& ledger, const Clock& clock, OperatorKeyService& keys,
                             ReviewSettings settings)
    : m_db(db), m_ledger(ledger), m_clock(clock), m_keys(keys), m_settings(settings)
{}

Status ReviewService::openCase(const ActionRecord& request, const DecisionPath& path)
{
    ReviewCase c;
    c.requestId = request.id;
    c.tier = path.tier.value_or(SeverityTier::T3);
    const QJsonObject review = request.decision.value(QStringLiteral("review")).toObject();
    c.requiredApprovals = std::clamp(review.value(QStringLiteral("approvals")).toInt(1), 1, 10);
    c.requiredRoles = defaultRoles(request);
    c.openedAt = request.decidedAt;
    c.expiresAt =
        request.reviewExpiresAt.isValid() ? request.reviewExpiresAt : request.decidedAt.addSecs(3600);
    c.slaDueAt = std::min(c.expiresAt, c.openedAt.addSecs(m_settings.slaSeconds[static_cast<int>(c.tier)]));
    if (auto st = ReviewRepository(m_db.connection()).insertCase(c); !st)
        return st;
    const QJsonObject payload{{QStringLiteral("tier"), severityTierCode(c.tier)},
                              {QStringLiteral("required_approvals"), c.requiredApprovals},
                              {QStringLiteral("required_roles"), QJsonArray::fromStringList(c.requiredRoles)},
                              {QStringLiteral("expires_at"), iso(c.expiresAt)},
                              {QStringLiteral("sla_due_at"), iso(c.slaDueAt)}};
    auto ev = m_ledger.append({QStringLiteral("review.opened"), QStringLiteral("system"),
                               subjectOf(request.id), request.id, payload});
    if (!ev)
        return std::unexpected(ev.error());
    if (m_hooks.notify && c.tier >= SeverityTier::T2) {
        QJsonObject body = payload;
        body.insert(QStringLiteral("request_id"), request.id);
        body.insert(QStringLiteral("path_id"), request.pathId);
        body.insert(QStringLiteral("action_type"), request.actionType);
        body.insert(QStringLiteral("target"), request.target);
        if (auto st = m_hooks.notify(QStringLiteral("review.opened"), body); !st)
            return st;
    }
    return {};
}

Result<ReviewResult> ReviewService::approve(const OperatorSession& session, const QString& requestId,
                                            const QString& justification, const OperatorSigningKey& key)
{
    return act(ReviewVerdict::Approve, session, requestId, justification, key);
}

Result<ReviewResult> ReviewService::reject(const OperatorSession& session, const QString& requestId,
                                           const QString& justification, const OperatorSigningKey& key)
{
    return act(ReviewVerdict::Reject, session, requestId, justification, key);
}

Result<ReviewResult> ReviewService::escalate(const OperatorSession& session, const QString& requestId,
                                             const QString& justification, const OperatorSigningKey& key)
{
    return act(ReviewVerdict::Escalate, session, requestId, justification, key);
}

Result<ReviewResult> ReviewService::breakGlass(const OperatorSession& session, const QString& requestId,
                                               const QString& reason, const OperatorSigningKey& key)
{
    return act(ReviewVerdict::BreakGlass, session, requestId, reason, key);
}

Result<QStringList> ReviewService::identitiesOf(const QString& username) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT directory_identities FROM operator_accounts WHERE username = ?"));
    q.addBindValue(username);
    if (!q.exec())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("operator identities: %1").arg(q.lastError().text()));
    return q.next() ? sql::stringListFrom(q.value(0)) : QStringList();
}

Result<ReviewResult> ReviewService::act(ReviewVerdict verdict, const OperatorSession& claimed,
                                        const QString& requestId, const QString& justification,
                                        const OperatorSigningKey& key)
{
    // Close what is due first (its own transaction), so acting on a request whose window
    // just passed finds it expired rather than racing the sweeper.
    if (auto swept = sweep(); !swept)
        return std::unexpected(swept.error());

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto current = Authorization::currentSession(m_db.connection(), claimed);
    if (!current)
        return std::unexpected(current.error());
    const OperatorSession& session = *current;
    if (!key.isValid() || key.username() != session.username)
        return fail(
            ErrorCode::PermissionDenied,
            QStringLiteral("%1 has no unlocked signing key: sign in again to review").arg(session.username));
    auto activeKey = m_keys.activeKey(session.username);
    if (!activeKey)
        return std::unexpected(activeKey.error());
    if (!activeKey->has_value() || (*activeKey)->keyId != key.keyId())
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("signing key %1 of %2 is no longer active: sign in again")
                        .arg(key.keyId(), session.username));

    ActionRequestRepository requests(m_db.connection());
    ReviewRepository reviews(m_db.connection());
    auto record = requests.find(requestId);
    if (!record)
        return std::unexpected(record.error());
    auto reviewCase = reviews.findCase(requestId);
    if (!reviewCase)
        return std::unexpected(reviewCase.error());
    if (!record->has_value() || !reviewCase->has_value())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("no action request %1 awaiting review").arg(requestId.left(64)));
    ActionRecord request = **record;
    ReviewCase c = **reviewCase;

    ReviewAttempt attempt;
    attempt.verdict = verdict;
    attempt.reviewer = session.username;
    attempt.reviewerRoles = session.roles;
    auto identities = identitiesOf(session.username);
    if (!identities)
        return std::unexpected(identities.error());
    attempt.reviewerIdentities = *identities;
    attempt.justification = justification;
    attempt.request = request;
    auto path = DecisionPathRepository(m_db.connection()).find(request.pathId);
    if (!path)
        return std::unexpected(path.error());
    if (path->has_value())
        attempt.pathOwner = (*path)->owner;
    attempt.reviewCase = c;
    auto earlier = reviews.reviewsFor(requestId);
    if (!earlier)
        return std::unexpected(earlier.error());
    attempt.reviews = *earlier;
    auto publication = PolicyStore(m_db.connection()).byHash(request.policyVersion);
    if (publication && publication->has_value() && (*publication)->hash == request.policyVersion) {
        attempt.policyPublishedBy = (*publication)->publishedBy;
        attempt.policyPublishedAt = (*publication)->publishedAt;
    }
    const QDateTime now = m_clock.now().toUTC();
    attempt.now = now;

    if (auto refusal = ReviewRules::check(attempt)) {
        // The refused attempt is itself evidence (FIELD-CASES 1): ledger it, change nothing else.
        auto ev = m_ledger.append({QStringLiteral("review.refused"), session.actor(), subjectOf(requestId),
                                   requestId,
                                   QJsonObject{{QStringLiteral("verdict"), reviewVerdictName(verdict)},
                                               {QStringLiteral("rule"), refusal->rule},
                                               {QStringLiteral("message"), refusal->message}}});
        if (!ev)
            return std::unexpected(ev.error());
        if (auto st = tx.commit(); !st)
            return std::unexpected(st.error());
        return fail(errorCodeForRule(refusal->rule),
                    QStringLiteral("%1 [rule: %2]").arg(refusal->message, refusal->rule));
    }

    // The signed statement: what this reviewer decided about exactly this payload.
    const QString trimmed = justification.trimmed();
    const QJsonObject statement{{QStringLiteral("format"), QStringLiteral("gatehouse-review-v1")},
                                {QStringLiteral("request_id"), request.id},
                                {QStringLiteral("payload_sha256"), request.bodySha256},
                                {QStringLiteral("policy_version"), request.policyVersion},
                                {QStringLiteral("verdict"), reviewVerdictName(verdict)},
                                {QStringLiteral("reviewer"), session.username},
                                {QStringLiteral("key_id"), key.keyId()},
                                {QStringLiteral("justification"), trimmed},
                                {QStringLiteral("reviewed_at"), iso(now)},
                                {QStringLiteral("request_version"), request.version}};
    const QByteArray canonical = CanonicalJson::serialize(statement);
    auto signature = key.sign(canonical);
    if (!signature)
        return std::unexpected(signature.error());

    ReviewEntry entry;
    entry.requestId = request.id;
    entry.reviewer = session.username;
    entry.verdict = verdict;
    entry.justification = trimmed;
    entry.statement = canonical;
    entry.keyId = key.keyId();
    entry.signature = *signature;
    entry.createdAt = now;
    if (verdict == ReviewVerdict::Approve)
        entry.lapsesAt = now.addSecs(m_settings.approvalWindowSeconds);
    auto reviewId = reviews.insertReview(entry);
    if (!reviewId)
        return std::unexpected(reviewId.error());
    attempt.reviews.append(entry);

    const int approvals = ReviewRules::countingApprovals(attempt.reviews, now);
    QJsonObject payload{{QStringLiteral("statement"), statement},
                        {QStringLiteral("key_id"), key.keyId()},
                        {QStringLiteral("signature"), b64url(*signature)},
                        {QStringLiteral("approvals"), approvals},
                        {QStringLiteral("required_approvals"), c.requiredApprovals}};
    if (verdict == ReviewVerdict::BreakGlass)
        payload.insert(QStringLiteral("break_glass"), true);
    auto ev =
        m_ledger.append({eventTypeFor(verdict), session.actor(), subjectOf(request.id), request.id, payload});
    if (!ev)
        return std::unexpected(ev.error());

    QString notifyType;
    bool resolved = false;
    if (verdict == ReviewVerdict::Escalate) {
        c.escalatedAt = now;
        c.escalatedBy = session.username;
        c.requiredRoles = {QStringLiteral("manager")};
        notifyType = QStringLiteral("review.escalated");
    } else if (verdict == ReviewVerdict::Reject) {
        request.status = ActionStatus::Rejected;
        c.resolution = ReviewResolution::Rejected;
        c.feedback = trimmed;
        resolved = true;
    } else if (verdict == ReviewVerdict::BreakGlass || approvals >= c.requiredApprovals) {
        request.status = ActionStatus::Approved;
        c.resolution = ReviewResolution::Approved;
        c.approvalLapsesAt = now.addSecs(m_settings.approvalWindowSeconds);
        c.breakGlass = verdict == ReviewVerdict::BreakGlass;
        resolved = true;
    }
    if (resolved) {
        c.resolvedAt = now;
        c.resolvedBy = session.username;
        if (auto st = requests.changeStatus(request); !st)
            return std::unexpected(st.error());
        request.version += 1;
        QStringList approvers;
        for (const ReviewEntry& e : attempt.reviews)
            if ((e.verdict == ReviewVerdict::Approve || e.verdict == ReviewVerdict::BreakGlass) &&
                (!e.lapsesAt.isValid() || e.lapsesAt > now))
                approvers.append(e.reviewer);
        QJsonObject decided{{QStringLiteral("status"), actionStatusName(request.status)},
                            {QStringLiteral("decided_by"), session.username}};
        if (request.status == ActionStatus::Approved) {
            decided.insert(QStringLiteral("approvers"), QJsonArray::fromStringList(approvers));
            decided.insert(QStringLiteral("approval_lapses_at"), iso(c.approvalLapsesAt));
        } else {
            decided.insert(QStringLiteral("feedback"), trimmed);
        }
        if (c.breakGlass)
            decided.insert(QStringLiteral("break_glass"), true);
        auto done = m_ledger.append({QStringLiteral("action.") + actionStatusName(request.status),
                                     session.actor(), subjectOf(request.id), request.id, decided});
        if (!done)
            return std::unexpected(done.error());
        if (c.breakGlass) {
            if (auto st = reviews.insertBreakGlass(
                    BreakGlassFollowUp{request.id, session.username, trimmed, now, {}, {}, {}});
                !st)
                return std::unexpected(st.error());
        }
        if (request.status == ActionStatus::Approved && m_hooks.approved) {
            if (auto st = m_hooks.approved(request, approvers); !st)
                return std::unexpected(st.error());
        } else if (request.status == ActionStatus::Rejected && m_hooks.closed) {
            if (auto st = m_hooks.closed(request.id, QStringLiteral("rejected")); !st)
                return std::unexpected(st.error());
        }
        notifyType = QStringLiteral("review.") + actionStatusName(request.status);
    }
    if (auto st = reviews.updateCase(c); !st)
        return std::unexpected(st.error());
    if (m_hooks.notify && !notifyType.isEmpty()) {
        const QJsonObject body{{QStringLiteral("request_id"), request.id},
                               {QStringLiteral("path_id"), request.pathId},
                               {QStringLiteral("action_type"), request.actionType},
                               {QStringLiteral("target"), request.target},
                               {QStringLiteral("tier"), severityTierCode(c.tier)},
                               {QStringLiteral("reviewer"), session.username},
                               {QStringLiteral("justification"), trimmed},
                               {QStringLiteral("break_glass"), c.breakGlass}};
        if (auto st = m_hooks.notify(notifyType, body); !st)
            return std::unexpected(st.error());
    }
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    return ReviewResult{request.id, request.status, approvals, c.requiredApprovals, *reviewId};
}

Result<int> ReviewService::sweep()
{
    const QDateTime now = m_clock.now().toUTC();
    ReviewRepository reviews(m_db.connection());
    auto expiring = reviews.dueForExpiry(now);
    if (!expiring)
        return std::unexpected(expiring.error());
    auto lapsing = reviews.dueForLapse(now);
    if (!lapsing)
        return std::unexpected(lapsing.error());
    if (expiring->isEmpty() && lapsing->isEmpty())
        return 0;

    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    ActionRequestRepository requests(m_db.connection());
    int closed = 0;
    auto close = [&](const QString& id, bool lapse) -> Status {
        // Re-read under the write lock: another process may have closed it meanwhile.
        auto c = reviews.findCase(id);
        auto r = requests.find(id);
        if (!c)
            return std::unexpected(c.error());
        if (!r)
            return std::unexpected(r.error());
        if (!c->has_value() || !r->has_value())
            return {};
        ReviewCase rc = **c;
        ActionRecord request = **r;
        const bool due =
            lapse
                ? (rc.resolution == ReviewResolution::Approved && request.status == ActionStatus::Approved &&
                   rc.approvalLapsesAt.isValid() && rc.approvalLapsesAt <= now)
                : (rc.isOpen() && request.status == ActionStatus::PendingReview && rc.expiresAt <= now);
        if (!due)
            return {};
        request.status = ActionStatus::Expired;
        if (auto st = requests.changeStatus(request); !st)
            return st;
        rc.resolution = lapse ? ReviewResolution::ApprovalLapsed : ReviewResolution::Expired;
        if (!lapse) {
            rc.resolvedAt = now;
            rc.resolvedBy = QStringLiteral("system");
        }
        if (auto st = reviews.updateCase(rc); !st)
            return st;
        const QString type =
            lapse ? QStringLiteral("request.approval_lapsed") : QStringLiteral("request.expired");
        const QDateTime deadline = lapse ? rc.approvalLapsesAt : rc.expiresAt;
        auto ev = m_ledger.append({type, QStringLiteral("system"), subjectOf(id), id,
                                   QJsonObject{{QStringLiteral("deadline"), iso(deadline)},
                                               {QStringLiteral("status"), QStringLiteral("expired")}}});
        if (!ev)
            return std::unexpected(ev.error());
        if (m_hooks.closed)
            if (auto st =
                    m_hooks.closed(id, lapse ? QStringLiteral("approval_lapsed") : QStringLiteral("expired"));
                !st)
                return st;
        if (m_hooks.notify)
            if (auto st =
                    m_hooks.notify(type, QJsonObject{{QStringLiteral("request_id"), id},
                                                     {QStringLiteral("path_id"), request.pathId},
                                                     {QStringLiteral("action_type"), request.actionType},
                                                     {QStringLiteral("target"), request.target},
                                                     {QStringLiteral("tier"), severityTierCode(rc.tier)},
                                                     {QStringLiteral("deadline"), iso(deadline)}});
                !st)
                return st;
        ++closed;
        return {};
    };
    for (const QString& id : *expiring)
        if (auto st = close(id, false); !st)
            return std::unexpected(st.error());
    for (const QString& id : *lapsing)
        if (auto st = close(id, true); !st)
            return std::unexpected(st.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    return closed;
}

Result<QList<ReviewQueueRow>> ReviewService::queue(const OperatorSession& session,
                                                   const ReviewQueueFilter& filter, int offset,
                                                   int limit) const
{
    if (auto st = Authorization::canReadCatalogue(session); !st)
        return std::unexpected(st.error());
    return ReviewRepository(m_db.connection())
        .queuePage(filter, m_clock.now(), offset, std::clamp(limit, 1, 1000));
}

Result<qint64> ReviewService::queueCount(const OperatorSession& session,
                                         const ReviewQueueFilter& filter) const
{
    if (auto st = Authorization::canReadCatalogue(session); !st)
        return std::unexpected(st.error());
    return ReviewRepository(m_db.connection()).queueCount(filter);
}

Result<ReviewDetail> ReviewService::detail(const OperatorSession& session, const QString& requestId) const
{
    if (auto st = Authorization::canReadCatalogue(session); !st)
        return std::unexpected(st.error());
    ReviewRepository reviews(m_db.connection());
    ActionRequestRepository requests(m_db.connection());
    auto record = requests.find(requestId);
    if (!record)
        return std::unexpected(record.error());
    auto c = reviews.findCase(requestId);
    if (!c)
        return std::unexpected(c.error());
    if (!record->has_value() || !c->has_value())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("no action request %1 went to review").arg(requestId.left(64)));
    ReviewDetail d;
    d.request = **record;
    d.reviewCase = **c;
    auto path = DecisionPathRepository(m_db.connection()).find(d.request.pathId);
    if (!path)
        return std::unexpected(path.error());
    d.path = *path;
    auto entries = reviews.reviewsFor(requestId);
    if (!entries)
        return std::unexpected(entries.error());
    d.reviews = *entries;
    const QDateTime now = m_clock.now().toUTC();
    d.approvals = ReviewRules::countingApprovals(d.reviews, now);
    d.overdue = d.reviewCase.isOpen() && now > d.reviewCase.slaDueAt;
    auto history = requests.recentForPath(d.request.pathId, 11);
    if (!history)
        return std::unexpected(history.error());
    for (const ActionRecord& r : *history)
        if (r.id != requestId && d.pathHistory.size() < 10)
            d.pathHistory.append(r);
    auto bg = reviews.findBreakGlass(requestId);
    if (!bg)
        return std::unexpected(bg.error());
    d.breakGlass = *bg;

    if (m_graph) {
        auto preview = ReviewGraphPreviewer::compute(*m_graph, session, d.request, d.path);
        if (preview) {
            d.graph = *preview;
        } else {
            d.graph = ReviewGraphPreview{};
            d.graph->note = QStringLiteral("permission graph unavailable: %1").arg(preview.error().message);
        }
    }

    // Who could approve now: every enabled account the rules would let through.
    auto accounts = OperatorAccountRepository(m_db.connection()).list();
    if (!accounts)
        return std::unexpected(accounts.error());
    auto publication = PolicyStore(m_db.connection()).byHash(d.request.policyVersion);
    for (const auto& account : *accounts) {
        if (account.disabled)
            continue;
        ReviewAttempt a;
        a.verdict = ReviewVerdict::Approve;
        a.reviewer = account.username;
        a.reviewerRoles = account.roles;
        a.reviewerIdentities = identitiesOf(account.username).value_or(QStringList());
        a.justification = QStringLiteral("eligibility check");
        a.request = d.request;
        a.pathOwner = d.path ? d.path->owner : QString();
        a.reviewCase = d.reviewCase;
        a.reviews = d.reviews;
        if (publication && publication->has_value()) {
            a.policyPublishedBy = (*publication)->publishedBy;
            a.policyPublishedAt = (*publication)->publishedAt;
        }
        a.now = now;
        if (!ReviewRules::check(a))
            d.eligibleReviewers.append(account.username);
    }
    return d;
}

Result<QList<BreakGlassFollowUp>> ReviewService::openBreakGlass(const OperatorSession& session) const
{
    if (auto st = Authorization::canReadCatalogue(session); !st)
        return std::unexpected(st.error());
    return ReviewRepository(m_db.connection()).openBreakGlass();
}

Status ReviewService::closeBreakGlass(const OperatorSession& claimed, const QString& requestId,
                                      const QString& note)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return st;
    auto session = Authorization::currentSession(m_db.connection(), claimed);
    if (!session)
        return std::unexpected(session.error());
    if (!session->hasRole(OperatorRole::Manager))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 is not a manager: only managers review break-glass approvals")
                        .arg(session->username));
    if (note.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("a note is required to close a break-glass review"));
    ReviewRepository reviews(m_db.connection());
    auto followUp = reviews.findBreakGlass(requestId);
    if (!followUp)
        return std::unexpected(followUp.error());
    if (followUp->has_value() && (*followUp)->approvedBy == session->username)
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("separation of duties: %1 used break-glass on %2 and cannot review it")
                        .arg(session->username, requestId));
    const QDateTime now = m_clock.now().toUTC();
    if (auto st = reviews.closeBreakGlass(requestId, session->username, now, note.trimmed()); !st)
        return st;
    auto ev = m_ledger.append({QStringLiteral("review.break_glass_reviewed"), session->actor(),
                               subjectOf(requestId), requestId,
                               QJsonObject{{QStringLiteral("note"), note.trimmed()}}});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

QJsonObject ReviewService::agentView(const ActionRecord& request) const
{
    ReviewRepository reviews(m_db.connection());
    auto c = reviews.findCase(request.id);
    if (!c || !c->has_value())
        return {};
    const ReviewCase& rc = **c;
    auto entries = reviews.reviewsFor(request.id);
    QJsonObject view{
        {QStringLiteral("required_approvals"), rc.requiredApprovals},
        {QStringLiteral("approvals"), entries ? ReviewRules::countingApprovals(*entries, m_clock.now()) : 0},
        {QStringLiteral("expires_at"), iso(rc.expiresAt)},
        {QStringLiteral("escalated"), rc.escalatedAt.isValid()}};
    if (!rc.isOpen()) {
        view.insert(QStringLiteral("resolution"), reviewResolutionName(rc.resolution));
        view.insert(QStringLiteral("resolved_by"), rc.resolvedBy);
        view.insert(QStringLiteral("resolved_at"), iso(rc.resolvedAt));
    }
    if (rc.resolution == ReviewResolution::Rejected)
        view.insert(QStringLiteral("feedback"), QJsonObject{{QStringLiteral("reviewer"), rc.resolvedBy},
                                                            {QStringLiteral("justification"), rc.feedback}});
    if (rc.approvalLapsesAt.isValid())
        view.insert(QStringLiteral("approval_lapses_at"), iso(rc.approvalLapsesAt));
    if (rc.breakGlass)
        view.insert(QStringLiteral("break_glass"), true);
    return view;
}

bool ReviewService::verifySignature(const ReviewEntry& entry) const
{
    auto key = m_keys.find(entry.keyId);
    if (!key || !key->has_value() || (*key)->username != entry.reviewer)
        return false;
    return Ed25519::verify((*key)->publicKey, entry.statement, entry.signature);
}

} // namespace gatehouse
