// gatehousectl audit: verify (intact, and after tampering with the SQLite file directly)
// and list.

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include "CanonicalJson.h"
#include "CtlHarness.h"
#include "DecisionPathBuilder.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

/// Direct access to a closed workspace's database, as an attacker with file access has it.
class Tamper
{
public:
    explicit Tamper(const QString& workspaceDir)
    {
        m_db = QSqlDatabase::addDatabase(s("QSQLITE"), m_name);
        m_db.setDatabaseName(QDir(workspaceDir).filePath(s("gatehouse.db")));
        if (!m_db.open())
            qFatal("cannot open the database to tamper with it");
    }
    ~Tamper()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString& sql, const QVariantList& binds = {})
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const auto& b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            qWarning("tamper: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return false;
        }
        return true;
    }
    QVariant value(const QString& sql, const QVariantList& binds = {})
    {
        QSqlQuery q(m_db);
        q.prepare(sql);
        for (const auto& b : binds)
            q.addBindValue(b);
        return q.exec() && q.next() ? q.value(0) : QVariant();
    }
    /// Drops the append-only triggers, whatever they are called.
    bool dropLedgerTriggers()
    {
        QSqlQuery q(m_db);
        if (!q.exec(s("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_ledger'")))
            return false;
        QStringList names;
        while (q.next())
            names << q.value(0).toString();
        q.finish();
        for (const auto& n : names) {
            if (!exec(s("DROP TRIGGER \"%1\"").arg(n)))
                return false;
        }
        return !names.isEmpty();
    }

private:
    QString m_name = s("tamper-") + QString::number(QRandomGenerator::global()->generate());
    QSqlDatabase m_db;
};

const QStringList kRowColumns = {s("ts"),      s("type"),      s("actor"), s("subject"), s("correlation_id"),
                                 s("payload"), s("prev_hash"), s("hash")};

} // namespace

class AuditCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void verifyIntactNeedsNoUser();
    void verifyJsonShape();
    void appendOnlyTriggersHold();
    void modifiedPayloadByte();
    void deletedRow();
    void swappedRows();
    void rewrittenEventWithRecomputedHash();
    void listEvents();
    void listFilterIsLiteral();

private:
    /// Closes the workspace so the test can edit the file, returns the tamper handle.
    std::unique_ptr<Tamper> tamper();

    std::unique_ptr<TestWorkspace> m_ws;
    std::unique_ptr<CtlHarness> m_ctl;
};

void AuditCommandTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    m_ctl = std::make_unique<CtlHarness>(*m_ws);
    // seq 1: first admin; 2..4: three paths; 5: activation.
    for (const char* id : {"p-one", "p-two", "p-three"})
        QVERIFY(m_ws->app().catalogue().create(m_ws->admin(), DecisionPathBuilder(s(id)).build()));
    QVERIFY(m_ws->app().catalogue().activate(m_ws->admin(), s("p-two")));
}

void AuditCommandTest::cleanup()
{
    m_ctl.reset();
    m_ws.reset();
}

std::unique_ptr<Tamper> AuditCommandTest::tamper()
{
    m_ws->close();
    return std::make_unique<Tamper>(m_ws->directory());
}

void AuditCommandTest::verifyIntactNeedsNoUser()
{
    const auto r = m_ctl->run({s("audit"), s("verify")});
    QCOMPARE(r.code, 0);
    static const QRegularExpression re(s("^ledger intact: 5 events, head [0-9a-f]{64}\n$"));
    QVERIFY2(re.match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY(r.err.isEmpty());
    QVERIFY(m_ctl->passwords().asked.isEmpty());
}

void AuditCommandTest::verifyJsonShape()
{
    const auto r = m_ctl->run({s("audit"), s("verify"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("intact")).toBool(), true);
    QCOMPARE(o.value(s("events")).toInt(), 5);
    QCOMPARE(o.value(s("head")).toString().size(), 64);
    QVERIFY(o.value(s("first_bad_seq")).isNull());
    QCOMPARE(o.value(s("damage")).toString(), s("none"));
    QVERIFY(o.contains(s("detail")));
}

void AuditCommandTest::appendOnlyTriggersHold()
{
    auto t = tamper();
    QVERIFY(!t->exec(s("UPDATE audit_ledger SET actor = 'operator:mallory' WHERE seq = 2")));
    QVERIFY(!t->exec(s("DELETE FROM audit_ledger WHERE seq = 5")));
    t.reset();
    QCOMPARE(m_ctl->run({s("audit"), s("verify")}).code, 0);
}

void AuditCommandTest::modifiedPayloadByte()
{
    {
        auto t = tamper();
        QVERIFY(t->dropLedgerTriggers());
        QString payload = t->value(s("SELECT payload FROM audit_ledger WHERE seq = 3")).toString();
        const qsizetype at = payload.indexOf(s("p-two"));
        QVERIFY(at > 0);
        payload[at + 2] = QLatin1Char('x'); // one byte: "p-two" -> "p-xwo"
        QVERIFY(t->exec(s("UPDATE audit_ledger SET payload = ? WHERE seq = 3"), {payload}));
    }
    auto r = m_ctl->run({s("audit"), s("verify")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.out.startsWith(s("ledger damaged at seq 3: modified \u2014 ")), qPrintable(r.out));

    r = m_ctl->run({s("audit"), s("verify"), s("--format"), s("json")});
    QCOMPARE(r.code, 1);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("intact")).toBool(), false);
    QCOMPARE(o.value(s("first_bad_seq")).toInt(), 3);
    QCOMPARE(o.value(s("damage")).toString(), s("modified"));
    QVERIFY(!o.value(s("detail")).toString().isEmpty());
}

void AuditCommandTest::deletedRow()
{
    {
        auto t = tamper();
        QVERIFY(t->dropLedgerTriggers());
        QVERIFY(t->exec(s("DELETE FROM audit_ledger WHERE seq = 3")));
    }
    const auto r = m_ctl->run({s("audit"), s("verify"), s("--format"), s("json")});
    QCOMPARE(r.code, 1);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("first_bad_seq")).toInt(), 3);
    QCOMPARE(o.value(s("damage")).toString(), s("missing"));
}

