#include "CredentialService.h"

#include <QJsonArray>
#include <QUuid>

#include "ActionRequestRepository.h"
#include "Authorization.h"
#include "Base64Url.h"
#include "DecisionPathRepository.h"
#include "JwtSigner.h"
#include "Logging.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

QString subjectOf(const QString& jti)
{
    return QStringLiteral("credential:") + jti;
}

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

/// The review window of a decided request in seconds, when it had one.
std::optional<qint64> reviewWindow(const ActionRecord& r)
{
    const QJsonValue review = r.decision.value(QStringLiteral("review"));
    if (!review.isObject())
        return std::nullopt;
    const qint64 ttl = review.toObject().value(QStringLiteral("ttl_seconds")).toInteger(0);
    return ttl > 0 ? std::optional<qint64>(ttl) : std::nullopt;
}

} // namespace

CredentialService::CredentialService(const Workspace& workspace, Database& db, AuditLedger& ledger,
                                     const Clock& clock)
    : m_db(db), m_ledger(ledger), m_clock(clock), m_keys(workspace.keysDirectory())
{}

qint64 CredentialService::defaultTtlSeconds(SeverityTier tier)
{
    switch (tier) {
    case SeverityTier::T0:
    case SeverityTier::T1:
        return 900;
    case SeverityTier::T2:
        return 300;
    case SeverityTier::T3:
        return 120;
    }
    return 120;
}

QString CredentialService::audienceFor(const QString& target)
{
    const qsizetype colon = target.indexOf(QLatin1Char(':'));
    return colon > 0 ? target.left(colon) : target;
}

qint64 CredentialService::ttlFor(SeverityTier tier) const
{
    std::optional<qint64> ttl = m_ttlSource ? m_ttlSource(tier) : std::nullopt;
    const qint64 seconds = ttl.value_or(defaultTtlSeconds(tier));
    return std::clamp(seconds, kMinTtlSeconds, kMaxTtlSeconds);
}

