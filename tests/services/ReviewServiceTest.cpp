// ReviewService: approvals, separation of duties, rejection feedback, escalation,
// break-glass, expiry and lapse, signatures checked by ledger verification.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

#include "CanonicalJson.h"
#include "Ed25519.h"
#include "ReviewFixture.h"
#include "ReviewSignatureCheck.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

int countEvents(Application& app, const QString& type, const QString& requestId = {})
{
    int n = 0;
    const auto events = app.ledger().events({});
    for (const AuditEvent& e : *events)
        if (e.type == type && (requestId.isEmpty() || e.correlationId == requestId))
            ++n;
    return n;
}

ActionStatus statusOf(Application& app, const QString& id)
{
    auto r = ActionRequestRepository(app.database().connection()).find(id);
    return r && r->has_value() ? (*r)->status : ActionStatus::Failed;
}
} // namespace

class ReviewServiceTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_fx.reset(); }

    void singleApprovalIsSignedAndLedgered();
    void multiApprovalNeedsDistinctApprovers();
    void rejectionEndsTheRequestAndFeedsBackToTheAgent();
    void resolvedRequestCannotBeFlipped();
    void refusals_data();
    void refusals();
    void refusalIsAuditedAndChangesNothing();
    void recentPolicyPublisherCannotBeSoleApprover();
    void expiryHappensExactlyOnce();
    void longReviewWindowIsHonoured();
    void unusedApprovalLapses();
    void escalationHandsToManagers();
    void breakGlassNeedsAdminAndAManagerFollowUp();
    void keyOfSomeoneElseIsRefused();
    void passwordResetRotatesTheKeyAndOldSignaturesStillVerify();
    void tamperedSignatureIsReportedByVerify();
    void detailListsEligibleReviewersAndHistory();

private:
    std::unique_ptr<ReviewFixture> m_fx;
};

void ReviewServiceTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void ReviewServiceTest::singleApprovalIsSignedAndLedgered()
{
    auto& app = m_fx->app();
    const QString id = m_fx->submit();
    QVERIFY(!id.isEmpty());
    QCOMPARE(statusOf(app, id), ActionStatus::PendingReview);
    QCOMPARE(countEvents(app, s("review.opened"), id), 1);

    auto result =
        app.review().approve(m_fx->session(s("analyst1")), id, s("ticket CHG-1 approved by the data owner"),
                             m_fx->key(s("analyst1")));
    QVERIFY2(result.has_value(), result ? "" : qPrintable(result.error().message));
    QCOMPARE(result->status, ActionStatus::Approved);
    QCOMPARE(result->approvals, 1);
    QCOMPARE(statusOf(app, id), ActionStatus::Approved);
    QCOMPARE(countEvents(app, s("review.approved"), id), 1);
    QCOMPARE(countEvents(app, s("action.approved"), id), 1);

    auto entries = ReviewRepository(app.database().connection()).reviewsFor(id);
    QCOMPARE(entries->size(), 1);
    const ReviewEntry& e = entries->first();
    QCOMPARE(e.reviewer, s("analyst1"));
    QCOMPARE(e.signature.size(), 64);
    QVERIFY(app.review().verifySignature(e));
    // The statement names exactly this payload and decision.
    auto record = ActionRequestRepository(app.database().connection()).find(id);
    const QJsonObject statement = QJsonDocument::fromJson(e.statement).object();
    QCOMPARE(statement.value(s("payload_sha256")).toString(), (*record)->bodySha256);
    QCOMPARE(statement.value(s("verdict")).toString(), s("approve"));
    QCOMPARE(statement.value(s("request_id")).toString(), id);

    auto v = app.ledger().verify();
    QVERIFY(v->fullyIntact());
    QCOMPARE(v->signaturesChecked, 1);

    // The agent sees the approval through GET /v1/actions/{id}.
    const IntakeReply status =
        app.intake().status({s("spiffe://corp.example/agents/iam-grant"), s("127.0.0.1")}, id);
    QCOMPARE(status.status, 200);
    QCOMPARE(status.body.value(s("status")).toString(), s("approved"));
    QCOMPARE(status.body.value(s("review")).toObject().value(s("resolved_by")).toString(), s("analyst1"));
}

