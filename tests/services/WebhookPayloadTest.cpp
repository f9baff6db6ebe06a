// WebhookPayload: the exact JSON and Slack bodies, escaping, and what never leaves.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "WebhookPayload.h"

using namespace gatehouse;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}

WebhookEvent approvedEvent()
{
    return WebhookEvent{s("review.approved"), QDateTime(QDate(2026, 3, 10), QTime(9, 30, 15, 250), Qt::UTC),
                        s("prod-ws"),
                        QJsonObject{{s("request_id"), s("req-42")},
                                    {s("path_id"), s("iam-grant")},
                                    {s("action_type"), s("iam.role.assign")},
                                    {s("target"), s("okta:group/finance-readers")},
                                    {s("tier"), s("T3")},
                                    {s("reviewer"), s("analyst1")},
                                    {s("justification"), s("CHG-7 signed off")},
                                    {s("break_glass"), false}}};
}

QJsonObject parse(const QByteArray& body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError ? doc.object() : QJsonObject();
}
} // namespace

class WebhookPayloadTest : public QObject
{
    Q_OBJECT
private slots:
    void jsonBodyHasExactlyTheDocumentedFields()
    {
        const QJsonObject body = parse(WebhookPayload::render(s("json"), approvedEvent()));
        QCOMPARE(body.keys(), (QStringList{s("data"), s("event"), s("occurred_at"), s("workspace")}));
        QCOMPARE(body.value(s("event")).toString(), s("review.approved"));
        QCOMPARE(body.value(s("occurred_at")).toString(), s("2026-03-10T09:30:15.250Z"));
        QCOMPARE(body.value(s("workspace")).toString(), s("prod-ws"));
        QCOMPARE(body.value(s("data")).toObject(), approvedEvent().data);
    }

    void slackBodySummarisesTheDecision()
    {
        const QJsonObject body = parse(WebhookPayload::render(s("slack"), approvedEvent()));
        QCOMPARE(body.keys(), (QStringList{s("blocks"), s("text")}));
        QCOMPARE(body.value(s("text")).toString(),
                 s("T3 request approved by analyst1: iam.role.assign on okta:group/finance-readers (path "
                   "iam-grant)"));
        const QJsonArray blocks = body.value(s("blocks")).toArray();
        QCOMPARE(blocks.size(), 4);
        QCOMPARE(blocks[0].toObject().value(s("type")).toString(), s("section"));
        QCOMPARE(blocks[0].toObject().value(s("text")).toObject().value(s("type")).toString(), s("mrkdwn"));
        QCOMPARE(blocks[0].toObject().value(s("text")).toObject().value(s("text")).toString(),
                 QLatin1Char('*') + body.value(s("text")).toString() + QLatin1Char('*'));
        const QJsonArray fields = blocks[1].toObject().value(s("fields")).toArray();
        QStringList texts;
        for (const auto& f : fields)
            texts << f.toObject().value(s("text")).toString();
        QCOMPARE(texts, (QStringList{s("*Tier*\nT3"), s("*Path*\niam-grant"), s("*Action*\niam.role.assign"),
                                     s("*Target*\nokta:group/finance-readers"), s("*Reviewer*\nanalyst1")}));
        QCOMPARE(blocks[2].toObject().value(s("text")).toObject().value(s("text")).toString(),
                 s("*Justification*\nCHG-7 signed off"));
        QCOMPARE(blocks[3].toObject().value(s("type")).toString(), s("context"));
        QCOMPARE(
            blocks[3].toObject().value(s("elements")).toArray()[0].toObject().value(s("text")).toString(),
            s("request req-42 · workspace prod-ws · 2026-03-10T09:30:15.250Z"));
    }

