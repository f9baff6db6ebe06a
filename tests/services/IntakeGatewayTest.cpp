// The intake gateway end to end over real TLS on loopback: a QSslServer on 127.0.0.1:0,
// clients presenting X.509-SVIDs issued by the workspace PKI (and by foreign CAs).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

#include "ActionRequestRepository.h"
#include "CertificateAuthority.h"
#include "DecisionPathBuilder.h"
#include "IntakeTestClient.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

/// Scripted policy: the target decides (".../allow-*", ".../review-*", anything else deny).
PolicyDecision scripted(const ActionRequest& request, const DecisionPath&)
{
    PolicyDecision d;
    d.policyVersion = s("test-policy");
    if (request.target.contains(s("/allow-"))) {
        d.outcome = PolicyOutcome::Allow;
        d.matchedRules = {s("allow-rule")};
    } else if (request.target.contains(s("/review-"))) {
        d.outcome = PolicyOutcome::Review;
        d.matchedRules = {s("review-rule")};
        d.triggers = {s("novel_action")};
        d.review = ReviewRequirement{1, {s("analyst")}, 600};
    } else {
        d.outcome = PolicyOutcome::Deny;
        d.matchedRules = {s("deny-rule")};
        d.reason = s("targets outside the allow list are denied");
    }
    return d;
}

QJsonObject action(const QString& pathId, const QString& target, const QString& key = {})
{
    QJsonObject o{{s("path_id"), pathId},
                  {s("action_type"), s("endpoint.isolate")},
                  {s("target"), target},
                  {s("parameters"), QJsonObject{{s("reason"), s("beaconing to known C2")}}},
                  {s("recommendation"), s("Isolate the host: EDR saw beaconing.")},
                  {s("confidence"), 0.93},
                  {s("risk_score"), 40},
                  {s("target_sensitivity"), s("internal")},
                  {s("environment"), s("production")},
                  {s("reversible"), true},
                  {s("rollback_plan"), s("release isolation")}};
    if (!key.isEmpty())
        o.insert(s("idempotency_key"), key);
    return o;
}

} // namespace

class IntakeGatewayTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void healthzNeedsNoCertificate();
    void agentCannotReviewAndLearnsTheOutcome();
    void allowedQueuedDenied();
    void statusIsReadableOnlyByTheSubmitter();
    void resultIsAcceptedOnceForAllowedRequests();
    void missingCertificateIs401();
    void foreignTrustDomainIs401();
    void rogueCaForOurTrustDomainIs401();
    void expiredCertificateIs401();
    void unknownWorkloadIs403();
    void wrongPathIdIs403();
    void suspendedPathIs403();
    void undeclaredActionIs403();
    void badFieldIs400NamingIt_data();
    void badFieldIs400NamingIt();
    void idempotencyReplayAndConflict();
    void oversizedBodyIs413BeforeItIsRead();
    void rateLimitIs429();
    void ledgerFailureIs503AndStoresNothing();
    void hostileInput_data();
    void hostileInput();
    void slowClientDoesNotBlockOthers();
    void realPolicyDecides();
    void importedBundleAuthenticatesItsTrustDomain();

private:
    ClientIdentity svidFor(const QString& pathId);
    ClientIdentity svidFromCa(const CertificateAuthority& ca, const QString& spiffeId, qint64 ttl = 3600);
    IntakeTestClient client(const ClientIdentity& id) const
    {
        return IntakeTestClient(m_ws->app().gateway().port(), id);
    }
    void addPath(const DecisionPath& path, bool activate = true);
    qint64 requestRows() { return *ActionRequestRepository(m_ws->app().database().connection()).count(); }
    qint64 ledgerEvents() { return *m_ws->app().ledger().count(); }
    QString lastEventType() { return m_ws->app().ledger().events({})->last().type; }
    /// Asserts: status, nothing stored but one intake.refused event.
    void expectRefused(const HttpExchange& r, int status, const QString& code, qint64 rowsBefore,
                       qint64 eventsBefore);

    std::unique_ptr<TestWorkspace> m_ws;
    QByteArray m_caPem;
};

void IntakeGatewayTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    // TLS validity is checked by the client against the real time: keep the fake clock there.
    m_ws->clock().set(QDateTime::currentDateTimeUtc());
    auto& app = m_ws->app();
    PkiInitOptions pki;
    pki.trustDomain = s("corp.example");
    auto st = app.pki().init(m_ws->admin(), pki);
    QVERIFY2(st.has_value(), st ? "" : qPrintable(st.error().message));
    QFile ca(QDir(app.workspace().keysDirectory()).filePath(s("ca.pem")));
    QVERIFY(ca.open(QIODevice::ReadOnly));
    m_caPem = ca.readAll();

    addPath(DecisionPathBuilder(s("soc-isolate")).build());
    addPath(DecisionPathBuilder(s("soc-other")).build());
    app.intake().setDecider(scripted);
    app.intake().setLimits({1000, 1000});
    IntakeGateway::Options options;
    options.timeouts.requestMs = 800;
    options.timeouts.idleMs = 2000;
    app.gateway().setOptions(options);
    auto started = app.gateway().start(QHostAddress::LocalHost, 0);
    QVERIFY2(started.has_value(), started ? "" : qPrintable(started.error().message));
    QVERIFY(app.gateway().port() != 0);
}

void IntakeGatewayTest::cleanup()
{
    if (m_ws && m_ws->isValid())
        m_ws->app().gateway().stop();
    m_ws.reset();
}

void IntakeGatewayTest::addPath(const DecisionPath& path, bool activate)
{
    auto& cat = m_ws->app().catalogue();
    auto created = cat.create(m_ws->admin(), path);
    QVERIFY2(created.has_value(), created ? "" : qPrintable(created.error().message));
    if (activate) {
        auto active = cat.activate(m_ws->admin(), path.id);
        QVERIFY2(active.has_value(), active ? "" : qPrintable(active.error().message));
    }
}

ClientIdentity IntakeGatewayTest::svidFor(const QString& pathId)
{
    auto svid = m_ws->app().pki().issueSvid(m_ws->admin(), pathId, 3600);
    if (!svid)
        qFatal("cannot issue SVID: %s", qPrintable(svid.error().message));
    return ClientIdentity::fromPem(svid->certificate.certificatePem, svid->certificate.privateKeyPem,
                                   m_caPem);
}

ClientIdentity IntakeGatewayTest::svidFromCa(const CertificateAuthority& ca, const QString& spiffeId,
                                             qint64 ttl)
{
    const QDateTime now = m_ws->clock().now();
    auto cert = ca.issueSvid(*SpiffeId::parseWorkload(spiffeId), now.addSecs(-60), now.addSecs(ttl));
    if (!cert)
        qFatal("cannot issue SVID: %s", qPrintable(cert.error().message));
    return ClientIdentity::fromPem(cert->certificatePem, cert->privateKeyPem, m_caPem);
}

void IntakeGatewayTest::expectRefused(const HttpExchange& r, int status, const QString& code,
                                      qint64 rowsBefore, qint64 eventsBefore)
{
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorCode(), code);
    QCOMPARE(requestRows(), rowsBefore);
    QCOMPARE(ledgerEvents(), eventsBefore + 1);
    const AuditEvent last = m_ws->app().ledger().events({})->last();
    QCOMPARE(last.type, s("intake.refused"));
    QCOMPARE(last.payload.value(s("status")).toInt(), status);
    QCOMPARE(last.payload.value(s("code")).toString(), code);
}

void IntakeGatewayTest::healthzNeedsNoCertificate()
{
    const qint64 events = ledgerEvents();
    const auto r = client(ClientIdentity::fromPem({}, {}, m_caPem)).get(s("/v1/healthz"));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(s("status")).toString(), s("ok"));
    QCOMPARE(ledgerEvents(), events);
}

