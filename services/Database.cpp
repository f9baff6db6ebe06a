#include "Database.h"

#include <atomic>

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include "Logging.h"
#include "Migrations.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

std::atomic<int> g_connectionCounter{0};

QString sqlError(const QSqlQuery& q)
{
    return q.lastError().text();
}

/// Exec one statement; on failure returns the SQLite message.
std::optional<QString> exec(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return sqlError(q);
    return std::nullopt;
}

std::unexpected<Error> damaged(const QString& file, const QString& why)
{
    return fail(ErrorCode::DamagedDatabase,
                QStringLiteral("%1 cannot be used: %2. The file was left untouched.").arg(file, why));
}

/// Reads the first 16 bytes; an existing non-empty file must carry SQLite's magic header.
std::optional<QString> checkHeader(const QString& file)
{
    QFileInfo info(file);
    if (!info.exists() || info.size() == 0)
        return std::nullopt;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("it cannot be read (%1)").arg(f.errorString());
    const QByteArray head = f.read(16);
    if (head != QByteArray("SQLite format 3\0", 16))
        return QStringLiteral("it is not an SQLite database");
    return std::nullopt;
}

} // namespace

int Database::latestSchemaVersion()
{
    return Migrations::all().last().version;
}

Database::Database(QString file, QString connectionName)
    : m_file(std::move(file)), m_connectionName(std::move(connectionName))
{}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) && q.next())
        return q.value(0).toInt();
    return 0;
}

Result<std::unique_ptr<Database>> Database::open(const QString& file)
{
    if (auto bad = checkHeader(file))
        return damaged(file, *bad);
    const bool existed = QFileInfo(file).exists() && QFileInfo(file).size() > 0;

    const QString name = QStringLiteral("gatehouse-%1").arg(g_connectionCounter.fetch_add(1));
    std::unique_ptr<Database> database(new Database(file, name));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(file);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot open %1: %2").arg(file, db.lastError().text()));

    // Checks first, with reads only, so a refused file is never modified.
    if (existed) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA quick_check")))
            return damaged(file, QStringLiteral("SQLite reports: %1").arg(sqlError(q)));
        QStringList problems;
        while (q.next())
            problems << q.value(0).toString();
        q.finish();
        if (problems != QStringList{QStringLiteral("ok")})
            return damaged(file, QStringLiteral("SQLite integrity check failed: %1")
                                     .arg(problems.mid(0, 3).join(QStringLiteral("; "))));

        QSqlQuery tables(db);
        if (!tables.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
            return damaged(file, QStringLiteral("SQLite reports: %1").arg(sqlError(tables)));
        QStringList names;
        while (tables.next())
            names << tables.value(0).toString();
        tables.finish();
        if (!names.isEmpty() && !names.contains(QStringLiteral("schema_migrations")))
            return damaged(file, QStringLiteral("it is an SQLite database but not a Gatehouse workspace"));
        if (names.contains(QStringLiteral("schema_migrations"))) {
            const int found = database->schemaVersion();
            if (found > latestSchemaVersion())
                return fail(
                    ErrorCode::IncompatibleSchema,
                    QStringLiteral("%1 has schema version %2, written by a newer Gatehouse; this build "
                                   "knows up to version %3. Upgrade Gatehouse to open it. The file was "
                                   "left untouched.")
                        .arg(file)
                        .arg(found)
                        .arg(latestSchemaVersion()));
        }
    }

    for (const QString& pragma :
         {QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA busy_timeout = 10000"),
          QStringLiteral("PRAGMA synchronous = FULL")}) {
        if (auto err = exec(db, pragma))
            return fail(ErrorCode::StorageFailure,
                        QStringLiteral("%1: %2 failed: %3").arg(file, pragma, *err));
    }
    {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next() ||
            q.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
            return fail(ErrorCode::StorageFailure,
                        QStringLiteral("%1: cannot switch to WAL journal mode: %2").arg(file, sqlError(q)));
    }

    if (auto err = exec(db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                           " version INTEGER PRIMARY KEY,"
                                           " description TEXT NOT NULL,"
                                           " applied_at TEXT NOT NULL)")))
        return fail(ErrorCode::StorageFailure, QStringLiteral("%1: %2").arg(file, *err));

    for (const Migration& m : Migrations::all()) {
        WriteTransaction tx(db);
        if (auto st = tx.begun(); !st)
            return std::unexpected(st.error());
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (database->schemaVersion() >= m.version)
            continue;
        for (const QString& sql : m.statements) {
            if (auto err = exec(db, sql))
                return fail(ErrorCode::StorageFailure,
                            QStringLiteral("%1: migration %2 failed: %3").arg(file).arg(m.version).arg(*err));
        }
        QSqlQuery rec(db);
        rec.prepare(QStringLiteral(
            "INSERT INTO schema_migrations(version, description, applied_at) VALUES (?, ?, ?)"));
        rec.addBindValue(m.version);
        rec.addBindValue(m.description);
        rec.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        if (!rec.exec())
            return fail(ErrorCode::StorageFailure, QStringLiteral("%1: recording migration %2 failed: %3")
                                                       .arg(file)
                                                       .arg(m.version)
                                                       .arg(sqlError(rec)));
        if (auto st = tx.commit(); !st)
            return std::unexpected(st.error());
        Logging::info(
            "db",
            QStringLiteral("%1: applied migration %2 (%3)").arg(file).arg(m.version).arg(m.description));
    }
    return database;
}

} // namespace gatehouse