void ReviewServiceTest::multiApprovalNeedsDistinctApprovers()
{
    auto& app = m_fx->app();
    m_fx->setRequirement(2);
    const QString id = m_fx->submit();
    const auto k1 = m_fx->key(s("analyst1"));
    auto first = app.review().approve(m_fx->session(s("analyst1")), id, s("looks right"), k1);
    QVERIFY(first.has_value());
    QCOMPARE(first->status, ActionStatus::PendingReview);
    QCOMPARE(first->approvals, 1);
    QCOMPARE(first->requiredApprovals, 2);

    auto again = app.review().approve(m_fx->session(s("analyst1")), id, s("really sure"), k1);
    QVERIFY(!again.has_value());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QVERIFY(again.error().message.contains(s("[rule: already_approved]")));
    QCOMPARE(statusOf(app, id), ActionStatus::PendingReview);

    auto second =
        app.review().approve(m_fx->session(s("analyst2")), id, s("agreed"), m_fx->key(s("analyst2")));
    QVERIFY(second.has_value());
    QCOMPARE(second->status, ActionStatus::Approved);
    QCOMPARE(second->approvals, 2);
    const auto events = app.ledger().events({});
    QJsonArray approvers;
    for (const AuditEvent& e : *events)
        if (e.type == s("action.approved"))
            approvers = e.payload.value(s("approvers")).toArray();
    QCOMPARE(approvers, (QJsonArray{s("analyst1"), s("analyst2")}));
}

void ReviewServiceTest::rejectionEndsTheRequestAndFeedsBackToTheAgent()
{
    auto& app = m_fx->app();
    m_fx->setRequirement(2);
    const QString id = m_fx->submit();
    QVERIFY(app.review()
                .approve(m_fx->session(s("analyst1")), id, s("fine"), m_fx->key(s("analyst1")))
                .has_value());
    auto rejected =
        app.review().reject(m_fx->session(s("analyst2")), id, s("  finance-readers needs a manager ticket "),
                            m_fx->key(s("analyst2")));
    QVERIFY(rejected.has_value());
    QCOMPARE(rejected->status, ActionStatus::Rejected);
    const IntakeReply status =
        app.intake().status({s("spiffe://corp.example/agents/iam-grant"), s("127.0.0.1")}, id);
    QCOMPARE(status.body.value(s("status")).toString(), s("rejected"));
    const QJsonObject feedback = status.body.value(s("review")).toObject().value(s("feedback")).toObject();
    QCOMPARE(feedback.value(s("reviewer")).toString(), s("analyst2"));
    QCOMPARE(feedback.value(s("justification")).toString(), s("finance-readers needs a manager ticket"));
}

void ReviewServiceTest::resolvedRequestCannotBeFlipped()
{
    // FIELD-CASES 2: once approved, a later reject is refused and the approval stands.
    auto& app = m_fx->app();
    const QString id = m_fx->submit();
    QVERIFY(app.review()
                .approve(m_fx->session(s("analyst1")), id, s("ok"), m_fx->key(s("analyst1")))
                .has_value());
    m_fx->ws().clock().advanceSeconds(60);
    auto late =
        app.review().reject(m_fx->session(s("analyst2")), id, s("changed my mind"), m_fx->key(s("analyst2")));
    QVERIFY(!late.has_value());
    QCOMPARE(late.error().code, ErrorCode::Conflict);
    QVERIFY2(late.error().message.contains(s("already resolved: APPROVED by analyst1")),
             qPrintable(late.error().message));
    QCOMPARE(statusOf(app, id), ActionStatus::Approved);
    QCOMPARE(countEvents(app, s("review.rejected"), id), 0);
}