void IntakeGatewayTest::allowedQueuedDenied()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const qint64 events = ledgerEvents();

    auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY2(r.status == 201, r.body.constData());
    QCOMPARE(r.json.value(s("outcome")).toString(), s("allow"));
    QCOMPARE(r.json.value(s("status")).toString(), s("allowed"));
    QCOMPARE(r.json.value(s("matched_rules")).toArray().first().toString(), s("allow-rule"));
    QCOMPARE(r.json.value(s("policy_version")).toString(), s("test-policy"));
    QVERIFY(!r.json.value(s("request_id")).toString().isEmpty());
    QVERIFY(r.json.contains(s("explanation")));

    r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/review-1")));
    QCOMPARE(r.status, 202);
    QCOMPARE(r.json.value(s("status")).toString(), s("pending_review"));
    QCOMPARE(r.json.value(s("triggers")).toArray().first().toString(), s("novel_action"));
    QVERIFY(!r.json.value(s("review_expires_at")).toString().isEmpty());

    r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/other")));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.json.value(s("outcome")).toString(), s("deny"));
    QCOMPARE(r.json.value(s("status")).toString(), s("denied"));
    QCOMPARE(r.json.value(s("reason")).toString(), s("targets outside the allow list are denied"));

    // Three rows, each with action.requested + action.decided in the ledger, the queued
    // one's review.opened, and the allowed one's credential (credential.issued, after the
    // first signing key's signing_key.created).
    QCOMPARE(requestRows(), 3);
    QCOMPARE(ledgerEvents(), events + 9);
    const auto all = *m_ws->app().ledger().events({});
    QCOMPARE(all.at(all.size() - 2).type, s("action.requested"));
    QCOMPARE(all.at(all.size() - 2).actor, s("workload:spiffe://corp.example/agents/soc-isolate"));
    QCOMPARE(all.last().type, s("action.decided"));
    QCOMPARE(all.last().payload.value(s("decision")).toString(), s("deny"));
    QCOMPARE(all.last().correlationId, r.json.value(s("request_id")).toString());

    auto stored = *ActionRequestRepository(m_ws->app().database().connection())
                       .find(r.json.value(s("request_id")).toString());
    QVERIFY(stored.has_value());
    QCOMPARE(stored->targetKind, s("edr:host"));
    QCOMPARE(stored->status, ActionStatus::Denied);
}

void IntakeGatewayTest::statusIsReadableOnlyByTheSubmitter()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/review-2")));
    QCOMPARE(r.status, 202);
    const QString id = r.json.value(s("request_id")).toString();

    r = agent.get(s("/v1/actions/") + id);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(s("status")).toString(), s("pending_review"));
    QCOMPARE(r.json.value(s("request_id")).toString(), id);

    const auto other = client(svidFor(s("soc-other")));
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    r = other.get(s("/v1/actions/") + id);
    expectRefused(r, 404, s("not_found"), rows, events);
}