Status CredentialService::appendKeyEvent(const QString& type, const SigningKeyInfo& key, const QString& actor,
                                         const QJsonObject& extra)
{
    QJsonObject payload{
        {QStringLiteral("kid"), key.kid},
        {QStringLiteral("algorithm"), QLatin1String(JwtSigner::kAlgorithm)},
        {QStringLiteral("public_key"), QString::fromLatin1(Base64Url::encode(key.publicKey))}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        payload.insert(it.key(), it.value());
    auto ev = m_ledger.append({type, actor, QStringLiteral("signing-key:") + key.kid, {}, payload});
    if (!ev)
        return std::unexpected(ev.error());
    return {};
}

Result<SigningKeyInfo> CredentialService::activeKeyOrCreate()
{
    CredentialRepository repo(m_db.connection());
    auto active = repo.activeKey();
    if (!active)
        return std::unexpected(active.error());
    if (active->has_value())
        return **active;
    auto created = m_keys.create(m_clock.now());
    if (!created)
        return std::unexpected(created.error());
    if (auto st = repo.insertKey(*created); !st)
        return std::unexpected(st.error());
    if (auto st = appendKeyEvent(QStringLiteral("signing_key.created"), *created, QStringLiteral("system"),
                                 {{QStringLiteral("file"), m_keys.keyFile(created->kid)}});
        !st)
        return std::unexpected(st.error());
    Logging::info("crypto", QStringLiteral("credential signing key %1 created").arg(created->kid));
    return *created;
}

Result<IssuedCredential> CredentialService::issueFor(const ActionRecord& request,
                                                     const QStringList& approvers,
                                                     std::optional<qint64> maxTtlSeconds)
{
    if (request.status != ActionStatus::Allowed && request.status != ActionStatus::Approved)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("action request %1 is %2: credentials are minted only for allowed or "
                                   "approved requests")
                        .arg(request.id, actionStatusName(request.status)));
    CredentialRepository repo(m_db.connection());
    auto existing = repo.findByRequest(request.id);
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("action request %1 already has credential %2").arg(request.id, (*existing)->jti));
    auto path = DecisionPathRepository(m_db.connection()).find(request.pathId);
    if (!path)
        return std::unexpected(path.error());
    if (!path->has_value())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("decision path %1 does not exist").arg(request.pathId));
    if ((*path)->status != PathStatus::Active)
        return fail(ErrorCode::Conflict, QStringLiteral("decision path %1 is %2: no credential is issued")
                                             .arg(request.pathId, pathStatusName((*path)->status)));
    const SeverityTier tier = (*path)->tier.value_or(SeverityTier::T3);
    qint64 ttl = ttlFor(tier);
    if (auto window = reviewWindow(request))
        ttl = std::min(ttl, *window);
    if (maxTtlSeconds && *maxTtlSeconds > 0)
        ttl = std::min(ttl, *maxTtlSeconds);

    auto key = activeKeyOrCreate();
    if (!key)
        return std::unexpected(key.error());
    auto signer = m_keys.load(key->kid);
    if (!signer)
        return std::unexpected(signer.error());

    // iat = nbf = the minting second (never after the mint time), exp - iat = TTL exactly.
    const QDateTime minted = m_clock.now().toUTC();
    const qint64 iat = minted.toSecsSinceEpoch();
    Credential c;
    c.jti = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.requestId = request.id;
    c.pathId = request.pathId;
    c.kid = key->kid;
    c.subject = request.workloadId;
    c.audience = audienceFor(request.target);
    c.actionType = request.actionType;
    c.target = request.target;
    c.ttlSeconds = ttl;
    c.issuedAt = QDateTime::fromSecsSinceEpoch(iat, Qt::UTC);
    c.notBefore = c.issuedAt;
    c.expiresAt = QDateTime::fromSecsSinceEpoch(iat + ttl, Qt::UTC);
    c.status = CredentialStatus::Active;
    QJsonObject claims{{QStringLiteral("iss"), m_issuer},
                       {QStringLiteral("sub"), c.subject},
                       {QStringLiteral("aud"), c.audience},
                       {QStringLiteral("jti"), c.jti},
                       {QStringLiteral("iat"), iat},
                       {QStringLiteral("nbf"), iat},
                       {QStringLiteral("exp"), iat + ttl},
                       {QStringLiteral("action_type"), c.actionType},
                       {QStringLiteral("target"), c.target},
                       {QStringLiteral("request_id"), c.requestId},
                       {QStringLiteral("path_id"), c.pathId},
                       {QStringLiteral("tier"), severityTierCode(tier)},
                       {QStringLiteral("payload_sha256"), request.bodySha256},
                       {QStringLiteral("policy_version"), request.policyVersion},
                       {QStringLiteral("approvers"), QJsonArray::fromStringList(approvers)}};
    const QString onBehalfOf = request.body.value(QStringLiteral("on_behalf_of")).toString();
    if (!onBehalfOf.isEmpty())
        claims.insert(QStringLiteral("act"), QJsonObject{{QStringLiteral("sub"), onBehalfOf}});
    c.claims = claims;
    c.signingInput = JwtSigner::signingInput(c.kid, claims);
    auto token = JwtSigner::sign(**signer, c.signingInput);
    if (!token)
        return std::unexpected(token.error());
    if (auto st = repo.insert(c); !st)
        return std::unexpected(st.error());
    QJsonObject payload{{QStringLiteral("jti"), c.jti},
                        {QStringLiteral("kid"), c.kid},
                        {QStringLiteral("request_id"), c.requestId},
                        {QStringLiteral("path_id"), c.pathId},
                        {QStringLiteral("sub"), c.subject},
                        {QStringLiteral("aud"), c.audience},
                        {QStringLiteral("action_type"), c.actionType},
                        {QStringLiteral("target"), c.target},
                        {QStringLiteral("ttl_seconds"), ttl},
                        {QStringLiteral("issued_at"), iso(c.issuedAt)},
                        {QStringLiteral("expires_at"), iso(c.expiresAt)},
                        {QStringLiteral("approvers"), QJsonArray::fromStringList(approvers)}};
    auto ev = m_ledger.append({QStringLiteral("credential.issued"), QStringLiteral("system"),
                               subjectOf(c.jti), c.requestId, payload});
    if (!ev)
        return std::unexpected(ev.error());
    return IssuedCredential{c, *token};
}

Result<bool> CredentialService::markUsed(const QString& requestId, const QString& actor)
{
    CredentialRepository repo(m_db.connection());
    auto found = repo.findByRequest(requestId);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value() || (*found)->status != CredentialStatus::Active)
        return false;
    const QDateTime now = m_clock.now();
    auto changed = repo.leaveActive((*found)->jti, CredentialStatus::Used, now, actor, {});
    if (!changed || !*changed)
        return changed;
    auto ev = m_ledger.append({QStringLiteral("credential.used"), actor, subjectOf((*found)->jti), requestId,
                               QJsonObject{{QStringLiteral("jti"), (*found)->jti},
                                           {QStringLiteral("request_id"), requestId},
                                           {QStringLiteral("expires_at"), iso((*found)->expiresAt)}}});
    if (!ev)
        return std::unexpected(ev.error());
    return true;
}