void ReviewServiceTest::refusals_data()
{
    QTest::addColumn<QString>("reviewer");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("onBehalfOf");
    QTest::addColumn<QString>("justification");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("code");
    const int denied = static_cast<int>(ErrorCode::PermissionDenied);
    const int invalid = static_cast<int>(ErrorCode::InvalidInput);
    QTest::newRow("manager lacks the analyst role") << s("manager1") << s("iam-grant") << s("okta:group/x")
                                                    << QString() << s("ok") << s("role_required") << denied;
    QTest::newRow("admin is not an analyst") << s("admin") << s("iam-grant") << s("okta:group/x") << QString()
                                             << s("ok") << s("role_required") << denied;
    QTest::newRow("owner approves own T3 path")
        << s("owner3") << s("iam-grant") << s("okta:group/x") << QString() << s("ok")
        << s("owner_approves_own_t3") << denied;
    QTest::newRow("target is the reviewer's own account")
        << s("analyst1") << s("iam-grant") << s("okta:user/analyst1") << QString() << s("ok")
        << s("own_account_target") << denied;
    QTest::newRow("target is the reviewer's account, e-mail form")
        << s("analyst1") << s("iam-grant") << s("okta:user/Analyst1@corp.example") << QString() << s("ok")
        << s("own_account_target") << denied;
    QTest::newRow("agent acts on the reviewer's behalf")
        << s("analyst1") << s("iam-grant") << s("okta:group/x") << s("analyst1") << s("ok")
        << s("on_behalf_of_self") << denied;
    QTest::newRow("empty justification") << s("analyst1") << s("iam-grant") << s("okta:group/x") << QString()
                                         << s("   ") << s("justification_required") << invalid;
    QTest::newRow("justification too long")
        << s("analyst1") << s("iam-grant") << s("okta:group/x") << QString()
        << QString(2001, QLatin1Char('j')) << s("justification_too_long") << invalid;
}

void ReviewServiceTest::refusals()
{
    QFETCH(QString, reviewer);
    QFETCH(QString, path);
    QFETCH(QString, target);
    QFETCH(QString, onBehalfOf);
    QFETCH(QString, justification);
    QFETCH(QString, rule);
    QFETCH(int, code);
    auto& app = m_fx->app();
    const QString id = m_fx->submit(path, target, onBehalfOf);
    QVERIFY(!id.isEmpty());
    auto r = app.review().approve(m_fx->session(reviewer), id, justification, m_fx->key(reviewer));
    QVERIFY(!r.has_value());
    QCOMPARE(static_cast<int>(r.error().code), code);
    QVERIFY2(r.error().message.endsWith(QStringLiteral("[rule: %1]").arg(rule)),
             qPrintable(r.error().message));
    QCOMPARE(statusOf(app, id), ActionStatus::PendingReview);
}

void ReviewServiceTest::refusalIsAuditedAndChangesNothing()
{
    // FIELD-CASES 1: the refused self-approval stays pending with 0 approvals and is ledgered.
    auto& app = m_fx->app();
    const QString id = m_fx->submit(s("iam-grant"), s("okta:group/x"));
    auto r = app.review().approve(m_fx->session(s("owner3")), id, s("mine"), m_fx->key(s("owner3")));
    QVERIFY(!r.has_value());
    const auto events = app.ledger().events({});
    const AuditEvent& last = events->last();
    QCOMPARE(last.type, s("review.refused"));
    QCOMPARE(last.actor, s("operator:owner3"));
    QCOMPARE(last.payload.value(s("rule")).toString(), s("owner_approves_own_t3"));
    auto detail = app.review().detail(m_fx->session(s("analyst1")), id);
    QCOMPARE(detail->approvals, 0);
    QVERIFY(detail->reviews.isEmpty());
}

