#include "CredentialRepository.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "Base64Url.h"
#include "SqlValues.h"

namespace gatehouse {

using sql::textOrNull;
using sql::timeFrom;
using sql::timeValue;

namespace {

const char* kColumns = "jti, request_id, path_id, kid, subject, audience, action_type, target, claims, "
                       "signing_input, issued_at, not_before, expires_at, ttl_seconds, status, "
                       "status_changed_at, status_actor, revoke_reason, version";

const char* kKeyColumns = "k.kid, k.public_key, k.status, k.created_at, k.retired_at, k.reason, "
                          "(SELECT MAX(c.expires_at) FROM credentials c WHERE c.kid = k.kid)";

std::unexpected<Error> sqlFailure(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("credentials: %1").arg(q.lastError().text()));
}

Credential fromRow(const QSqlQuery& q)
{
    Credential c;
    c.jti = q.value(0).toString();
    c.requestId = q.value(1).toString();
    c.pathId = q.value(2).toString();
    c.kid = q.value(3).toString();
    c.subject = q.value(4).toString();
    c.audience = q.value(5).toString();
    c.actionType = q.value(6).toString();
    c.target = q.value(7).toString();
    c.claims = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
    c.signingInput = q.value(9).toString().toLatin1();
    c.issuedAt = timeFrom(q.value(10));
    c.notBefore = timeFrom(q.value(11));
    c.expiresAt = timeFrom(q.value(12));
    c.ttlSeconds = q.value(13).toLongLong();
    c.status = parseCredentialStatus(q.value(14).toString()).value_or(CredentialStatus::Revoked);
    c.statusChangedAt = timeFrom(q.value(15));
    c.statusActor = q.value(16).toString();
    c.revokeReason = q.value(17).toString();
    c.version = q.value(18).toInt();
    return c;
}

SigningKeyInfo keyFromRow(const QSqlQuery& q)
{
    SigningKeyInfo k;
    k.kid = q.value(0).toString();
    k.publicKey = Base64Url::decode(q.value(1).toString().toLatin1()).value_or(QByteArray());
    k.status = parseSigningKeyStatus(q.value(2).toString()).value_or(SigningKeyStatus::Revoked);
    k.createdAt = timeFrom(q.value(3));
    k.retiredAt = timeFrom(q.value(4));
    k.reason = q.value(5).toString();
    k.lastExpiry = timeFrom(q.value(6));
    return k;
}

} // namespace

CredentialRepository::CredentialRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Status CredentialRepository::insert(const Credential& c)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO credentials (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?, ?, ?, ?, ?)")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(c.jti);
    q.addBindValue(c.requestId);
    q.addBindValue(c.pathId);
    q.addBindValue(c.kid);
    q.addBindValue(c.subject);
    q.addBindValue(c.audience);
    q.addBindValue(c.actionType);
    q.addBindValue(c.target);
    q.addBindValue(QString::fromUtf8(QJsonDocument(c.claims).toJson(QJsonDocument::Compact)));
    q.addBindValue(QString::fromLatin1(c.signingInput));
    q.addBindValue(timeValue(c.issuedAt));
    q.addBindValue(timeValue(c.notBefore));
    q.addBindValue(timeValue(c.expiresAt));
    q.addBindValue(c.ttlSeconds);
    q.addBindValue(credentialStatusName(c.status));
    q.addBindValue(timeValue(c.statusChangedAt));
    q.addBindValue(textOrNull(c.statusActor));
    q.addBindValue(textOrNull(c.revokeReason));
    q.addBindValue(c.version);
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<std::optional<Credential>> CredentialRepository::find(const QString& jti) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM credentials WHERE jti = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(jti);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<Credential>{};
    return std::optional<Credential>{fromRow(q)};
}

Result<std::optional<Credential>> CredentialRepository::findByRequest(const QString& requestId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM credentials WHERE request_id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(requestId);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<Credential>{};
    return std::optional<Credential>{fromRow(q)};
}

