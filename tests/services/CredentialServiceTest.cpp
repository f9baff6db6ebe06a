// The credential issuer: claims, TTLs, single use, every revocation path, the kill switch,
// rotation overlap, the expiry sweeper (FIELD-CASES 2, 3, 5, 8) and key-file permissions.

#include <sys/stat.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "ActionRequestRepository.h"
#include "Base64Url.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "DecisionPathBuilder.h"
#include "JwtVerifier.h"
#include "TestWorkspace.h"
#include "WriteTransaction.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

PolicyDecision allowAll(const ActionRequest&, const DecisionPath&)
{
    PolicyDecision d;
    d.outcome = PolicyOutcome::Allow;
    d.policyVersion = s("test-policy-v1");
    d.matchedRules = {s("allow-rule")};
    return d;
}

QJsonObject action(const QString& pathId, const QString& target, const QString& onBehalfOf = {})
{
    QJsonObject o{{s("path_id"), pathId},
                  {s("action_type"), s("endpoint.isolate")},
                  {s("target"), target},
                  {s("parameters"), QJsonObject{{s("ticket"), s("INC-4411")}}},
                  {s("confidence"), 0.93},
                  {s("risk_score"), 40},
                  {s("target_sensitivity"), s("internal")},
                  {s("environment"), s("production")},
                  {s("reversible"), true},
                  {s("rollback_plan"), s("release isolation")}};
    if (!onBehalfOf.isEmpty())
        o.insert(s("on_behalf_of"), onBehalfOf);
    return o;
}

QJsonObject claimsOf(const QByteArray& token)
{
    return QJsonDocument::fromJson(*Base64Url::decode(token.split('.').at(1))).object();
}

QJsonObject headerOf(const QByteArray& token)
{
    return QJsonDocument::fromJson(*Base64Url::decode(token.split('.').at(0))).object();
}

} // namespace

class CredentialServiceTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void issuanceClaims();
    void ttlByTier_data();
    void ttlByTier();
    void ttlFromSourceAndReviewWindow();
    void lifetimeCountsFromMinting();
    void ttlFromThePolicyInForce();
    void issueRefusals();
    void singleUseWhenTheResultIsReported();
    void revokeOneCredential();
    void revokingNeverEditsTheRequest();
    void suspendingAPathRevokesItsCredentials();
    void revokeEverythingUnderAKey();
    void rotationKeepsOldKeyUntilItsLastTokenExpires();
    void sweeperRecordsEachExpiryExactlyOnce();
    void looseKeyFileIsRefused();

private:
    Application& app() { return m_ws->app(); }
    void addPath(const QString& id, SeverityTier tier, const QString& owner = s("admin"));
    /// Submits through IntakeService (allowed by allowAll); returns the request id.
    QString submitAllowed(const QString& pathId, const QString& target = s("edr:host/ws-1"),
                          const QString& onBehalfOf = {});
    /// A request approved by the review workflow, minted as the workflow will: in its transaction.
    QString approve(const QString& pathId, qint64 reviewWindow, const QStringList& approvers,
                    const QDateTime& receivedAt);
    QByteArray tokenFor(const QString& requestId);
    int eventsOfType(const QString& type);
    JwtVerifier verifierFromJwks(const QString& audience);

    std::unique_ptr<TestWorkspace> m_ws;
};

void CredentialServiceTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    m_ws->clock().set(QDateTime(QDate(2026, 3, 10), QTime(9, 0, 0, 250), Qt::UTC));
    app().intake().setDecider(allowAll);
    app().intake().setLimits({1000, 1000});
    addPath(s("soc-isolate"), SeverityTier::T2);
}

void CredentialServiceTest::cleanup()
{
    m_ws.reset();
}

void CredentialServiceTest::addPath(const QString& id, SeverityTier tier, const QString& owner)
{
    auto created =
        app().catalogue().create(m_ws->admin(), DecisionPathBuilder(id).tier(tier).owner(owner).build());
    QVERIFY2(created.has_value(), created ? "" : qPrintable(created.error().message));
    auto active = app().catalogue().activate(m_ws->admin(), id);
    QVERIFY2(active.has_value(), active ? "" : qPrintable(active.error().message));
}

