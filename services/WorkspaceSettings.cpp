#include "WorkspaceSettings.h"

#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

WorkspaceSettings::WorkspaceSettings(QSqlDatabase db) : m_db(std::move(db)) {}

Result<QString> WorkspaceSettings::value(const QString& key, const QString& fallback) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM workspace_settings WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return fail(ErrorCode::StorageFailure, QStringLiteral("settings: %1").arg(q.lastError().text()));
    return q.next() ? q.value(0).toString() : fallback;
}

Status WorkspaceSettings::setValue(const QString& key, const QString& value)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO workspace_settings(key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        return fail(ErrorCode::StorageFailure, QStringLiteral("settings: %1").arg(q.lastError().text()));
    return {};
}

bool WorkspaceSettings::isDemo() const
{
    return value(QStringLiteral("demo")).value_or(QString()) == QLatin1String("1");
}

} // namespace gatehouse
