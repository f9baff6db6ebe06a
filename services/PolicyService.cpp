#include "PolicyService.h"

#include <exception>

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include "ActionRequestJson.h"
#include "Authorization.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "DecisionPathRepository.h"
#include "Logging.h"
#include "PolicyEvaluator.h"
#include "PolicyValidator.h"
#include "ReviewTriggers.h"
#include "WriteTransaction.h"

// Q_INIT_RESOURCE must be called outside any namespace.
static void initPolicyResources()
{
    Q_INIT_RESOURCE(policies);
}

namespace gatehouse {

namespace {

const QString kSystemActor = QStringLiteral("system");
constexpr int kMaxReplay = 100000;
constexpr int kMaxIssuesInMessage = 25;

QString issuesText(const QList<PolicyIssue>& issues, bool errorsOnly)
{
    QStringList lines;
    int shown = 0;
    for (const auto& i : issues) {
        if (errorsOnly && !i.isError())
            continue;
        if (++shown > kMaxIssuesInMessage) {
            lines << QStringLiteral("... and more");
            break;
        }
        lines << i.toString();
    }
    return lines.join(QLatin1Char('\n'));
}

/// Rule ids added, removed and changed between two policy documents.
QJsonObject diffPolicies(const QJsonObject& before, const QJsonObject& after)
{
    auto rulesOf = [](const QJsonObject& doc) {
        QHash<QString, QByteArray> out;
        QStringList order;
        for (const auto& v : doc.value(QStringLiteral("rules")).toArray()) {
            const QString id = v.toObject().value(QStringLiteral("id")).toString();
            out.insert(id, CanonicalJson::serialize(v));
            order << id;
        }
        return std::pair{out, order};
    };
    const auto [a, aOrder] = rulesOf(before);
    const auto [b, bOrder] = rulesOf(after);
    QJsonArray added;
    QJsonArray removed;
    QJsonArray changed;
    for (const auto& id : bOrder) {
        if (!a.contains(id))
            added.append(id);
        else if (a.value(id) != b.value(id))
            changed.append(id);
    }
    for (const auto& id : aOrder) {
        if (!b.contains(id))
            removed.append(id);
    }
    auto differs = [&](const char* key) {
        return CanonicalJson::serialize(before.value(QLatin1String(key))) !=
               CanonicalJson::serialize(after.value(QLatin1String(key)));
    };
    return QJsonObject{{QStringLiteral("added"), added},
                       {QStringLiteral("removed"), removed},
                       {QStringLiteral("changed"), changed},
                       {QStringLiteral("settings_changed"), differs("settings")},
                       {QStringLiteral("tier_floors_changed"), differs("tier_floors")}};
}

QStringList warningsOnly(const QList<PolicyIssue>& issues, QList<PolicyIssue>* out)
{
    QStringList text;
    for (const auto& i : issues) {
        if (!i.isError()) {
            out->append(i);
            text << i.toString();
        }
    }
    return text;
}

} // namespace

PolicyService::PolicyService(Database& db, AuditLedger& ledger, const Clock& clock)
    : m_db(db), m_ledger(ledger), m_clock(clock)
{}

PolicyService::~PolicyService() = default;

QByteArray PolicyService::defaultPolicyJson()
{
    initPolicyResources();
    QFile f(QStringLiteral(":/policies/default-policy.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString PolicyService::versionHash(const QJsonObject& document)
{
    return QString::fromLatin1(CryptoPrimitives::sha256(CanonicalJson::serialize(document)).toHex());
}

// ---------------------------------------------------------------------------------------
// Decisions

PolicyDecision PolicyService::failClosed(const ActionRequest& request, const QString& errorClass,
                                         const QString& detail, const QString& version,
                                         const QStringList& triggers) const
{
    PolicyDecision d;
    d.requestId = request.requestId;
    d.outcome = PolicyOutcome::Deny;
    d.triggers = triggers;
    d.policyVersion = version;
    d.reason = QStringLiteral("evaluator_error: %1: %2").arg(errorClass, detail);
    d.explanation << ConditionResult{QStringLiteral("(evaluator)"), QStringLiteral("policy evaluated"), false,
                                     QStringLiteral("%1: %2 (failing closed)").arg(errorClass, detail)};
    Logging::error("policy",
                   QStringLiteral("evaluator error (%1) for request %2 on path %3, action %4: %5; denied")
                       .arg(errorClass, request.requestId, request.pathId, request.actionType, detail));
    return d;
}

std::expected<std::shared_ptr<const CompiledPolicy>, PolicyService::Failure> PolicyService::livePolicy()
{
    PolicyStore store(m_db.connection());
    auto id = store.currentId();
    if (!id)
        return std::unexpected(Failure{QStringLiteral("storage"), id.error().message});
    if (!id->has_value()) {
        if (auto st = ensurePolicy(); !st)
            return std::unexpected(Failure{QStringLiteral("no_policy"), st.error().message});
        id = store.currentId();
        if (!id || !id->has_value())
            return std::unexpected(
                Failure{QStringLiteral("no_policy"), QStringLiteral("no policy is published")});
    }
    if (m_live && m_liveId == (*id)->first)
        return m_live;

    auto record = store.current();
    if (!record)
        return std::unexpected(Failure{QStringLiteral("storage"), record.error().message});
    if (!record->has_value())
        return std::unexpected(
            Failure{QStringLiteral("no_policy"), QStringLiteral("no policy is published")});
    const PolicyVersionRecord& r = **record;
    const QString actual = QString::fromLatin1(CryptoPrimitives::sha256(r.body).toHex());
    if (actual != r.hash)
        return std::unexpected(
            Failure{QStringLiteral("policy_integrity"),
                    QStringLiteral("the stored policy %1 does not match its hash").arg(r.hash)});
    PolicyParseResult parsed = PolicyJson::parse(r.body);
    if (!parsed.policy)
        return std::unexpected(Failure{
            QStringLiteral("policy_unparsable"),
            QStringLiteral("the policy in force %1 cannot be read: %2")
                .arg(r.hash, parsed.issues.isEmpty() ? QString() : parsed.issues.first().toString())});
    m_live = std::make_shared<const CompiledPolicy>(std::move(*parsed.policy), r.hash);
    m_liveId = r.publication;
    Logging::info("policy", QStringLiteral("policy %1 (%2) compiled: %3 rules")
                                .arg(r.hash.left(12), r.label)
                                .arg(m_live->policy().rules.size()));
    return m_live;
}

std::optional<qint64> PolicyService::credentialTtlSeconds(SeverityTier tier)
{
    // Never publish the default policy from here: the caller may hold a write transaction.
    auto id = PolicyStore(m_db.connection()).currentId();
    if (!id || !id->has_value())
        return std::nullopt;
    auto live = livePolicy();
    if (!live)
        return std::nullopt;
    const auto& ttls = (*live)->policy().settings.credentialTtlSeconds;
    const auto it = ttls.find(tier);
    return it == ttls.end() ? std::nullopt : std::optional<qint64>(it->second);
}

PolicyDecision PolicyService::decide(const ActionRequest& request, const DecisionPath& path)
{
    return decideImpl(request, path, true);
}

PolicyDecision PolicyService::evaluateLive(const ActionRequest& request, const DecisionPath& path)
{
    return decideImpl(request, path, false);
}

PolicyDecision PolicyService::decideImpl(const ActionRequest& request, const DecisionPath& path,
                                         bool withShadow)
{
    QElapsedTimer timer;
    timer.start();
    QStringList baseTriggers;
    QString version;
    PolicyDecision decision;
    try {
        auto live = livePolicy();
        if (!live)
            return failClosed(request, live.error().errorClass, live.error().detail, {}, {});
        version = (*live)->hash();
        auto executed = ReviewTriggers::hasExecutedBefore(m_db.connection(), path.id, request.actionType,
                                                          ReviewTriggers::targetKind(request.target));
        if (!executed)
            return failClosed(request, QStringLiteral("history_unavailable"), executed.error().message,
                              version, {});
        baseTriggers = ReviewTriggers::requestTriggers(request, path, *executed);
        const QDateTime now = m_clock.now();
        const QStringList triggers =
            ReviewTriggers::withTimeWindow(baseTriggers, (*live)->policy().settings.operatingWindow, now);
        QElapsedTimer evalTimer;
        evalTimer.start();
        if (m_faultInjection)
            m_faultInjection();
        const qint64 budgetNs = std::chrono::duration_cast<std::chrono::nanoseconds>(m_budget).count();
        auto d = (*live)->evaluate(PolicyInput{request, path, triggers, now}, evalTimer, budgetNs);
        if (!d || evalTimer.nsecsElapsed() > budgetNs)
            return failClosed(request, QStringLiteral("budget_exceeded"),
                              QStringLiteral("evaluation took longer than %1 us").arg(m_budget.count()),
                              version, triggers);
        decision = std::move(*d);
        decision.evaluationMicros = timer.nsecsElapsed() / 1000;
        if (withShadow)
            recordShadow(request, path, baseTriggers, now, decision);
    } catch (const std::exception& e) {
        return failClosed(request, QStringLiteral("exception"), QString::fromLocal8Bit(e.what()), version,
                          baseTriggers);
    } catch (...) {
        return failClosed(request, QStringLiteral("exception"), QStringLiteral("unknown exception"), version,
                          baseTriggers);
    }
    return decision;
}

std::shared_ptr<const CompiledPolicy> PolicyService::shadowPolicy(qint64* shadowId)
{
    auto running = PolicyStore(m_db.connection()).runningShadow();
    if (!running) {
        Logging::warn("policy",
                      QStringLiteral("cannot read the shadow policy: %1").arg(running.error().message));
        return nullptr;
    }
    if (!running->has_value()) {
        m_shadow.reset();
        m_shadowId = -1;
        return nullptr;
    }
    const ShadowPolicyRecord& r = **running;
    *shadowId = r.id;
    if (m_shadow && m_shadowId == r.id)
        return m_shadow;
    PolicyParseResult parsed = PolicyJson::parse(r.body);
    if (!parsed.policy || QString::fromLatin1(CryptoPrimitives::sha256(r.body).toHex()) != r.hash) {
        Logging::warn("policy",
                      QStringLiteral("the shadow policy %1 cannot be read; not evaluated").arg(r.hash));
        return nullptr;
    }
    m_shadow = std::make_shared<const CompiledPolicy>(std::move(*parsed.policy), r.hash);
    m_shadowId = r.id;
    return m_shadow;
}

void PolicyService::recordShadow(const ActionRequest& request, const DecisionPath& path,
                                 const QStringList& baseTriggers, const QDateTime& now,
                                 const PolicyDecision& live)
{
    // The shadow never changes the live decision: every failure here is logged and dropped.
    try {
        qint64 shadowId = 0;
        auto shadow = shadowPolicy(&shadowId);
        if (!shadow)
            return;
        const QStringList triggers =
            ReviewTriggers::withTimeWindow(baseTriggers, shadow->policy().settings.operatingWindow, now);
        QElapsedTimer timer;
        timer.start();
        const qint64 budgetNs = std::chrono::duration_cast<std::chrono::nanoseconds>(m_budget).count();
        auto d = shadow->evaluate(PolicyInput{request, path, triggers, now}, timer, budgetNs);
        if (!d) {
            Logging::warn(
                "policy",
                QStringLiteral("shadow policy %1 exceeded the budget").arg(shadow->hash().left(12)));
            return;
        }
        if (d->outcome == live.outcome)
            return;
        ShadowFlip flip{0,
                        shadowId,
                        request.requestId,
                        path.id,
                        request.actionType,
                        request.target,
                        live.policyVersion,
                        live.outcome,
                        shadow->hash(),
                        d->outcome,
                        d->matchedRules,
                        now};
        WriteTransaction tx(m_db.connection());
        Status st = tx.begun();
        if (st)
            st = PolicyStore(m_db.connection()).insertFlip(flip);
        if (st)
            st = tx.commit();
        if (!st)
            Logging::warn("policy",
                          QStringLiteral("cannot record a shadow flip: %1").arg(st.error().message));
    } catch (const std::exception& e) {
        Logging::warn("policy",
                      QStringLiteral("shadow evaluation failed: %1").arg(QString::fromLocal8Bit(e.what())));
    }
}

Result<PolicyDecision> PolicyService::evaluateDraft(const QByteArray& policyJson,
                                                    const ActionRequest& request, const DecisionPath& path)
{
    QElapsedTimer timer;
    timer.start();
    PolicyParseResult parsed = PolicyJson::parse(policyJson);
    if (!parsed.policy)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the policy has errors:\n%1").arg(issuesText(parsed.issues, true)));
    const CompiledPolicy compiled(std::move(*parsed.policy), versionHash(parsed.document));
    auto executed = ReviewTriggers::hasExecutedBefore(m_db.connection(), path.id, request.actionType,
                                                      ReviewTriggers::targetKind(request.target));
    if (!executed)
        return std::unexpected(executed.error());
    const QDateTime now = m_clock.now();
    const QStringList triggers =
        ReviewTriggers::withTimeWindow(ReviewTriggers::requestTriggers(request, path, *executed),
                                       compiled.policy().settings.operatingWindow, now);
    QElapsedTimer evalTimer;
    evalTimer.start();
    const qint64 budgetNs = std::chrono::duration_cast<std::chrono::nanoseconds>(m_budget).count();
    auto d = compiled.evaluate(PolicyInput{request, path, triggers, now}, evalTimer, budgetNs);
    if (!d)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("evaluation took longer than the budget of %1 us").arg(m_budget.count()));
    d->evaluationMicros = timer.nsecsElapsed() / 1000;
    return *d;
}

// ---------------------------------------------------------------------------------------
// Publishing, reading

Status PolicyService::ensurePolicy()
{
    auto id = PolicyStore(m_db.connection()).currentId();
    if (!id)
        return std::unexpected(id.error());
    if (id->has_value())
        return {};
    const QByteArray json = defaultPolicyJson();
    if (json.isEmpty())
        return fail(ErrorCode::StorageFailure, QStringLiteral("the built-in default policy is missing"));
    auto published = publishAs(kSystemActor, json);
    if (!published) {
        // Another process may have published in between: that is fine.
        auto again = PolicyStore(m_db.connection()).currentId();
        if (again && again->has_value())
            return {};
        return std::unexpected(published.error());
    }
    Logging::info("policy",
                  QStringLiteral("published the default policy %1").arg(published->version.hash.left(12)));
    return {};
}

Result<PolicyParseResult> PolicyService::validate(const OperatorSession& actor,
                                                  const QByteArray& policyJson) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    auto paths = DecisionPathRepository(m_db.connection()).list();
    if (!paths)
        return std::unexpected(paths.error());
    return PolicyValidator::validate(policyJson, *paths);
}

Result<PolicyPublishResult> PolicyService::publish(const OperatorSession& actor, const QByteArray& policyJson)
{
    if (auto st =
            Authorization::requireCurrentAdmin(m_db.connection(), actor, QStringLiteral("publish a policy"));
        !st)
        return std::unexpected(st.error());
    if (auto st = ensurePolicy(); !st)
        return std::unexpected(st.error());
    return publishAs(actor.actor(), policyJson);
}

Result<PolicyPublishResult> PolicyService::publishAs(const QString& actor, const QByteArray& policyJson)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto paths = DecisionPathRepository(m_db.connection()).list();
    if (!paths)
        return std::unexpected(paths.error());
    PolicyParseResult validation = PolicyValidator::validate(policyJson, *paths);
    if (!validation.policy)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("the policy cannot be published:\n%1").arg(issuesText(validation.issues, true)));