QString CredentialServiceTest::submitAllowed(const QString& pathId, const QString& target,
                                             const QString& onBehalfOf)
{
    const IntakeCaller caller{s("spiffe://corp.example/agents/") + pathId, s("127.0.0.1")};
    const IntakeReply r = app().intake().submit(
        caller, QJsonDocument(action(pathId, target, onBehalfOf)).toJson(QJsonDocument::Compact));
    if (r.status != 201)
        qFatal("submit: %d %s", r.status, QJsonDocument(r.body).toJson().constData());
    return r.body.value(s("request_id")).toString();
}

QString CredentialServiceTest::approve(const QString& pathId, qint64 reviewWindow,
                                       const QStringList& approvers, const QDateTime& receivedAt)
{
    ActionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.pathId = pathId;
    r.workloadId = s("spiffe://corp.example/agents/") + pathId;
    r.actionType = s("endpoint.isolate");
    r.target = s("edr:host/ws-9");
    r.targetKind = s("edr:host");
    r.body = action(pathId, r.target);
    r.bodySha256 = QString::fromLatin1(CryptoPrimitives::sha256(CanonicalJson::serialize(r.body)).toHex());
    r.outcome = PolicyOutcome::Review;
    r.decision = QJsonObject{{s("outcome"), s("review")},
                             {s("review"), QJsonObject{{s("approvals"), approvers.size()},
                                                       {s("roles"), QJsonArray{s("analyst")}},
                                                       {s("ttl_seconds"), reviewWindow}}}};
    r.policyVersion = s("test-policy-v1");
    r.receivedAt = receivedAt;
    r.decidedAt = receivedAt;
    r.reviewExpiresAt = receivedAt.addSecs(reviewWindow);
    r.status = ActionStatus::Approved;
    WriteTransaction tx(app().database().connection());
    if (!tx.begun())
        qFatal("no transaction");
    if (!ActionRequestRepository(app().database().connection()).insert(r))
        qFatal("insert failed");
    auto issued = app().credentials().issueFor(r, approvers);
    if (!issued)
        qFatal("issueFor: %s", qPrintable(issued.error().message));
    if (!tx.commit())
        qFatal("commit failed");
    return r.id;
}

QByteArray CredentialServiceTest::tokenFor(const QString& requestId)
{
    auto c = app().credentials().forRequest(requestId);
    if (!c || !c->has_value())
        return {};
    auto t = app().credentials().tokenOf(**c);
    return t ? *t : QByteArray();
}

int CredentialServiceTest::eventsOfType(const QString& type)
{
    int n = 0;
    const auto all = *app().ledger().events({});
    for (const AuditEvent& e : all)
        n += e.type == type ? 1 : 0;
    return n;
}

JwtVerifier CredentialServiceTest::verifierFromJwks(const QString& audience)
{
    JwtVerifierOptions o;
    o.issuer = app().credentials().issuer();
    o.audience = audience;
    return *JwtVerifier::create(*JwtVerifier::keysFromJwks(*app().credentials().jwks()), o);
}

