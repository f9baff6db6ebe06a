#include "IntakeService.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <variant>

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include "ActionRequestJson.h"
#include "ActionRequestRepository.h"
#include "CanonicalJson.h"
#include "CredentialService.h"
#include "CryptoPrimitives.h"
#include "DecisionPathRepository.h"
#include "Logging.h"
#include "PolicyDecisionJson.h"
#include "ReviewTriggers.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

constexpr qsizetype kMaxResultTextBytes = 4 * 1024;
constexpr qsizetype kMaxRollbackHandleChars = 1024;

/// A refusal decided inside a transaction, reported (and audited) after it has ended.
struct Refusal
{
    int status;
    QString code;
    QString message;
    QString field;
};

QString workloadActor(const QString& workloadId)
{
    return QStringLiteral("workload:") + workloadId;
}

int statusForOutcome(PolicyOutcome outcome)
{
    switch (outcome) {
    case PolicyOutcome::Allow:
    case PolicyOutcome::AllowSampled:
        return 201;
    case PolicyOutcome::Review:
        return 202;
    case PolicyOutcome::Deny:
        break;
    }
    return 403;
}

ActionStatus statusForDecision(PolicyOutcome outcome)
{
    switch (outcome) {
    case PolicyOutcome::Allow:
    case PolicyOutcome::AllowSampled:
        return ActionStatus::Allowed;
    case PolicyOutcome::Review:
        return ActionStatus::PendingReview;
    case PolicyOutcome::Deny:
        break;
    }
    return ActionStatus::Denied;
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

/// The decision as the API returns it: the stored decision JSON plus the request's state.
QJsonObject decisionBody(const ActionRecord& r)
{
    QJsonObject body = r.decision;
    body.insert(QStringLiteral("request_id"), r.id);
    body.insert(QStringLiteral("status"), actionStatusName(r.status));
    if (r.reviewExpiresAt.isValid())
        body.insert(QStringLiteral("review_expires_at"), iso(r.reviewExpiresAt));
    return body;
}

QJsonObject statusBody(const ActionRecord& r)
{
    QJsonObject body{{QStringLiteral("request_id"), r.id},
                     {QStringLiteral("status"), actionStatusName(r.status)},
                     {QStringLiteral("path_id"), r.pathId},
                     {QStringLiteral("action_type"), r.actionType},
                     {QStringLiteral("target"), r.target},
                     {QStringLiteral("outcome"), policyOutcomeName(r.outcome)},
                     {QStringLiteral("decision"), r.decision},
                     {QStringLiteral("received_at"), iso(r.receivedAt)},
                     {QStringLiteral("decided_at"), iso(r.decidedAt)}};
    if (r.reviewExpiresAt.isValid())
        body.insert(QStringLiteral("review_expires_at"), iso(r.reviewExpiresAt));
    if (!r.result.isEmpty())
        body.insert(QStringLiteral("result"), r.result);
    if (r.completedAt.isValid())
        body.insert(QStringLiteral("completed_at"), iso(r.completedAt));
    return body;
}

PolicyDecision failClosed(const QString& why)
{
    PolicyDecision d;
    d.outcome = PolicyOutcome::Deny;
    d.reason = QStringLiteral("evaluator_error: ") + why;
    return d;
}

/// Parses a request body as one JSON object; a Refusal naming "body" otherwise.
std::variant<QJsonObject, Refusal> parseObject(const QByteArray& body)
{
    if (body.size() > IntakeService::kMaxBodyBytes)
        return Refusal{413, QStringLiteral("payload_too_large"),
                       QStringLiteral("the body is larger than 64 KiB"), QStringLiteral("body")};
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return Refusal{
            400, QStringLiteral("bad_request"),
            QStringLiteral("body: malformed JSON at offset %1 (%2)").arg(err.offset).arg(err.errorString()),
            QStringLiteral("body")};
    if (!doc.isObject())
        return Refusal{400, QStringLiteral("bad_request"), QStringLiteral("body: expected a JSON object"),
                       QStringLiteral("body")};
    return doc.object();
}

} // namespace