void IntakeGatewayTest::agentCannotReviewAndLearnsTheOutcome()
{
    // FIELD-CASES 1 over HTTP: the agent's own approval is refused, audited, and changes nothing.
    const auto agent = client(svidFor(s("soc-isolate")));
    auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/review-7")));
    QCOMPARE(r.status, 202);
    const QString id = r.json.value(s("request_id")).toString();
    for (const char* verb : {"approve", "reject", "review"}) {
        const qint64 rows = requestRows();
        const qint64 events = ledgerEvents();
        r = agent.postJson(s("/v1/actions/") + id + QLatin1Char('/') + QLatin1String(verb),
                           QJsonObject{{s("justification"), s("I am sure")}});
        expectRefused(r, 403, s("forbidden"), rows, events);
    }
    r = agent.get(s("/v1/actions/") + id);
    QCOMPARE(r.json.value(s("status")).toString(), s("pending_review"));
    QCOMPARE(r.json.value(s("review")).toObject().value(s("approvals")).toInt(), 0);
    QCOMPARE(r.json.value(s("review")).toObject().value(s("required_approvals")).toInt(), 1);

    // An operator rejects; the agent reads the feedback.
    const OperatorSession analyst = m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    auto key =
        m_ws->app().operatorKeys().unlock(s("analyst1"), QString::fromLatin1(TestWorkspace::kPassword));
    QVERIFY(key.has_value());
    QVERIFY(m_ws->app().review().reject(analyst, id, s("host is a domain controller: page the owner"), *key));
    r = agent.get(s("/v1/actions/") + id);
    QCOMPARE(r.json.value(s("status")).toString(), s("rejected"));
    const QJsonObject feedback = r.json.value(s("review")).toObject().value(s("feedback")).toObject();
    QCOMPARE(feedback.value(s("justification")).toString(), s("host is a domain controller: page the owner"));
    QCOMPARE(feedback.value(s("reviewer")).toString(), s("analyst1"));
}

void IntakeGatewayTest::resultIsAcceptedOnceForAllowedRequests()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-9")));
    QCOMPARE(r.status, 201);
    const QString id = r.json.value(s("request_id")).toString();

    // Reversible + executed needs a rollback handle.
    r = agent.postJson(s("/v1/actions/") + id + s("/result"), QJsonObject{{s("outcome"), s("executed")}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorField(), s("rollback_handle"));

    r = agent.postJson(s("/v1/actions/") + id + s("/result"),
                       QJsonObject{{s("outcome"), s("executed")},
                                   {s("details"), s("host isolated")},
                                   {s("rollback_handle"), s("edr-release:42")}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value(s("status")).toString(), s("executed"));
    // The report consumes the single-use credential in the same transaction.
    const auto trail = *m_ws->app().ledger().events({});
    QCOMPARE(trail.at(trail.size() - 2).type, s("action.executed"));
    QCOMPARE(lastEventType(), s("credential.used"));

    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    r = agent.postJson(s("/v1/actions/") + id + s("/result"), QJsonObject{{s("outcome"), s("failed")}});
    expectRefused(r, 409, s("invalid_state"), rows, events);

    // A pending request takes no result.
    r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/review-3")));
    QCOMPARE(r.status, 202);
    r = agent.postJson(s("/v1/actions/") + r.json.value(s("request_id")).toString() + s("/result"),
                       QJsonObject{{s("outcome"), s("failed")}});
    QCOMPARE(r.status, 409);
    QCOMPARE(agent.get(s("/v1/actions/") + id).json.value(s("status")).toString(), s("executed"));
}

void IntakeGatewayTest::missingCertificateIs401()
{
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = client(ClientIdentity::fromPem({}, {}, m_caPem))
                       .postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    expectRefused(r, 401, s("unauthenticated"), rows, events);
    QCOMPARE(m_ws->app().ledger().events({})->last().actor, s("system"));
}

void IntakeGatewayTest::foreignTrustDomainIs401()
{
    auto other = CertificateAuthority::create(s("other.example"), m_ws->clock().now().addSecs(-600), 30);
    QVERIFY(other.has_value());
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = client(svidFromCa(*other, s("spiffe://other.example/agents/soc-isolate")))
                       .postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    expectRefused(r, 401, s("unauthenticated"), rows, events);
    QVERIFY(
        r.json.value(s("error")).toObject().value(s("message")).toString().contains(s("no trust bundle")));
}

void IntakeGatewayTest::rogueCaForOurTrustDomainIs401()
{
    // A second CA that claims corp.example: its SVIDs name a real path's workload but do not
    // chain to the workspace's bundle.
    auto rogue = CertificateAuthority::create(s("corp.example"), m_ws->clock().now().addSecs(-600), 30);
    QVERIFY(rogue.has_value());
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = client(svidFromCa(*rogue, s("spiffe://corp.example/agents/soc-isolate")))
                       .postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    expectRefused(r, 401, s("unauthenticated"), rows, events);
}

void IntakeGatewayTest::expiredCertificateIs401()
{
    const auto agent = client(svidFor(s("soc-isolate"))); // TTL 1 h from the fake clock's now
    QCOMPARE(agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1"))).status, 201);
    m_ws->clock().advanceSeconds(3601);
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-2")));
    expectRefused(r, 401, s("unauthenticated"), rows, events);
    QVERIFY(r.json.value(s("error")).toObject().value(s("message")).toString().contains(s("expired")));
}

void IntakeGatewayTest::unknownWorkloadIs403()
{
    auto ca = CertificateAuthority::load(m_caPem, [&] {
        QFile key(QDir(m_ws->app().workspace().keysDirectory()).filePath(s("ca.key")));
        key.open(QIODevice::ReadOnly);
        return key.readAll();
    }());
    QVERIFY(ca.has_value());
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = client(svidFromCa(*ca, s("spiffe://corp.example/agents/ghost")))
                       .postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    expectRefused(r, 403, s("unknown_workload"), rows, events);
    QCOMPARE(m_ws->app().ledger().events({})->last().actor, s("workload:spiffe://corp.example/agents/ghost"));
}

void IntakeGatewayTest::wrongPathIdIs403()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = agent.postJson(s("/v1/actions"), action(s("soc-other"), s("edr:host/allow-1")));
    expectRefused(r, 403, s("path_mismatch"), rows, events);
    QCOMPARE(r.errorField(), s("path_id"));
}

void IntakeGatewayTest::suspendedPathIs403()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    QVERIFY(
        m_ws->app().catalogue().suspend(m_ws->admin(), s("soc-isolate"), s("incident review")).has_value());
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    expectRefused(r, 403, s("path_not_active"), rows, events);
}