    PolicyStore store(m_db.connection());
    auto current = store.current();
    if (!current)
        return std::unexpected(current.error());
    PolicyVersionRecord record;
    record.body = CanonicalJson::serialize(validation.document);
    record.hash = QString::fromLatin1(CryptoPrimitives::sha256(record.body).toHex());
    record.label = validation.policy->version;
    record.source = policyJson;
    record.ruleCount = static_cast<int>(validation.policy->rules.size());
    record.publishedBy = actor;
    record.publishedAt = m_clock.now();
    if (current->has_value() && (*current)->hash == record.hash)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("this policy (%1) is already in force").arg(record.hash.left(12)));

    const QJsonObject previous =
        current->has_value() ? QJsonDocument::fromJson((*current)->body).object() : QJsonObject();
    PolicyPublishResult result;
    result.diff = diffPolicies(previous, validation.document);
    const QStringList warnings = warningsOnly(validation.issues, &result.warnings);

    auto id = store.insertPublication(record);
    if (!id)
        return std::unexpected(id.error());
    record.publication = *id;
    QJsonObject payload{
        {QStringLiteral("hash"), record.hash},
        {QStringLiteral("version"), record.label},
        {QStringLiteral("previous"),
         current->has_value() ? QJsonValue((*current)->hash) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rule_count"), record.ruleCount},
        {QStringLiteral("diff"), result.diff},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
    };
    if (actor == kSystemActor)
        payload.insert(QStringLiteral("default_policy"), true);
    auto ev = m_ledger.append(
        {QStringLiteral("policy.published"), actor, QStringLiteral("policy:") + record.hash, {}, payload});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    m_liveId = -1; // recompile on next use
    result.version = record;
    Logging::info("policy", QStringLiteral("%1 published policy %2 (%3, %4 rules)")
                                .arg(actor, record.hash.left(12), record.label)
                                .arg(record.ruleCount));
    return result;
}

