// The credential endpoints over the real mutual-TLS gateway: the credential in
// GET /v1/actions/{id}, GET /.well-known/jwks.json, POST /v1/introspect (RFC 7662) in every
// state, single use on the result report, the kill switch, and hostile introspection input.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "Base64Url.h"
#include "DecisionPathBuilder.h"
#include "IntakeTestClient.h"
#include "JwtVerifier.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

PolicyDecision scripted(const ActionRequest& request, const DecisionPath&)
{
    PolicyDecision d;
    d.policyVersion = s("test-policy");
    if (request.target.contains(s("/allow-"))) {
        d.outcome = PolicyOutcome::Allow;
    } else {
        d.outcome = PolicyOutcome::Review;
        d.review = ReviewRequirement{1, {s("analyst")}, 600};
    }
    return d;
}

QJsonObject action(const QString& target)
{
    return QJsonObject{{s("path_id"), s("soc-isolate")},
                       {s("action_type"), s("endpoint.isolate")},
                       {s("target"), target},
                       {s("confidence"), 0.93},
                       {s("risk_score"), 40},
                       {s("target_sensitivity"), s("internal")},
                       {s("environment"), s("production")},
                       {s("reversible"), true},
                       {s("rollback_plan"), s("release isolation")}};
}

QByteArray formRequest(const QByteArray& body,
                       const QByteArray& contentType = "application/x-www-form-urlencoded")
{
    return "POST /v1/introspect HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: " +
           contentType + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class CredentialGatewayTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void endToEndLikeADownstreamSystem();
    void noCredentialBeforeTheDecisionAllows();
    void jwksNeedsNoCertificate();
    void introspectionStates();
    void forgedTokensAreInactiveAndAudited_data();
    void forgedTokensAreInactiveAndAudited();
    void hostileIntrospection_data();
    void hostileIntrospection();
    void suspendingThePathKillsTheCredential();

private:
    ClientIdentity svidFor(const QString& pathId);
    IntakeTestClient client(const ClientIdentity& id) const
    {
        return IntakeTestClient(m_ws->app().gateway().port(), id);
    }
    /// Submits an allowed action as the agent and fetches its credential token.
    QByteArray allowedToken(const IntakeTestClient& agent, QString* requestId = nullptr);
    QJsonObject introspect(const IntakeTestClient& caller, const QByteArray& token);
    int eventsOfType(const QString& type);

    std::unique_ptr<TestWorkspace> m_ws;
    QByteArray m_caPem;
};

void CredentialGatewayTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    m_ws->clock().set(QDateTime::currentDateTimeUtc());
    auto& app = m_ws->app();
    PkiInitOptions pki;
    pki.trustDomain = s("corp.example");
    QVERIFY(app.pki().init(m_ws->admin(), pki).has_value());
    QFile ca(QDir(app.workspace().keysDirectory()).filePath(s("ca.pem")));
    QVERIFY(ca.open(QIODevice::ReadOnly));
    m_caPem = ca.readAll();
    for (const QString& id : {s("soc-isolate"), s("downstream-edr")}) {
        QVERIFY(app.catalogue().create(m_ws->admin(), DecisionPathBuilder(id).build()).has_value());
        QVERIFY(app.catalogue().activate(m_ws->admin(), id).has_value());
    }
    app.intake().setDecider(scripted);
    app.intake().setLimits({1000, 1000});
    QVERIFY(app.gateway().start(QHostAddress::LocalHost, 0).has_value());
}

void CredentialGatewayTest::cleanup()
{
    if (m_ws && m_ws->isValid())
        m_ws->app().gateway().stop();
    m_ws.reset();
}

ClientIdentity CredentialGatewayTest::svidFor(const QString& pathId)
{
    auto svid = m_ws->app().pki().issueSvid(m_ws->admin(), pathId, 3600);
    if (!svid)
        qFatal("cannot issue SVID: %s", qPrintable(svid.error().message));
    return ClientIdentity::fromPem(svid->certificate.certificatePem, svid->certificate.privateKeyPem,
                                   m_caPem);
}

QByteArray CredentialGatewayTest::allowedToken(const IntakeTestClient& agent, QString* requestId)
{
    static int n = 0;
    auto r = agent.postJson(s("/v1/actions"), action(s("edr:host/allow-%1").arg(++n)));
    if (r.status != 201)
        return {};
    const QString id = r.json.value(s("request_id")).toString();
    if (requestId)
        *requestId = id;
    return agent.get(s("/v1/actions/") + id)
        .json.value(s("credential"))
        .toObject()
        .value(s("token"))
        .toString()
        .toLatin1();
}