void CredentialServiceTest::issuanceClaims()
{
    const QString id = submitAllowed(s("soc-isolate"), s("edr:host/ws-0421"), s("jdoe@corp.example"));
    const auto record = **ActionRequestRepository(app().database().connection()).find(id);
    const auto stored = **app().credentials().forRequest(id);

    const IntakeReply got = app().intake().status({s("spiffe://corp.example/agents/soc-isolate"), {}}, id);
    QCOMPARE(got.status, 200);
    const QJsonObject member = got.body.value(s("credential")).toObject();
    QCOMPARE(member.value(s("status")).toString(), s("active"));
    QCOMPARE(member.value(s("token_type")).toString(), s("Bearer"));
    const QByteArray token = member.value(s("token")).toString().toLatin1();
    QCOMPARE(token.count('.'), 2);
    QCOMPARE(tokenFor(id), token); // re-signing yields the very token (deterministic Ed25519)

    // kid = RFC 7638 thumbprint of the key in the JWKS, computed here independently.
    const QJsonObject jwk = app().credentials().jwks()->value(s("keys")).toArray().first().toObject();
    const QByteArray thumbprintInput =
        R"({"crv":"Ed25519","kty":"OKP","x":")" + jwk.value(s("x")).toString().toLatin1() + R"("})";
    const QString expectedKid =
        QString::fromLatin1(Base64Url::encode(CryptoPrimitives::sha256(thumbprintInput)));
    const QJsonObject header = headerOf(token);
    QCOMPARE(header, (QJsonObject{{s("alg"), s("EdDSA")}, {s("kid"), expectedKid}, {s("typ"), s("JWT")}}));
    QCOMPARE(jwk.value(s("kid")).toString(), expectedKid);
    QCOMPARE(jwk.value(s("kty")).toString(), s("OKP"));
    QCOMPARE(jwk.value(s("crv")).toString(), s("Ed25519"));
    QVERIFY(!jwk.contains(s("d")));

    const QJsonObject c = claimsOf(token);
    const qint64 mint = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC).toSecsSinceEpoch();
    QCOMPARE(c.value(s("iss")).toString(), s("urn:gatehouse:credentials"));
    QCOMPARE(c.value(s("sub")).toString(), s("spiffe://corp.example/agents/soc-isolate"));
    QCOMPARE(c.value(s("aud")).toString(), s("edr"));
    QCOMPARE(c.value(s("jti")).toString(), stored.jti);
    QCOMPARE(c.value(s("iat")).toInteger(), mint); // 09:00:00.250 -> 09:00:00: iat <= mint time
    QCOMPARE(c.value(s("nbf")).toInteger(), mint);
    QCOMPARE(c.value(s("exp")).toInteger(), mint + 300); // T2: 5 minutes, exp - iat = TTL exactly
    QCOMPARE(c.value(s("action_type")).toString(), s("endpoint.isolate"));
    QCOMPARE(c.value(s("target")).toString(), s("edr:host/ws-0421"));
    QCOMPARE(c.value(s("request_id")).toString(), id);
    QCOMPARE(c.value(s("path_id")).toString(), s("soc-isolate"));
    QCOMPARE(c.value(s("tier")).toString(), s("T2"));
    const QString bodySha = QString::fromLatin1(
        CryptoPrimitives::sha256(
            CanonicalJson::serialize(action(s("soc-isolate"), s("edr:host/ws-0421"), s("jdoe@corp.example"))))
            .toHex());
    QCOMPARE(c.value(s("payload_sha256")).toString(), bodySha);
    QCOMPARE(record.bodySha256, bodySha);
    QCOMPARE(c.value(s("policy_version")).toString(), s("test-policy-v1"));
    QCOMPARE(c.value(s("approvers")).toArray(), QJsonArray());
    QCOMPARE(c.value(s("act")).toObject(), (QJsonObject{{s("sub"), s("jdoe@corp.example")}}));
    QCOMPARE(c.size(), 16);

    QCOMPARE(stored.status, CredentialStatus::Active);
    QCOMPARE(stored.ttlSeconds, 300);
    QCOMPARE(stored.expiresAt, QDateTime(QDate(2026, 3, 10), QTime(9, 5), Qt::UTC));

    // Ledger: key created, then request, decision, credential; no token, no key bytes.
    const auto events = *app().ledger().events({});
    QCOMPARE(events.last().type, s("credential.issued"));
    QCOMPARE(events.last().correlationId, id);
    QCOMPARE(events.last().subject, s("credential:") + stored.jti);
    QCOMPARE(events.at(events.size() - 2).type, s("signing_key.created")); // the first mint makes the key
    QCOMPARE(events.at(events.size() - 3).type, s("action.decided"));
    QCOMPARE(eventsOfType(s("signing_key.created")), 1);
    for (const AuditEvent& e : events) {
        const QByteArray text = QJsonDocument(e.payload).toJson(QJsonDocument::Compact);
        QVERIFY(!text.contains(token.split('.').at(2)));
        QVERIFY(!text.contains("PRIVATE KEY"));
    }
    QVERIFY(verifierFromJwks(s("edr")).verify(token, m_ws->clock().now()).has_value());

    // The key file: 0600 in keys/.
    struct stat st
    {};
    QCOMPARE(::stat(QFile::encodeName(app().credentials().keyStore().keyFile(expectedKid)).constData(), &st),
             0);
    QCOMPARE(st.st_mode & 0777, 0600u);
}

void CredentialServiceTest::ttlByTier_data()
{
    QTest::addColumn<int>("tier");
    QTest::addColumn<qint64>("ttl");
    QTest::newRow("T0") << 0 << qint64(900);
    QTest::newRow("T1") << 1 << qint64(900);
    QTest::newRow("T2") << 2 << qint64(300);
    QTest::newRow("T3") << 3 << qint64(120);
}

