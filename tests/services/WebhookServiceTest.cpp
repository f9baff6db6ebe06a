// WebhookService: endpoint validation and permissions, the outbox filled by review events,
// the backlog cap and the size bound.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

#include "ReviewFixture.h"
#include "WebhookPayload.h"
#include "WebhookService.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

WebhookEndpointDraft draft(const QString& name, const QString& url, const QStringList& events = {s("*")},
                           const QString& format = s("json"))
{
    WebhookEndpointDraft d;
    d.name = name;
    d.url = url;
    d.events = events;
    d.format = format;
    return d;
}

/// (endpoint name, event type) of every delivery, in insertion order.
QStringList outbox(Application& app)
{
    QSqlQuery q(app.database().connection());
    q.exec(s("SELECT e.name, d.event_type FROM webhook_deliveries d JOIN webhook_endpoints e"
             " ON e.id = d.endpoint_id ORDER BY d.id"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString();
    return out;
}

QList<AuditEvent> eventsOfType(Application& app, const QString& type)
{
    QList<AuditEvent> out;
    const auto events = app.ledger().events({});
    for (const AuditEvent& e : *events)
        if (e.type == type)
            out.append(e);
    return out;
}
} // namespace

class WebhookServiceTest : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup() { m_fx.reset(); }

    void refusesBadInput_data();
    void refusesBadInput();
    void onlyAdminsConfigure();
    void addIsAuditedWithoutTheSecretPartOfTheUrl();
    void duplicateNameIsAConflict();
    void removeDiscardsDeliveriesAndIsAudited();
    void reviewEventsGoOnlyToSubscribedEnabledEndpoints();
    void expiryIsNotified();
    void backlogCapDropsTheOldestAndCountsThem();
    void oversizedBodyIsCutNotLost();
    void redactedUrlHidesPathAndQuery();

private:
    std::unique_ptr<ReviewFixture> m_fx;
};

void WebhookServiceTest::init()
{
    m_fx = std::make_unique<ReviewFixture>();
    QVERIFY2(m_fx->isValid(), qPrintable(m_fx->error()));
}

void WebhookServiceTest::refusesBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QString>("message");
    const QString ok = s("https://hooks.example.com/services/T1/B2/x");
    const QStringList all{s("*")};
    QTest::newRow("file scheme") << s("a") << s("file:///etc/passwd") << s("json") << all
                                 << s("url: scheme must be http or https, not \"file\"");
    QTest::newRow("javascript") << s("a") << s("javascript:alert(1)") << s("json") << all
                                << s("url: scheme must be http or https, not \"javascript\"");
    QTest::newRow("ftp") << s("a") << s("ftp://example.com/x") << s("json") << all
                         << s("url: scheme must be http or https, not \"ftp\"");
    QTest::newRow("no scheme") << s("a") << s("example.com/hook") << s("json") << all
                               << s("url: scheme must be http or https, not \"(none)\"");
    QTest::newRow("no host") << s("a") << s("https:///hook") << s("json") << all << s("url: has no host");
    QTest::newRow("empty url") << s("a") << s("  ") << s("json") << all << s("url: required");
    QTest::newRow("5000 chars") << s("a") << s("https://example.com/") + QString(4980, QLatin1Char('a'))
                                << s("json") << all << s("url: longer than 2048 characters");
    QTest::newRow("credentials") << s("a") << s("https://user:pw@example.com/x") << s("json") << all
                                 << s("url: must not carry a user name or password");
    QTest::newRow("space") << s("a") << s("https://example.com/a b") << s("json") << all
                           << s("url: contains spaces or control characters");
    QTest::newRow("newline") << s("a") << s("https://example.com/a\r\nX-Evil: 1") << s("json") << all
                             << s("url: contains spaces or control characters");
    QTest::newRow("fragment") << s("a") << s("https://example.com/a#b") << s("json") << all
                              << s("url: must not have a #fragment");
    QTest::newRow("empty name") << s("") << ok << s("json") << all << s("name: must be 1 to 64 characters");
    QTest::newRow("65-char name") << QString(65, QLatin1Char('n')) << ok << s("json") << all
                                  << s("name: must be 1 to 64 characters");
    QTest::newRow("path-like name")
        << s("../etc") << ok << s("json") << all
        << s("name: use letters, digits, '.', '_' and '-' (starting with a letter or digit)");
    QTest::newRow("format") << s("a") << ok << s("xml") << all << s("format: must be json or slack");
    QTest::newRow("unknown event")
        << s("a") << ok << s("json") << QStringList{s("review.opened"), s("review.deleted")}
        << s("events: unknown event type \"review.deleted\" (known: review.opened, review.approved, "
             "review.rejected, review.escalated, request.expired, request.approval_lapsed, or *)");
    QTest::newRow("no events") << s("a") << ok << s("json") << QStringList{}
                               << s("events: choose at least one event type, or *");
}