Result<PolicyVersionRecord> PolicyService::show(const OperatorSession& actor, const QString& hash)
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    if (auto st = ensurePolicy(); !st)
        return std::unexpected(st.error());
    PolicyStore store(m_db.connection());
    auto found = hash.isEmpty() ? store.current() : store.byHash(hash.toLower());
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no published policy version %1").arg(hash.left(64)));
    return **found;
}

Result<QList<PolicyVersionRecord>> PolicyService::history(const OperatorSession& actor)
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    if (auto st = ensurePolicy(); !st)
        return std::unexpected(st.error());
    return PolicyStore(m_db.connection()).history();
}

// ---------------------------------------------------------------------------------------
// What-if and shadow mode

Result<WhatIfReport> PolicyService::whatIf(const OperatorSession& actor, const QByteArray& draftJson,
                                           const QDateTime& from, const QDateTime& to)
{
    if (!actor.hasRole(OperatorRole::Admin) && !actor.hasRole(OperatorRole::Manager))
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("a what-if replay needs the admin or manager role (%1 holds neither)")
                        .arg(actor.username));
    if (!from.isValid() || !to.isValid() || from > to)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the replay period needs a start before its end"));
    PolicyParseResult parsed = PolicyJson::parse(draftJson);
    if (!parsed.policy)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the draft has errors:\n%1").arg(issuesText(parsed.issues, true)));
    const CompiledPolicy draft(std::move(*parsed.policy), versionHash(parsed.document));

    auto paths = DecisionPathRepository(m_db.connection()).list();
    if (!paths)
        return std::unexpected(paths.error());
    QHash<QString, DecisionPath> byId;
    for (const auto& p : *paths)
        byId.insert(p.id, p);
    auto recorded = PolicyStore(m_db.connection()).recorded(from, to, kMaxReplay);
    if (!recorded)
        return std::unexpected(recorded.error());

    WhatIfReport report;
    report.draftVersion = draft.hash();
    QElapsedTimer timer;
    timer.start();
    for (const RecordedRequest& rec : *recorded) {
        const QJsonDocument body = QJsonDocument::fromJson(rec.body);
        auto request = ActionRequestJson::fromJson(body.object(), QStringLiteral("request %1").arg(rec.id));
        const auto path = byId.constFind(rec.pathId);
        if (!body.isObject() || !request || path == byId.constEnd()) {
            ++report.skipped;
            continue;
        }
        request->requestId = rec.id;
        request->receivedAt = rec.receivedAt;
        auto executed =
            ReviewTriggers::hasExecutedBefore(m_db.connection(), path->id, request->actionType,
                                              ReviewTriggers::targetKind(request->target), rec.receivedAt);
        if (!executed)
            return std::unexpected(executed.error());
        const QStringList triggers =
            ReviewTriggers::withTimeWindow(ReviewTriggers::requestTriggers(*request, *path, *executed),
                                           draft.policy().settings.operatingWindow, rec.receivedAt);
        auto d = draft.evaluate(PolicyInput{*request, *path, triggers, rec.receivedAt}, timer,
                                std::numeric_limits<qint64>::max());
        ++report.replayed;
        const bool approved = rec.status == QStringLiteral("approved");
        const bool rejected = rec.status == QStringLiteral("rejected");
        if (approved || rejected)
            ++report.humanDecided;
        if (rejected && d->outcome <= PolicyOutcome::AllowSampled)
            ++report.wouldAllowHumanRejected;
        if (approved && d->outcome == PolicyOutcome::Review)
            ++report.wouldQueueHumanApproved;
        if (approved && d->outcome == PolicyOutcome::Deny)
            ++report.wouldDenyHumanApproved;
        if (d->outcome != rec.outcome)
            report.changes << WhatIfChange{rec.id,          path->id,   request->actionType,
                                           request->target, rec.status, rec.receivedAt,
                                           rec.outcome,     d->outcome, d->matchedRules};
    }
    Logging::info("policy", QStringLiteral("%1 replayed %2 requests against draft %3: %4 would change")
                                .arg(actor.username)
                                .arg(report.replayed)
                                .arg(draft.hash().left(12))
                                .arg(report.changes.size()));
    return report;
}