QJsonObject CredentialGatewayTest::introspect(const IntakeTestClient& caller, const QByteArray& token)
{
    const HttpExchange r = caller.raw(formRequest("token=" + token.toPercentEncoding()));
    if (r.status != 200)
        qWarning("introspect: %d %s", r.status, r.body.constData());
    return r.json;
}

int CredentialGatewayTest::eventsOfType(const QString& type)
{
    int n = 0;
    const auto all = *m_ws->app().ledger().events({});
    for (const AuditEvent& e : all)
        n += e.type == type ? 1 : 0;
    return n;
}

void CredentialGatewayTest::endToEndLikeADownstreamSystem()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const auto downstream = client(svidFor(s("downstream-edr")));
    QString id;
    const QByteArray token = allowedToken(agent, &id);
    QVERIFY(!token.isEmpty());

    // 1. JWKS over HTTPS, 2. verify signature, aud and exp locally.
    const HttpExchange jwks =
        client(ClientIdentity{QSslCertificate(), QSslKey(), QSslCertificate::fromData(m_caPem)})
            .get(s("/.well-known/jwks.json"));
    QCOMPARE(jwks.status, 200);
    JwtVerifierOptions o;
    o.issuer = s("urn:gatehouse:credentials");
    o.audience = s("edr");
    auto v = JwtVerifier::create(*JwtVerifier::keysFromJwks(jwks.json), o);
    QVERIFY(v.has_value());
    auto verified = v->verify(token, QDateTime::currentDateTimeUtc());
    QVERIFY2(verified.has_value(), verified ? "" : qPrintable(verified.error().message));
    QCOMPARE(verified->claims.value(s("request_id")).toString(), id);
    o.audience = s("okta");
    QCOMPARE(JwtVerifier::create(*JwtVerifier::keysFromJwks(jwks.json), o)
                 ->verify(token, QDateTime::currentDateTimeUtc())
                 .error()
                 .code(),
             s("wrong_audience"));

    // 3. introspection: active, with the claims.
    QJsonObject active = introspect(downstream, token);
    QCOMPARE(active.value(s("active")).toBool(), true);
    QCOMPARE(active.value(s("scope")).toString(), s("endpoint.isolate"));
    QCOMPARE(active.value(s("client_id")).toString(), s("soc-isolate"));
    QCOMPARE(active.value(s("sub")).toString(), s("spiffe://corp.example/agents/soc-isolate"));
    QCOMPARE(active.value(s("aud")).toString(), s("edr"));
    QCOMPARE(active.value(s("jti")).toString(), verified->jti);
    QCOMPARE(active.value(s("exp")).toInteger(), verified->claims.value(s("exp")).toInteger());
    QCOMPARE(active.value(s("token_type")).toString(), s("Bearer"));

    // 4. the agent reports: single use, the token is no longer active anywhere.
    auto done = agent.postJson(
        s("/v1/actions/") + id + s("/result"),
        QJsonObject{{s("outcome"), s("executed")}, {s("rollback_handle"), s("edr-release:7")}});
    QCOMPARE(done.status, 200);
    QCOMPARE(done.json.value(s("credential")).toObject().value(s("status")).toString(), s("used"));
    QCOMPARE(introspect(downstream, token), (QJsonObject{{s("active"), false}}));
    const QJsonObject after = agent.get(s("/v1/actions/") + id).json.value(s("credential")).toObject();
    QCOMPARE(after.value(s("status")).toString(), s("used"));
    QVERIFY(!after.contains(s("token")));
    const AuditEvent last = m_ws->app().ledger().events({})->last();
    QCOMPARE(last.type, s("credential.rejected"));
    QCOMPARE(last.payload.value(s("code")).toString(), s("credential_used"));
    QCOMPARE(last.actor, s("workload:spiffe://corp.example/agents/downstream-edr"));
}

void CredentialGatewayTest::noCredentialBeforeTheDecisionAllows()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    auto r = agent.postJson(s("/v1/actions"), action(s("edr:host/review-1")));
    QCOMPARE(r.status, 202);
    const auto state = agent.get(s("/v1/actions/") + r.json.value(s("request_id")).toString());
    QCOMPARE(state.status, 200);
    QCOMPARE(state.json.value(s("status")).toString(), s("pending_review"));
    QVERIFY(!state.json.contains(s("credential")));
    QCOMPARE(eventsOfType(s("credential.issued")), 0);
    // Another workload never sees the credential (404 like an unknown id).
    QString id;
    QVERIFY(!allowedToken(agent, &id).isEmpty());
    QCOMPARE(client(svidFor(s("downstream-edr"))).get(s("/v1/actions/") + id).status, 404);
}

