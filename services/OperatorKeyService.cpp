#include "OperatorKeyService.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "CryptoPrimitives.h"
#include "Ed25519.h"
#include "OperatorAccountRepository.h"
#include "PasswordSealedBox.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

QByteArray sealContext(const QString& username, const QString& keyId)
{
    return QStringLiteral("gatehouse operator key %1 %2").arg(username, keyId).toUtf8();
}

std::unexpected<Error> sqlFailure(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("operator keys: %1").arg(q.lastError().text()));
}

struct StoredKey
{
    QString keyId;
    QByteArray publicKey;
    QByteArray sealedSeed;
};

Result<std::optional<StoredKey>> activeRow(const QSqlDatabase& db, const QString& username)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT key_id, public_key, sealed_seed FROM operator_keys WHERE username = ? "
                             "AND retired_at IS NULL"));
    q.addBindValue(username);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<StoredKey>();
    return std::optional<StoredKey>(
        StoredKey{q.value(0).toString(), q.value(1).toByteArray(), q.value(2).toByteArray()});
}

} // namespace

OperatorKeyService::OperatorKeyService(Database& db, AuditLedger& ledger, const Clock& clock,
                                       ScryptParameters sealParams)
    : m_db(db), m_ledger(ledger), m_clock(clock), m_sealParams(sealParams)
{}

QString OperatorKeyService::keyIdOf(const QByteArray& publicKey)
{
    return QStringLiteral("ed25519:") +
           QString::fromLatin1(CryptoPrimitives::sha256(publicKey).left(16).toHex());
}

Result<OperatorSigningKey> OperatorKeyService::unlock(const QString& username, const QString& password)
{
    auto stored = OperatorAccountRepository(m_db.connection()).find(username);
    if (!stored)
        return std::unexpected(stored.error());
    if (!stored->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no operator account \"%1\"").arg(username.left(64)));
    if ((*stored)->account.disabled)
        return fail(ErrorCode::AccountDisabled, QStringLiteral("account \"%1\" is disabled").arg(username));
    if (!PasswordHasher().verify(password, (*stored)->passwordHash))
        return fail(ErrorCode::AuthenticationFailed,
                    QStringLiteral("wrong password for \"%1\": the signing key stays sealed").arg(username));

    auto active = activeRow(m_db.connection(), username);
    if (!active)
        return std::unexpected(active.error());
    if (!active->has_value())
        return createKey(username, password, {});
    const StoredKey& key = **active;
    auto seed = PasswordSealedBox::open(key.sealedSeed, password, sealContext(username, key.keyId));
    if (seed) {
        auto pub = Ed25519::publicKeyOf(*seed);
        if (pub && CryptoPrimitives::constantTimeEquals(*pub, key.publicKey))
            return OperatorSigningKey(username, key.keyId, key.publicKey, std::move(*seed));
        CryptoPrimitives::cleanse(*seed);
    }
    // The password is right (checked above) but the seal does not open: the password was
    // reset since the key was made, or the sealed blob was damaged. Either way the old key can
    // never sign again; retire it and make a new one.
    return createKey(username, password, key.keyId);
}

Result<OperatorSigningKey> OperatorKeyService::createKey(const QString& username, const QString& password,
                                                         const QString& replacedKeyId)
{
    auto pair = Ed25519::generate();
    if (!pair)
        return std::unexpected(pair.error());
    const QString keyId = keyIdOf(pair->publicKey);
    auto sealed = PasswordSealedBox::seal(pair->seed, password, sealContext(username, keyId), m_sealParams);
    if (!sealed) {
        CryptoPrimitives::cleanse(pair->seed);
        return std::unexpected(sealed.error());
    }
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st) {
        CryptoPrimitives::cleanse(pair->seed);
        return std::unexpected(st.error());
    }
    const QString now = m_clock.now().toUTC().toString(Qt::ISODateWithMs);
    QSqlQuery q(m_db.connection());
    if (!replacedKeyId.isEmpty()) {
        q.prepare(QStringLiteral(
            "UPDATE operator_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL"));
        q.addBindValue(now);
        q.addBindValue(replacedKeyId);
        if (!q.exec()) {
            CryptoPrimitives::cleanse(pair->seed);
            return sqlFailure(q);
        }
    }
    q.prepare(
        QStringLiteral("INSERT INTO operator_keys(key_id, username, public_key, sealed_seed, created_at)"
                       " VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(keyId);
    q.addBindValue(username);
    q.addBindValue(pair->publicKey);
    q.addBindValue(*sealed);
    q.addBindValue(now);
    if (!q.exec()) {
        CryptoPrimitives::cleanse(pair->seed);
        return sqlFailure(q);
    }
    QJsonObject payload{
        {QStringLiteral("username"), username},
        {QStringLiteral("key_id"), keyId},
        {QStringLiteral("algorithm"), QStringLiteral("Ed25519")},
        {QStringLiteral("public_key"), QString::fromLatin1(pair->publicKey.toBase64(
                                           QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))},
    };
    if (!replacedKeyId.isEmpty()) {
        payload.insert(QStringLiteral("replaces"), replacedKeyId);
        payload.insert(QStringLiteral("reason"),
                       QStringLiteral("the password changed since the previous key was sealed"));
    }
    auto event = m_ledger.append(AuditEventDraft{QStringLiteral("operator.key_registered"),
                                                 QStringLiteral("operator:") + username,
                                                 QStringLiteral("account:") + username,
                                                 {},
                                                 payload});
    if (!event) {
        CryptoPrimitives::cleanse(pair->seed);
        return std::unexpected(event.error());
    }
    if (auto st = tx.commit(); !st) {
        CryptoPrimitives::cleanse(pair->seed);
        return std::unexpected(st.error());
    }
    return OperatorSigningKey(username, keyId, pair->publicKey, std::move(pair->seed));
}

Result<std::optional<OperatorKeyService::PublicKey>> OperatorKeyService::find(const QString& keyId) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT key_id, username, public_key, retired_at IS NULL FROM operator_keys"
                             " WHERE key_id = ?"));
    q.addBindValue(keyId);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<PublicKey>();
    return std::optional<PublicKey>(PublicKey{q.value(0).toString(), q.value(1).toString(),
                                              q.value(2).toByteArray(), q.value(3).toBool()});
}

Result<std::optional<OperatorKeyService::PublicKey>>
OperatorKeyService::activeKey(const QString& username) const
{
    auto row = activeRow(m_db.connection(), username);
    if (!row)
        return std::unexpected(row.error());
    if (!row->has_value())
        return std::optional<PublicKey>();
    return std::optional<PublicKey>(PublicKey{(*row)->keyId, username, (*row)->publicKey, true});
}

} // namespace gatehouse
