// WebhookDispatcher against a loopback HTTP endpoint: delivered once, retried with growing
// delays on the fake clock, failed after the last attempt, and a stalled endpoint that never
// holds up a review decision (FIELD-CASES 7).

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include "ReviewFixture.h"
#include "WebhookDispatcher.h"
#include "WebhookReceiver.h"
#include "WebhookService.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

std::optional<WebhookDelivery> row(Application& app, qint64 id)
{
    auto d = WebhookRepository(app.database().connection()).delivery(id);
    return d ? *d : std::nullopt;
}

WebhookDispatchSettings fastSettings()
{
    WebhookDispatchSettings settings;
    settings.timeoutMs = 3000;
    settings.maxAttempts = 4;
    return settings;
}
} // namespace

class WebhookDispatcherTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_fx.reset(); }

    void deliveredExactlyOnceEvenWithTwoDispatchers();
    void claimIsAtomic();
    void serverErrorIsRetriedWithGrowingDelaysThenFails();
    void redirectIsNotFollowed();
    void backoffIsCappedAndJittered();
    void stalledEndpointNeverBlocksAReview();

private:
    void addEndpoint(const QString& url, const QStringList& events = {QStringLiteral("*")});
    std::unique_ptr<ReviewFixture> m_fx;
};

void WebhookDispatcherTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void WebhookDispatcherTest::addEndpoint(const QString& url, const QStringList& events)
{
    WebhookEndpointDraft d;
    d.name = s("receiver");
    d.url = url;
    d.events = events;
    auto added = m_fx->app().webhooks().add(m_fx->ws().admin(), d);
    QVERIFY2(added.has_value(), added ? "" : qPrintable(added.error().message));
}

void WebhookDispatcherTest::deliveredExactlyOnceEvenWithTwoDispatchers()
{
    WebhookReceiver receiver(204);
    QVERIFY(receiver.isListening());
    addEndpoint(receiver.url());
    Application& app = m_fx->app();
    const QString requestId = m_fx->submit();
    auto queued = app.webhooks().deliveries(m_fx->ws().admin(), false);
    QCOMPARE(queued->size(), 1);
    const WebhookDelivery stored = queued->first();

    // A second process's dispatcher: its own connection to the same file.
    auto otherDb = Database::open(app.database().file());
    QVERIFY(otherDb.has_value());
    WebhookDispatcher console(app.database(), m_fx->ws().clock(), fastSettings());
    WebhookDispatcher daemon(**otherDb, m_fx->ws().clock(), fastSettings());
    QSignalSpy finished(&console, &WebhookDispatcher::attemptFinished);
    QCOMPARE(console.dispatchDue() + daemon.dispatchDue(), 1);
    QCOMPARE(console.inFlight(), 1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(0).toLongLong(), stored.id);
    QCOMPARE(finished.first().at(1).toString(), s("delivered"));

    QCOMPARE(receiver.requests().size(), 1);
    const ReceivedRequest& got = receiver.requests().first();
    QCOMPARE(got.requestLine, QByteArrayLiteral("POST /hook HTTP/1.1"));
    QCOMPARE(got.headers.value("content-type"), QByteArrayLiteral("application/json"));
    QCOMPARE(got.headers.value("x-gatehouse-event"), QByteArrayLiteral("review.opened"));
    QCOMPARE(got.headers.value("x-gatehouse-delivery"), QByteArray::number(stored.id));
    QCOMPARE(got.body, stored.body.toUtf8());
    QCOMPARE(QJsonDocument::fromJson(got.body)
                 .object()
                 .value(s("data"))
                 .toObject()
                 .value(s("request_id"))
                 .toString(),
             requestId);

    const auto after = row(app, stored.id);
    QCOMPARE(after->state, s("delivered"));
    QCOMPARE(after->attempts, 0);
    QCOMPARE(after->deliveredAt, m_fx->ws().clock().now());
    QCOMPARE(after->lastError, QString());

    // Nothing is sent again, by either dispatcher, however much time passes.
    m_fx->ws().clock().advanceSeconds(7200);
    QCOMPARE(console.dispatchDue(), 0);
    QCOMPARE(daemon.dispatchDue(), 0);
    QTest::qWait(100);
    QCOMPARE(receiver.requests().size(), 1);
    QCOMPARE(app.webhooks().health()->pending, 0);
}