Result<int> CredentialService::revokeAll(const QList<Credential>& credentials, const QString& reason,
                                         const QString& actor, const QString& scope)
{
    CredentialRepository repo(m_db.connection());
    const QDateTime now = m_clock.now();
    int count = 0;
    for (const Credential& c : credentials) {
        if (c.status != CredentialStatus::Active)
            continue;
        auto changed = repo.leaveActive(c.jti, CredentialStatus::Revoked, now, actor, reason);
        if (!changed)
            return std::unexpected(changed.error());
        if (!*changed)
            continue;
        auto ev = m_ledger.append({QStringLiteral("credential.revoked"), actor, subjectOf(c.jti), c.requestId,
                                   QJsonObject{{QStringLiteral("jti"), c.jti},
                                               {QStringLiteral("request_id"), c.requestId},
                                               {QStringLiteral("path_id"), c.pathId},
                                               {QStringLiteral("kid"), c.kid},
                                               {QStringLiteral("scope"), scope},
                                               {QStringLiteral("reason"), reason.left(1000)},
                                               {QStringLiteral("expires_at"), iso(c.expiresAt)}}});
        if (!ev)
            return std::unexpected(ev.error());
        ++count;
    }
    return count;
}

Result<int> CredentialService::revokeForRequest(const QString& requestId, const QString& reason,
                                                const QString& actor)
{
    CredentialFilter filter;
    filter.requestId = requestId;
    filter.status = CredentialStatus::Active;
    auto found = CredentialRepository(m_db.connection()).list(filter);
    if (!found)
        return std::unexpected(found.error());
    return revokeAll(*found, reason, actor, QStringLiteral("request"));
}

Result<int> CredentialService::revokeForPath(const QString& pathId, const QString& reason,
                                             const QString& actor)
{
    CredentialFilter filter;
    filter.pathId = pathId;
    filter.status = CredentialStatus::Active;
    filter.limit = 1000000;
    auto found = CredentialRepository(m_db.connection()).list(filter);
    if (!found)
        return std::unexpected(found.error());
    return revokeAll(*found, reason, actor, QStringLiteral("path"));
}

Result<int> CredentialService::revokeForKey(const QString& kid, const QString& reason, const QString& actor)
{
    CredentialRepository repo(m_db.connection());
    auto key = repo.findKey(kid);
    if (!key)
        return std::unexpected(key.error());
    if (!key->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no signing key %1").arg(kid.left(64)));
    CredentialFilter filter;
    filter.kid = kid;
    filter.status = CredentialStatus::Active;
    filter.limit = 1000000;
    auto found = repo.list(filter);
    if (!found)
        return std::unexpected(found.error());
    auto revoked = revokeAll(*found, reason, actor, QStringLiteral("key"));
    if (!revoked)
        return revoked;
    if ((*key)->status != SigningKeyStatus::Revoked) {
        if (auto st = repo.setKeyStatus(kid, SigningKeyStatus::Revoked, m_clock.now(), reason); !st)
            return std::unexpected(st.error());
        if (auto st = appendKeyEvent(QStringLiteral("signing_key.revoked"), **key, actor,
                                     {{QStringLiteral("reason"), reason.left(1000)},
                                      {QStringLiteral("credentials_revoked"), *revoked},
                                      {QStringLiteral("was"), signingKeyStatusName((*key)->status)}});
            !st)
            return std::unexpected(st.error());
    }
    return revoked;
}

Result<QList<Credential>> CredentialService::list(const OperatorSession& actor,
                                                  const CredentialFilter& filter) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return CredentialRepository(m_db.connection()).list(filter);
}

Result<Credential> CredentialService::get(const OperatorSession& actor, const QString& jti) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    auto found = CredentialRepository(m_db.connection()).find(jti);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no credential %1").arg(jti.left(64)));
    return **found;
}

Result<Credential> CredentialService::revoke(const OperatorSession& actor, const QString& jti,
                                             const QString& reason)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("a reason is required to revoke a credential"));
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    auto current = Authorization::currentSession(m_db.connection(), actor);
    if (!current)
        return std::unexpected(current.error());
    CredentialRepository repo(m_db.connection());
    auto found = repo.find(jti);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no credential %1").arg(jti.left(64)));
    auto path = DecisionPathRepository(m_db.connection()).find((*found)->pathId);
    if (!path)
        return std::unexpected(path.error());
    if (!path->has_value())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("decision path %1 does not exist").arg((*found)->pathId));
    if (auto st = Authorization::canRevokeCredential(*current, **path); !st)
        return std::unexpected(st.error());
    if ((*found)->status != CredentialStatus::Active)
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("credential %1 is already %2").arg(jti, credentialStatusName((*found)->status)));
    auto revoked = revokeAll({**found}, reason.trimmed(), current->actor(), QStringLiteral("credential"));
    if (!revoked)
        return std::unexpected(revoked.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    auto after = repo.find(jti);
    if (!after || !after->has_value())
        return fail(ErrorCode::StorageFailure, QStringLiteral("credential %1 vanished").arg(jti));
    return **after;
}