IntakeService::IntakeService(Database& db, AuditLedger& ledger, const Clock& clock, PolicyDecider decider,
                             IntakeLimits limits)
    : m_db(db), m_ledger(ledger), m_clock(clock), m_decider(std::move(decider)), m_limits(limits)
{}

void IntakeService::setLimits(IntakeLimits limits)
{
    m_limits = limits;
    m_buckets.clear();
}

QJsonObject IntakeService::errorBody(const QString& code, const QString& message, const QString& field)
{
    QJsonObject e{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        e.insert(QStringLiteral("field"), field);
    return QJsonObject{{QStringLiteral("error"), e}};
}

bool IntakeService::takeToken(const QString& workloadId, int* retryAfterSeconds)
{
    const QDateTime now = m_clock.now();
    auto it = m_buckets.find(workloadId);
    if (it == m_buckets.end())
        it = m_buckets.insert(workloadId, Bucket{m_limits.burst, now});
    const double elapsed = std::max<qint64>(0, it->last.msecsTo(now)) / 1000.0;
    it->tokens = std::min(m_limits.burst, it->tokens + elapsed * m_limits.ratePerSecond);
    it->last = now;
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return true;
    }
    const double wait = m_limits.ratePerSecond > 0 ? (1.0 - it->tokens) / m_limits.ratePerSecond : 60.0;
    *retryAfterSeconds = std::max(1, static_cast<int>(std::ceil(wait)));
    return false;
}

IntakeReply IntakeService::auditUnavailable(const QString& why)
{
    Logging::error("gateway", QStringLiteral("audit unavailable, request refused: %1").arg(why));
    return {503, errorBody(QStringLiteral("audit_unavailable"),
                           QStringLiteral("audit unavailable: the request was not decided"))};
}

IntakeReply IntakeService::refuse(const IntakeCaller& caller, int status, const QString& code,
                                  const QString& message, const QString& field, const QString& route)
{
    QJsonObject payload{{QStringLiteral("status"), status},
                        {QStringLiteral("code"), code},
                        {QStringLiteral("reason"), message.left(1000)}};
    if (!field.isEmpty())
        payload.insert(QStringLiteral("field"), field);
    if (!route.isEmpty())
        payload.insert(QStringLiteral("route"), route.left(200));
    if (!caller.remoteAddress.isEmpty())
        payload.insert(QStringLiteral("remote_address"), caller.remoteAddress);
    const bool known = !caller.workloadId.isEmpty();
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return auditUnavailable(st.error().message);
    auto ev =
        m_ledger.append({QStringLiteral("intake.refused"),
                         known ? workloadActor(caller.workloadId) : QStringLiteral("system"),
                         known ? QStringLiteral("workload:") + caller.workloadId : QStringLiteral("intake"),
                         {},
                         payload});
    if (!ev)
        return auditUnavailable(ev.error().message);
    if (auto st = tx.commit(); !st)
        return auditUnavailable(st.error().message);
    Logging::debug("gateway", QStringLiteral("refused %1 (%2): %3").arg(status).arg(code, message.left(200)));
    return {status, errorBody(code, message, field)};
}

IntakeReply IntakeService::replay(const ActionRecord& record) const
{
    QJsonObject body = decisionBody(record);
    body.insert(QStringLiteral("idempotent_replay"), true);
    return {statusForOutcome(record.outcome), body};
}

