#pragma once

#include <optional>

#include <QList>
#include <QSqlDatabase>

#include "Error.h"
#include "OperatorAccount.h"

namespace gatehouse {

/// Stored form of an account: the public part plus sign-in state.
struct StoredOperatorAccount
{
    OperatorAccount account;
    QString passwordHash; ///< PasswordHasher encoding
    int failedAttempts = 0;
};

/// SQL for the operator_accounts table. No permission checks and no auditing:
/// AccountService does both, inside its transaction.
class OperatorAccountRepository
{
public:
    explicit OperatorAccountRepository(QSqlDatabase db);

    [[nodiscard]] Result<std::optional<StoredOperatorAccount>> find(const QString& username) const;
    [[nodiscard]] Result<QList<OperatorAccount>> list() const;
    [[nodiscard]] Result<int> count() const;
    [[nodiscard]] Status insert(const StoredOperatorAccount& stored);
    [[nodiscard]] Status update(const StoredOperatorAccount& stored);

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
