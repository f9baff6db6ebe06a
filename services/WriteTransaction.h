#pragma once

#include <QSqlDatabase>

#include "Error.h"

namespace gatehouse {

/// One writer transaction (BEGIN IMMEDIATE): takes SQLite's write lock up front, so two
/// processes never both read the same ledger head and fork the chain. Waits up to the
/// busy_timeout for another writer. Rolls back on destruction unless commit() succeeded.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    /// StorageFailure if BEGIN failed (e.g. database locked beyond the timeout).
    [[nodiscard]] Status begun() const;
    [[nodiscard]] Status commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    QString m_beginError;
};

} // namespace gatehouse