void CredentialGatewayTest::jwksNeedsNoCertificate()
{
    const auto anonymous =
        client(ClientIdentity{QSslCertificate(), QSslKey(), QSslCertificate::fromData(m_caPem)});
    auto r = anonymous.get(s("/.well-known/jwks.json"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(s("keys")).toArray().size(), 0); // no key before the first credential
    QVERIFY(!allowedToken(client(svidFor(s("soc-isolate")))).isEmpty());
    r = anonymous.get(s("/.well-known/jwks.json"));
    const QJsonArray keys = r.json.value(s("keys")).toArray();
    QCOMPARE(keys.size(), 1);
    const QJsonObject k = keys.first().toObject();
    QCOMPARE(k.value(s("kty")).toString(), s("OKP"));
    QCOMPARE(k.value(s("crv")).toString(), s("Ed25519"));
    QCOMPARE(k.value(s("alg")).toString(), s("EdDSA"));
    QCOMPARE(k.value(s("use")).toString(), s("sig"));
    QCOMPARE(Base64Url::decode(k.value(s("x")).toString().toLatin1())->size(), 32);
    QVERIFY(!k.contains(s("d")));
    QCOMPARE(anonymous.raw(IntakeTestClient::request("POST", s("/.well-known/jwks.json"), "{}")).status, 405);
    // Introspection without a certificate: 401, audited.
    const qint64 before = *m_ws->app().ledger().count();
    QCOMPARE(anonymous.raw(formRequest("token=abc")).status, 401);
    QCOMPARE(*m_ws->app().ledger().count(), before + 1);
}

void CredentialGatewayTest::introspectionStates()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const auto rp = client(svidFor(s("downstream-edr")));
    QString revokedId;
    const QByteArray revoked = allowedToken(agent, &revokedId);
    const QString jti = m_ws->app().credentials().forRequest(revokedId)->value().jti;
    QVERIFY(m_ws->app().credentials().revoke(m_ws->admin(), jti, s("suspicious")).has_value());
    QCOMPARE(introspect(rp, revoked), (QJsonObject{{s("active"), false}}));
    QCOMPARE(m_ws->app().ledger().events({})->last().payload.value(s("code")).toString(),
             s("credential_revoked"));

    // Expired: T2 credentials live 300 s.
    const QByteArray live = allowedToken(agent);
    QCOMPARE(introspect(rp, live).value(s("active")).toBool(), true);
    m_ws->clock().advanceSeconds(300);
    QCOMPARE(introspect(rp, live), (QJsonObject{{s("active"), false}}));
    QCOMPARE(m_ws->app().ledger().events({})->last().payload.value(s("code")).toString(), s("expired"));
    QCOMPARE(m_ws->app().credentials().sweep()->expired, 1);
    QCOMPARE(introspect(rp, live), (QJsonObject{{s("active"), false}}));
    QCOMPARE(m_ws->app().ledger().events({})->last().payload.value(s("code")).toString(), s("expired"));
    m_ws->clock().set(QDateTime::currentDateTimeUtc());

    // Unknown: a well-signed token whose jti was never issued cannot exist without the key;
    // a token from another issuer's key is unknown_kid.
    QCOMPARE(introspect(rp, "eyJhbGciOiJFZERTQSIsImtpZCI6Im5vcGUifQ.e30.AAAA"),
             (QJsonObject{{s("active"), false}}));
    QCOMPARE(m_ws->app().ledger().events({})->last().payload.value(s("code")).toString(), s("unknown_kid"));
    QCOMPARE(introspect(rp, "garbage"), (QJsonObject{{s("active"), false}}));
    QCOMPARE(m_ws->app().ledger().events({})->last().payload.value(s("code")).toString(),
             s("malformed_token"));
}

void CredentialGatewayTest::forgedTokensAreInactiveAndAudited_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("code");
    for (const char* a : {"none", "None", "NONE", "nOnE"})
        QTest::newRow(a) << s(a) << s("alg_none");
    QTest::newRow("HS256 with the public key") << s("HS256") << s("alg_hmac");
}