    void headlines_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("breakGlass");
        QTest::addColumn<QString>("headline");
        const QString what = s("iam.role.assign on okta:group/finance-readers (path iam-grant)");
        QTest::newRow("opened") << s("review.opened") << false << s("T3 request awaits review: ") + what;
        QTest::newRow("approved") << s("review.approved") << false
                                  << s("T3 request approved by analyst1: ") + what;
        QTest::newRow("break-glass") << s("review.approved") << true
                                     << s("BREAK-GLASS: T3 request approved alone by analyst1: ") + what;
        QTest::newRow("rejected") << s("review.rejected") << false
                                  << s("T3 request rejected by analyst1: ") + what;
        QTest::newRow("escalated") << s("review.escalated") << false
                                   << s("T3 request escalated to managers by analyst1: ") + what;
        QTest::newRow("expired") << s("request.expired") << false
                                 << s("T3 request expired without a decision: ") + what;
        QTest::newRow("lapsed") << s("request.approval_lapsed") << false
                                << s("T3 approval lapsed unused: ") + what;
    }

    void headlines()
    {
        QFETCH(QString, type);
        QFETCH(bool, breakGlass);
        QFETCH(QString, headline);
        WebhookEvent e = approvedEvent();
        e.type = type;
        e.data.insert(s("break_glass"), breakGlass);
        QCOMPARE(WebhookPayload::headline(e), headline);
    }

    void slackEscapesUserText()
    {
        WebhookEvent e = approvedEvent();
        e.data.insert(s("justification"), s("<!channel> see <https://evil.example|the ticket> & more"));
        e.data.insert(s("target"), s("okta:group/<b>"));
        const QJsonObject body = parse(WebhookPayload::render(s("slack"), e));
        const QByteArray raw = WebhookPayload::render(s("slack"), e);
        QVERIFY(!raw.contains("<!channel>"));
        QVERIFY(!raw.contains("<https://evil"));
        QCOMPARE(
            body.value(s("blocks"))
                .toArray()[2]
                .toObject()
                .value(s("text"))
                .toObject()
                .value(s("text"))
                .toString(),
            s("*Justification*\n&lt;!channel&gt; see &lt;https://evil.example|the ticket&gt; &amp; more"));
        QVERIFY(body.value(s("text")).toString().contains(s("okta:group/&lt;b&gt;")));
        // The JSON format carries the text as it is: JSON encoding is its escaping.
        const QJsonObject json = parse(WebhookPayload::render(s("json"), e));
        QCOMPARE(json.value(s("data")).toObject().value(s("target")).toString(), s("okta:group/<b>"));
    }

    void secretsNeverLeave()
    {
        WebhookEvent e = approvedEvent();
        e.data.insert(s("token"), s("eyJhbGciOiJFZERTQSJ9.SECRET.SIG"));
        e.data.insert(s("credential_jwt"), s("SECRET2"));
        e.data.insert(s("nested"), QJsonObject{{s("api_key"), s("SECRET3")}, {s("ok"), 1}});
        for (const QString& format : {s("json"), s("slack")}) {
            const QByteArray raw = WebhookPayload::render(format, e);
            QVERIFY2(!raw.contains("SECRET"), qPrintable(format));
        }
        const QJsonObject data = parse(WebhookPayload::json(e)).value(s("data")).toObject();
        QCOMPARE(data.value(s("nested")).toObject(), (QJsonObject{{s("ok"), 1}}));
        QVERIFY(!data.contains(s("token")));
        QCOMPARE(data.value(s("request_id")).toString(), s("req-42"));
    }

    void hugeInputStaysWithinTheBound()
    {
        WebhookEvent e = approvedEvent();
        QJsonObject many;
        for (int i = 0; i < 3000; ++i)
            many.insert(QStringLiteral("k%1").arg(i), i);
        e.data.insert(s("big"), many);
        for (int i = 0; i < 200; ++i)
            e.data.insert(QStringLiteral("field%1").arg(i), QString(200, QLatin1Char('y')));
        for (const QString& format : {s("json"), s("slack")}) {
            const QByteArray raw = WebhookPayload::render(format, e);
            QVERIFY2(raw.size() <= WebhookPayload::kMaxBodyBytes, qPrintable(format));
            QVERIFY(!parse(raw).isEmpty());
        }
        const QJsonObject data = parse(WebhookPayload::render(s("json"), e)).value(s("data")).toObject();
        QCOMPARE(data, (QJsonObject{{s("request_id"), s("req-42")}, {s("truncated"), true}}));
    }
};

QTEST_GUILESS_MAIN(WebhookPayloadTest)
#include "WebhookPayloadTest.moc"