Result<int> CredentialService::revokeKey(const OperatorSession& actor, const QString& kid,
                                         const QString& reason)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("a reason is required to revoke a signing key"));
    Result<int> revoked = 0;
    {
        WriteTransaction tx(m_db.connection());
        if (auto st = tx.begun(); !st)
            return std::unexpected(st.error());
        if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                         QStringLiteral("revoke a credential signing key"));
            !st)
            return std::unexpected(st.error());
        revoked = revokeForKey(kid, reason.trimmed(), actor.actor());
        if (!revoked)
            return revoked;
        if (auto st = tx.commit(); !st)
            return std::unexpected(st.error());
    }
    if (auto st = m_keys.destroy(kid); !st)
        Logging::warn("crypto", QStringLiteral("revoked key %1: %2").arg(kid, st.error().message));
    return revoked;
}

Result<SigningKeyInfo> CredentialService::rotateKey(const OperatorSession& actor)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                     QStringLiteral("rotate the credential signing key"));
        !st)
        return std::unexpected(st.error());
    CredentialRepository repo(m_db.connection());
    auto old = repo.activeKey();
    if (!old)
        return std::unexpected(old.error());
    const QDateTime now = m_clock.now();
    if (old->has_value()) {
        if (auto st = repo.setKeyStatus((*old)->kid, SigningKeyStatus::Retired, now, {}); !st)
            return std::unexpected(st.error());
        if (auto st = appendKeyEvent(QStringLiteral("signing_key.retired"), **old, actor.actor(),
                                     {{QStringLiteral("last_expiry"), iso((*old)->lastExpiry)}});
            !st)
            return std::unexpected(st.error());
    }
    auto created = m_keys.create(now);
    if (!created)
        return std::unexpected(created.error());
    if (auto st = repo.insertKey(*created); !st)
        return std::unexpected(st.error());
    QJsonObject extra{{QStringLiteral("file"), m_keys.keyFile(created->kid)}};
    if (old->has_value())
        extra.insert(QStringLiteral("replaces"), (*old)->kid);
    if (auto st = appendKeyEvent(QStringLiteral("signing_key.created"), *created, actor.actor(), extra); !st)
        return std::unexpected(st.error());
    if (auto st = tx.commit(); !st) {
        [[maybe_unused]] auto cleaned = m_keys.destroy(created->kid);
        return std::unexpected(st.error());
    }
    Logging::info("crypto", QStringLiteral("credential signing key rotated to %1").arg(created->kid));
    return *created;
}

Result<QList<SigningKeyInfo>> CredentialService::signingKeys(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return CredentialRepository(m_db.connection()).keys();
}

Result<CredentialSweep> CredentialService::sweep()
{
    CredentialSweep summary;
    QStringList wipe;
    {
        WriteTransaction tx(m_db.connection());
        if (auto st = tx.begun(); !st)
            return std::unexpected(st.error());
        CredentialRepository repo(m_db.connection());
        const QDateTime now = m_clock.now();
        for (;;) {
            auto due = repo.activePastExpiry(now, 500);
            if (!due)
                return std::unexpected(due.error());
            if (due->isEmpty())
                break;
            for (const Credential& c : *due) {
                auto changed =
                    repo.leaveActive(c.jti, CredentialStatus::Expired, now, QStringLiteral("system"), {});
                if (!changed)
                    return std::unexpected(changed.error());
                if (!*changed)
                    continue;
                auto ev = m_ledger.append({QStringLiteral("credential.expired"), QStringLiteral("system"),
                                           subjectOf(c.jti), c.requestId,
                                           QJsonObject{{QStringLiteral("jti"), c.jti},
                                                       {QStringLiteral("request_id"), c.requestId},
                                                       {QStringLiteral("path_id"), c.pathId},
                                                       {QStringLiteral("expires_at"), iso(c.expiresAt)}}});
                if (!ev)
                    return std::unexpected(ev.error());
                ++summary.expired;
            }
        }
        auto keys = repo.keys();
        if (!keys)
            return std::unexpected(keys.error());
        for (const SigningKeyInfo& k : *keys) {
            if (k.status == SigningKeyStatus::Retired && (!k.lastExpiry.isValid() || k.lastExpiry <= now)) {
                if (auto st = repo.setKeyStatus(k.kid, SigningKeyStatus::Withdrawn, now, {}); !st)
                    return std::unexpected(st.error());
                if (auto st =
                        appendKeyEvent(QStringLiteral("signing_key.withdrawn"), k, QStringLiteral("system"),
                                       {{QStringLiteral("last_expiry"), iso(k.lastExpiry)}});
                    !st)
                    return std::unexpected(st.error());
                ++summary.keysWithdrawn;
                wipe << k.kid;
            } else if (k.status == SigningKeyStatus::Withdrawn || k.status == SigningKeyStatus::Revoked) {
                wipe << k.kid; // a file left behind (e.g. revoked by another process) is wiped too
            }
        }
        if (auto st = tx.commit(); !st)
            return std::unexpected(st.error());
    }
    for (const QString& kid : wipe) {
        if (auto st = m_keys.destroy(kid); !st)
            Logging::warn("crypto", st.error().message);
    }
    return summary;
}