void IntakeGatewayTest::undeclaredActionIs403()
{
    QJsonObject body = action(s("soc-isolate"), s("edr:host/allow-1"));
    body.insert(s("action_type"), s("iam.role.assign"));
    const auto agent = client(svidFor(s("soc-isolate")));
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = agent.postJson(s("/v1/actions"), body);
    expectRefused(r, 403, s("action_not_declared"), rows, events);
    QCOMPARE(r.errorField(), s("action_type"));
}

void IntakeGatewayTest::badFieldIs400NamingIt_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("confidence > 1") << s("confidence") << QJsonValue(1.5);
    QTest::newRow("risk as text") << s("risk_score") << QJsonValue(s("high"));
    QTest::newRow("sensitivity unknown") << s("target_sensitivity") << QJsonValue(s("secret"));
    QTest::newRow("reversible missing") << s("reversible") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("unknown field") << s("colour") << QJsonValue(s("blue"));
}

void IntakeGatewayTest::badFieldIs400NamingIt()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QJsonObject body = action(s("soc-isolate"), s("edr:host/allow-1"));
    if (value.isUndefined())
        body.remove(field);
    else
        body.insert(field, value);
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = client(svidFor(s("soc-isolate"))).postJson(s("/v1/actions"), body);
    // svidFor appends pki.svid_issued before the request
    expectRefused(r, 400, s("bad_request"), rows, events + 1);
    QCOMPARE(r.errorField(), field);
}

