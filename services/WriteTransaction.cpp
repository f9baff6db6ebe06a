#include "WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>

#include "Logging.h"

namespace gatehouse {

WriteTransaction::WriteTransaction(QSqlDatabase db) : m_db(std::move(db))
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        m_active = true;
    else
        m_beginError = q.lastError().text();
}

WriteTransaction::~WriteTransaction()
{
    if (m_active) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("ROLLBACK")))
            Logging::error("db", QStringLiteral("rollback failed: %1").arg(q.lastError().text()));
    }
}

Status WriteTransaction::begun() const
{
    if (m_active)
        return {};
    return fail(
        ErrorCode::StorageFailure,
        QStringLiteral("cannot start a write transaction on %1: %2").arg(m_db.databaseName(), m_beginError));
}

Status WriteTransaction::commit()
{
    if (!m_active)
        return begun();
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT")))
        return fail(ErrorCode::StorageFailure, QStringLiteral("commit failed: %1").arg(q.lastError().text()));
    m_active = false;
    return {};
}

} // namespace gatehouse