void CredentialServiceTest::ttlByTier()
{
    QFETCH(int, tier);
    QFETCH(qint64, ttl);
    addPath(s("tiered"), SeverityTier(tier));
    const QString id = submitAllowed(s("tiered"));
    const QJsonObject c = claimsOf(tokenFor(id));
    QCOMPARE(c.value(s("exp")).toInteger() - c.value(s("iat")).toInteger(), ttl);
    QCOMPARE(c.value(s("tier")).toString(), severityTierCode(SeverityTier(tier)));
}

void CredentialServiceTest::ttlFromSourceAndReviewWindow()
{
    app().credentials().setTtlSource([](SeverityTier t) -> std::optional<qint64> {
        return t == SeverityTier::T2 ? std::optional<qint64>(600) : std::nullopt;
    });
    const QString allowed = submitAllowed(s("soc-isolate"));
    QCOMPARE(app().credentials().forRequest(allowed)->value().ttlSeconds, 600);
    // Never longer than the approval window.
    const QString approved = approve(s("soc-isolate"), 240, {s("ann")}, m_ws->clock().now());
    QCOMPARE(app().credentials().forRequest(approved)->value().ttlSeconds, 240);
    const QJsonObject c = claimsOf(tokenFor(approved));
    QCOMPARE(c.value(s("exp")).toInteger() - c.value(s("iat")).toInteger(), 240);
}

void CredentialServiceTest::ttlFromThePolicyInForce()
{
    // The composition root wires PolicyService in: settings.credential_ttl_seconds decides.
    QJsonObject policy = QJsonDocument::fromJson(PolicyService::defaultPolicyJson()).object();
    QJsonObject settings = policy.value(s("settings")).toObject();
    settings.insert(s("credential_ttl_seconds"), QJsonObject{{s("T2"), 420}});
    policy.insert(s("settings"), settings);
    policy.insert(s("version"), s("ttl-test"));
    auto published = app().policy().publish(m_ws->admin(), QJsonDocument(policy).toJson());
    QVERIFY2(published.has_value(), published ? "" : qPrintable(published.error().message));
    QCOMPARE(app().policy().credentialTtlSeconds(SeverityTier::T2), std::optional<qint64>(420));
    QCOMPARE(app().policy().credentialTtlSeconds(SeverityTier::T3), std::nullopt);
    const QString t2 = approve(s("soc-isolate"), 3600, {s("ann")}, m_ws->clock().now());
    QCOMPARE(app().credentials().forRequest(t2)->value().ttlSeconds, 420);
    addPath(s("crit"), SeverityTier::T3);
    const QString t3 = approve(s("crit"), 3600, {s("ann"), s("bob")}, m_ws->clock().now());
    QCOMPARE(app().credentials().forRequest(t3)->value().ttlSeconds, 120); // not named: default

    // Out of range is a validation error naming the field.
    settings.insert(s("credential_ttl_seconds"), QJsonObject{{s("T1"), 7200}});
    policy.insert(s("settings"), settings);
    auto refused = app().policy().publish(m_ws->admin(), QJsonDocument(policy).toJson());
    QVERIFY(!refused.has_value());
    QVERIFY2(refused.error().message.contains(s("credential_ttl_seconds.T1")),
             qPrintable(refused.error().message));
}

void CredentialServiceTest::lifetimeCountsFromMinting()
{
    // FIELD-CASES 3: created 09:00 with a 7-day review window, approved 10:00, TTL 10 min:
    // valid 10:00-10:10.
    app().credentials().setTtlSource([](SeverityTier) { return std::optional<qint64>(600); });
    const QDateTime created = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC);
    m_ws->clock().set(QDateTime(QDate(2026, 3, 10), QTime(10, 0), Qt::UTC));
    const QString id = approve(s("soc-isolate"), 7 * 24 * 3600, {s("ann"), s("bob")}, created);
    const Credential c = **app().credentials().forRequest(id);
    QCOMPARE(c.issuedAt, QDateTime(QDate(2026, 3, 10), QTime(10, 0), Qt::UTC));
    QCOMPARE(c.notBefore, c.issuedAt);
    QCOMPARE(c.expiresAt, QDateTime(QDate(2026, 3, 10), QTime(10, 10), Qt::UTC));
    const QJsonObject claims = claimsOf(tokenFor(id));
    QCOMPARE(claims.value(s("approvers")).toArray(), (QJsonArray{s("ann"), s("bob")}));
    QVERIFY(!claims.contains(s("act")));
}