void IntakeGatewayTest::idempotencyReplayAndConflict()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const QJsonObject body = action(s("soc-isolate"), s("edr:host/review-7"), s("key-7"));
    auto first = agent.postJson(s("/v1/actions"), body);
    QCOMPARE(first.status, 202);
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();

    // Same key, same body (members in another order, other whitespace): the original answer.
    QJsonDocument doc(body);
    QByteArray reordered = doc.toJson(QJsonDocument::Indented);
    auto again = agent.post(s("/v1/actions"), reordered);
    QCOMPARE(again.status, 202);
    QCOMPARE(again.json.value(s("request_id")).toString(), first.json.value(s("request_id")).toString());
    QCOMPARE(again.json.value(s("idempotent_replay")).toBool(), true);
    QCOMPARE(requestRows(), rows);
    QCOMPARE(ledgerEvents(), events);

    QJsonObject changed = body;
    changed.insert(s("risk_score"), 90);
    const auto conflict = agent.postJson(s("/v1/actions"), changed);
    expectRefused(conflict, 409, s("idempotency_conflict"), rows, events);
    QCOMPARE(conflict.errorField(), s("idempotency_key"));

    // Keys are per workload: another workload may use the same key.
    const auto other = client(svidFor(s("soc-other")));
    QCOMPARE(
        other.postJson(s("/v1/actions"), action(s("soc-other"), s("edr:host/review-7"), s("key-7"))).status,
        202);
}

void IntakeGatewayTest::oversizedBodyIs413BeforeItIsRead()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    // Only the head is sent: the answer must come from the Content-Length alone.
    const QByteArray head =
        "POST /v1/actions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: 65537\r\n\r\n";
    const auto r = agent.raw(head, 5000);
    expectRefused(r, 413, s("payload_too_large"), rows, events);
    QVERIFY(r.closedByServer);

    // 64 KiB exactly is read (and then judged by its content).
    QByteArray big =
        QJsonDocument(action(s("soc-isolate"), s("edr:host/allow-1"))).toJson(QJsonDocument::Compact);
    big.chop(1);
    big += ",\"recommendation2\":\"" + QByteArray(65536 - big.size() - 22, 'x') + "\"}";
    QCOMPARE(big.size(), 65536);
    const auto r2 = agent.post(s("/v1/actions"), big);
    QCOMPARE(r2.status, 400);
}