void ReviewServiceTest::recentPolicyPublisherCannotBeSoleApprover()
{
    auto& app = m_fx->app();
    const OperatorSession publisher =
        m_fx->ws().addOperator(s("policyadmin"), OperatorRoles(OperatorRole::Admin) | OperatorRole::Analyst);
    QFile f(s(":/policies/default-policy.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray policy = f.readAll();
    policy.replace("gatehouse-default-1", "gatehouse-default-1-republished");
    auto published = app.policy().publish(publisher, policy);
    QVERIFY2(published.has_value(), published ? "" : qPrintable(published.error().message));
    m_fx->setPolicyVersion(published->version.hash);

    const QString id = m_fx->submit();
    const auto key = m_fx->key(s("policyadmin"));
    auto r = app.review().approve(publisher, id, s("my policy says so"), key);
    QVERIFY(!r.has_value());
    QVERIFY2(r.error().message.contains(s("[rule: recent_policy_publisher]")), qPrintable(r.error().message));

    // With two approvals needed the publisher is not the sole approver.
    m_fx->setRequirement(2);
    const QString two = m_fx->submit();
    QVERIFY(app.review().approve(publisher, two, s("first of two"), key).has_value());

    // 24 hours later the cooling-off is over.
    m_fx->ws().clock().advanceSeconds(24 * 3600 + 1);
    QVERIFY(app.review().approve(publisher, id, s("a day later"), key).has_value());
}

void ReviewServiceTest::expiryHappensExactlyOnce()
{
    // FIELD-CASES 8: one request.expired event, however often the sweeper runs.
    auto& app = m_fx->app();
    m_fx->setRequirement(1, {s("analyst")}, 120);
    const QString id = m_fx->submit();
    m_fx->ws().clock().advanceSeconds(119);
    QCOMPARE(*app.review().sweep(), 0);
    QCOMPARE(statusOf(app, id), ActionStatus::PendingReview);
    m_fx->ws().clock().advanceSeconds(1);
    QCOMPARE(*app.review().sweep(), 1);
    for (int i = 0; i < 5; ++i) {
        m_fx->ws().clock().advanceSeconds(120);
        QCOMPARE(*app.review().sweep(), 0);
    }
    QCOMPARE(statusOf(app, id), ActionStatus::Expired);
    QCOMPARE(countEvents(app, s("request.expired"), id), 1);
    auto late =
        app.review().approve(m_fx->session(s("analyst1")), id, s("too late"), m_fx->key(s("analyst1")));
    QVERIFY(!late.has_value());
    QVERIFY(late.error().message.contains(s("EXPIRED by system")));
    // Expired requests stay visible (filterable), never deleted.
    ReviewQueueFilter all;
    all.includeResolved = true;
    QCOMPARE(*app.review().queueCount(m_fx->session(s("analyst1")), all), 1);
    QCOMPARE(*app.review().queueCount(m_fx->session(s("analyst1")), {}), 0);
}

void ReviewServiceTest::longReviewWindowIsHonoured()
{
    // FIELD-CASES 3: a 7-day review window is the one enforced, whatever else is short.
    auto& app = m_fx->app();
    const QString id = m_fx->submit();
    m_fx->ws().clock().advanceSeconds(11 * 60);
    QCOMPARE(*app.review().sweep(), 0);
    auto detail = app.review().detail(m_fx->session(s("analyst1")), id);
    QCOMPARE(detail->reviewCase.expiresAt, detail->request.reviewExpiresAt);
    m_fx->ws().clock().advanceSeconds(49 * 60);
    QVERIFY(app.review()
                .approve(m_fx->session(s("analyst1")), id, s("an hour later"), m_fx->key(s("analyst1")))
                .has_value());
}

void ReviewServiceTest::unusedApprovalLapses()
{
    auto& app = m_fx->app();
    ReviewSettings settings;
    settings.approvalWindowSeconds = 600;
    app.review().setSettings(settings);
    const QString id = m_fx->submit();
    QVERIFY(app.review()
                .approve(m_fx->session(s("analyst1")), id, s("ok"), m_fx->key(s("analyst1")))
                .has_value());
    m_fx->ws().clock().advanceSeconds(599);
    QCOMPARE(*app.review().sweep(), 0);
    m_fx->ws().clock().advanceSeconds(1);
    QCOMPARE(*app.review().sweep(), 1);
    QCOMPARE(*app.review().sweep(), 0);
    QCOMPARE(statusOf(app, id), ActionStatus::Expired);
    QCOMPARE(countEvents(app, s("request.approval_lapsed"), id), 1);
}

void ReviewServiceTest::escalationHandsToManagers()
{
    auto& app = m_fx->app();
    const QString id = m_fx->submit();
    auto esc = app.review().escalate(m_fx->session(s("analyst1")), id, s("needs a manager: finance data"),
                                     m_fx->key(s("analyst1")));
    QVERIFY(esc.has_value());
    QCOMPARE(esc->status, ActionStatus::PendingReview);
    auto twice =
        app.review().escalate(m_fx->session(s("analyst2")), id, s("again"), m_fx->key(s("analyst2")));
    QVERIFY(!twice.has_value());
    QVERIFY(twice.error().message.contains(s("[rule: role_required]")) ||
            twice.error().message.contains(s("[rule: already_escalated]")));
    auto analyst = app.review().approve(m_fx->session(s("analyst2")), id, s("ok"), m_fx->key(s("analyst2")));
    QVERIFY(!analyst.has_value());
    QVERIFY2(analyst.error().message.contains(s("escalated to managers")),
             qPrintable(analyst.error().message));
    auto manager = app.review().approve(m_fx->session(s("manager1")), id, s("approved by finance"),
                                        m_fx->key(s("manager1")));
    QVERIFY(manager.has_value());
    QCOMPARE(manager->status, ActionStatus::Approved);
    QCOMPARE(countEvents(app, s("review.escalated"), id), 1);
}

void ReviewServiceTest::breakGlassNeedsAdminAndAManagerFollowUp()
{
    auto& app = m_fx->app();
    m_fx->setRequirement(2);
    const QString id = m_fx->submit();
    auto notAdmin =
        app.review().breakGlass(m_fx->session(s("analyst1")), id, s("outage"), m_fx->key(s("analyst1")));
    QVERIFY(!notAdmin.has_value());
    QVERIFY(notAdmin.error().message.contains(s("[rule: break_glass_admin_only]")));

    auto bg = app.review().breakGlass(m_fx->session(s("admin")), id,
                                      s("P1 incident INC-7, CISO on the bridge"), m_fx->key(s("admin")));
    QVERIFY2(bg.has_value(), bg ? "" : qPrintable(bg.error().message));
    QCOMPARE(bg->status, ActionStatus::Approved);
    const auto events = app.ledger().events({});
    bool flagged = false;
    for (const AuditEvent& e : *events)
        if (e.type == s("review.break_glass") && e.payload.value(s("break_glass")).toBool())
            flagged = true;
    QVERIFY(flagged);
    auto open = app.review().openBreakGlass(m_fx->session(s("manager1")));
    QCOMPARE(open->size(), 1);
    QCOMPARE(open->first().approvedBy, s("admin"));

    auto byAnalyst = app.review().closeBreakGlass(m_fx->session(s("analyst1")), id, s("fine"));
    QVERIFY(!byAnalyst.has_value());
    QCOMPARE(byAnalyst.error().code, ErrorCode::PermissionDenied);
    QVERIFY(app.review()
                .closeBreakGlass(m_fx->session(s("manager1")), id, s("justified: INC-7 post-mortem"))
                .has_value());
    QCOMPARE(app.review().openBreakGlass(m_fx->session(s("manager1")))->size(), 0);
    QCOMPARE(countEvents(app, s("review.break_glass_reviewed"), id), 1);
}

void ReviewServiceTest::keyOfSomeoneElseIsRefused()
{
    auto& app = m_fx->app();
    const QString id = m_fx->submit();
    auto r = app.review().approve(m_fx->session(s("analyst1")), id, s("ok"), m_fx->key(s("analyst2")));
    QVERIFY(!r.has_value());
    QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
    QCOMPARE(statusOf(app, id), ActionStatus::PendingReview);
    auto wrong = app.operatorKeys().unlock(s("analyst1"), s("not the password"));
    QVERIFY(!wrong.has_value());
    QCOMPARE(wrong.error().code, ErrorCode::AuthenticationFailed);
}

void ReviewServiceTest::passwordResetRotatesTheKeyAndOldSignaturesStillVerify()
{
    auto& app = m_fx->app();
    const QString id = m_fx->submit();
    const auto oldKey = m_fx->key(s("analyst1"));
    QVERIFY(app.review().approve(m_fx->session(s("analyst1")), id, s("ok"), oldKey).has_value());
    const QString newPassword = s("a brand new passphrase");
    QVERIFY(
        app.accounts().changePassword(m_fx->ws().admin(), s("analyst1"), QString(), newPassword).has_value());
    auto newKey = app.operatorKeys().unlock(s("analyst1"), newPassword);
    QVERIFY(newKey.has_value());
    QVERIFY(newKey->keyId() != oldKey.keyId());
    auto old = app.operatorKeys().find(oldKey.keyId());
    QVERIFY(old->has_value());
    QVERIFY(!(*old)->active);
    // The old key can no longer sign, the new one can.
    const QString next = m_fx->submit();
    auto stale = app.review().approve(m_fx->session(s("analyst1")), next, s("ok"), oldKey);
    QVERIFY(!stale.has_value());
    QVERIFY(app.review().approve(m_fx->session(s("analyst1")), next, s("ok"), *newKey).has_value());
    auto v = app.ledger().verify();
    QVERIFY(v->fullyIntact());
    QCOMPARE(v->signaturesChecked, 2);
}

void ReviewServiceTest::tamperedSignatureIsReportedByVerify()
{
    auto pair = Ed25519::generate();
    QVERIFY(pair.has_value());
    const QString pub = QString::fromLatin1(
        pair->publicKey.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QJsonObject statement{{s("request_id"), s("r1")},
                                {s("reviewer"), s("alice")},
                                {s("key_id"), s("k1")},
                                {s("verdict"), s("approve")},
                                {s("justification"), s("ok")}};
    const QByteArray sig = *Ed25519::sign(pair->seed, CanonicalJson::serialize(statement));
    auto payload = [&](const QJsonObject& st, const QString& keyId) {
        return QJsonDocument(QJsonObject{{s("statement"), st},
                                         {s("key_id"), keyId},
                                         {s("signature"),
                                          QString::fromLatin1(sig.toBase64(QByteArray::Base64UrlEncoding |
                                                                           QByteArray::OmitTrailingEquals))}})
            .toJson(QJsonDocument::Compact);
    };
    ReviewSignatureCheck check;
    check.observe(
        1, s("operator.key_registered"), s("operator:alice"), s("account:alice"),
        QJsonDocument(
            QJsonObject{{s("username"), s("alice")}, {s("key_id"), s("k1")}, {s("public_key"), pub}})
            .toJson(QJsonDocument::Compact));
    check.observe(2, s("review.approved"), s("operator:alice"), s("action:r1"), payload(statement, s("k1")));
    QCOMPARE(check.failures().size(), 0);
    QJsonObject altered = statement;
    altered.insert(s("justification"), s("ok, and more"));
    check.observe(3, s("review.approved"), s("operator:alice"), s("action:r1"), payload(altered, s("k1")));
    check.observe(4, s("review.approved"), s("operator:mallory"), s("action:r1"),
                  payload(statement, s("k1")));
    check.observe(5, s("review.approved"), s("operator:alice"), s("action:r1"), payload(statement, s("k2")));
    QCOMPARE(check.checked(), 4);
    QCOMPARE(check.failures().size(), 3);
    QCOMPARE(check.failures()[0].seq, 3);
    QVERIFY(check.failures()[0].detail.contains(s("does not match")));
    QCOMPARE(check.failures()[1].seq, 4);
    QVERIFY(check.failures()[1].detail.contains(s("operator:mallory")));
    QCOMPARE(check.failures()[2].seq, 5);
    QVERIFY(check.failures()[2].detail.contains(s("no earlier event registered")));
}

void ReviewServiceTest::detailListsEligibleReviewersAndHistory()
{
    auto& app = m_fx->app();
    const QString earlier = m_fx->submit();
    QVERIFY(app.review()
                .reject(m_fx->session(s("analyst2")), earlier, s("no"), m_fx->key(s("analyst2")))
                .has_value());
    const QString id = m_fx->submit(s("iam-grant"), s("okta:user/analyst1"));
    auto d = app.review().detail(m_fx->session(s("manager1")), id);
    QVERIFY(d.has_value());
    // analyst1 is the target, owner3 owns this T3 path, manager1/admin lack the analyst role.
    QCOMPARE(d->eligibleReviewers, QStringList{s("analyst2")});
    QCOMPARE(d->pathHistory.size(), 1);
    QCOMPARE(d->pathHistory.first().id, earlier);
    QCOMPARE(d->pathHistory.first().status, ActionStatus::Rejected);
    QCOMPARE(d->path->owner, s("owner3"));
}

QTEST_GUILESS_MAIN(ReviewServiceTest)
#include "ReviewServiceTest.moc"
