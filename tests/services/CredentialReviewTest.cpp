// Credentials minted by the review workflow (issue #4 hooks): on the approval that completes
// the quorum, with the approvers named, capped by the approval window; never for a rejected
// request; and revocation never edits the approval (FIELD-CASES 2).

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "ActionRequestRepository.h"
#include "Base64Url.h"
#include "ReviewFixture.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

} // namespace

class CredentialReviewTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void approvalQuorumMintsTheCredential();
    void anApprovedRequestStaysApprovedWhenItsCredentialIsRevoked();
    void rejectedRequestsGetNoCredential();
    void approvalWindowCapsTheLifetime();

private:
    std::optional<Credential> credentialOf(const QString& id)
    {
        auto c = m_fx->app().credentials().forRequest(id);
        return c ? *c : std::nullopt;
    }
    std::unique_ptr<ReviewFixture> m_fx;
};

void CredentialReviewTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void CredentialReviewTest::cleanup()
{
    m_fx.reset();
}

void CredentialReviewTest::approvalQuorumMintsTheCredential()
{
    m_fx->setRequirement(2);
    const QString id = m_fx->submit(s("iam-grant"), s("okta:group/finance-readers"), s("jdoe@corp.example"));
    QVERIFY(!id.isEmpty());
    auto& review = m_fx->app().review();
    QVERIFY(review.approve(m_fx->session(s("analyst1")), id, s("ticket CHG-1"), m_fx->key(s("analyst1")))
                .has_value());
    QVERIFY(!credentialOf(id).has_value()); // one of two approvals: nothing to act with yet
    auto second = review.approve(m_fx->session(s("analyst2")), id, s("ticket CHG-1 confirmed"),
                                 m_fx->key(s("analyst2")));
    QVERIFY2(second.has_value(), second ? "" : qPrintable(second.error().message));
    QCOMPARE(second->status, ActionStatus::Approved);

    const auto c = credentialOf(id);
    QVERIFY(c.has_value());
    QCOMPARE(c->status, CredentialStatus::Active);
    QCOMPARE(c->ttlSeconds, 120); // T3
    QStringList approvers;
    for (const QJsonValue& v : c->claims.value(s("approvers")).toArray())
        approvers << v.toString();
    approvers.sort();
    QCOMPARE(approvers, (QStringList{s("analyst1"), s("analyst2")}));
    QCOMPARE(c->claims.value(s("act")).toObject().value(s("sub")).toString(), s("jdoe@corp.example"));
    QCOMPARE(c->claims.value(s("aud")).toString(), s("okta"));
    QCOMPARE(c->audience, s("okta"));

    // The agent gets it from GET /v1/actions/{id}.
    const DecisionPath path = *m_fx->app().catalogue().get(m_fx->ws().admin(), s("iam-grant"));
    const IntakeReply r = m_fx->app().intake().status({path.workloadId, {}}, id);
    QCOMPARE(r.status, 200);
    const QJsonObject member = r.body.value(s("credential")).toObject();
    QCOMPARE(member.value(s("status")).toString(), s("active"));
    const QByteArray token = member.value(s("token")).toString().toLatin1();
    QCOMPARE(QJsonDocument::fromJson(*Base64Url::decode(token.split('.').at(1)))
                 .object()
                 .value(s("jti"))
                 .toString(),
             c->jti);
    QCOMPARE(m_fx->app().ledger().events({})->last().type, s("credential.issued"));
}

void CredentialReviewTest::anApprovedRequestStaysApprovedWhenItsCredentialIsRevoked()
{
    // FIELD-CASES 2: approved by B, credential minted, then D tries to reject: refused, the
    // credential stays valid; revoking it is a separate record.
    m_fx->setRequirement(1);
    const QString id = m_fx->submit();
    auto& review = m_fx->app().review();
    QVERIFY(
        review.approve(m_fx->session(s("analyst1")), id, s("CHG-7"), m_fx->key(s("analyst1"))).has_value());
    const auto minted = credentialOf(id);
    QVERIFY(minted.has_value());
    m_fx->ws().clock().advanceSeconds(60);
    auto late =
        review.reject(m_fx->session(s("analyst2")), id, s("changed my mind"), m_fx->key(s("analyst2")));
    QVERIFY(!late.has_value());
    QVERIFY(late.error().message.contains(s("already resolved")));
    QCOMPARE(credentialOf(id)->status, CredentialStatus::Active);

    QVERIFY(
        m_fx->app().credentials().revoke(m_fx->ws().admin(), minted->jti, s("change freeze")).has_value());
    const ActionRecord after = **ActionRequestRepository(m_fx->app().database().connection()).find(id);
    QCOMPARE(after.status, ActionStatus::Approved);
    QCOMPARE(credentialOf(id)->status, CredentialStatus::Revoked);
}

void CredentialReviewTest::rejectedRequestsGetNoCredential()
{
    m_fx->setRequirement(1);
    const QString id = m_fx->submit();
    QVERIFY(
        m_fx->app()
            .review()
            .reject(m_fx->session(s("analyst2")), id, s("needs a manager ticket"), m_fx->key(s("analyst2")))
            .has_value());
    QVERIFY(!credentialOf(id).has_value());
    const auto events = *m_fx->app().ledger().events({}); // bound first: no dangling temporary
    for (const AuditEvent& e : events)
        QVERIFY(e.type != s("credential.issued"));
}

void CredentialReviewTest::approvalWindowCapsTheLifetime()
{
    ReviewSettings settings = m_fx->app().review().settings();
    settings.approvalWindowSeconds = 60;
    m_fx->app().review().setSettings(settings);
    m_fx->setRequirement(1);
    const QString id = m_fx->submit(s("soc-isolate"), s("edr:host/ws-7"));
    QVERIFY(!id.isEmpty());
    QVERIFY(m_fx->app()
                .review()
                .approve(m_fx->session(s("analyst1")), id, s("contain now"), m_fx->key(s("analyst1")))
                .has_value());
    QCOMPARE(credentialOf(id)->ttlSeconds, 60); // T1 would be 900
}

QTEST_GUILESS_MAIN(CredentialReviewTest)
#include "CredentialReviewTest.moc"