IntakeReply IntakeService::submit(const IntakeCaller& caller, const QByteArray& body)
{
    const QString route = QStringLiteral("POST /v1/actions");
    if (caller.workloadId.isEmpty())
        return refuse(caller, 401, QStringLiteral("unauthenticated"),
                      QStringLiteral("a valid X.509-SVID client certificate is required"), {}, route);
    int retryAfter = 0;
    if (!takeToken(caller.workloadId, &retryAfter)) {
        IntakeReply r = refuse(
            caller, 429, QStringLiteral("rate_limited"),
            QStringLiteral("too many requests from this workload; retry in %1 s").arg(retryAfter), {}, route);
        if (r.status == 429)
            r.body.insert(QStringLiteral("retry_after"), retryAfter);
        return r;
    }

    // The workload must be the identity of exactly one active path.
    DecisionPathRepository paths(m_db.connection());
    // A null QString would bind NULL, and "id <> NULL" matches nothing.
    auto activeId = paths.activeWithWorkload(caller.workloadId, QStringLiteral(""));
    if (!activeId)
        return {503, errorBody(QStringLiteral("storage_unavailable"), activeId.error().message)};
    if (!activeId->has_value()) {
        auto all = paths.list();
        if (!all)
            return {503, errorBody(QStringLiteral("storage_unavailable"), all.error().message)};
        const auto it = std::find_if(all->cbegin(), all->cend(), [&](const DecisionPath& p) {
            return p.workloadId == caller.workloadId;
        });
        if (it != all->cend())
            return refuse(caller, 403, QStringLiteral("path_not_active"),
                          QStringLiteral("decision path \"%1\" is %2, not active")
                              .arg(it->id, pathStatusName(it->status)),
                          {}, route);
        return refuse(
            caller, 403, QStringLiteral("unknown_workload"),
            QStringLiteral("%1 is not the workload identity of any decision path").arg(caller.workloadId), {},
            route);
    }
    auto found = paths.find(**activeId);
    if (!found || !found->has_value())
        return {503, errorBody(QStringLiteral("storage_unavailable"),
                               QStringLiteral("cannot read the decision path"))};
    const DecisionPath path = **found;

    auto parsed = parseObject(body);
    if (auto* r = std::get_if<Refusal>(&parsed))
        return refuse(caller, r->status, r->code, r->message, r->field, route);
    const QJsonObject object = std::get<QJsonObject>(parsed);
    auto request = ActionRequestJson::fromJson(object, QStringLiteral("body"));
    if (!request)
        return refuse(caller, 400, QStringLiteral("bad_request"), request.error().message,
                      ActionRequestJson::offendingField(request.error()), route);
    if (request->pathId != path.id)
        return refuse(caller, 403, QStringLiteral("path_mismatch"),
                      QStringLiteral("path_id \"%1\" is not the decision path of this workload identity")
                          .arg(request->pathId),
                      QStringLiteral("path_id"), route);
    if (!path.actionTypes.contains(request->actionType))
        return refuse(caller, 403, QStringLiteral("action_not_declared"),
                      QStringLiteral("decision path \"%1\" does not declare action type \"%2\"")
                          .arg(path.id, request->actionType),
                      QStringLiteral("action_type"), route);

    const QString bodySha =
        QString::fromLatin1(CryptoPrimitives::sha256(CanonicalJson::serialize(object)).toHex());
    ActionRequestRepository requests(m_db.connection());
    // Idempotency: same key + same body = the original answer; same key + other body = 409.
    auto sameKey = [&]() -> std::variant<std::monostate, IntakeReply, Refusal> {
        if (request->idempotencyKey.isEmpty())
            return std::monostate{};
        auto previous = requests.findByIdempotencyKey(caller.workloadId, request->idempotencyKey);
        if (!previous)
            return IntakeReply{503,
                               errorBody(QStringLiteral("storage_unavailable"), previous.error().message)};
        if (!previous->has_value())
            return std::monostate{};
        if ((*previous)->bodySha256 == bodySha)
            return replay(**previous);
        return Refusal{409, QStringLiteral("idempotency_conflict"),
                       QStringLiteral("idempotency_key was used before with a different body (request %1)")
                           .arg((*previous)->id),
                       QStringLiteral("idempotency_key")};
    };
    auto earlier = sameKey();
    if (auto* r = std::get_if<IntakeReply>(&earlier))
        return *r;
    if (auto* r = std::get_if<Refusal>(&earlier))
        return refuse(caller, r->status, r->code, r->message, r->field, route);

    ActionRecord record;
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.receivedAt = m_clock.now();
    request->requestId = record.id;
    request->workloadId = caller.workloadId;
    request->receivedAt = record.receivedAt;

    // PolicyService::decide runs its own transactions (default policy, shadow flips), so
    // it is called before ours; nothing of this decision is visible until ours commits.
    PolicyDecision decision;
    try {
        decision = m_decider ? m_decider(*request, path) : failClosed(QStringLiteral("no policy engine"));
    } catch (const std::exception& e) {
        decision = failClosed(QString::fromUtf8(e.what()));
    } catch (...) {
        decision = failClosed(QStringLiteral("unknown exception"));
    }
    decision.requestId = record.id;

    record.pathId = path.id;
    record.workloadId = caller.workloadId;
    record.actionType = request->actionType;
    record.target = request->target;
    record.targetKind = ReviewTriggers::targetKind(request->target);
    record.body = object;
    record.bodySha256 = bodySha;
    record.idempotencyKey = request->idempotencyKey;
    record.outcome = decision.outcome;
    record.status = statusForDecision(decision.outcome);
    record.decision = PolicyDecisionJson::toJson(decision);
    record.policyVersion = decision.policyVersion;
    record.decidedAt = m_clock.now();
    if (decision.outcome == PolicyOutcome::Review)
        record.reviewExpiresAt =
            record.decidedAt.addSecs(decision.review ? decision.review->ttlSeconds : 3600);

    std::optional<Refusal> refusal;
    {
        WriteTransaction tx(m_db.connection());
        if (auto st = tx.begun(); !st)
            return auditUnavailable(st.error().message);
        // Another process may have stored the same key meanwhile: decide again under the lock.
        auto raced = sameKey();
        if (auto* r = std::get_if<IntakeReply>(&raced))
            return *r;
        if (auto* r = std::get_if<Refusal>(&raced)) {
            refusal = *r;
        } else {
            if (auto st = requests.insert(record); !st)
                return {503, errorBody(QStringLiteral("storage_unavailable"), st.error().message)};
            const QString subject = QStringLiteral("action:") + record.id;
            QJsonObject requested{{QStringLiteral("path_id"), record.pathId},
                                  {QStringLiteral("action_type"), record.actionType},
                                  {QStringLiteral("target"), record.target},
                                  {QStringLiteral("body_sha256"), record.bodySha256},
                                  {QStringLiteral("remote_address"), caller.remoteAddress}};
            if (!record.idempotencyKey.isEmpty())
                requested.insert(QStringLiteral("idempotency_key"), record.idempotencyKey);
            if (!request->onBehalfOf.isEmpty())
                requested.insert(QStringLiteral("on_behalf_of"), request->onBehalfOf);
            auto ev1 = m_ledger.append({QStringLiteral("action.requested"), workloadActor(caller.workloadId),
                                        subject, record.id, requested});
            if (!ev1)
                return auditUnavailable(ev1.error().message);
            QJsonObject decided{
                {QStringLiteral("decision"), policyOutcomeName(decision.outcome)},
                {QStringLiteral("status"), actionStatusName(record.status)},
                {QStringLiteral("matched_rules"), QJsonArray::fromStringList(decision.matchedRules)},
                {QStringLiteral("triggers"), QJsonArray::fromStringList(decision.triggers)},
                {QStringLiteral("policy_version"), decision.policyVersion},
                {QStringLiteral("evaluation_us"), decision.evaluationMicros}};
            const bool evaluatorError = decision.reason.startsWith(QStringLiteral("evaluator_error"));
            if (!decision.reason.isEmpty())
                decided.insert(QStringLiteral("reason"), decision.reason);
            if (evaluatorError)
                decided.insert(QStringLiteral("error_class"), QStringLiteral("evaluator_error"));
            auto ev2 = m_ledger.append(
                {QStringLiteral("action.decided"), QStringLiteral("system"), subject, record.id, decided});
            if (!ev2)
                return auditUnavailable(ev2.error().message);
            if (m_credentials &&
                (record.outcome == PolicyOutcome::Allow || record.outcome == PolicyOutcome::AllowSampled)) {
                // Minted with the decision, in its transaction: no allowed request without
                // its credential, no credential without the audited decision.
                auto issued = m_credentials->issueFor(record, {});
                if (!issued) {
                    Logging::error("gateway", QStringLiteral("request %1 not stored: credential could not be "
                                                             "minted: %2")
                                                  .arg(record.id, issued.error().message));
                    return {503,
                            errorBody(QStringLiteral("credential_unavailable"),
                                      QStringLiteral("the credential issuer is unavailable: the request was "
                                                     "not decided"))};
                }
            }
            if (record.status == ActionStatus::PendingReview && m_hooks.reviewOpened) {
                if (auto st = m_hooks.reviewOpened(record, path); !st)
                    return st.error().code == ErrorCode::StorageFailure
                               ? auditUnavailable(st.error().message)
                               : IntakeReply{503, errorBody(QStringLiteral("review_unavailable"),
                                                            st.error().message)};
            }
            if (auto st = tx.commit(); !st)
                return auditUnavailable(st.error().message);
            if (evaluatorError)
                Logging::warn(
                    "gateway",
                    QStringLiteral("request %1 denied fail-closed: %2").arg(record.id, decision.reason));
            return {statusForOutcome(record.outcome), decisionBody(record)};
        }
    }
    return refuse(caller, refusal->status, refusal->code, refusal->message, refusal->field, route);
}

