// gatehousectl review ...: the same rules as the console, through the CLI front door.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "CtlHarness.h"
#include "ReviewFixture.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

class ReviewCommandTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_fx.reset(); }

    void listShowsPendingT3First();
    void approveSignsAndResolves();
    void selfApprovalIsRefusedNamingTheRule();
    void rejectNeedsAReason();
    void escalateThenManagerApproves();
    void breakGlassAndFollowUp();
    void showReportsSignatures();

private:
    std::unique_ptr<ReviewFixture> m_fx;
};

void ReviewCommandTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void ReviewCommandTest::listShowsPendingT3First()
{
    const QString t1 = m_fx->submit(s("soc-isolate"), s("edr:host/web-01"));
    m_fx->ws().clock().advanceSeconds(5);
    const QString t3 = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome r = ctl.runAs(s("analyst1"), {s("review"), s("list"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonArray rows = CtlHarness::json(r.out).array();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].toObject().value(s("request_id")).toString(), t3); // T3 before the older T1
    QCOMPARE(rows[0].toObject().value(s("tier")).toString(), s("T3"));
    QCOMPARE(rows[1].toObject().value(s("request_id")).toString(), t1);
    QCOMPARE(rows[1].toObject().value(s("approvals")).toInt(), 0);
    const CtlOutcome table = ctl.runAs(s("analyst1"), {s("review"), s("list")});
    QCOMPARE(table.code, 0);
    QVERIFY(table.out.contains(s("0/1")));
}

void ReviewCommandTest::approveSignsAndResolves()
{
    const QString id = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome r =
        ctl.runAs(s("analyst1"), {s("review"), s("approve"), id, s("--reason"), s("CHG-42 signed off")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(s("is now approved (1 of 1 approvals)")), qPrintable(r.out));
    const CtlOutcome v = ctl.run({s("audit"), s("verify")});
    QCOMPARE(v.code, 0);
    QVERIFY2(v.out.contains(s("review signatures: 1 checked, all valid")), qPrintable(v.out));
}

void ReviewCommandTest::selfApprovalIsRefusedNamingTheRule()
{
    // FIELD-CASES 1 through the CLI: the owner of a T3 path cannot approve its request.
    const QString id = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome r = ctl.runAs(s("owner3"), {s("review"), s("approve"), id, s("--reason"), s("mine")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(s("[rule: owner_approves_own_t3]")), qPrintable(r.err));
    const CtlOutcome show = ctl.runAs(s("analyst1"), {s("review"), s("show"), id, s("--format"), s("json")});
    const QJsonObject o = CtlHarness::json(show.out).object();
    QCOMPARE(o.value(s("status")).toString(), s("pending_review"));
    QCOMPARE(o.value(s("approvals")).toInt(), 0);
    const CtlOutcome audit =
        ctl.runAs(s("admin"), {s("audit"), s("list"), s("--text"), s("owner_approves_own_t3")});
    QVERIFY(audit.out.contains(s("review.refused")));
}

void ReviewCommandTest::rejectNeedsAReason()
{
    const QString id = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome none = ctl.runAs(s("analyst1"), {s("review"), s("reject"), id});
    QCOMPARE(none.code, 2);
    QVERIFY(none.err.contains(s("--reason is required")));
    const CtlOutcome r =
        ctl.runAs(s("analyst1"), {s("review"), s("reject"), id, s("--reason"), s("no ticket")});
    QCOMPARE(r.code, 0);
    const CtlOutcome again =
        ctl.runAs(s("analyst2"), {s("review"), s("approve"), id, s("--reason"), s("ok")});
    QCOMPARE(again.code, 2);
    QVERIFY2(again.err.contains(s("already resolved: REJECTED by analyst1")), qPrintable(again.err));
}

void ReviewCommandTest::escalateThenManagerApproves()
{
    const QString id = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    QCOMPARE(
        ctl.runAs(s("analyst1"), {s("review"), s("escalate"), id, s("--reason"), s("finance data")}).code, 0);
    const CtlOutcome analyst =
        ctl.runAs(s("analyst2"), {s("review"), s("approve"), id, s("--reason"), s("ok")});
    QCOMPARE(analyst.code, 2);
    QVERIFY(analyst.err.contains(s("[rule: role_required]")));
    QCOMPARE(
        ctl.runAs(s("manager1"), {s("review"), s("approve"), id, s("--reason"), s("ok by finance")}).code, 0);
}

void ReviewCommandTest::breakGlassAndFollowUp()
{
    const QString id = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    QCOMPARE(
        ctl.runAs(s("admin"), {s("review"), s("break-glass"), id, s("--reason"), s("INC-9 outage")}).code, 0);
    const CtlOutcome open =
        ctl.runAs(s("manager1"), {s("review"), s("follow-ups"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(open.out).array().size(), 1);
    const CtlOutcome byAdmin =
        ctl.runAs(s("admin"), {s("review"), s("close-follow-up"), id, s("--note"), s("fine")});
    QCOMPARE(byAdmin.code, 2);
    QCOMPARE(
        ctl.runAs(s("manager1"), {s("review"), s("close-follow-up"), id, s("--note"), s("justified")}).code,
        0);
    const CtlOutcome after =
        ctl.runAs(s("manager1"), {s("review"), s("follow-ups"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(after.out).array().size(), 0);
}

void ReviewCommandTest::showReportsSignatures()
{
    m_fx->setRequirement(2);
    const QString id = m_fx->submit();
    CtlHarness ctl(m_fx->ws());
    QCOMPARE(ctl.runAs(s("analyst1"), {s("review"), s("approve"), id, s("--reason"), s("first")}).code, 0);
    const CtlOutcome show = ctl.runAs(s("analyst2"), {s("review"), s("show"), id, s("--format"), s("json")});
    const QJsonObject o = CtlHarness::json(show.out).object();
    QCOMPARE(o.value(s("approvals")).toInt(), 1);
    QCOMPARE(o.value(s("required_approvals")).toInt(), 2);
    const QJsonArray reviews = o.value(s("reviews")).toArray();
    QCOMPARE(reviews.size(), 1);
    QCOMPARE(reviews[0].toObject().value(s("reviewer")).toString(), s("analyst1"));
    QCOMPARE(reviews[0].toObject().value(s("signature_valid")).toBool(), true);
    QCOMPARE(o.value(s("eligible_reviewers")).toArray(), (QJsonArray{s("analyst2")}));
}

QTEST_GUILESS_MAIN(ReviewCommandTest)
#include "ReviewCommandTest.moc"
