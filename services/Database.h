#pragma once

#include <memory>

#include <QSqlDatabase>
#include <QString>

#include "Error.h"

namespace gatehouse {

/// The workspace's SQLite database through Qt SQL: WAL journal, foreign keys on,
/// busy_timeout 10 s, synchronous=FULL (a committed event survives power loss).
/// Opening runs the numbered migrations (services/Migrations.cpp), each in its own
/// transaction and recorded in schema_migrations.
///
/// Refusals leave the file byte-for-byte untouched:
/// - DamagedDatabase: the file is not SQLite (bad header) or SQLite reports corruption;
/// - IncompatibleSchema: the file was migrated by a newer Gatehouse (higher version).
class Database
{
public:
    /// Highest schema version this build knows.
    static int latestSchemaVersion();

    /// Opens (creating if absent) \a file on this thread under a unique connection name.
    [[nodiscard]] static Result<std::unique_ptr<Database>> open(const QString& file);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// The connection; valid for the lifetime of this object, on the thread that opened it.
    QSqlDatabase connection() const;
    QString file() const { return m_file; }
    int schemaVersion() const;

private:
    Database(QString file, QString connectionName);
    QString m_file;
    QString m_connectionName;
};

} // namespace gatehouse