IntakeReply IntakeService::status(const IntakeCaller& caller, const QString& requestId)
{
    const QString route = QStringLiteral("GET /v1/actions/{id}");
    if (caller.workloadId.isEmpty())
        return refuse(caller, 401, QStringLiteral("unauthenticated"),
                      QStringLiteral("a valid X.509-SVID client certificate is required"), {}, route);
    int retryAfter = 0;
    if (!takeToken(caller.workloadId, &retryAfter))
        return refuse(caller, 429, QStringLiteral("rate_limited"),
                      QStringLiteral("too many requests from this workload; retry in %1 s").arg(retryAfter),
                      {}, route);
    if (m_hooks.beforeStatus)
        m_hooks.beforeStatus();
    auto found = ActionRequestRepository(m_db.connection()).find(requestId);
    if (!found)
        return {503, errorBody(QStringLiteral("storage_unavailable"), found.error().message)};
    // Another workload's request is reported exactly like a missing one: no existence oracle.
    if (!found->has_value() || (*found)->workloadId != caller.workloadId)
        return refuse(caller, 404, QStringLiteral("not_found"),
                      QStringLiteral("no action request %1 for this workload").arg(requestId.left(64)), {},
                      route);
    QJsonObject body = statusBody(**found);
    if (m_hooks.decorateStatus)
        m_hooks.decorateStatus(**found, body);
    if (m_credentials) {
        if (auto credential = m_credentials->describeForAgent(requestId))
            body.insert(QStringLiteral("credential"), *credential);
    }
    return {200, body};
}