void CredentialServiceTest::issueRefusals()
{
    const QString id = submitAllowed(s("soc-isolate"));
    auto record = **ActionRequestRepository(app().database().connection()).find(id);
    {
        WriteTransaction tx(app().database().connection());
        auto again = app().credentials().issueFor(record, {});
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        record.status = ActionStatus::PendingReview;
        auto pending = app().credentials().issueFor(record, {});
        QVERIFY(!pending.has_value());
        QCOMPARE(pending.error().code, ErrorCode::Conflict);
    }
    // A suspended path gets no credential even for an approved request.
    QVERIFY(app().catalogue().suspend(m_ws->admin(), s("soc-isolate"), s("incident")).has_value());
    record.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    record.status = ActionStatus::Approved;
    record.idempotencyKey.clear();
    WriteTransaction tx(app().database().connection());
    QVERIFY(ActionRequestRepository(app().database().connection()).insert(record).has_value());
    auto suspended = app().credentials().issueFor(record, {s("ann")});
    QVERIFY(!suspended.has_value());
    QCOMPARE(suspended.error().code, ErrorCode::Conflict);
    QVERIFY(suspended.error().message.contains(s("suspended")));
}

void CredentialServiceTest::singleUseWhenTheResultIsReported()
{
    const QString id = submitAllowed(s("soc-isolate"));
    const IntakeCaller agent{s("spiffe://corp.example/agents/soc-isolate"), {}};
    const IntakeReply r =
        app().intake().reportResult(agent, id, R"({"outcome":"executed","rollback_handle":"edr-release:1"})");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(s("credential")).toObject().value(s("status")).toString(), s("used"));
    QVERIFY(!r.body.value(s("credential")).toObject().contains(s("token")));
    const Credential c = **app().credentials().forRequest(id);
    QCOMPARE(c.status, CredentialStatus::Used);
    QCOMPARE(c.statusActor, s("workload:spiffe://corp.example/agents/soc-isolate"));
    QCOMPARE(eventsOfType(s("credential.used")), 1);
    const auto events = *app().ledger().events({});
    QCOMPARE(events.at(events.size() - 2).type, s("action.executed"));
    QCOMPARE(events.last().type, s("credential.used"));
    QVERIFY(!app().credentials().tokenOf(c).has_value());
    // Used is final: revoking now is a conflict, and a second use changes nothing.
    QCOMPARE(app().credentials().revoke(m_ws->admin(), c.jti, s("late")).error().code, ErrorCode::Conflict);
    WriteTransaction tx(app().database().connection());
    QCOMPARE(*app().credentials().markUsed(id, s("system")), false);
}

void CredentialServiceTest::revokeOneCredential()
{
    const QString id = submitAllowed(s("soc-isolate"));
    const QString jti = app().credentials().forRequest(id)->value().jti;
    const OperatorSession manager = m_ws->addOperator(s("mona"), OperatorRole::Manager);
    const OperatorSession otherOwner = m_ws->addOperator(s("oscar"), OperatorRole::Owner);
    const OperatorSession analyst = m_ws->addOperator(s("ann"), OperatorRole::Analyst);

    QCOMPARE(app().credentials().revoke(manager, jti, s("why not")).error().code,
             ErrorCode::PermissionDenied);
    QCOMPARE(app().credentials().revoke(otherOwner, jti, s("not mine")).error().code,
             ErrorCode::PermissionDenied);
    QCOMPARE(app().credentials().revoke(analyst, jti, s("  ")).error().code, ErrorCode::InvalidInput);
    QCOMPARE(app().credentials().revoke(analyst, s("no-such-jti"), s("x")).error().code, ErrorCode::NotFound);
    QCOMPARE(eventsOfType(s("credential.revoked")), 0);

    auto revoked = app().credentials().revoke(analyst, jti, s("agent looked compromised"));
    QVERIFY2(revoked.has_value(), revoked ? "" : qPrintable(revoked.error().message));
    QCOMPARE(revoked->status, CredentialStatus::Revoked);
    QCOMPARE(revoked->revokeReason, s("agent looked compromised"));
    QCOMPARE(revoked->statusActor, s("operator:ann"));
    const AuditEvent last = app().ledger().events({})->last();
    QCOMPARE(last.type, s("credential.revoked"));
    QCOMPARE(last.actor, s("operator:ann"));
    QCOMPARE(last.correlationId, id);
    QCOMPARE(last.payload.value(s("scope")).toString(), s("credential"));
    QCOMPARE(last.payload.value(s("reason")).toString(), s("agent looked compromised"));
    QVERIFY(tokenFor(id).isEmpty());
    QCOMPARE(app().credentials().revoke(analyst, jti, s("again")).error().code, ErrorCode::Conflict);

    // revokeForRequest (review workflow: completed / rejected / expired), in a transaction.
    const QString second = submitAllowed(s("soc-isolate"));
    {
        WriteTransaction tx(app().database().connection());
        QCOMPARE(*app().credentials().revokeForRequest(second, s("request expired"), s("system")), 1);
        QCOMPARE(*app().credentials().revokeForRequest(second, s("request expired"), s("system")), 0);
        QVERIFY(tx.commit().has_value());
    }
    QCOMPARE(app().credentials().forRequest(second)->value().status, CredentialStatus::Revoked);
    QCOMPARE(eventsOfType(s("credential.revoked")), 2);
}