void WebhookServiceTest::refusesBadInput()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, format);
    QFETCH(QStringList, events);
    QFETCH(QString, message);
    auto& app = m_fx->app();
    auto added = app.webhooks().add(m_fx->ws().admin(), draft(name, url, events, format));
    QVERIFY(!added.has_value());
    QCOMPARE(added.error().code, ErrorCode::InvalidInput);
    QCOMPARE(added.error().message, message);
    QCOMPARE(app.webhooks().endpoints(m_fx->ws().admin())->size(), 0);
    QCOMPARE(eventsOfType(app, s("webhook.added")).size(), 0);
}

void WebhookServiceTest::onlyAdminsConfigure()
{
    auto& app = m_fx->app();
    auto added =
        app.webhooks().add(m_fx->session(s("analyst1")), draft(s("ops"), s("https://example.com/h")));
    QVERIFY(!added.has_value());
    QCOMPARE(added.error().code, ErrorCode::PermissionDenied);
    QVERIFY2(added.error().message.contains(s("add a webhook")), qPrintable(added.error().message));
    QCOMPARE(app.webhooks().endpoints(m_fx->ws().admin())->size(), 0);

    QVERIFY(app.webhooks().add(m_fx->ws().admin(), draft(s("ops"), s("https://example.com/h"))).has_value());
    const auto removed = app.webhooks().remove(m_fx->session(s("manager1")), s("ops"));
    QVERIFY(!removed.has_value());
    QCOMPARE(removed.error().code, ErrorCode::PermissionDenied);
    const auto disabled = app.webhooks().setEnabled(m_fx->session(s("analyst1")), s("ops"), false);
    QCOMPARE(disabled.error().code, ErrorCode::PermissionDenied);
    // Reading is open to every operator with a role.
    auto list = app.webhooks().endpoints(m_fx->session(s("analyst1")));
    QVERIFY(list.has_value());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().enabled, true);
}

void WebhookServiceTest::addIsAuditedWithoutTheSecretPartOfTheUrl()
{
    auto& app = m_fx->app();
    auto added = app.webhooks().add(
        m_fx->ws().admin(),
        draft(s(" slack-secops "), s("https://hooks.slack.com/services/T000/B000/XXXXSECRET"),
              {s("review.opened"), s("review.opened"), s("review.escalated")}, s("SLACK")));
    QVERIFY2(added.has_value(), added ? "" : qPrintable(added.error().message));
    QCOMPARE(added->name, s("slack-secops"));
    QCOMPARE(added->format, s("slack"));
    QCOMPARE(added->events, (QStringList{s("review.opened"), s("review.escalated")}));
    QCOMPARE(added->createdBy, s("admin"));
    QCOMPARE(added->createdAt, m_fx->ws().clock().now());

    const auto events = eventsOfType(app, s("webhook.added"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].actor, s("operator:admin"));
    QCOMPARE(events[0].subject, s("webhook:slack-secops"));
    QCOMPARE(events[0].payload.value(s("url")).toString(), s("https://hooks.slack.com/\u2026"));
    QCOMPARE(events[0].payload.value(s("format")).toString(), s("slack"));
    const QByteArray whole = QJsonDocument(events[0].payload).toJson();
    QVERIFY(!whole.contains("XXXXSECRET"));

    // "*" swallows the others.
    auto star = app.webhooks().add(
        m_fx->ws().admin(), draft(s("all"), s("http://10.0.0.5:8080/in"), {s("review.opened"), s("*")}));
    QVERIFY(star.has_value());
    QCOMPARE(star->events, QStringList{s("*")});
    QCOMPARE(star->format, s("json"));
}