Result<ShadowPolicyRecord> PolicyService::startShadow(const OperatorSession& actor,
                                                      const QByteArray& draftJson)
{
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                     QStringLiteral("run a shadow policy"));
        !st)
        return std::unexpected(st.error());
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto paths = DecisionPathRepository(m_db.connection()).list();
    if (!paths)
        return std::unexpected(paths.error());
    PolicyParseResult validation = PolicyValidator::validate(draftJson, *paths);
    if (!validation.policy)
        return fail(ErrorCode::InvalidInput, QStringLiteral("the draft cannot run as a shadow policy:\n%1")
                                                 .arg(issuesText(validation.issues, true)));
    PolicyStore store(m_db.connection());
    auto running = store.runningShadow();
    if (!running)
        return std::unexpected(running.error());
    const QDateTime now = m_clock.now();
    if (running->has_value()) {
        if (auto st = store.clearShadow((*running)->id, actor.actor(), now); !st)
            return std::unexpected(st.error());
    }
    ShadowPolicyRecord record;
    record.body = CanonicalJson::serialize(validation.document);
    record.hash = QString::fromLatin1(CryptoPrimitives::sha256(record.body).toHex());
    record.label = validation.policy->version;
    record.registeredBy = actor.actor();
    record.registeredAt = now;
    auto id = store.insertShadow(record);
    if (!id)
        return std::unexpected(id.error());
    record.id = *id;
    auto ev = m_ledger.append(
        {QStringLiteral("policy.shadow_registered"),
         actor.actor(),
         QStringLiteral("policy:") + record.hash,
         {},
         QJsonObject{{QStringLiteral("hash"), record.hash},
                     {QStringLiteral("version"), record.label},
                     {QStringLiteral("shadow_id"), record.id},
                     {QStringLiteral("replaced"),
                      running->has_value() ? QJsonValue((*running)->hash) : QJsonValue(QJsonValue::Null)}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    m_shadowId = -1;
    return record;
}

Status PolicyService::stopShadow(const OperatorSession& actor)
{
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                     QStringLiteral("stop a shadow policy"));
        !st)
        return std::unexpected(st.error());
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    PolicyStore store(m_db.connection());
    auto running = store.runningShadow();
    if (!running)
        return std::unexpected(running.error());
    if (!running->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no shadow policy is running"));
    if (auto st = store.clearShadow((*running)->id, actor.actor(), m_clock.now()); !st)
        return std::unexpected(st.error());
    auto ev = m_ledger.append({QStringLiteral("policy.shadow_cleared"),
                               actor.actor(),
                               QStringLiteral("policy:") + (*running)->hash,
                               {},
                               QJsonObject{{QStringLiteral("hash"), (*running)->hash},
                                           {QStringLiteral("shadow_id"), (*running)->id}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    m_shadow.reset();
    m_shadowId = -1;
    return {};
}

Result<std::optional<ShadowPolicyRecord>> PolicyService::shadow(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return PolicyStore(m_db.connection()).runningShadow();
}

Result<QList<ShadowFlip>> PolicyService::shadowFlips(const OperatorSession& actor, qint64 shadowId,
                                                     int limit) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return PolicyStore(m_db.connection()).flips(shadowId, std::clamp(limit, 1, 100000));
}

} // namespace gatehouse
