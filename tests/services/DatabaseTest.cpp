#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "Database.h"
#include "Migrations.h"

using namespace gatehouse;

namespace {

QByteArray fileDigest(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

/// Runs SQL on a file through a separate raw connection, as an attacker or an old tool would.
void rawExec(const QString& file, const QStringList& statements)
{
    const QString name = QStringLiteral("raw-%1").arg(QRandomGenerator::global()->generate());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        for (const auto& sql : statements) {
            QSqlQuery q(db);
            QVERIFY2(q.exec(sql), qPrintable(sql));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QString pragma(Database& db, const QString& name)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next())
        return {};
    return q.value(0).toString();
}

} // namespace

class DatabaseTest : public QObject
{
    Q_OBJECT
private slots:
    void createsSchemaWithPragmas()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gatehouse.db"));
        auto db = Database::open(file);
        QVERIFY2(db.has_value(), db ? "" : qPrintable(db.error().message));
        QCOMPARE((*db)->schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(pragma(**db, QStringLiteral("journal_mode")), QStringLiteral("wal"));
        QCOMPARE(pragma(**db, QStringLiteral("foreign_keys")), QStringLiteral("1"));
        QCOMPARE(pragma(**db, QStringLiteral("busy_timeout")), QStringLiteral("10000"));
        QCOMPARE(pragma(**db, QStringLiteral("synchronous")), QStringLiteral("2")); // FULL

        QSqlQuery q((*db)->connection());
        QVERIFY(
            q.exec(QStringLiteral("SELECT version, description FROM schema_migrations ORDER BY version")));
        int count = 0;
        while (q.next()) {
            // In migration order (numbers are reserved per feature, so a branch may skip one).
            QCOMPARE(q.value(0).toInt(), Migrations::all().at(count).version);
            ++count;
            QVERIFY(!q.value(1).toString().isEmpty());
        }
        QCOMPARE(count, static_cast<int>(Migrations::all().size()));
    }

    void reopeningDoesNotReapplyMigrations()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gatehouse.db"));
        {
            QVERIFY(Database::open(file).has_value());
        }
        auto again = Database::open(file);
        QVERIFY(again.has_value());
        QSqlQuery q((*again)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) && q.next());
        QCOMPARE(q.value(0).toInt(), static_cast<int>(Migrations::all().size()));
    }

    void refusesNonSqliteFileUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArray("these are my notes, not a database\n");
        QTest::newRow("json") << QByteArray("{\"paths\": []}");
        QTest::newRow("binary") << QByteArray::fromHex("7f454c46020101000000000000000000");
        QTest::newRow("truncated header") << QByteArray("SQLite forma");
    }
    void refusesNonSqliteFileUntouched()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gatehouse.db"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        auto db = Database::open(file);
        QVERIFY(!db.has_value());
        QCOMPARE(db.error().code, ErrorCode::DamagedDatabase);
        QVERIFY2(db.error().message.contains(file), qPrintable(db.error().message));
        QVERIFY(db.error().message.contains(QStringLiteral("untouched")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);
    }

    void refusesCorruptedDatabaseUntouched()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gatehouse.db"));
        {
            auto db = Database::open(file);
            QVERIFY(db.has_value());
            QSqlQuery q((*db)->connection());
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE filler(x TEXT)")));
            for (int i = 0; i < 200; ++i)
                QVERIFY(q.exec(QStringLiteral("INSERT INTO filler VALUES (hex(randomblob(200)))")));
        }
        // Overwrite the middle of the file (b-tree pages), keeping the valid header.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 8192);
        f.seek(4096);
        f.write(QByteArray(size - 8192, '\xA5'));
        f.close();
        const QByteArray before = fileDigest(file);

        auto db = Database::open(file);
        QVERIFY(!db.has_value());
        QCOMPARE(db.error().code, ErrorCode::DamagedDatabase);
        QCOMPARE(fileDigest(file), before);
    }

    void refusesNewerSchemaUntouched()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gatehouse.db"));
        {
            QVERIFY(Database::open(file).has_value());
        }
        rawExec(file,
                {QStringLiteral("INSERT INTO schema_migrations VALUES (%1, 'from the future', '2030-01-01')")
                     .arg(Database::latestSchemaVersion() + 7)});
        const QByteArray before = fileDigest(file);

        auto db = Database::open(file);
        QVERIFY(!db.has_value());
        QCOMPARE(db.error().code, ErrorCode::IncompatibleSchema);
        QVERIFY(db.error().message.contains(QString::number(Database::latestSchemaVersion() + 7)));
        QVERIFY(db.error().message.contains(QStringLiteral("newer")));
        QCOMPARE(fileDigest(file), before);
    }

    void refusesForeignSqliteDatabase()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("gatehouse.db"));
        rawExec(file, {QStringLiteral("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)"),
                       QStringLiteral("INSERT INTO moz_places(url) VALUES ('https://example.org')")});
        const QByteArray before = fileDigest(file);
        auto db = Database::open(file);
        QVERIFY(!db.has_value());
        QCOMPARE(db.error().code, ErrorCode::DamagedDatabase);
        QVERIFY(db.error().message.contains(QStringLiteral("not a Gatehouse workspace")));
        QCOMPARE(fileDigest(file), before);
    }

    void foreignKeysAreEnforced()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("gatehouse.db")));
        QVERIFY(db.has_value());
        QSqlQuery q((*db)->connection());
        const bool ok = q.exec(
            QStringLiteral("INSERT INTO decision_paths(id, name, owner, reversibility, confidence_threshold, "
                           "status, created_at, "
                           "updated_at, version) VALUES ('p', 'P', 'nobody', 0, 0.5, 'draft', 'x', 'x', 1)"));
        QVERIFY2(!ok, "a path owned by a missing account must be refused by the foreign key");
    }
};

QTEST_GUILESS_MAIN(DatabaseTest)
#include "DatabaseTest.moc"
