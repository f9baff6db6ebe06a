// gatehousectl webhooks ...: configuration by admins, redacted URLs, the outbox on the CLI.

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
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

class WebhooksCommandTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_fx.reset(); }

    void addListRemove();
    void refusalsExitTwoAndNameTheField();
    void nonAdminIsRefused();
    void deliveriesShowsTheOutboxAndFailures();

private:
    std::unique_ptr<ReviewFixture> m_fx;
};

void WebhooksCommandTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void WebhooksCommandTest::addListRemove()
{
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome add = ctl.runAs(
        s("admin"), {s("webhooks"), s("add"), s("secops"), s("--url"),
                     s("https://hooks.slack.com/services/T0/B0/SECRETX"), s("--payload"), s("slack"),
                     s("--event"), s("review.opened"), s("--event"), s("review.escalated,request.expired")});
    QCOMPARE(add.code, 0);
    QCOMPARE(add.out,
             s("added webhook secops -> https://hooks.slack.com/\u2026 (slack, events review.opened, "
               "review.escalated, request.expired)\n"));
    QCOMPARE(
        ctl.runAs(s("admin"), {s("webhooks"), s("add"), s("all"), s("--url"), s("http://127.0.0.1:9000/in")})
            .code,
        0);

    const CtlOutcome list = ctl.runAs(s("analyst1"), {s("webhooks"), s("list"), s("--format"), s("json")});
    QCOMPARE(list.code, 0);
    QVERIFY(!list.out.contains(s("SECRETX")));
    const QJsonArray rows = CtlHarness::json(list.out).array();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].toObject().value(s("name")).toString(), s("all"));
    QCOMPARE(rows[0].toObject().value(s("events")).toArray(), QJsonArray{s("*")});
    QCOMPARE(rows[0].toObject().value(s("format")).toString(), s("json"));
    QCOMPARE(rows[1].toObject().value(s("name")).toString(), s("secops"));
    QCOMPARE(rows[1].toObject().value(s("url")).toString(), s("https://hooks.slack.com/\u2026"));
    QCOMPARE(rows[1].toObject().value(s("pending")).toInt(), 0);
    QCOMPARE(rows[1].toObject().value(s("enabled")).toBool(), true);

    const CtlOutcome table = ctl.runAs(s("analyst1"), {s("webhooks"), s("list")});
    QCOMPARE(table.code, 0);
    QVERIFY(table.out.startsWith(s("NAME")));
    QVERIFY(!table.out.contains(s("SECRETX")));

    QCOMPARE(ctl.runAs(s("admin"), {s("webhooks"), s("disable"), s("secops")}).out,
             s("disabled webhook secops\n"));
    const CtlOutcome removed = ctl.runAs(s("admin"), {s("webhooks"), s("remove"), s("secops")});
    QCOMPARE(removed.code, 0);
    QCOMPARE(removed.out, s("removed webhook secops\n"));
    const CtlOutcome again = ctl.runAs(s("admin"), {s("webhooks"), s("remove"), s("secops")});
    QCOMPARE(again.code, 2);
    QVERIFY2(again.err.contains(s("no webhook named \"secops\"")), qPrintable(again.err));
    const CtlOutcome audit = ctl.runAs(s("admin"), {s("audit"), s("list"), s("--text"), s("webhook:secops")});
    QVERIFY(audit.out.contains(s("webhook.added")));
    QVERIFY(audit.out.contains(s("webhook.disabled")));
    QVERIFY(audit.out.contains(s("webhook.removed")));
}