void CredentialServiceTest::revokingNeverEditsTheRequest()
{
    // FIELD-CASES 2: revocation is its own record; the approval stays as it was.
    const QString id = approve(s("soc-isolate"), 3600, {s("bob")}, m_ws->clock().now());
    const ActionRecord before = **ActionRequestRepository(app().database().connection()).find(id);
    m_ws->clock().advanceSeconds(5);
    const QString jti = app().credentials().forRequest(id)->value().jti;
    QVERIFY(app().credentials().revoke(m_ws->admin(), jti, s("change freeze")).has_value());
    const ActionRecord after = **ActionRequestRepository(app().database().connection()).find(id);
    QCOMPARE(after.status, ActionStatus::Approved);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.decision, before.decision);
    QCOMPARE(after.decidedAt, before.decidedAt);
    QVERIFY(after.result.isEmpty());
}

void CredentialServiceTest::suspendingAPathRevokesItsCredentials()
{
    addPath(s("soc-other"), SeverityTier::T1);
    const QString a1 = submitAllowed(s("soc-isolate"), s("edr:host/a1"));
    const QString a2 = submitAllowed(s("soc-isolate"), s("edr:host/a2"));
    const QString b1 = submitAllowed(s("soc-other"), s("edr:host/b1"));
    const qint64 before = *app().ledger().count();

    auto suspended = app().catalogue().suspend(m_ws->admin(), s("soc-isolate"), s("agent misbehaving"));
    QVERIFY2(suspended.has_value(), suspended ? "" : qPrintable(suspended.error().message));
    QCOMPARE(app().credentials().forRequest(a1)->value().status, CredentialStatus::Revoked);
    QCOMPARE(app().credentials().forRequest(a2)->value().status, CredentialStatus::Revoked);
    QCOMPARE(app().credentials().forRequest(b1)->value().status, CredentialStatus::Active);
    // One transaction: path.suspended immediately followed by the two revocations.
    const auto events = *app().ledger().events({});
    QCOMPARE(*app().ledger().count(), before + 3);
    QCOMPARE(events.at(events.size() - 3).type, s("path.suspended"));
    for (int i = 1; i <= 2; ++i) {
        const AuditEvent& e = events.at(events.size() - i);
        QCOMPARE(e.type, s("credential.revoked"));
        QCOMPARE(e.actor, s("operator:admin"));
        QCOMPARE(e.payload.value(s("scope")).toString(), s("path"));
        QVERIFY(e.payload.value(s("reason")).toString().contains(s("agent misbehaving")));
    }
    QVERIFY(tokenFor(a1).isEmpty());
    QVERIFY(!tokenFor(b1).isEmpty());
    // Retiring the other path kills its credential too.
    QVERIFY(app().catalogue().retire(m_ws->admin(), s("soc-other"), s("decommissioned")).has_value());
    QCOMPARE(app().credentials().forRequest(b1)->value().status, CredentialStatus::Revoked);
}