void WebhookServiceTest::duplicateNameIsAConflict()
{
    auto& app = m_fx->app();
    QVERIFY(app.webhooks().add(m_fx->ws().admin(), draft(s("ops"), s("https://a.example/h"))).has_value());
    auto again = app.webhooks().add(m_fx->ws().admin(), draft(s("ops"), s("https://b.example/h")));
    QVERIFY(!again.has_value());
    QCOMPARE(again.error().code, ErrorCode::Conflict);
    QCOMPARE(again.error().message, s("name: a webhook named \"ops\" already exists"));
    QCOMPARE(app.webhooks().endpoints(m_fx->ws().admin())->first().url, s("https://a.example/h"));
}

void WebhookServiceTest::removeDiscardsDeliveriesAndIsAudited()
{
    auto& app = m_fx->app();
    QVERIFY(app.webhooks().add(m_fx->ws().admin(), draft(s("ops"), s("https://a.example/h"))).has_value());
    QVERIFY(!m_fx->submit().isEmpty());
    QVERIFY(!m_fx->submit().isEmpty());
    QCOMPARE(outbox(app).size(), 2);

    auto missing = app.webhooks().remove(m_fx->ws().admin(), s("nope"));
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QCOMPARE(missing.error().message, s("no webhook named \"nope\""));

    QVERIFY(app.webhooks().remove(m_fx->ws().admin(), s("ops")).has_value());
    QCOMPARE(outbox(app).size(), 0);
    QCOMPARE(app.webhooks().endpoints(m_fx->ws().admin())->size(), 0);
    const auto events = eventsOfType(app, s("webhook.removed"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].payload.value(s("pending_discarded")).toInteger(), 2);
    QVERIFY(app.ledger().verify()->fullyIntact());
}

