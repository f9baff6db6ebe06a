#include "Migrations.h"

namespace gatehouse {

const QList<Migration>& Migrations::all()
{
    static const QList<Migration> kMigrations = {
        {1,
         QStringLiteral("accounts, decision-path catalogue, settings and the append-only audit ledger"),
         {
             QStringLiteral("CREATE TABLE workspace_settings ("
                            " key TEXT PRIMARY KEY,"
                            " value TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE operator_accounts ("
                            " username TEXT PRIMARY KEY,"
                            " display_name TEXT NOT NULL,"
                            " roles INTEGER NOT NULL CHECK (roles BETWEEN 0 AND 15),"
                            " password_hash TEXT NOT NULL,"
                            " disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
                            " failed_attempts INTEGER NOT NULL DEFAULT 0,"
                            " locked_until TEXT,"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral(
                 "CREATE TABLE decision_paths ("
                 " id TEXT PRIMARY KEY,"
                 " name TEXT NOT NULL,"
                 " description TEXT NOT NULL DEFAULT '',"
                 " owner TEXT REFERENCES operator_accounts(username),"
                 " team TEXT NOT NULL DEFAULT '',"
                 " ai_component TEXT NOT NULL DEFAULT '',"
                 " workload_id TEXT NOT NULL DEFAULT '',"
                 " action_types TEXT NOT NULL DEFAULT '[]',"
                 " targets TEXT NOT NULL DEFAULT '[]',"
                 " environment TEXT NOT NULL DEFAULT '',"
                 " tier INTEGER CHECK (tier BETWEEN 0 AND 3),"
                 " reversibility INTEGER NOT NULL CHECK (reversibility BETWEEN 0 AND 2),"
                 " confidence_threshold REAL NOT NULL CHECK (confidence_threshold BETWEEN 0 AND 1),"
                 " frameworks TEXT NOT NULL DEFAULT '{}',"
                 " status TEXT NOT NULL CHECK (status IN ('draft','active','suspended','retired')),"
                 " next_review_date TEXT,"
                 " created_at TEXT NOT NULL,"
                 " updated_at TEXT NOT NULL,"
                 " version INTEGER NOT NULL)"),
             // A workload identity belongs to at most one active path; the service gives
             // the friendly message, the index makes it true even for concurrent writers.
             QStringLiteral("CREATE UNIQUE INDEX decision_paths_active_workload"
                            " ON decision_paths(workload_id) WHERE status = 'active'"),
             QStringLiteral("CREATE INDEX decision_paths_owner ON decision_paths(owner)"),
             QStringLiteral("CREATE TABLE audit_ledger ("
                            " seq INTEGER PRIMARY KEY,"
                            " ts TEXT NOT NULL,"
                            " type TEXT NOT NULL,"
                            " actor TEXT NOT NULL,"
                            " subject TEXT NOT NULL,"
                            " correlation_id TEXT NOT NULL,"
                            " payload TEXT NOT NULL,"
                            " prev_hash BLOB NOT NULL,"
                            " hash BLOB NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_ledger_subject ON audit_ledger(subject)"),
             QStringLiteral("CREATE TRIGGER audit_ledger_no_update BEFORE UPDATE ON audit_ledger"
                            " BEGIN SELECT RAISE(ABORT, 'audit_ledger is append-only'); END"),
             QStringLiteral("CREATE TRIGGER audit_ledger_no_delete BEFORE DELETE ON audit_ledger"
                            " BEGIN SELECT RAISE(ABORT, 'audit_ledger is append-only'); END"),
             // Appends continue the sequence: no event slipped in between, none replaced by
             // INSERT OR REPLACE (which would not fire the delete trigger).
             QStringLiteral(
                 "CREATE TRIGGER audit_ledger_append_in_order BEFORE INSERT ON audit_ledger"
                 " WHEN NEW.seq <> (SELECT IFNULL(MAX(seq), 0) + 1 FROM audit_ledger)"
                 " BEGIN SELECT RAISE(ABORT, 'audit_ledger appends must continue the sequence'); END"),
         }},
    };
    return kMigrations;
}

} // namespace gatehouse
