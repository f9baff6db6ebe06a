#include "PolicyStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

std::unexpected<Error> storageError(const QSqlQuery& q, const char* what)
{
    return fail(ErrorCode::StorageFailure,
                QStringLiteral("cannot %1: %2").arg(QLatin1String(what), q.lastError().text()));
}

QDateTime parseTime(const QVariant& v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

const char* kPublicationColumns = "id, hash, label, body, source, rule_count, published_by, published_at";

PolicyVersionRecord publicationFromRow(const QSqlQuery& q)
{
    PolicyVersionRecord r;
    r.publication = q.value(0).toLongLong();
    r.hash = q.value(1).toString();
    r.label = q.value(2).toString();
    r.body = q.value(3).toString().toUtf8();
    r.source = q.value(4).toString().toUtf8();
    r.ruleCount = q.value(5).toInt();
    r.publishedBy = q.value(6).toString();
    r.publishedAt = parseTime(q.value(7));
    return r;
}

} // namespace

Result<std::optional<PolicyVersionRecord>> PolicyStore::current() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM policy_publications ORDER BY id DESC LIMIT 1")
                    .arg(QLatin1String(kPublicationColumns))))
        return storageError(q, "read the policy in force");
    if (!q.next())
        return std::optional<PolicyVersionRecord>{};
    return std::optional<PolicyVersionRecord>{publicationFromRow(q)};
}

Result<std::optional<std::pair<qint64, QString>>> PolicyStore::currentId() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, hash FROM policy_publications ORDER BY id DESC LIMIT 1")))
        return storageError(q, "read the policy in force");
    if (!q.next())
        return std::optional<std::pair<qint64, QString>>{};
    return std::optional<std::pair<qint64, QString>>{{q.value(0).toLongLong(), q.value(1).toString()}};
}

Result<std::optional<PolicyVersionRecord>> PolicyStore::byHash(const QString& hash) const
{
    static const QRegularExpression kHex(QStringLiteral("^[0-9a-f]{8,64}$"));
    if (!kHex.match(hash).hasMatch())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("a policy version is 8 to 64 lower-case hex digits of its SHA-256"));
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM policy_publications WHERE substr(hash, 1, ?) = ? ORDER BY id DESC")
            .arg(QLatin1String(kPublicationColumns)));
    q.addBindValue(static_cast<int>(hash.size()));
    q.addBindValue(hash);
    if (!q.exec())
        return storageError(q, "read a policy version");
    std::optional<PolicyVersionRecord> found;
    while (q.next()) {
        PolicyVersionRecord r = publicationFromRow(q);
        if (found && found->hash != r.hash)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("the version prefix %1 is ambiguous; give more digits").arg(hash));
        if (!found)
            found = r;
    }
    return found;
}

Result<QList<PolicyVersionRecord>> PolicyStore::history() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, hash, label, '', '', rule_count, published_by, published_at "
                               "FROM policy_publications ORDER BY id DESC")))
        return storageError(q, "read the policy history");
    QList<PolicyVersionRecord> out;
    while (q.next())
        out << publicationFromRow(q);
    return out;
}

Result<qint64> PolicyStore::insertPublication(const PolicyVersionRecord& r)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO policy_publications (hash, label, body, source, rule_count, published_by, "
        "published_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.hash);
    q.addBindValue(r.label);
    q.addBindValue(QString::fromUtf8(r.body));
    q.addBindValue(QString::fromUtf8(r.source));
    q.addBindValue(r.ruleCount);
    q.addBindValue(r.publishedBy);
    q.addBindValue(iso(r.publishedAt));
    if (!q.exec())
        return storageError(q, "store the policy version");
    return q.lastInsertId().toLongLong();
}

Result<std::optional<ShadowPolicyRecord>> PolicyStore::runningShadow() const
{
    QSqlQuery q(m_db);
    if (!q.exec(
            QStringLiteral("SELECT id, hash, label, body, registered_by, registered_at FROM policy_shadows "
                           "WHERE cleared_at IS NULL ORDER BY id DESC LIMIT 1")))
        return storageError(q, "read the shadow policy");
    if (!q.next())
        return std::optional<ShadowPolicyRecord>{};
    ShadowPolicyRecord r;
    r.id = q.value(0).toLongLong();
    r.hash = q.value(1).toString();
    r.label = q.value(2).toString();
    r.body = q.value(3).toString().toUtf8();
    r.registeredBy = q.value(4).toString();
    r.registeredAt = parseTime(q.value(5));
    return std::optional<ShadowPolicyRecord>{r};
}