Result<QList<Credential>> CredentialRepository::list(const CredentialFilter& filter) const
{
    QString sql = QStringLiteral("SELECT %1 FROM credentials WHERE 1 = 1").arg(QLatin1String(kColumns));
    QVariantList binds;
    if (filter.status) {
        sql += QStringLiteral(" AND status = ?");
        binds << credentialStatusName(*filter.status);
    }
    if (!filter.pathId.isEmpty()) {
        sql += QStringLiteral(" AND path_id = ?");
        binds << filter.pathId;
    }
    if (!filter.requestId.isEmpty()) {
        sql += QStringLiteral(" AND request_id = ?");
        binds << filter.requestId;
    }
    if (!filter.kid.isEmpty()) {
        sql += QStringLiteral(" AND kid = ?");
        binds << filter.kid;
    }
    sql += QStringLiteral(" ORDER BY issued_at DESC, jti LIMIT ?");
    binds << std::max(1, filter.limit);
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const QVariant& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return sqlFailure(q);
    QList<Credential> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Result<QList<Credential>> CredentialRepository::activePastExpiry(const QDateTime& now, int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM credentials WHERE status = 'active' AND expires_at <= ? "
                             "ORDER BY expires_at, jti LIMIT ?")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(timeValue(now));
    q.addBindValue(limit);
    if (!q.exec())
        return sqlFailure(q);
    QList<Credential> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Result<bool> CredentialRepository::leaveActive(const QString& jti, CredentialStatus to, const QDateTime& at,
                                               const QString& actor, const QString& reason)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE credentials SET status = ?, status_changed_at = ?, status_actor = ?, "
                             "revoke_reason = ?, version = version + 1 WHERE jti = ? AND status = 'active'"));
    q.addBindValue(credentialStatusName(to));
    q.addBindValue(timeValue(at));
    q.addBindValue(textOrNull(actor));
    q.addBindValue(textOrNull(reason));
    q.addBindValue(jti);
    if (!q.exec())
        return sqlFailure(q);
    return q.numRowsAffected() == 1;
}

Status CredentialRepository::insertKey(const SigningKeyInfo& k)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO signing_keys (kid, algorithm, public_key, status, created_at, "
                             "retired_at, reason) VALUES (?, 'EdDSA', ?, ?, ?, ?, ?)"));
    q.addBindValue(k.kid);
    q.addBindValue(QString::fromLatin1(Base64Url::encode(k.publicKey)));
    q.addBindValue(signingKeyStatusName(k.status));
    q.addBindValue(timeValue(k.createdAt));
    q.addBindValue(timeValue(k.retiredAt));
    q.addBindValue(textOrNull(k.reason));
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<std::optional<SigningKeyInfo>> CredentialRepository::findKey(const QString& kid) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM signing_keys k WHERE k.kid = ?").arg(QLatin1String(kKeyColumns)));
    q.addBindValue(kid);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<SigningKeyInfo>{};
    return std::optional<SigningKeyInfo>{keyFromRow(q)};
}

Result<std::optional<SigningKeyInfo>> CredentialRepository::activeKey() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM signing_keys k WHERE k.status = 'active'")
                    .arg(QLatin1String(kKeyColumns))))
        return sqlFailure(q);
    if (!q.next())
        return std::optional<SigningKeyInfo>{};
    return std::optional<SigningKeyInfo>{keyFromRow(q)};
}

Result<QList<SigningKeyInfo>> CredentialRepository::keys() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM signing_keys k ORDER BY k.created_at DESC, k.kid")
                    .arg(QLatin1String(kKeyColumns))))
        return sqlFailure(q);
    QList<SigningKeyInfo> out;
    while (q.next())
        out << keyFromRow(q);
    return out;
}

Status CredentialRepository::setKeyStatus(const QString& kid, SigningKeyStatus status, const QDateTime& at,
                                          const QString& reason)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE signing_keys SET status = ?, retired_at = IFNULL(retired_at, ?), "
                             "reason = IFNULL(?, reason) WHERE kid = ?"));
    q.addBindValue(signingKeyStatusName(status));
    q.addBindValue(timeValue(at));
    q.addBindValue(textOrNull(reason));
    q.addBindValue(kid);
    if (!q.exec())
        return sqlFailure(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("no signing key %1").arg(kid.left(64)));
    return {};
}

} // namespace gatehouse