Result<QJsonObject> CredentialService::jwks() const
{
    auto keys = CredentialRepository(m_db.connection()).keys();
    if (!keys)
        return std::unexpected(keys.error());
    const QDateTime now = m_clock.now();
    QJsonArray list;
    for (const SigningKeyInfo& k : *keys) {
        const bool live =
            k.status == SigningKeyStatus::Active ||
            (k.status == SigningKeyStatus::Retired && k.lastExpiry.isValid() && k.lastExpiry > now);
        if (!live)
            continue;
        list.append(QJsonObject{{QStringLiteral("kty"), QStringLiteral("OKP")},
                                {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                                {QStringLiteral("x"), QString::fromLatin1(Base64Url::encode(k.publicKey))},
                                {QStringLiteral("kid"), k.kid},
                                {QStringLiteral("use"), QStringLiteral("sig")},
                                {QStringLiteral("alg"), QLatin1String(JwtSigner::kAlgorithm)}});
    }
    return QJsonObject{{QStringLiteral("keys"), list}};
}

Result<std::optional<Credential>> CredentialService::forRequest(const QString& requestId) const
{
    return CredentialRepository(m_db.connection()).findByRequest(requestId);
}

Result<std::optional<Credential>> CredentialService::find(const QString& jti) const
{
    return CredentialRepository(m_db.connection()).find(jti);
}

Result<QByteArray> CredentialService::tokenOf(const Credential& credential)
{
    if (!credential.isLive(m_clock.now()))
        return fail(ErrorCode::NotFound,
                    QStringLiteral("credential %1 is %2")
                        .arg(credential.jti, credential.status == CredentialStatus::Active
                                                 ? QStringLiteral("past its expiry")
                                                 : credentialStatusName(credential.status)));
    auto key = m_keys.load(credential.kid);
    if (!key)
        return std::unexpected(key.error());
    return JwtSigner::sign(**key, credential.signingInput);
}

std::optional<QJsonObject> CredentialService::describeForAgent(const QString& requestId)
{
    auto found = forRequest(requestId);
    if (!found || !found->has_value())
        return std::nullopt;
    const Credential& c = **found;
    QJsonObject o{{QStringLiteral("jti"), c.jti}, {QStringLiteral("expires_at"), iso(c.expiresAt)}};
    const QDateTime now = m_clock.now();
    if (c.status == CredentialStatus::Active && now >= c.expiresAt) {
        o.insert(QStringLiteral("status"), credentialStatusName(CredentialStatus::Expired));
        return o;
    }
    if (c.status != CredentialStatus::Active) {
        o.insert(QStringLiteral("status"), credentialStatusName(c.status));
        return o;
    }
    auto token = tokenOf(c);
    if (!token) {
        // Fail closed and say why in the log, never to the agent.
        Logging::error(
            "crypto",
            QStringLiteral("credential %1 cannot be handed out: %2").arg(c.jti, token.error().message));
        o.insert(QStringLiteral("status"), QStringLiteral("unavailable"));
        return o;
    }
    o.insert(QStringLiteral("status"), credentialStatusName(CredentialStatus::Active));
    o.insert(QStringLiteral("token"), QString::fromLatin1(*token));
    o.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
    o.insert(QStringLiteral("kid"), c.kid);
    o.insert(QStringLiteral("aud"), c.audience);
    return o;
}

} // namespace gatehouse