void WebhookDispatcherTest::claimIsAtomic()
{
    addEndpoint(s("http://127.0.0.1:9/unused"));
    Application& app = m_fx->app();
    QVERIFY(app.webhooks().enqueue(s("review.opened"), QJsonObject{{s("request_id"), s("r1")}}).has_value());
    auto otherDb = Database::open(app.database().file());
    QVERIFY(otherDb.has_value());
    const QDateTime now = m_fx->ws().clock().now();
    // Both read the row before either claims it: only one claim can win.
    WebhookRepository a(app.database().connection());
    WebhookRepository b((*otherDb)->connection());
    auto seenA = a.due(now, 10);
    auto seenB = b.due(now, 10);
    QCOMPARE(seenA->size(), 1);
    QCOMPARE(seenB->size(), 1);
    QCOMPARE(*a.claim(seenA->first().id, seenA->first().nextAttemptAt, now.addSecs(60)), true);
    QCOMPARE(*b.claim(seenB->first().id, seenB->first().nextAttemptAt, now.addSecs(61)), false);
    // The claimed row is not due again until its lease runs out.
    QCOMPARE(b.due(now.addSecs(59), 10)->size(), 0);
    QCOMPARE(b.due(now.addSecs(60), 10)->size(), 1);
}

void WebhookDispatcherTest::serverErrorIsRetriedWithGrowingDelaysThenFails()
{
    WebhookReceiver receiver(500);
    addEndpoint(receiver.url());
    Application& app = m_fx->app();
    FakeClock& clock = m_fx->ws().clock();
    QVERIFY(
        app.webhooks().enqueue(s("review.rejected"), QJsonObject{{s("request_id"), s("r1")}}).has_value());
    const qint64 id = app.webhooks().deliveries(m_fx->ws().admin(), false)->first().id;

    WebhookDispatcher dispatcher(app.database(), clock, fastSettings());
    dispatcher.setRandom([] { return 0.0; });
    QSignalSpy finished(&dispatcher, &WebhookDispatcher::attemptFinished);
    const QList<qint64> delays{5, 10, 20};
    for (int attempt = 1; attempt <= 3; ++attempt) {
        QCOMPARE(dispatcher.dispatchDue(), 1);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.takeFirst().at(1).toString(), s("pending"));
        const auto r = row(app, id);
        QCOMPARE(r->state, s("pending"));
        QCOMPARE(r->attempts, attempt);
        QCOMPARE(r->lastError, s("HTTP 500"));
        const qint64 delay = delays[attempt - 1];
        QCOMPARE(clock.now().secsTo(r->nextAttemptAt), delay);
        // Not before its time.
        clock.advanceSeconds(delay - 1);
        QCOMPARE(dispatcher.dispatchDue(), 0);
        clock.advanceSeconds(1);
    }
    QCOMPARE(dispatcher.dispatchDue(), 1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(1).toString(), s("failed"));
    QCOMPARE(finished.first().at(2).toString(), s("HTTP 500"));
    const auto r = row(app, id);
    QCOMPARE(r->state, s("failed"));
    QCOMPARE(r->attempts, 4);
    QCOMPARE(receiver.requests().size(), 4);
    clock.advanceSeconds(86400);
    QCOMPARE(dispatcher.dispatchDue(), 0);

    auto health = app.webhooks().health();
    QCOMPARE(health->failed, 1);
    QCOMPARE(health->dropped, 0);
    QCOMPARE(health->endpoints.first().lastError, s("HTTP 500"));
    auto failedOnly = app.webhooks().deliveries(m_fx->ws().admin(), true);
    QCOMPARE(failedOnly->size(), 1);
    QCOMPARE(failedOnly->first().id, id);
}

void WebhookDispatcherTest::redirectIsNotFollowed()
{
    WebhookReceiver receiver(302);
    addEndpoint(receiver.url());
    Application& app = m_fx->app();
    QVERIFY(app.webhooks().enqueue(s("review.opened"), QJsonObject{{s("request_id"), s("r1")}}).has_value());
    WebhookDispatcher dispatcher(app.database(), m_fx->ws().clock(), fastSettings());
    QSignalSpy finished(&dispatcher, &WebhookDispatcher::attemptFinished);
    QCOMPARE(dispatcher.dispatchDue(), 1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().at(1).toString(), s("pending"));
    QCOMPARE(finished.first().at(2).toString(), s("HTTP 302"));
}