IntakeReply IntakeService::reportResult(const IntakeCaller& caller, const QString& requestId,
                                        const QByteArray& body)
{
    const QString route = QStringLiteral("POST /v1/actions/{id}/result");
    if (caller.workloadId.isEmpty())
        return refuse(caller, 401, QStringLiteral("unauthenticated"),
                      QStringLiteral("a valid X.509-SVID client certificate is required"), {}, route);
    int retryAfter = 0;
    if (!takeToken(caller.workloadId, &retryAfter))
        return refuse(caller, 429, QStringLiteral("rate_limited"),
                      QStringLiteral("too many requests from this workload; retry in %1 s").arg(retryAfter),
                      {}, route);
    auto parsed = parseObject(body);
    if (auto* r = std::get_if<Refusal>(&parsed))
        return refuse(caller, r->status, r->code, r->message, r->field, route);
    const QJsonObject o = std::get<QJsonObject>(parsed);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != QStringLiteral("outcome") && it.key() != QStringLiteral("details") &&
            it.key() != QStringLiteral("rollback_handle"))
            return refuse(caller, 400, QStringLiteral("bad_request"),
                          QStringLiteral("body: unknown field \"%1\"").arg(it.key().left(64)),
                          it.key().left(64), route);
    }
    const QString outcome = o.value(QStringLiteral("outcome")).toString();
    if (outcome != QStringLiteral("executed") && outcome != QStringLiteral("failed"))
        return refuse(caller, 400, QStringLiteral("bad_request"),
                      QStringLiteral("body: field \"outcome\" must be \"executed\" or \"failed\""),
                      QStringLiteral("outcome"), route);
    const QJsonValue details = o.value(QStringLiteral("details"));
    if (!details.isUndefined() && !details.isNull() && !details.isString())
        return refuse(caller, 400, QStringLiteral("bad_request"),
                      QStringLiteral("body: field \"details\" must be a string"), QStringLiteral("details"),
                      route);
    if (details.toString().toUtf8().size() > kMaxResultTextBytes)
        return refuse(caller, 400, QStringLiteral("bad_request"),
                      QStringLiteral("body: field \"details\" is longer than 4096 bytes"),
                      QStringLiteral("details"), route);
    const QJsonValue handle = o.value(QStringLiteral("rollback_handle"));
    if (!handle.isUndefined() && !handle.isNull() &&
        (!handle.isString() || handle.toString().isEmpty() ||
         handle.toString().size() > kMaxRollbackHandleChars))
        return refuse(
            caller, 400, QStringLiteral("bad_request"),
            QStringLiteral("body: field \"rollback_handle\" must be a string of 1..1024 characters"),
            QStringLiteral("rollback_handle"), route);

    std::optional<Refusal> refusal;
    {
        WriteTransaction tx(m_db.connection());
        if (auto st = tx.begun(); !st)
            return auditUnavailable(st.error().message);
        ActionRequestRepository requests(m_db.connection());
        auto found = requests.find(requestId);
        if (!found)
            return {503, errorBody(QStringLiteral("storage_unavailable"), found.error().message)};
        if (!found->has_value() || (*found)->workloadId != caller.workloadId) {
            refusal =
                Refusal{404,
                        QStringLiteral("not_found"),
                        QStringLiteral("no action request %1 for this workload").arg(requestId.left(64)),
                        {}};
        } else {
            ActionRecord record = **found;
            const bool reversible = record.body.value(QStringLiteral("reversible")).toBool(true);
            if (record.status != ActionStatus::Allowed && record.status != ActionStatus::Approved) {
                refusal = Refusal{
                    409,
                    QStringLiteral("invalid_state"),
                    QStringLiteral("action request %1 is %2: a result is accepted once, and only for an "
                                   "allowed or approved request")
                        .arg(record.id, actionStatusName(record.status)),
                    {}};
            } else if (outcome == QStringLiteral("executed") && reversible && handle.toString().isEmpty()) {
                refusal = Refusal{
                    400, QStringLiteral("bad_request"),
                    QStringLiteral("body: field \"rollback_handle\" is required when a reversible action "
                                   "was executed"),
                    QStringLiteral("rollback_handle")};
            } else {
                record.status =
                    outcome == QStringLiteral("executed") ? ActionStatus::Executed : ActionStatus::Failed;
                record.result = QJsonObject{{QStringLiteral("outcome"), outcome}};
                if (!details.toString().isEmpty())
                    record.result.insert(QStringLiteral("details"), details.toString());
                if (!handle.toString().isEmpty())
                    record.result.insert(QStringLiteral("rollback_handle"), handle.toString());
                record.completedAt = m_clock.now();
                if (auto st = requests.complete(record); !st)
                    return {503, errorBody(QStringLiteral("storage_unavailable"), st.error().message)};
                auto ev =
                    m_ledger.append({QStringLiteral("action.") + outcome, workloadActor(caller.workloadId),
                                     QStringLiteral("action:") + record.id, record.id, record.result});
                if (!ev)
                    return auditUnavailable(ev.error().message);
                if (m_credentials) {
                    // Single use: the report consumes the credential, in the same transaction.
                    auto used = m_credentials->markUsed(record.id, workloadActor(caller.workloadId));
                    if (!used)
                        return auditUnavailable(used.error().message);
                }
                if (auto st = tx.commit(); !st)
                    return auditUnavailable(st.error().message);
                record.version += 1;
                QJsonObject answer = statusBody(record);
                if (m_credentials) {
                    if (auto credential = m_credentials->describeForAgent(record.id))
                        answer.insert(QStringLiteral("credential"), *credential);
                }
                return {200, answer};
            }
        }
    }
    return refuse(caller, refusal->status, refusal->code, refusal->message, refusal->field, route);
}

} // namespace gatehouse