void CredentialServiceTest::revokeEverythingUnderAKey()
{
    const QString old1 = submitAllowed(s("soc-isolate"), s("edr:host/o1"));
    const QString old2 = submitAllowed(s("soc-isolate"), s("edr:host/o2"));
    const QString oldKid = app().credentials().forRequest(old1)->value().kid;
    auto rotated = app().credentials().rotateKey(m_ws->admin());
    QVERIFY(rotated.has_value());
    const QString fresh = submitAllowed(s("soc-isolate"), s("edr:host/n1"));
    QCOMPARE(app().credentials().forRequest(fresh)->value().kid, rotated->kid);

    const OperatorSession analyst = m_ws->addOperator(s("ann"), OperatorRole::Analyst);
    QCOMPARE(app().credentials().revokeKey(analyst, oldKid, s("leak")).error().code,
             ErrorCode::PermissionDenied);
    auto n = app().credentials().revokeKey(m_ws->admin(), oldKid, s("key file leaked in a backup"));
    QVERIFY2(n.has_value(), n ? "" : qPrintable(n.error().message));
    QCOMPARE(*n, 2);
    QCOMPARE(app().credentials().forRequest(old1)->value().status, CredentialStatus::Revoked);
    QCOMPARE(app().credentials().forRequest(old2)->value().status, CredentialStatus::Revoked);
    QCOMPARE(app().credentials().forRequest(fresh)->value().status, CredentialStatus::Active);
    const QJsonArray keys = app().credentials().jwks()->value(s("keys")).toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.first().toObject().value(s("kid")).toString(), rotated->kid);
    QVERIFY(!QFile::exists(app().credentials().keyStore().keyFile(oldKid)));
    QCOMPARE(eventsOfType(s("signing_key.revoked")), 1);
    QCOMPARE(app().ledger().events({})->last().payload.value(s("credentials_revoked")).toInt(), 2);

    // Revoking the active key: the next allow mints under a brand-new key.
    QCOMPARE(*app().credentials().revokeKey(m_ws->admin(), rotated->kid, s("rotate everything")), 1);
    const QString after = submitAllowed(s("soc-isolate"), s("edr:host/n2"));
    const QString newest = app().credentials().forRequest(after)->value().kid;
    QVERIFY(newest != oldKid && newest != rotated->kid);
    QCOMPARE(app().credentials().revokeKey(m_ws->admin(), s("unknown-kid"), s("x")).error().code,
             ErrorCode::NotFound);
}

void CredentialServiceTest::rotationKeepsOldKeyUntilItsLastTokenExpires()
{
    addPath(s("crit"), SeverityTier::T3); // 120 s credentials
    const QString id = submitAllowed(s("crit"));
    const QByteArray oldToken = tokenFor(id);
    const QString oldKid = app().credentials().forRequest(id)->value().kid;
    m_ws->clock().advanceSeconds(30);
    auto rotated = app().credentials().rotateKey(m_ws->admin());
    QVERIFY(rotated.has_value());
    QVERIFY(rotated->kid != oldKid);
    QCOMPARE(app().credentials().rotateKey(m_ws->addOperator(s("oz"), OperatorRole::Owner)).error().code,
             ErrorCode::PermissionDenied);

    auto kids = [this] {
        QStringList out;
        const QJsonArray keys = app().credentials().jwks()->value(s("keys")).toArray();
        for (const QJsonValue& k : keys)
            out << k.toObject().value(s("kid")).toString();
        out.sort();
        return out;
    };
    QStringList both{oldKid, rotated->kid};
    both.sort();
    QCOMPARE(kids(), both);
    // The old token still verifies against the JWKS and is still handed out (re-signed by the old key).
    QVERIFY(verifierFromJwks(s("edr")).verify(oldToken, m_ws->clock().now()).has_value());
    QCOMPARE(tokenFor(id), oldToken);
    QCOMPARE(app().credentials().sweep()->keysWithdrawn, 0);
    QVERIFY(QFile::exists(app().credentials().keyStore().keyFile(oldKid)));

    m_ws->clock().advanceSeconds(89); // 119 s after minting: still live
    QCOMPARE(kids(), both);
    m_ws->clock().advanceSeconds(1); // exp reached: gone from the JWKS at once
    QCOMPARE(kids(), QStringList{rotated->kid});
    auto swept = app().credentials().sweep();
    QCOMPARE(swept->expired, 1);
    QCOMPARE(swept->keysWithdrawn, 1);
    QVERIFY(!QFile::exists(app().credentials().keyStore().keyFile(oldKid)));
    QCOMPARE(eventsOfType(s("signing_key.withdrawn")), 1);
    QCOMPARE(app().credentials().sweep()->keysWithdrawn, 0);
    QCOMPARE(eventsOfType(s("signing_key.withdrawn")), 1);
    // New credentials are signed by the new key.
    const QString next = submitAllowed(s("crit"), s("edr:host/next"));
    QCOMPARE(headerOf(tokenFor(next)).value(s("kid")).toString(), rotated->kid);
}