void WebhookServiceTest::reviewEventsGoOnlyToSubscribedEnabledEndpoints()
{
    auto& app = m_fx->app();
    const OperatorSession admin = m_fx->ws().admin();
    QVERIFY(app.webhooks()
                .add(admin, draft(s("decisions"), s("https://a.example/h"),
                                  {s("review.approved"), s("review.rejected")}))
                .has_value());
    QVERIFY(app.webhooks().add(admin, draft(s("everything"), s("https://b.example/h"))).has_value());
    QVERIFY(app.webhooks().add(admin, draft(s("muted"), s("https://c.example/h"))).has_value());
    QVERIFY(app.webhooks().setEnabled(admin, s("muted"), false).has_value());
    QVERIFY(app.webhooks()
                .add(admin, draft(s("chat"), s("https://d.example/h"), {s("review.opened")}, s("slack")))
                .has_value());
    QCOMPARE(eventsOfType(app, s("webhook.disabled")).size(), 1);

    const QString t3 = m_fx->submit();
    QVERIFY(!t3.isEmpty());
    QCOMPARE(outbox(app), (QStringList{s("chat review.opened"), s("everything review.opened")}));
    // T1 requests are not announced.
    QVERIFY(!m_fx->submit(s("soc-isolate"), s("edr:host/web-01")).isEmpty());
    QCOMPARE(outbox(app).size(), 2);

    auto approved = app.review().approve(m_fx->session(s("analyst1")), t3, s("CHG-7 signed off"),
                                         m_fx->key(s("analyst1")));
    QVERIFY2(approved.has_value(), approved ? "" : qPrintable(approved.error().message));
    QCOMPARE(outbox(app), (QStringList{s("chat review.opened"), s("everything review.opened"),
                                       s("decisions review.approved"), s("everything review.approved")}));

    // The stored body is the exact JSON to POST, in the endpoint's format.
    QSqlQuery q(app.database().connection());
    q.exec(s("SELECT body, state, attempts FROM webhook_deliveries ORDER BY id"));
    QVERIFY(q.next());
    const QJsonObject slack = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    QVERIFY(slack.contains(s("blocks")));
    QCOMPARE(q.value(1).toString(), s("pending"));
    QCOMPARE(q.value(2).toInt(), 0);
    QVERIFY(q.next());
    QVERIFY(q.next());
    const QJsonObject json = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    QCOMPARE(json.value(s("event")).toString(), s("review.approved"));
    QCOMPARE(json.value(s("data")).toObject().value(s("request_id")).toString(), t3);
    QCOMPARE(json.value(s("data")).toObject().value(s("reviewer")).toString(), s("analyst1"));
    QCOMPARE(json.value(s("data")).toObject().value(s("justification")).toString(), s("CHG-7 signed off"));
    QCOMPARE(json.value(s("workspace")).toString(), QDir(m_fx->ws().directory()).dirName());

    auto health = app.webhooks().health();
    QVERIFY(health.has_value());
    QCOMPARE(health->pending, 4);
    QCOMPARE(health->failed, 0);
    QCOMPARE(health->endpoints.size(), 4);
    QCOMPARE(health->endpoints[0].name, s("chat"));
    QCOMPARE(health->endpoints[0].pending, 1);
    QCOMPARE(health->endpoints[2].name, s("everything"));
    QCOMPARE(health->endpoints[2].pending, 2);
    QCOMPARE(health->endpoints[3].name, s("muted"));
    QCOMPARE(health->endpoints[3].enabled, false);
}

void WebhookServiceTest::expiryIsNotified()
{
    auto& app = m_fx->app();
    QVERIFY(app.webhooks()
                .add(m_fx->ws().admin(), draft(s("ops"), s("https://a.example/h"), {s("request.expired")}))
                .has_value());
    m_fx->setRequirement(1, {s("analyst")}, 600);
    const QString id = m_fx->submit();
    QCOMPARE(outbox(app).size(), 0);
    m_fx->ws().clock().advanceSeconds(601);
    auto swept = app.review().sweep();
    QVERIFY(swept.has_value());
    QCOMPARE(*swept, 1);
    QCOMPARE(outbox(app), QStringList{s("ops request.expired")});
    auto rows = app.webhooks().deliveries(m_fx->ws().admin(), false);
    QCOMPARE(rows->size(), 1);
    const QJsonObject body = QJsonDocument::fromJson(rows->first().body.toUtf8()).object();
    QCOMPARE(body.value(s("data")).toObject().value(s("request_id")).toString(), id);
    QCOMPARE(body.value(s("occurred_at")).toString(), s("2026-03-10T09:10:01.000Z"));
}