void CredentialGatewayTest::forgedTokensAreInactiveAndAudited()
{
    QFETCH(QString, alg);
    QFETCH(QString, code);
    const auto agent = client(svidFor(s("soc-isolate")));
    const QByteArray genuine = allowedToken(agent);
    const QList<QByteArray> parts = genuine.split('.');
    QJsonObject claims = QJsonDocument::fromJson(*Base64Url::decode(parts[1])).object();
    claims.insert(s("action_type"), s("iam.role.assign")); // escalate
    const QJsonObject header = QJsonDocument::fromJson(*Base64Url::decode(parts[0])).object();
    QJsonObject forgedHeader{{s("alg"), alg}, {s("typ"), s("JWT")}, {s("kid"), header.value(s("kid"))}};
    const QByteArray input = Base64Url::encode(QJsonDocument(forgedHeader).toJson(QJsonDocument::Compact)) +
                             '.' + Base64Url::encode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    QByteArray forged = input + '.';
    if (alg == s("HS256")) {
        const QJsonObject jwk =
            m_ws->app().credentials().jwks()->value(s("keys")).toArray().first().toObject();
        const QByteArray publicKey = *Base64Url::decode(jwk.value(s("x")).toString().toLatin1());
        forged +=
            Base64Url::encode(QMessageAuthenticationCode::hash(input, publicKey, QCryptographicHash::Sha256));
    }
    const auto rp = client(svidFor(s("downstream-edr")));
    const qint64 before = *m_ws->app().ledger().count();
    QCOMPARE(introspect(rp, forged), (QJsonObject{{s("active"), false}}));
    QCOMPARE(*m_ws->app().ledger().count(), before + 1);
    const AuditEvent e = m_ws->app().ledger().events({})->last();
    QCOMPARE(e.type, s("credential.rejected"));
    QCOMPARE(e.payload.value(s("code")).toString(), code);
    QVERIFY(!QJsonDocument(e.payload).toJson().contains(input.left(40))); // the token is never ledgered
    // The genuine token is untouched by the attempt.
    QCOMPARE(introspect(rp, genuine).value(s("active")).toBool(), true);
}

void CredentialGatewayTest::hostileIntrospection_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code"); // error code, or "" for {"active": false}
    QTest::newRow("json body") << formRequest(R"({"token":"x"})", "application/json") << 415
                               << s("unsupported_media_type");
    QTest::newRow("no token") << formRequest("token_type_hint=access_token") << 400 << s("bad_request");
    QTest::newRow("two tokens") << formRequest("token=a.b.c&token=d.e.f") << 400 << s("bad_request");
    QTest::newRow("empty body") << formRequest("") << 400 << s("bad_request");
    QTest::newRow("GET") << QByteArray("GET /v1/introspect HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                         << 405 << s("method_not_allowed");
    QTest::newRow("oversized token") << formRequest("token=" + QByteArray(20000, 'A') + ".e30.AAAA") << 200
                                     << s("");
    QTest::newRow("percent garbage") << formRequest("token=%ZZ%00%ff..") << 200 << s("");
    QTest::newRow("nul and newlines") << formRequest(QByteArray("token=a\0b%0A.c.d", 16)) << 200 << s("");
    QTest::newRow("body over 64 KiB")
        << formRequest("token=" + QByteArray(70000, 'A')) << 413 << s("payload_too_large");
}

void CredentialGatewayTest::hostileIntrospection()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto rp = client(svidFor(s("downstream-edr")));
    QVERIFY(!allowedToken(client(svidFor(s("soc-isolate")))).isEmpty());
    const qint64 before = *m_ws->app().ledger().count();
    const HttpExchange r = rp.raw(raw);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.status, status);
    if (code.isEmpty())
        QCOMPARE(r.json, (QJsonObject{{s("active"), false}}));
    else
        QCOMPARE(r.errorCode(), code);
    QCOMPARE(*m_ws->app().ledger().count(), before + 1); // every refusal audited, once
}

void CredentialGatewayTest::suspendingThePathKillsTheCredential()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const auto rp = client(svidFor(s("downstream-edr")));
    QString id;
    const QByteArray token = allowedToken(agent, &id);
    QCOMPARE(introspect(rp, token).value(s("active")).toBool(), true);
    QVERIFY(
        m_ws->app().catalogue().suspend(m_ws->admin(), s("soc-isolate"), s("kill switch drill")).has_value());
    QCOMPARE(introspect(rp, token), (QJsonObject{{s("active"), false}}));
    QCOMPARE(m_ws->app().ledger().events({})->last().payload.value(s("code")).toString(),
             s("credential_revoked"));
}

QTEST_GUILESS_MAIN(CredentialGatewayTest)
#include "CredentialGatewayTest.moc"