Result<qint64> PolicyStore::insertShadow(const ShadowPolicyRecord& r)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO policy_shadows (hash, label, body, registered_by, registered_at) "
                             "VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(r.hash);
    q.addBindValue(r.label);
    q.addBindValue(QString::fromUtf8(r.body));
    q.addBindValue(r.registeredBy);
    q.addBindValue(iso(r.registeredAt));
    if (!q.exec())
        return storageError(q, "store the shadow policy");
    return q.lastInsertId().toLongLong();
}

Status PolicyStore::clearShadow(qint64 id, const QString& by, const QDateTime& at)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE policy_shadows SET cleared_by = ?, cleared_at = ? WHERE id = ?"));
    q.addBindValue(by);
    q.addBindValue(iso(at));
    q.addBindValue(id);
    if (!q.exec())
        return storageError(q, "stop the shadow policy");
    return {};
}

Status PolicyStore::insertFlip(const ShadowFlip& f)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO policy_shadow_flips (shadow_id, request_id, path_id, action_type, target, "
        "live_version, live_outcome, shadow_version, shadow_outcome, shadow_rules, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(f.shadowId);
    q.addBindValue(f.requestId);
    q.addBindValue(f.pathId);
    q.addBindValue(f.actionType);
    q.addBindValue(f.target);
    q.addBindValue(f.liveVersion);
    q.addBindValue(policyOutcomeName(f.liveOutcome));
    q.addBindValue(f.shadowVersion);
    q.addBindValue(policyOutcomeName(f.shadowOutcome));
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(f.shadowRules)).toJson(QJsonDocument::Compact)));
    q.addBindValue(iso(f.decidedAt));
    if (!q.exec())
        return storageError(q, "record a shadow-policy flip");
    return {};
}

Result<QList<ShadowFlip>> PolicyStore::flips(qint64 shadowId, int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT id, shadow_id, request_id, path_id, action_type, target, live_version, "
                       "live_outcome, shadow_version, shadow_outcome, shadow_rules, decided_at "
                       "FROM policy_shadow_flips WHERE (? = 0 OR shadow_id = ?) ORDER BY id DESC LIMIT ?"));
    q.addBindValue(shadowId);
    q.addBindValue(shadowId);
    q.addBindValue(limit);
    if (!q.exec())
        return storageError(q, "read shadow-policy flips");
    QList<ShadowFlip> out;
    while (q.next()) {
        ShadowFlip f;
        f.id = q.value(0).toLongLong();
        f.shadowId = q.value(1).toLongLong();
        f.requestId = q.value(2).toString();
        f.pathId = q.value(3).toString();
        f.actionType = q.value(4).toString();
        f.target = q.value(5).toString();
        f.liveVersion = q.value(6).toString();
        f.liveOutcome = parsePolicyOutcome(q.value(7).toString()).value_or(PolicyOutcome::Review);
        f.shadowVersion = q.value(8).toString();
        f.shadowOutcome = parsePolicyOutcome(q.value(9).toString()).value_or(PolicyOutcome::Review);
        for (const auto& v : QJsonDocument::fromJson(q.value(10).toString().toUtf8()).array())
            f.shadowRules << v.toString();
        f.decidedAt = parseTime(q.value(11));
        out << f;
    }
    return out;
}

Result<QList<RecordedRequest>> PolicyStore::recorded(const QDateTime& from, const QDateTime& to,
                                                     int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, path_id, body, status, outcome, policy_version, received_at "
                             "FROM action_requests WHERE received_at >= ? AND received_at <= ? "
                             "ORDER BY received_at, id LIMIT ?"));
    q.addBindValue(iso(from));
    q.addBindValue(iso(to));
    q.addBindValue(limit);
    if (!q.exec())
        return storageError(q, "read recorded action requests");
    QList<RecordedRequest> out;
    while (q.next()) {
        RecordedRequest r;
        r.id = q.value(0).toString();
        r.pathId = q.value(1).toString();
        r.body = q.value(2).toString().toUtf8();
        r.status = q.value(3).toString();
        r.outcome = parsePolicyOutcome(q.value(4).toString()).value_or(PolicyOutcome::Review);
        r.policyVersion = q.value(5).toString();
        r.receivedAt = parseTime(q.value(6));
        out << r;
    }
    return out;
}

} // namespace gatehouse
