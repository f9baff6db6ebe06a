// gatehousectl credentials (list, show, revoke, rotate-key, revoke-key, keys, sweep) and
// gatehousectl token verify, in-process against a workspace with minted credentials.

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "Base64Url.h"
#include "CtlHarness.h"
#include "DecisionPathBuilder.h"

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
    d.policyVersion = s("test-policy");
    return d;
}

} // namespace

class CredentialsCommandTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void listAndShowNeverPrintTheToken();
    void revokeNeedsAReasonAndTheRight();
    void rotateAndRevokeKeys();
    void sweepNeedsNoUser();
    void tokenVerify();
    void tokenVerifyRejections_data();
    void tokenVerifyRejections();

private:
    /// Mints through the intake service; returns the request id.
    QString mint(const QString& target);
    QByteArray tokenOf(const QString& requestId);

    std::unique_ptr<TestWorkspace> m_ws;
    std::unique_ptr<CtlHarness> m_ctl;
};

void CredentialsCommandTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY(m_ws->isValid());
    m_ctl = std::make_unique<CtlHarness>(*m_ws);
    auto& app = m_ws->app();
    QVERIFY(app.catalogue().create(m_ws->admin(), DecisionPathBuilder(s("soc-isolate")).build()).has_value());
    QVERIFY(app.catalogue().activate(m_ws->admin(), s("soc-isolate")).has_value());
    app.intake().setDecider(allowAll);
}

void CredentialsCommandTest::cleanup()
{
    m_ctl.reset();
    m_ws.reset();
}

