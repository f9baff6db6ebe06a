#include "OperatorAccountRepository.h"

#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

const char* kColumns =
    "username, display_name, roles, password_hash, disabled, failed_attempts, locked_until, created_at";

StoredOperatorAccount fromRow(const QSqlQuery& q)
{
    StoredOperatorAccount s;
    s.account.username = q.value(0).toString();
    s.account.displayName = q.value(1).toString();
    s.account.roles = OperatorRoles::fromInt(q.value(2).toInt());
    s.passwordHash = q.value(3).toString();
    s.account.disabled = q.value(4).toInt() != 0;
    s.failedAttempts = q.value(5).toInt();
    s.account.lockedUntil =
        q.value(6).isNull() ? QDateTime() : QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs);
    s.account.createdAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    return s;
}

std::unexpected<Error> storageError(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("operator accounts: %1").arg(q.lastError().text()));
}

QString iso(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

void bindAll(QSqlQuery& q, const StoredOperatorAccount& s)
{
    q.addBindValue(s.account.displayName);
    q.addBindValue(s.account.roles.toInt());
    q.addBindValue(s.passwordHash);
    q.addBindValue(s.account.disabled ? 1 : 0);
    q.addBindValue(s.failedAttempts);
    q.addBindValue(s.account.lockedUntil.isValid() ? QVariant(iso(s.account.lockedUntil)) : QVariant());
    q.addBindValue(iso(s.account.createdAt));
    q.addBindValue(s.account.username);
}

} // namespace

OperatorAccountRepository::OperatorAccountRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Result<std::optional<StoredOperatorAccount>> OperatorAccountRepository::find(const QString& username) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM operator_accounts WHERE username = ?")
                  .arg(QString::fromLatin1(kColumns)));
    q.addBindValue(username);
    if (!q.exec())
        return storageError(q);
    if (!q.next())
        return std::optional<StoredOperatorAccount>{};
    return std::optional<StoredOperatorAccount>{fromRow(q)};
}

Result<QList<OperatorAccount>> OperatorAccountRepository::list() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM operator_accounts ORDER BY username")
                    .arg(QString::fromLatin1(kColumns))))
        return storageError(q);
    QList<OperatorAccount> out;
    while (q.next())
        out << fromRow(q).account;
    return out;
}

Result<int> OperatorAccountRepository::count() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM operator_accounts")) || !q.next())
        return storageError(q);
    return q.value(0).toInt();
}

Status OperatorAccountRepository::insert(const StoredOperatorAccount& s)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO operator_accounts(display_name, roles, password_hash, disabled, "
        "failed_attempts, locked_until, created_at, username) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    bindAll(q, s);
    if (!q.exec())
        return storageError(q);
    return {};
}

Status OperatorAccountRepository::update(const StoredOperatorAccount& s)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "UPDATE operator_accounts SET display_name = ?, roles = ?, password_hash = ?, "
        "disabled = ?, failed_attempts = ?, locked_until = ?, created_at = ? WHERE username = ?"));
    bindAll(q, s);
    if (!q.exec())
        return storageError(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("no operator account \"%1\"").arg(s.account.username));
    return {};
}

} // namespace gatehouse
