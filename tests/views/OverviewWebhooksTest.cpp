// The Overview page's "Webhooks" line: backlog, failures and each endpoint's last error.

#include <QLabel>
#include <QtTest>

#include "OverviewPage.h"
#include "ViewTestSupport.h"
#include "WebhookRepository.h"
#include "WebhookService.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

WebhookEndpointDraft endpoint(const QString& name, const QString& url)
{
    WebhookEndpointDraft d;
    d.name = name;
    d.url = url;
    return d;
}
} // namespace

class OverviewWebhooksTest : public QObject
{
    Q_OBJECT

private slots:
    void hiddenWithoutTheService()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        OverviewPage page(consoleServices(ws), ws.admin());
        page.refresh();
        QCOMPARE(page.webhooksText(), QString());
        QVERIFY(!page.findChild<QLabel*>(s("webhooksLabel")));
    }

    void showsPendingFailedDroppedAndLastErrors()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        Application& app = ws.app();
        ConsoleServices services = consoleServices(ws);
        services.webhooks = &app.webhooks();
        OverviewPage page(services, ws.admin());
        page.show();
        page.refresh();
        QCOMPARE(page.webhooksText(), s("Webhooks: none configured."));

        QVERIFY(app.webhooks()
                    .add(ws.admin(), endpoint(s("chat"), s("https://hooks.example.com/x")))
                    .has_value());
        app.webhooks().setSettings({2});
        for (int i = 0; i < 3; ++i)
            QVERIFY(
                app.webhooks()
                    .enqueue(s("review.opened"), QJsonObject{{s("request_id"), QStringLiteral("r%1").arg(i)}})
                    .has_value());
        app.webhooks().setSettings({});
        QVERIFY(app.webhooks()
                    .add(ws.admin(), endpoint(s("siem"), s("https://siem.example.com/in")))
                    .has_value());
        QVERIFY(
            app.webhooks().enqueue(s("review.opened"), QJsonObject{{s("request_id"), s("r3")}}).has_value());
        // chat: 3 pending, 1 dropped; siem: its only delivery fails for good after a 500.
        WebhookRepository repo(app.database().connection());
        const QDateTime now = ws.clock().now();
        auto due = repo.due(now, 10);
        QVERIFY(due.has_value());
        const auto siem = std::find_if(due->cbegin(), due->cend(),
                                       [](const WebhookDelivery& d) { return d.endpointName == s("siem"); });
        QVERIFY(siem != due->cend());
        QVERIFY(*repo.claim(siem->id, siem->nextAttemptAt, now.addSecs(60)));
        QVERIFY(*repo.finish(siem->id, now.addSecs(60), s("failed"), 8, now, s("HTTP 500"), now));

        page.refresh();
        QCOMPARE(page.webhooksText(), s("Webhooks: 3 pending, 2 failed (1 dropped: backlog full)."));
        QCOMPARE(page.webhookErrorsText(), s("chat: dropped: backlog full\nsiem: HTTP 500"));
        QVERIFY(page.findChild<QLabel*>(s("webhookErrors"))->isVisible());
        QVERIFY(!page.findChild<QLabel*>(s("overviewError"))->isVisible());
    }
};

QTEST_MAIN(OverviewWebhooksTest)
#include "OverviewWebhooksTest.moc"