QString CredentialsCommandTest::mint(const QString& target)
{
    const QJsonObject body{{s("path_id"), s("soc-isolate")},
                           {s("action_type"), s("endpoint.isolate")},
                           {s("target"), target},
                           {s("confidence"), 0.9},
                           {s("risk_score"), 10},
                           {s("target_sensitivity"), s("internal")},
                           {s("environment"), s("production")},
                           {s("reversible"), false}};
    const IntakeReply r = m_ws->app().intake().submit({s("spiffe://corp.example/agents/soc-isolate"), {}},
                                                      QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (r.status != 201)
        qFatal("mint: %d", r.status);
    return r.body.value(s("request_id")).toString();
}

QByteArray CredentialsCommandTest::tokenOf(const QString& requestId)
{
    return m_ws->app()
        .intake()
        .status({s("spiffe://corp.example/agents/soc-isolate"), {}}, requestId)
        .body.value(s("credential"))
        .toObject()
        .value(s("token"))
        .toString()
        .toLatin1();
}

void CredentialsCommandTest::listAndShowNeverPrintTheToken()
{
    const QString id = mint(s("edr:host/ws-1"));
    const QByteArray token = tokenOf(id);
    const QByteArray signature = token.split('.').at(2);

    auto out = m_ctl->runAs(s("admin"), {s("credentials"), s("list"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    const QJsonArray list = CtlHarness::json(out.out).array();
    QCOMPARE(list.size(), 1);
    const QJsonObject c = list.first().toObject();
    QCOMPARE(c.value(s("request_id")).toString(), id);
    QCOMPARE(c.value(s("status")).toString(), s("active"));
    QCOMPARE(c.value(s("aud")).toString(), s("edr"));
    QCOMPARE(c.value(s("ttl_seconds")).toInt(), 300);
    QVERIFY(!out.out.contains(QString::fromLatin1(signature)));
    const QString jti = c.value(s("jti")).toString();

    out = m_ctl->runAs(s("admin"), {s("credentials"), s("list")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains(jti));
    QVERIFY(out.out.contains(s("5m 00s")));
    out = m_ctl->runAs(s("admin"), {s("credentials"), s("show"), jti});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains(s("endpoint.isolate on edr:host/ws-1")));
    QVERIFY(!out.out.contains(QString::fromLatin1(signature)));
    QCOMPARE(m_ctl->runAs(s("admin"), {s("credentials"), s("show"), s("nope")}).code, 2);
    out = m_ctl->runAs(s("admin"),
                       {s("credentials"), s("list"), s("--status"), s("revoked"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(out.out).array().size(), 0);
    QCOMPARE(m_ctl->runAs(s("admin"), {s("credentials"), s("list"), s("--status"), s("gone")}).code, 2);
}

void CredentialsCommandTest::revokeNeedsAReasonAndTheRight()
{
    const QString id = mint(s("edr:host/ws-2"));
    const QString jti = m_ws->app().credentials().forRequest(id)->value().jti;
    m_ws->addOperator(s("mona"), OperatorRole::Manager);
    m_ws->addOperator(s("ann"), OperatorRole::Analyst);

    auto out = m_ctl->runAs(s("ann"), {s("credentials"), s("revoke"), jti});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("--reason")));
    out = m_ctl->runAs(s("mona"), {s("credentials"), s("revoke"), jti, s("--reason"), s("curious")});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("may not revoke")));
    out = m_ctl->runAs(s("ann"), {s("credentials"), s("revoke"), jti, s("--reason"), s("host reimaged")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains(s("revoked")));
    QCOMPARE(m_ws->app().credentials().forRequest(id)->value().status, CredentialStatus::Revoked);
    QCOMPARE(m_ws->app().ledger().events({})->last().actor, s("operator:ann"));
    out = m_ctl->runAs(s("ann"), {s("credentials"), s("revoke"), jti, s("--reason"), s("again")});
    QCOMPARE(out.code, 2);
    QVERIFY(out.err.contains(s("already revoked")));
}

void CredentialsCommandTest::rotateAndRevokeKeys()
{
    const QString id = mint(s("edr:host/ws-3"));
    const QString oldKid = m_ws->app().credentials().forRequest(id)->value().kid;
    m_ws->addOperator(s("ann"), OperatorRole::Analyst);
    QCOMPARE(m_ctl->runAs(s("ann"), {s("credentials"), s("rotate-key")}).code, 2);
    auto out = m_ctl->runAs(s("admin"), {s("credentials"), s("rotate-key"), s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    const QString newKid = CtlHarness::json(out.out).object().value(s("kid")).toString();
    QVERIFY(!newKid.isEmpty() && newKid != oldKid);

    out = m_ctl->runAs(s("admin"), {s("credentials"), s("keys"), s("--format"), s("json")});
    QMap<QString, QString> states;
    for (const QJsonValue& k : CtlHarness::json(out.out).array())
        states.insert(k.toObject().value(s("kid")).toString(), k.toObject().value(s("status")).toString());
    QCOMPARE(states.value(oldKid), s("retired"));
    QCOMPARE(states.value(newKid), s("active"));

    out = m_ctl->runAs(s("admin"),
                       {s("credentials"), s("revoke-key"), oldKid, s("--reason"), s("found in a backup")});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains(s("1 active credential")));
    QCOMPARE(m_ws->app().credentials().forRequest(id)->value().status, CredentialStatus::Revoked);
}

void CredentialsCommandTest::sweepNeedsNoUser()
{
    const QString id = mint(s("edr:host/ws-4"));
    m_ws->clock().advanceSeconds(301);
    auto out = m_ctl->run({s("credentials"), s("sweep")});
    QCOMPARE(out.code, 0);
    QVERIFY2(out.out.contains(s("1 credential(s) expired")), qPrintable(out.out));
    out = m_ctl->run({s("credentials"), s("sweep")});
    QVERIFY(out.out.contains(s("0 credential(s) expired")));
    QCOMPARE(m_ws->app().credentials().forRequest(id)->value().status, CredentialStatus::Expired);
}

void CredentialsCommandTest::tokenVerify()
{
    // With --jwks FILE the verifier has no workspace clock: it uses the real time.
    m_ws->clock().set(QDateTime::currentDateTimeUtc());
    const QString id = mint(s("okta:user/jdoe"));
    const QString token = QString::fromLatin1(tokenOf(id));
    auto out = m_ctl->run({s("token"), s("verify"), token, s("--aud"), s("okta")});
    QCOMPARE(out.code, 0);
    QVERIFY2(out.out.startsWith(s("valid: endpoint.isolate on okta:user/jdoe")), qPrintable(out.out));
    QVERIFY(!out.out.contains(token));

    // Against a JWKS file, as a system without the workspace would.
    QTemporaryDir dir;
    QFile f(dir.filePath(s("jwks.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(*m_ws->app().credentials().jwks()).toJson());
    f.close();
    out = m_ctl->runRaw({s("token"), s("verify"), token, s("--aud"), s("okta"), s("--jwks"), f.fileName(),
                         s("--format"), s("json")});
    QCOMPARE(out.code, 0);
    const QJsonObject v = CtlHarness::json(out.out).object();
    QCOMPARE(v.value(s("valid")).toBool(), true);
    QCOMPARE(v.value(s("claims")).toObject().value(s("request_id")).toString(), id);

    QCOMPARE(m_ctl->run({s("token"), s("verify"), token}).code, 2); // --aud is required
    QCOMPARE(m_ctl->run({s("token"), s("verify"), token, s("--aud"), s("okta"), s("--leeway"), s("31")}).code,
             2);
}

void CredentialsCommandTest::tokenVerifyRejections_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("code");
    QTest::newRow("wrong audience") << s("aud") << s("wrong_audience");
    QTest::newRow("expired") << s("expired") << s("expired");
    QTest::newRow("alg none") << s("none") << s("alg_none");
    QTest::newRow("alg NONE") << s("NONE") << s("alg_none");
    QTest::newRow("tampered claims") << s("tamper") << s("bad_signature");
    QTest::newRow("three dots") << s("dots") << s("malformed_token");
}

void CredentialsCommandTest::tokenVerifyRejections()
{
    QFETCH(QString, kind);
    QFETCH(QString, code);
    const QByteArray token = tokenOf(mint(s("okta:user/asmith")));
    const QList<QByteArray> p = token.split('.');
    QString aud = s("okta");
    QByteArray presented = token;
    if (kind == s("aud")) {
        aud = s("github");
    } else if (kind == s("expired")) {
        m_ws->clock().advanceSeconds(300);
    } else if (kind == s("none") || kind == s("NONE")) {
        presented =
            Base64Url::encode(QByteArray(R"({"alg":")") + kind.toLatin1() + R"("})") + '.' + p[1] + '.';
    } else if (kind == s("tamper")) {
        QJsonObject c = QJsonDocument::fromJson(*Base64Url::decode(p[1])).object();
        c.insert(s("target"), s("okta:user/ceo"));
        presented =
            p[0] + '.' + Base64Url::encode(QJsonDocument(c).toJson(QJsonDocument::Compact)) + '.' + p[2];
    } else if (kind == s("dots")) {
        presented = token + ".x";
    }
    auto out = m_ctl->run({s("token"), s("verify"), QString::fromLatin1(presented), s("--aud"), aud});
    QCOMPARE(out.code, 1);
    QVERIFY2(out.out.startsWith(s("rejected: ") + code + s(":")), qPrintable(out.out));
}

QTEST_GUILESS_MAIN(CredentialsCommandTest)
#include "CredentialsCommandTest.moc"