void WebhooksCommandTest::refusalsExitTwoAndNameTheField()
{
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome file =
        ctl.runAs(s("admin"), {s("webhooks"), s("add"), s("x"), s("--url"), s("file:///etc/passwd")});
    QCOMPARE(file.code, 2);
    QCOMPARE(file.err, s("gatehousectl: url: scheme must be http or https, not \"file\"\n"));
    const CtlOutcome noUrl = ctl.runAs(s("admin"), {s("webhooks"), s("add"), s("x")});
    QCOMPARE(noUrl.code, 2);
    QVERIFY(noUrl.err.contains(s("--url is required")));
    const CtlOutcome payload = ctl.runAs(s("admin"), {s("webhooks"), s("add"), s("x"), s("--url"),
                                                      s("https://a.example/"), s("--payload"), s("xml")});
    QCOMPARE(payload.code, 2);
    QVERIFY2(payload.err.contains(s("format: must be json or slack")), qPrintable(payload.err));
    const CtlOutcome event =
        ctl.runAs(s("admin"), {s("webhooks"), s("add"), s("x"), s("--url"), s("https://a.example/"),
                               s("--event"), s("review.deleted")});
    QCOMPARE(event.code, 2);
    QVERIFY2(event.err.contains(s("events: unknown event type \"review.deleted\"")), qPrintable(event.err));
    const CtlOutcome limit = ctl.runAs(s("admin"), {s("webhooks"), s("deliveries"), s("--limit"), s("0")});
    QCOMPARE(limit.code, 2);
    QCOMPARE(CtlHarness::json(ctl.runAs(s("admin"), {s("webhooks"), s("list"), s("--format"), s("json")}).out)
                 .array()
                 .size(),
             0);
}

void WebhooksCommandTest::nonAdminIsRefused()
{
    CtlHarness ctl(m_fx->ws());
    const CtlOutcome r =
        ctl.runAs(s("analyst1"), {s("webhooks"), s("add"), s("x"), s("--url"), s("https://a.example/")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(s("add a webhook")), qPrintable(r.err));
}

void WebhooksCommandTest::deliveriesShowsTheOutboxAndFailures()
{
    CtlHarness ctl(m_fx->ws());
    QCOMPARE(
        ctl.runAs(s("admin"), {s("webhooks"), s("add"), s("ops"), s("--url"), s("https://a.example/h")}).code,
        0);
    const QString first = m_fx->submit();
    const QString second = m_fx->submit(s("iam-grant"), s("okta:group/payroll"));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    // The dispatcher gave up on the first one.
    QSqlQuery q(m_fx->app().database().connection());
    QVERIFY(q.exec(s("UPDATE webhook_deliveries SET state = 'failed', attempts = 8, last_error = 'HTTP 503'"
                     " WHERE id = (SELECT min(id) FROM webhook_deliveries)")));

    const CtlOutcome all =
        ctl.runAs(s("analyst1"), {s("webhooks"), s("deliveries"), s("--format"), s("json")});
    QCOMPARE(all.code, 0);
    const QJsonArray rows = CtlHarness::json(all.out).array();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].toObject().value(s("state")).toString(), s("pending"));
    QCOMPARE(rows[0].toObject().value(s("event")).toString(), s("review.opened"));
    QCOMPARE(rows[0].toObject().value(s("webhook")).toString(), s("ops"));
    QCOMPARE(rows[1].toObject().value(s("state")).toString(), s("failed"));
    QCOMPARE(rows[1].toObject().value(s("attempts")).toInt(), 8);
    QCOMPARE(rows[1].toObject().value(s("last_error")).toString(), s("HTTP 503"));

    const CtlOutcome failed = ctl.runAs(s("analyst1"), {s("webhooks"), s("deliveries"), s("--failed")});
    QCOMPARE(failed.code, 0);
    const QStringList lines = failed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2); // header + the failed one
    QVERIFY2(lines[1].contains(s("failed")) && lines[1].contains(s("HTTP 503")), qPrintable(failed.out));

    const CtlOutcome list = ctl.runAs(s("analyst1"), {s("webhooks"), s("list"), s("--format"), s("json")});
    const QJsonObject ops = CtlHarness::json(list.out).array()[0].toObject();
    QCOMPARE(ops.value(s("pending")).toInt(), 1);
    QCOMPARE(ops.value(s("failed")).toInt(), 1);
    QCOMPARE(ops.value(s("last_error")).toString(), s("HTTP 503"));
}

QTEST_GUILESS_MAIN(WebhooksCommandTest)
#include "WebhooksCommandTest.moc"