void IntakeGatewayTest::rateLimitIs429()
{
    m_ws->app().intake().setLimits({0.01, 3});
    const auto agent = client(svidFor(s("soc-isolate")));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(
            agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-%1").arg(i))).status,
            201);
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-4")));
    expectRefused(r, 429, s("rate_limited"), rows, events);
    QVERIFY(r.head.contains("Retry-After: "));
    // Another workload has its own bucket.
    QCOMPARE(client(svidFor(s("soc-other")))
                 .postJson(s("/v1/actions"), action(s("soc-other"), s("edr:host/allow-1")))
                 .status,
             201);
    // The bucket refills with time.
    m_ws->clock().advanceSeconds(200);
    QCOMPARE(agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-5"))).status, 201);
}

void IntakeGatewayTest::ledgerFailureIs503AndStoresNothing()
{
    const auto agent = client(svidFor(s("soc-isolate")));
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    // Test hook: a temporary trigger makes every ledger append fail, as a full disk would.
    QSqlQuery q(m_ws->app().database().connection());
    QVERIFY(q.exec(s("CREATE TEMP TRIGGER ledger_down BEFORE INSERT ON audit_ledger "
                     "BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END")));
    auto r = agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1")));
    QCOMPARE(r.status, 503);
    QCOMPARE(r.errorCode(), s("audit_unavailable"));
    QVERIFY(r.elapsedMs < 5000);
    // A refusal cannot be audited either: also 503, never an unaudited answer.
    r = client(ClientIdentity::fromPem({}, {}, m_caPem)).postJson(s("/v1/actions"), QJsonObject{});
    QCOMPARE(r.status, 503);
    QCOMPARE(requestRows(), rows);
    QCOMPARE(ledgerEvents(), events);

    QVERIFY(q.exec(s("DROP TRIGGER ledger_down")));
    QCOMPARE(agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1"))).status, 201);
    QCOMPARE(requestRows(), rows + 1);
    QVERIFY(m_ws->app().ledger().verify()->intact());
}

void IntakeGatewayTest::hostileInput_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    const auto post = [](const QByteArray& body) {
        return IntakeTestClient::request("POST", s("/v1/actions"), body);
    };
    QTest::newRow("malformed JSON") << post("{\"path_id\": \"soc-isolate\",") << 400 << s("bad_request");
    QTest::newRow("not an object") << post("[1,2,3]") << 400 << s("bad_request");
    QTest::newRow("deep nesting") << post(QByteArray(20000, '[') + QByteArray(20000, ']')) << 400
                                  << s("bad_request");
    QTest::newRow("deep parameters") << post("{\"path_id\":\"soc-isolate\",\"parameters\":" +
                                             QByteArray(100, '[') + QByteArray(100, ']') + "}")
                                     << 400 << s("bad_request");
    QTest::newRow("huge header") << IntakeTestClient::request("GET", s("/v1/actions"), {},
                                                              "X-Junk: " + QByteArray(20000, 'a') + "\r\n")
                                 << 431 << s("header_too_large");
    QTest::newRow("many headers") << IntakeTestClient::request("GET", s("/v1/healthz"), {},
                                                               QByteArray("X-A: 1\r\n").repeated(100))
                                  << 431 << s("header_too_large");
    QTest::newRow("chunked") << QByteArray(
                                    "POST /v1/actions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                    "Content-Type: application/json\r\n\r\n0\r\n\r\n")
                             << 501 << s("not_implemented");
    QTest::newRow("two lengths")
        << QByteArray("POST /v1/actions HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n"
                      "Content-Type: application/json\r\n\r\n{}")
        << 400 << s("bad_request");
    QTest::newRow("garbage") << QByteArray("\x16\x03\x01 hello\r\n\r\n") << 400 << s("bad_request");
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505
                                    << s("http_version_not_supported");
    QTest::newRow("unknown route") << IntakeTestClient::request("GET", s("/admin"), {}) << 404
                                   << s("not_found");
    QTest::newRow("bad id") << IntakeTestClient::request("GET", s("/v1/actions/..%2f..%2fetc"), {}) << 404
                            << s("not_found");
    QTest::newRow("wrong method") << IntakeTestClient::request("DELETE", s("/v1/actions"), {}) << 405
                                  << s("method_not_allowed");
    QTest::newRow("no content type")
        << QByteArray("POST /v1/actions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}") << 415
        << s("unsupported_media_type");
}

void IntakeGatewayTest::hostileInput()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QString, code);
    const auto agent = client(svidFor(s("soc-isolate")));
    const qint64 rows = requestRows();
    const qint64 events = ledgerEvents();
    const auto r = agent.raw(raw, 5000);
    expectRefused(r, status, code, rows, events);
    // The gateway still serves.
    QCOMPARE(agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1"))).status, 201);
}

void IntakeGatewayTest::slowClientDoesNotBlockOthers()
{
    // Applies to connections made from now on.
    IntakeGateway::Options options;
    options.timeouts.requestMs = 3000;
    m_ws->app().gateway().setOptions(options);
    const ClientIdentity id = svidFor(s("soc-isolate"));
    // A client that sends half a request head and then nothing.
    QSslSocket slow;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(id.serverCa);
    conf.setLocalCertificate(id.certificate);
    conf.setPrivateKey(id.key);
    slow.setSslConfiguration(conf);
    QSignalSpy encrypted(&slow, &QSslSocket::encrypted);
    QSignalSpy disconnected(&slow, &QSslSocket::disconnected);
    QElapsedTimer sinceStall;
    slow.connectToHostEncrypted(s("127.0.0.1"), m_ws->app().gateway().port(), s("localhost"));
    QVERIFY(encrypted.wait(5000));
    slow.write("POST /v1/actions HTTP/1.1\r\nHost: localhost\r\nContent-Le");
    QVERIFY(slow.waitForBytesWritten(1000) || slow.bytesToWrite() == 0);
    sinceStall.start();

    // Others are served meanwhile: all before the slow request's timeout, while it is still open.
    const auto agent = client(id);
    for (int i = 0; i < 3; ++i) {
        const auto r =
            agent.postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-%1").arg(i)));
        QCOMPARE(r.status, 201);
    }
    QVERIFY2(sinceStall.elapsed() < 3000, "the other requests waited for the slow client");
    QCOMPARE(slow.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(slow.bytesAvailable(), 0);

    // The slow one is answered 408 and dropped after the read timeout.
    QVERIFY(disconnected.wait(8000) || slow.state() == QAbstractSocket::UnconnectedState);
    QVERIFY(sinceStall.elapsed() >= 2500);
    const QByteArray answer = slow.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.constData());
    QCOMPARE(lastEventType(), s("intake.refused"));
}

void IntakeGatewayTest::realPolicyDecides()
{
    // The composition root's decider: PolicyService with the default policy.
    PolicyService& policy = m_ws->app().policy();
    m_ws->app().intake().setDecider(
        [&policy](const ActionRequest& r, const DecisionPath& p) { return policy.decide(r, p); });
    const auto r = client(svidFor(s("soc-isolate")))
                       .postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/web-01")));
    QVERIFY2(r.status == 201 || r.status == 202 || r.status == 403, r.body.constData());
    QCOMPARE(r.json.value(s("policy_version")).toString().size(), 64);
    QVERIFY(!r.json.value(s("request_id")).toString().isEmpty());

    // FIELD-CASES 4: an evaluator fault denies, and says so.
    policy.setFaultInjection([] { throw std::runtime_error("backend timed out"); });
    const auto broken = client(svidFor(s("soc-isolate")))
                            .postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/web-02")));
    QCOMPARE(broken.status, 403);
    QCOMPARE(broken.json.value(s("outcome")).toString(), s("deny"));
    QVERIFY2(broken.json.value(s("reason")).toString().startsWith(s("evaluator_error")),
             broken.body.constData());
    const AuditEvent decided = m_ws->app().ledger().events({})->last();
    QCOMPARE(decided.type, s("action.decided"));
    QCOMPARE(decided.payload.value(s("decision")).toString(), s("deny"));
    QCOMPARE(decided.payload.value(s("error_class")).toString(), s("evaluator_error"));
    policy.setFaultInjection({});
}

void IntakeGatewayTest::importedBundleAuthenticatesItsTrustDomain()
{
    // A SPIRE-like deployment for another trust domain: import its bundle, then its SVIDs work.
    auto spire = CertificateAuthority::create(s("spire.example"), m_ws->clock().now().addSecs(-600), 30);
    QVERIFY(spire.has_value());
    addPath(DecisionPathBuilder(s("cloud-change"))
                .workload(s("spiffe://spire.example/ns/prod/sa/cloud"))
                .build());
    const ClientIdentity id = svidFromCa(*spire, s("spiffe://spire.example/ns/prod/sa/cloud"));
    QCOMPARE(client(id).postJson(s("/v1/actions"), action(s("cloud-change"), s("edr:host/allow-1"))).status,
             401);
    auto imported = m_ws->app().pki().importBundle(m_ws->admin(), spire->certificate().certificatePem, {});
    QVERIFY2(imported.has_value(), imported ? "" : qPrintable(imported.error().message));
    QCOMPARE(imported->trustDomain, s("spire.example"));
    QCOMPARE(lastEventType(), s("pki.bundle_imported"));
    QCOMPARE(client(id).postJson(s("/v1/actions"), action(s("cloud-change"), s("edr:host/allow-1"))).status,
             201);
    // spire.example's roots do not vouch for corp.example identities.
    const ClientIdentity cross = svidFromCa(*spire, s("spiffe://spire.example/agents/soc-isolate"));
    QCOMPARE(client(cross).postJson(s("/v1/actions"), action(s("soc-isolate"), s("edr:host/allow-1"))).status,
             403);
}

QTEST_GUILESS_MAIN(IntakeGatewayTest)
#include "IntakeGatewayTest.moc"
