#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

#include "AuditEventTableModel.h"
#include "AuditTimelinePage.h"
#include "FakeUserInteraction.h"
#include "ViewTestSupport.h"
#include "WriteTransaction.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

const QStringList kActors{QStringLiteral("Отчёт агента №1"),
                          QStringLiteral("agent \"alpha\""),
                          QStringLiteral("role:admin"),
                          QStringLiteral("a-b"),
                          QStringLiteral("NOT"),
                          QStringLiteral("x*"),
                          QStringLiteral("(test)")};

void appendEvent(TestWorkspace& ws, const QString& actor, const QString& subject,
                 const QJsonObject& payload = {})
{
    WriteTransaction tx(ws.app().database().connection());
    QVERIFY(tx.begun().has_value());
    // A fixed correlation id: a random UUID could itself contain a needle such as "a-b".
    auto ev = ws.app().ledger().append(
        {QStringLiteral("test.event"), actor, subject, QStringLiteral("corr-fixed"), payload});
    QVERIFY2(ev.has_value(), qPrintable(ev ? QString() : ev.error().message));
    QVERIFY(tx.commit().has_value());
}

void collectValues(const QJsonValue& v, QStringList& out)
{
    if (v.isString())
        out << v.toString();
    else if (v.isDouble())
        out << QString::number(v.toDouble());
    else if (v.isBool())
        out << (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    else if (v.isArray())
        for (const auto& item : v.toArray())
            collectValues(item, out);
    else if (v.isObject())
        for (const auto& item : v.toObject())
            collectValues(item, out);
}

/// What a literal, case-insensitive filter must return: computed from the whole ledger.
QList<qint64> expectedSeqs(TestWorkspace& ws, const QString& text)
{
    QList<qint64> out;
    auto all = ws.app().ledger().events(AuditQuery{});
    for (const AuditEvent& e : std::as_const(*all)) {
        // Type, actor, subject, correlation id and the payload's values (not its key names).
        QStringList values;
        collectValues(e.payload, values);
        const QString hay =
            QStringList{e.type, e.actor, e.subject, e.correlationId, values.join(QLatin1Char('\n'))}.join(
                QLatin1Char('\n'));
        if (hay.contains(text, Qt::CaseInsensitive))
            out << e.seq;
    }
    return out;
}

QList<qint64> shownSeqs(const AuditTimelinePage& page)
{
    QList<qint64> out;
    const QAbstractItemModel* model = page.tableView()->model();
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, AuditEventTableModel::SeqColumn)
                   .data(AuditEventTableModel::SortRole)
                   .toLongLong();
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class AuditTimelinePageTest : public QObject
{
    Q_OBJECT

private slots:
    void literalFilterFindsExactlyTheMatchingEvents_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("mine"); // how many of the appended events must match
        for (const QString& actor : kActors)
            QTest::newRow(actor.toUtf8().constData()) << actor << 1;
        QTest::newRow("cyrillic lower case") << QStringLiteral("отчёт") << 1;
        QTest::newRow("unmatched quote") << QStringLiteral("\"alpha") << 1;
        QTest::newRow("sql wildcard percent") << QStringLiteral("%") << 0;
        QTest::newRow("sql wildcard underscore") << QStringLiteral("_") << 0;
        QTest::newRow("fts syntax") << QStringLiteral("alpha OR beta") << 0;
        QTest::newRow("quote injection") << QStringLiteral("' OR 1=1 --") << 0;
        QTest::newRow("nothing") << QStringLiteral("zzz-nothing-zzz") << 0;
    }

    void literalFilterFindsExactlyTheMatchingEvents()
    {
        QFETCH(QString, text);
        QFETCH(int, mine);
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        for (int i = 0; i < kActors.size(); ++i)
            appendEvent(ws, kActors.at(i), QStringLiteral("resource:%1").arg(i));

        AuditTimelinePage page(consoleServices(ws));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        const int total = page.eventModel()->rowCount();
        QVERIFY(total >= kActors.size());

        // Typed into the real field; the query runs after the typing pause.
        typeText(page.filterEdit(), text);
        QCOMPARE(page.filterEdit()->text(), text);
        const QList<qint64> expected = expectedSeqs(ws, text);
        QTRY_COMPARE(shownSeqs(page), expected);
        QCOMPARE(page.errorText(), QString());

        int mineShown = 0;
        for (int r = 0; r < page.eventModel()->rowCount(); ++r) {
            if (page.eventModel()->eventAt(r).type == QLatin1String("test.event"))
                ++mineShown;
        }
        QCOMPARE(mineShown, mine);

        page.setFilterText(QString());
        QCOMPARE(page.eventModel()->rowCount(), total);
    }

    void selectedEventShowsPayloadAndHashes()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        appendEvent(ws, QStringLiteral("operator:admin"), QStringLiteral("path:p1"),
                    QJsonObject{{QStringLiteral("reason"), QStringLiteral("model drift")}});
        AuditTimelinePage page(consoleServices(ws));
        page.refresh();
        QVERIFY(page.payloadView()->toPlainText().isEmpty());

        // Newest first by default.
        QCOMPARE(page.tableView()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
        const QModelIndex top = page.tableView()->model()->index(0, 0);
        const qint64 seq = top.data(AuditEventTableModel::SortRole).toLongLong();
        const AuditEvent& event = page.eventModel()->eventAt(page.eventModel()->rowOf(seq));
        QCOMPARE(event.type, QStringLiteral("test.event"));
        page.tableView()->setCurrentIndex(top);
        const QString text = page.payloadView()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("\"reason\": \"model drift\"")), qPrintable(text));
        QVERIFY(text.contains(QString::fromLatin1(event.hash.toHex())));
        QVERIFY(text.contains(QString::fromLatin1(event.prevHash.toHex())));
        QVERIFY(text.contains(QStringLiteral("Subject: path:p1")));

        // The selection survives a refresh.
        page.refresh();
        QVERIFY(page.payloadView()->toPlainText().contains(QStringLiteral("model drift")));
    }

    void timeColumnIsUtcWithMilliseconds()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        ws.clock().set(QDateTime(QDate(2026, 3, 10), QTime(9, 15, 30, 123), Qt::UTC));
        appendEvent(ws, QStringLiteral("system"), QStringLiteral("x"));
        AuditTimelinePage page(consoleServices(ws));
        page.refresh();
        QAbstractItemModelTester tester(page.tableView()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int row = static_cast<int>(page.eventModel()->events().size()) - 1;
        QCOMPARE(page.eventModel()->index(row, AuditEventTableModel::TimeColumn).data().toString(),
                 QStringLiteral("2026-03-10 09:15:30.123"));
    }
};

QTEST_MAIN(AuditTimelinePageTest)
#include "AuditTimelinePageTest.moc"