void WebhookDispatcherTest::backoffIsCappedAndJittered()
{
    const WebhookDispatchSettings settings;
    QCOMPARE(WebhookDispatcher::backoffSeconds(1, settings), 5);
    QCOMPARE(WebhookDispatcher::backoffSeconds(2, settings), 10);
    QCOMPARE(WebhookDispatcher::backoffSeconds(7, settings), 320);
    QCOMPARE(WebhookDispatcher::backoffSeconds(10, settings), 2560);
    QCOMPARE(WebhookDispatcher::backoffSeconds(11, settings), 3600);
    QCOMPARE(WebhookDispatcher::backoffSeconds(1000, settings), 3600);

    // Jitter adds up to 20 %: with the random source at 0.5, a capped delay grows by 10 %.
    WebhookReceiver receiver(503);
    addEndpoint(receiver.url());
    Application& app = m_fx->app();
    QVERIFY(app.webhooks().enqueue(s("review.opened"), QJsonObject{{s("request_id"), s("r1")}}).has_value());
    QSqlQuery q(app.database().connection());
    QVERIFY(q.exec(s("UPDATE webhook_deliveries SET attempts = 11")));
    WebhookDispatchSettings many = fastSettings();
    many.maxAttempts = 20;
    WebhookDispatcher dispatcher(app.database(), m_fx->ws().clock(), many);
    dispatcher.setRandom([] { return 0.5; });
    QSignalSpy finished(&dispatcher, &WebhookDispatcher::attemptFinished);
    QCOMPARE(dispatcher.dispatchDue(), 1);
    QVERIFY(finished.wait(5000));
    const auto r = WebhookRepository(app.database().connection()).deliveries(false, {}, 1);
    QCOMPARE(r->first().attempts, 12);
    QCOMPARE(m_fx->ws().clock().now().msecsTo(r->first().nextAttemptAt), qint64(3960000));
}

void WebhookDispatcherTest::stalledEndpointNeverBlocksAReview()
{
    WebhookReceiver stalled(0); // reads the POST, never answers
    addEndpoint(stalled.url());
    Application& app = m_fx->app();
    const QString first = m_fx->submit();
    const QString second = m_fx->submit(s("iam-grant"), s("okta:group/payroll"));
    QCOMPARE(app.webhooks().health()->pending, 2);

    WebhookDispatchSettings settings = fastSettings();
    settings.timeoutMs = 1500;
    settings.maxInFlight = 1;
    WebhookDispatcher dispatcher(app.database(), m_fx->ws().clock(), settings);
    QSignalSpy finished(&dispatcher, &WebhookDispatcher::attemptFinished);
    QCOMPARE(dispatcher.dispatchDue(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(stalled.requests().size(), 1, 2000); // the POST is in flight, unanswered
    QCOMPARE(dispatcher.inFlight(), 1);
    QCOMPARE(dispatcher.dispatchDue(), 0); // at most maxInFlight: the stall does not pile up sockets

    // Reviews decide at normal speed while the endpoint hangs: they only write the outbox.
    QElapsedTimer timer;
    timer.start();
    auto approved = app.review().approve(m_fx->session(s("analyst1")), first, s("CHG-9 verified"),
                                         m_fx->key(s("analyst1")));
    auto rejected = app.review().reject(m_fx->session(s("analyst2")), second, s("not on the change calendar"),
                                        m_fx->key(s("analyst2")));
    const qint64 decided = timer.elapsed();
    QVERIFY2(approved.has_value(), approved ? "" : qPrintable(approved.error().message));
    QVERIFY2(rejected.has_value(), rejected ? "" : qPrintable(rejected.error().message));
    QCOMPARE(approved->status, ActionStatus::Approved);
    QCOMPARE(rejected->status, ActionStatus::Rejected);
    QVERIFY2(decided < 1000, qPrintable(QString::number(decided)));
    QVERIFY(finished.isEmpty()); // the stalled POST is still waiting
    QCOMPARE(app.webhooks().health()->pending, 4);

    // The stalled POST ends at its timeout, counted as a failed attempt to retry later.
    QVERIFY(finished.wait(5000));
    QVERIFY2(timer.elapsed() >= 1000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(finished.first().at(1).toString(), s("pending"));
    QCOMPARE(finished.first().at(2).toString(), s("timed out after 1500 ms"));
    auto health = app.webhooks().health();
    QCOMPARE(health->pending, 4);
    QCOMPARE(health->endpoints.first().lastError, s("timed out after 1500 ms"));
}

QTEST_GUILESS_MAIN(WebhookDispatcherTest)
#include "WebhookDispatcherTest.moc"