void CredentialServiceTest::sweeperRecordsEachExpiryExactlyOnce()
{
    // FIELD-CASES 8: a 60 s credential expires untouched; several sweeper cycles follow.
    app().credentials().setTtlSource([](SeverityTier) { return std::optional<qint64>(60); });
    const QString lapsed = submitAllowed(s("soc-isolate"), s("edr:host/lapsed"));
    const QString used = submitAllowed(s("soc-isolate"), s("edr:host/used"));
    const QString revoked = submitAllowed(s("soc-isolate"), s("edr:host/revoked"));
    QCOMPARE(app()
                 .intake()
                 .reportResult({s("spiffe://corp.example/agents/soc-isolate"), {}}, used,
                               R"({"outcome":"failed"})")
                 .status,
             200);
    QVERIFY(app()
                .credentials()
                .revoke(m_ws->admin(), app().credentials().forRequest(revoked)->value().jti, s("test"))
                .has_value());

    m_ws->clock().advanceSeconds(59);
    QCOMPARE(app().credentials().sweep()->expired, 0);
    QCOMPARE(eventsOfType(s("credential.expired")), 0);
    for (int cycle = 0; cycle < 40; ++cycle) { // 10 minutes at a 15 s interval
        m_ws->clock().advanceSeconds(15);
        QVERIFY(app().credentials().sweep().has_value());
    }
    QCOMPARE(eventsOfType(s("credential.expired")), 1);
    const auto events = *app().ledger().events({});
    const auto expired = std::find_if(events.cbegin(), events.cend(),
                                      [](const AuditEvent& e) { return e.type == s("credential.expired"); });
    QCOMPARE(expired->correlationId, lapsed);
    // Within one sweeper interval of the deadline (exp 09:01:00, first sweep after it at 09:01:14).
    const QDateTime deadline = app().credentials().forRequest(lapsed)->value().expiresAt;
    QVERIFY(expired->timestamp >= deadline);
    QVERIFY(expired->timestamp <= deadline.addSecs(15));
    QCOMPARE(app().credentials().forRequest(lapsed)->value().status, CredentialStatus::Expired);
    QCOMPARE(app().credentials().forRequest(used)->value().status, CredentialStatus::Used);
    QCOMPARE(app().credentials().forRequest(revoked)->value().status, CredentialStatus::Revoked);
    QVERIFY(app().ledger().verify()->intact());
}

void CredentialServiceTest::looseKeyFileIsRefused()
{
    const QString first = submitAllowed(s("soc-isolate"));
    const QString kid = app().credentials().forRequest(first)->value().kid;
    const QString file = app().credentials().keyStore().keyFile(kid);
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                            QFile::ReadOther));

    // Signing refuses: no allowed request is stored without its credential (fail closed).
    const qint64 rows = *ActionRequestRepository(app().database().connection()).count();
    const IntakeReply r = app().intake().submit(
        {s("spiffe://corp.example/agents/soc-isolate"), {}},
        QJsonDocument(action(s("soc-isolate"), s("edr:host/x"))).toJson(QJsonDocument::Compact));
    QCOMPARE(r.status, 503);
    QCOMPARE(r.body.value(s("error")).toObject().value(s("code")).toString(), s("credential_unavailable"));
    QCOMPARE(*ActionRequestRepository(app().database().connection()).count(), rows);
    auto token = app().credentials().tokenOf(**app().credentials().forRequest(first));
    QVERIFY(!token.has_value());
    QVERIFY(token.error().message.contains(file));
    QVERIFY(token.error().message.contains(s("0644")));

    // Start-up refuses, naming the file and the mode.
    m_ws->close();
    QVERIFY(!m_ws->reopen());
    QVERIFY2(m_ws->openError().contains(file), qPrintable(m_ws->openError()));
    QVERIFY(m_ws->openError().contains(s("0644")));
    QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(m_ws->reopen());
    app().intake().setDecider(allowAll);
    QVERIFY(!tokenFor(first).isEmpty());
}

QTEST_GUILESS_MAIN(CredentialServiceTest)
#include "CredentialServiceTest.moc"
