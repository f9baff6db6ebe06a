#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include "AuditLedger.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "TestWorkspace.h"
#include "WriteTransaction.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

void appendEvents(TestWorkspace& ws, int count)
{
    const qint64 start = *ws.app().ledger().count();
    for (int i = 1; i <= count; ++i) {
        WriteTransaction tx(ws.app().database().connection());
        QVERIFY(tx.begun().has_value());
        auto ev = ws.app().ledger().append(
            {QStringLiteral("test.event"),
             QStringLiteral("operator:alice"),
             QStringLiteral("path:p%1").arg(i),
             {},
             QJsonObject{{QStringLiteral("n"), i},
                         {QStringLiteral("note"), QStringLiteral("alpha-%1").arg(i)}}});
        QVERIFY(ev.has_value());
        QCOMPARE(ev->seq, start + i);
        QVERIFY(tx.commit().has_value());
        ws.clock().advanceMs(1500);
    }
}

/// Tampers with the closed workspace database as someone with file access would.
void tamper(const QString& dir, const QStringList& statements)
{
    const QString name = QStringLiteral("tamper");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dir + QStringLiteral("/gatehouse.db"));
        QVERIFY(db.open());
        for (const auto& sql : statements) {
            QSqlQuery q(db);
            QVERIFY2(q.exec(sql), qPrintable(sql + QStringLiteral(": ") + q.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

class AuditLedgerTest : public QObject
{
    Q_OBJECT
private slots:
    void chainFollowsTheDocumentedFormula()
    {
        TestWorkspace ws(false);
        QVERIFY(ws.isValid());
        appendEvents(ws, 3);
        auto events = ws.app().ledger().events({});
        QVERIFY(events.has_value());
        QCOMPARE(events->size(), 3);
        QByteArray prev(32, '\0');
        for (const AuditEvent& e : *events) {
            QCOMPARE(e.prevHash, prev);
            const QByteArray canonical = AuditLedger::canonicalEvent(e);
            // Independent construction of the RFC 8785 form of the event.
            const QJsonObject asObject{{QStringLiteral("seq"), e.seq},
                                       {QStringLiteral("timestamp"), e.timestamp.toString(Qt::ISODateWithMs)},
                                       {QStringLiteral("type"), e.type},
                                       {QStringLiteral("actor"), e.actor},
                                       {QStringLiteral("subject"), e.subject},
                                       {QStringLiteral("correlation_id"), e.correlationId},
                                       {QStringLiteral("payload"), e.payload}};
            QCOMPARE(canonical, CanonicalJson::serialize(asObject));
            QCOMPARE(e.hash, CryptoPrimitives::sha256(prev + canonical));
            prev = e.hash;
        }
        QCOMPARE(events->first().timestamp, QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC));
        QVERIFY(!events->first().correlationId.isEmpty());
    }

    void verifyReportsIntactLedger()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 25);
        auto v = ws.app().ledger().verify();
        QVERIFY(v.has_value());
        QVERIFY(v->intact());
        QCOMPARE(v->eventCount, 25);
        QCOMPARE(v->lastSeq, 25);
        QCOMPARE(v->damage, LedgerDamage::None);
        QCOMPARE(v->headHash, ws.app().ledger().events({})->last().hash);
    }

    void emptyLedgerIsIntact()
    {
        TestWorkspace ws(false);
        auto v = ws.app().ledger().verify();
        QVERIFY(v.has_value());
        QVERIFY(v->intact());
        QCOMPARE(v->eventCount, 0);
        QVERIFY(v->headHash.isEmpty());
    }

    void triggersRefuseUpdateAndDelete()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 2);
        QSqlQuery q(ws.app().database().connection());
        QVERIFY(!q.exec(QStringLiteral("UPDATE audit_ledger SET payload = '{}' WHERE seq = 1")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("append-only")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_ledger WHERE seq = 2")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("append-only")));
        QCOMPARE(*ws.app().ledger().count(), 2);
    }

    void detectsTampering_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<int>("damage");
        QTest::addColumn<qint64>("firstBadSeq");

        QTest::newRow("one byte of a payload changed")
            << QStringList{QStringLiteral("DROP TRIGGER audit_ledger_no_update"),
                           QStringLiteral(
                               "UPDATE audit_ledger SET payload = replace(payload, 'alpha-7', 'alpha-8') "
                               "WHERE seq = 7")}
            << int(LedgerDamage::Modified) << qint64(7);
        QTest::newRow("actor rewritten")
            << QStringList{QStringLiteral("DROP TRIGGER audit_ledger_no_update"),
                           QStringLiteral("UPDATE audit_ledger SET actor = 'operator:mallory' WHERE seq = 3")}
            << int(LedgerDamage::Modified) << qint64(3);
        QTest::newRow("row deleted") << QStringList{QStringLiteral("DROP TRIGGER audit_ledger_no_delete"),
                                                    QStringLiteral("DELETE FROM audit_ledger WHERE seq = 4")}
                                     << int(LedgerDamage::Missing) << qint64(4);
        QTest::newRow("first row deleted")
            << QStringList{QStringLiteral("DROP TRIGGER audit_ledger_no_delete"),
                           QStringLiteral("DELETE FROM audit_ledger WHERE seq = 1")}
            << int(LedgerDamage::Missing) << qint64(1);
        QTest::newRow("two rows swapped")
            << QStringList{QStringLiteral("DROP TRIGGER audit_ledger_no_update"),
                           QStringLiteral("UPDATE audit_ledger SET seq = -1 WHERE seq = 6"),
                           QStringLiteral("UPDATE audit_ledger SET seq = 6 WHERE seq = 7"),
                           QStringLiteral("UPDATE audit_ledger SET seq = 7 WHERE seq = -1")}
            << int(LedgerDamage::Reordered) << qint64(6);
        QTest::newRow("row deleted and later rows renumbered")
            << QStringList{QStringLiteral("DROP TRIGGER audit_ledger_no_delete"),
                           QStringLiteral("DROP TRIGGER audit_ledger_no_update"),
                           QStringLiteral("DELETE FROM audit_ledger WHERE seq = 5"),
                           QStringLiteral("UPDATE audit_ledger SET seq = seq - 1 WHERE seq > 5")}
            << int(LedgerDamage::Missing) << qint64(5);
    }
    void detectsTampering()
    {
        QFETCH(QStringList, statements);
        QFETCH(int, damage);
        QFETCH(qint64, firstBadSeq);

        TestWorkspace ws(false);
        appendEvents(ws, 10);
        QVERIFY(ws.app().ledger().verify()->intact());
        ws.close();
        tamper(ws.directory(), statements);
        QVERIFY2(ws.reopen(), qPrintable(ws.openError()));

        auto v = ws.app().ledger().verify();
        QVERIFY(v.has_value());
        QVERIFY(!v->intact());
        QCOMPARE(ledgerDamageName(v->damage), ledgerDamageName(static_cast<LedgerDamage>(damage)));
        QCOMPARE(v->firstBadSeq, firstBadSeq);
        QVERIFY(v->detail.contains(QString::number(firstBadSeq)));
    }

    void forgedEventInsertedMidChainIsFound()
    {
        // Someone with file access shifts events 4.. up by one and slips a correctly chained
        // forgery in at 4: verify must point at the forgery, not at a genuine event.
        TestWorkspace ws(false);
        appendEvents(ws, 8);
        const auto events = *ws.app().ledger().events({});
        AuditEvent forged;
        forged.seq = 4;
        forged.timestamp = events.at(2).timestamp.addMSecs(10);
        forged.type = QStringLiteral("path.activated");
        forged.actor = QStringLiteral("operator:admin");
        forged.subject = QStringLiteral("path:p-forged");
        forged.correlationId = QStringLiteral("c0ffee");
        forged.payload = QJsonObject{{QStringLiteral("note"), QStringLiteral("approved by nobody")}};
        forged.prevHash = events.at(2).hash;
        const QByteArray forgedHash = AuditLedger::chainHash(forged.prevHash, forged);
        ws.close();
        tamper(
            ws.directory(),
            {QStringLiteral("DROP TRIGGER audit_ledger_no_update"),
             QStringLiteral("DROP TRIGGER audit_ledger_append_in_order"),
             QStringLiteral("UPDATE audit_ledger SET seq = -seq WHERE seq >= 4"),
             QStringLiteral("UPDATE audit_ledger SET seq = -seq + 1 WHERE seq < 0"),
             QStringLiteral("INSERT INTO audit_ledger VALUES (4, '%1', 'path.activated', 'operator:admin', "
                            "'path:p-forged', 'c0ffee', '%2', x'%3', x'%4')")
                 .arg(forged.timestamp.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'")),
                      QString::fromUtf8(CanonicalJson::serialize(forged.payload)),
                      QString::fromLatin1(forged.prevHash.toHex()),
                      QString::fromLatin1(forgedHash.toHex()))});
        QVERIFY(ws.reopen());
        auto v = ws.app().ledger().verify();
        QVERIFY(v.has_value());
        QCOMPARE(ledgerDamageName(v->damage), QStringLiteral("inserted"));
        QCOMPARE(v->firstBadSeq, 4);
        QCOMPARE(v->missingProtections, (QStringList{QStringLiteral("audit_ledger_no_update"),
                                                     QStringLiteral("audit_ledger_append_in_order")}));
    }

    void droppedTriggersAreReportedEvenWhenTheChainIsIntact()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 3);
        QVERIFY(ws.app().ledger().verify()->fullyIntact());
        ws.close();
        tamper(ws.directory(), {QStringLiteral("DROP TRIGGER audit_ledger_no_delete")});
        QVERIFY(ws.reopen());
        auto v = ws.app().ledger().verify();
        QVERIFY(v->intact());
        QVERIFY(!v->fullyIntact());
        QCOMPARE(v->missingProtections, QStringList{QStringLiteral("audit_ledger_no_delete")});
    }

    void appendsOutOfSequenceAreRefused()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 2);
        QSqlQuery q(ws.app().database().connection());
        QVERIFY(!q.exec(QStringLiteral(
            "INSERT INTO audit_ledger VALUES (7, 'x', 't', 'a', 's', 'c', '{}', x'00', x'00')")));
        QVERIFY(q.lastError().text().contains(QStringLiteral("continue the sequence")));
        QVERIFY(!q.exec(QStringLiteral(
            "INSERT OR REPLACE INTO audit_ledger VALUES (2, 'x', 't', 'a', 's', 'c', '{}', x'00', x'00')")));
        QCOMPARE(*ws.app().ledger().count(), 2);
        QVERIFY(ws.app().ledger().verify()->fullyIntact());
    }

    void filterMatchesDecodedPayloadValuesNotKeys()
    {
        TestWorkspace ws(false);
        WriteTransaction tx(ws.app().database().connection());
        QVERIFY(ws.app()
                    .ledger()
                    .append({QStringLiteral("t"),
                             QStringLiteral("system"),
                             QStringLiteral("s"),
                             {},
                             QJsonObject{{QStringLiteral("reason"),
                                          QStringLiteral("agent \"alpha\" said C:\\temp")}}})
                    .has_value());
        QVERIFY(tx.commit().has_value());
        AuditQuery q;
        q.text = QStringLiteral("agent \"alpha\"");
        QCOMPARE(ws.app().ledger().events(q)->size(), 1);
        q.text = QStringLiteral("C:\\temp");
        QCOMPARE(ws.app().ledger().events(q)->size(), 1);
        q.text = QStringLiteral("reason"); // a key name, not a value
        QCOMPARE(ws.app().ledger().events(q)->size(), 0);
    }

    void rewrittenEventWithRecomputedHashIsFound()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 6);
        auto events = *ws.app().ledger().events({});
        AuditEvent forged = events.at(2); // seq 3
        forged.payload.insert(QStringLiteral("note"), QStringLiteral("nothing happened"));
        const QByteArray forgedHash = AuditLedger::chainHash(forged.prevHash, forged);
        ws.close();
        tamper(ws.directory(),
               {QStringLiteral("DROP TRIGGER audit_ledger_no_update"),
                QStringLiteral("UPDATE audit_ledger SET payload = '%1', hash = x'%2' WHERE seq = 3")
                    .arg(QString::fromUtf8(CanonicalJson::serialize(forged.payload)),
                         QString::fromLatin1(forgedHash.toHex()))});
        QVERIFY(ws.reopen());
        auto v = ws.app().ledger().verify();
        QVERIFY(v.has_value());
        QCOMPARE(v->damage, LedgerDamage::Modified);
        QCOMPARE(v->firstBadSeq, 3);
    }

    void filterTextIsLiteral_data()
    {
        QTest::addColumn<QString>("needle");
        QTest::addColumn<int>("expected");
        QTest::newRow("cyrillic") << QStringLiteral("Отчёт агента №1") << 1;
        QTest::newRow("cyrillic other case") << QStringLiteral("отчёт АГЕНТА") << 1;
        QTest::newRow("quotes") << QStringLiteral("agent \"alpha\"") << 1;
        QTest::newRow("colon") << QStringLiteral("role:admin") << 1;
        QTest::newRow("dash") << QStringLiteral("a-b") << 1;
        QTest::newRow("NOT") << QStringLiteral("NOT") << 1;
        QTest::newRow("star") << QStringLiteral("x*") << 1;
        QTest::newRow("parens") << QStringLiteral("(test)") << 1;
        QTest::newRow("percent is not a wildcard") << QStringLiteral("%") << 0;
        QTest::newRow("underscore is not a wildcard") << QStringLiteral("r_le") << 0;
        QTest::newRow("unmatched") << QStringLiteral("zzz-not-there") << 0;
    }
    void filterTextIsLiteral()
    {
        QFETCH(QString, needle);
        QFETCH(int, expected);
        TestWorkspace ws(false);
        const QStringList subjects = {QStringLiteral("Отчёт агента №1"),
                                      QStringLiteral("agent \"alpha\""),
                                      QStringLiteral("role:admin"),
                                      QStringLiteral("a-b"),
                                      QStringLiteral("NOT"),
                                      QStringLiteral("x*"),
                                      QStringLiteral("(test)")};
        // Fixed correlation ids: a random UUID could itself contain a needle such as "a-b".
        for (const auto& s : subjects) {
            WriteTransaction tx(ws.app().database().connection());
            QVERIFY(
                ws.app()
                    .ledger()
                    .append({QStringLiteral("t"), QStringLiteral("system"), s, QStringLiteral("corr-1"), {}})
                    .has_value());
            QVERIFY(tx.commit().has_value());
        }
        AuditQuery query;
        query.text = needle;
        auto found = ws.app().ledger().events(query);
        QVERIFY(found.has_value());
        QCOMPARE(found->size(), expected);
        if (expected == 1)
            QVERIFY(found->first().subject.contains(needle, Qt::CaseInsensitive));
    }

    void limitKeepsNewestInOrder()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 12);
        AuditQuery query;
        query.limit = 5;
        auto found = ws.app().ledger().events(query);
        QVERIFY(found.has_value());
        QCOMPARE(found->size(), 5);
        QCOMPARE(found->first().seq, 8);
        QCOMPARE(found->last().seq, 12);
    }

    void appendRollsBackWithItsChange()
    {
        TestWorkspace ws(false);
        appendEvents(ws, 1);
        {
            WriteTransaction tx(ws.app().database().connection());
            QVERIFY(ws.app()
                        .ledger()
                        .append({QStringLiteral("t"), QStringLiteral("system"), QStringLiteral("s"), {}, {}})
                        .has_value());
            // no commit: the change failed elsewhere
        }
        QCOMPARE(*ws.app().ledger().count(), 1);
        appendEvents(ws, 1);
        QVERIFY(ws.app().ledger().verify()->intact());
    }

    void secondConnectionContinuesTheSameChain()
    {
        // Two connections (as two processes would hold) append alternately: no fork.
        TestWorkspace ws(false);
        auto second = Database::open(ws.directory() + QStringLiteral("/gatehouse.db"));
        QVERIFY(second.has_value());
        AuditLedger other((*second)->connection(), ws.clock());
        for (int i = 0; i < 20; ++i) {
            AuditLedger& ledger = (i % 2) ? other : ws.app().ledger();
            QSqlDatabase db = (i % 2) ? (*second)->connection() : ws.app().database().connection();
            WriteTransaction tx(db);
            QVERIFY(tx.begun().has_value());
            QVERIFY(
                ledger.append({QStringLiteral("t"), QStringLiteral("system"), QStringLiteral("s"), {}, {}})
                    .has_value());
            QVERIFY(tx.commit().has_value());
        }
        auto v = ws.app().ledger().verify();
        QVERIFY(v->intact());
        QCOMPARE(v->eventCount, 20);
    }
};

QTEST_GUILESS_MAIN(AuditLedgerTest)
#include "AuditLedgerTest.moc"