void WebhookServiceTest::backlogCapDropsTheOldestAndCountsThem()
{
    auto& app = m_fx->app();
    app.webhooks().setSettings({3});
    QVERIFY(app.webhooks().add(m_fx->ws().admin(), draft(s("dead"), s("https://a.example/h"))).has_value());
    QVERIFY(app.webhooks()
                .add(m_fx->ws().admin(), draft(s("other"), s("https://b.example/h"), {s("review.rejected")}))
                .has_value());
    for (int i = 0; i < 5; ++i)
        QVERIFY(app.webhooks()
                    .enqueue(s("review.opened"), QJsonObject{{s("request_id"), QStringLiteral("r%1").arg(i)}})
                    .has_value());
    QSqlQuery q(app.database().connection());
    q.exec(s("SELECT state, last_error, body FROM webhook_deliveries ORDER BY id"));
    QStringList states;
    while (q.next()) {
        const QString rid = QJsonDocument::fromJson(q.value(2).toString().toUtf8())
                                .object()
                                .value(s("data"))
                                .toObject()
                                .value(s("request_id"))
                                .toString();
        states << rid + QLatin1Char(' ') + q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString();
    }
    QCOMPARE(states, (QStringList{s("r0 failed dropped: backlog full"), s("r1 failed dropped: backlog full"),
                                  s("r2 pending "), s("r3 pending "), s("r4 pending ")}));
    auto health = app.webhooks().health();
    QCOMPARE(health->pending, 3);
    QCOMPARE(health->failed, 2);
    QCOMPARE(health->dropped, 2);
    QCOMPARE(health->endpoints[0].name, s("dead"));
    QCOMPARE(health->endpoints[0].dropped, 2);
    QCOMPARE(health->endpoints[0].lastError, s("dropped: backlog full"));
    QCOMPARE(health->endpoints[1].dropped, 0);
    QCOMPARE(health->endpoints[1].lastError, QString());
}

void WebhookServiceTest::oversizedBodyIsCutNotLost()
{
    auto& app = m_fx->app();
    QVERIFY(app.webhooks().add(m_fx->ws().admin(), draft(s("j"), s("https://a.example/h"))).has_value());
    QVERIFY(app.webhooks()
                .add(m_fx->ws().admin(), draft(s("s"), s("https://b.example/h"), {s("*")}, s("slack")))
                .has_value());
    const QString huge(40000, QLatin1Char('x'));
    QVERIFY(app.webhooks()
                .enqueue(s("review.rejected"), QJsonObject{{s("request_id"), s("req-1")},
                                                           {s("justification"), huge},
                                                           {s("reviewer"), s("analyst1")}})
                .has_value());
    auto rows = app.webhooks().deliveries(m_fx->ws().admin(), false);
    QCOMPARE(rows->size(), 2);
    for (const WebhookDelivery& d : std::as_const(*rows)) {
        QVERIFY2(d.body.toUtf8().size() <= WebhookPayload::kMaxBodyBytes, qPrintable(d.endpointName));
        QVERIFY(!QJsonDocument::fromJson(d.body.toUtf8()).isNull());
    }
    const WebhookDelivery& json = rows->at(1); // newest first: "s" then "j"
    QCOMPARE(json.endpointName, s("j"));
    const QJsonObject data = QJsonDocument::fromJson(json.body.toUtf8()).object().value(s("data")).toObject();
    QCOMPARE(data.value(s("truncated")).toBool(), true);
    QCOMPARE(data.value(s("justification")).toString().size(), WebhookPayload::kShortText + 1);
    QCOMPARE(data.value(s("request_id")).toString(), s("req-1"));
    QCOMPARE(data.value(s("reviewer")).toString(), s("analyst1"));
}

void WebhookServiceTest::redactedUrlHidesPathAndQuery()
{
    QCOMPARE(WebhookService::redactedUrl(s("https://hooks.slack.com/services/T/B/secret")),
             s("https://hooks.slack.com/\u2026"));
    QCOMPARE(WebhookService::redactedUrl(s("http://127.0.0.1:8080/?k=v")), s("http://127.0.0.1:8080/\u2026"));
    QCOMPARE(WebhookService::redactedUrl(s("https://example.com")), s("https://example.com/"));
    QCOMPARE(WebhookService::redactedUrl(s("https://example.com/")), s("https://example.com/"));
}

QTEST_GUILESS_MAIN(WebhookServiceTest)
#include "WebhookServiceTest.moc"