void AuditCommandTest::swappedRows()
{
    {
        auto t = tamper();
        QVERIFY(t->dropLedgerTriggers());
        // Swap the contents of events 2 and 3, keeping their sequence numbers.
        QVERIFY(t->exec(s("UPDATE audit_ledger SET seq = -2 WHERE seq = 2")));
        QVERIFY(t->exec(s("UPDATE audit_ledger SET seq = 2 WHERE seq = 3")));
        QVERIFY(t->exec(s("UPDATE audit_ledger SET seq = 3 WHERE seq = -2")));
    }
    auto r = m_ctl->run({s("audit"), s("verify")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.out.startsWith(s("ledger damaged at seq 2: reordered \u2014 ")), qPrintable(r.out));
}

void AuditCommandTest::rewrittenEventWithRecomputedHash()
{
    // A careful attacker rewrites event 2 and recomputes its hash; event 3 still links to
    // the original, so the damage is found at 2.
    {
        auto t = tamper();
        QVERIFY(t->dropLedgerTriggers());
        AuditEvent e;
        e.seq = 2;
        e.timestamp = QDateTime::fromString(
            t->value(s("SELECT ts FROM audit_ledger WHERE seq = 2")).toString(), Qt::ISODateWithMs);
        e.type = s("path.created");
        e.actor = s("operator:mallory");
        e.subject = t->value(s("SELECT subject FROM audit_ledger WHERE seq = 2")).toString();
        e.correlationId = t->value(s("SELECT correlation_id FROM audit_ledger WHERE seq = 2")).toString();
        e.payload = QJsonObject{{s("forged"), true}};
        const QByteArray prev = t->value(s("SELECT hash FROM audit_ledger WHERE seq = 1")).toByteArray();
        QVERIFY(t->exec(s("UPDATE audit_ledger SET actor = ?, payload = ?, hash = ? WHERE seq = 2"),
                        {e.actor, QString::fromUtf8(CanonicalJson::serialize(e.payload)),
                         AuditLedger::chainHash(prev, e)}));
    }
    const auto r = m_ctl->run({s("audit"), s("verify"), s("--format"), s("json")});
    QCOMPARE(r.code, 1);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("first_bad_seq")).toInt(), 2);
    QCOMPARE(o.value(s("damage")).toString(), s("modified"));
}

void AuditCommandTest::listEvents()
{
    auto r = m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonArray events = CtlHarness::json(r.out).array();
    QVERIFY(events.size() >= 5);
    const QJsonObject first = events.first().toObject();
    for (const char* key :
         {"seq", "timestamp", "type", "actor", "subject", "correlation_id", "payload", "prev_hash", "hash"})
        QVERIFY2(first.contains(QLatin1String(key)), key);
    QCOMPARE(first.value(s("seq")).toInt(), 1);
    QCOMPARE(first.value(s("prev_hash")).toString(), QString(64, QLatin1Char('0')));

    r = m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--subject"), s("path:p-two")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(s("SEQ")));
    QCOMPARE(r.out.count(s("path:p-two")), 2); // created, activated

    r = m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--limit"), s("2"), s("--format"), s("json")});
    QCOMPARE(CtlHarness::json(r.out).array().size(), 2);
    QCOMPARE(m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--limit"), s("0")}).code, 2);
    QCOMPARE(m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--after-seq"), s("x")}).code, 2);
    QCOMPARE(m_ctl->run({s("audit"), s("list")}).code, 2); // list needs --user
}

void AuditCommandTest::listFilterIsLiteral()
{
    // FIELD-CASES 13: query-syntax characters are plain text; every hit contains the text.
    QVERIFY(m_ws->app().catalogue().suspend(m_ws->admin(), s("p-two"), s("Отчёт агента №1 (test) x* 50%")));
    for (const char* text : {"%", "_", "(test)", "x*", "NOT", "role:admin", "\"alpha\"", "отчёт агента"}) {
        const auto r =
            m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--text"), s(text), s("--format"), s("json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(CtlHarness::json(r.out).isArray(), text);
        for (const auto& v : CtlHarness::json(r.out).array()) {
            const QJsonObject e = v.toObject();
            const QString all =
                e.value(s("type")).toString() + e.value(s("actor")).toString() +
                e.value(s("subject")).toString() + e.value(s("correlation_id")).toString() +
                QString::fromUtf8(
                    QJsonDocument(e.value(s("payload")).toObject()).toJson(QJsonDocument::Compact));
            QVERIFY2(all.contains(s(text), Qt::CaseInsensitive), text);
        }
    }
    auto hits = [&](const char* text) {
        const auto r =
            m_ctl->runAs(s("admin"), {s("audit"), s("list"), s("--text"), s(text), s("--format"), s("json")});
        return CtlHarness::json(r.out).array().size();
    };
    QCOMPARE(hits("отчёт агента №1"), 1);
    QCOMPARE(hits("(test) x* 50%"), 1);
    QCOMPARE(hits("no such text anywhere"), 0);
}

QTEST_GUILESS_MAIN(AuditCommandTest)
#include "AuditCommandTest.moc"
