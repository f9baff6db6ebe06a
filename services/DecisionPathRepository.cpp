#include "DecisionPathRepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

const char* kColumns =
    "id, name, description, owner, team, ai_component, workload_id, action_types, targets, "
    "environment, tier, reversibility, confidence_threshold, frameworks, status, "
    "next_review_date, created_at, updated_at, version, runs_as";

QString listToJson(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList listFromJson(const QString& text)
{
    QStringList out;
    for (const auto& v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

QString frameworksToJson(const FrameworkMapping& f)
{
    QJsonObject o{{QStringLiteral("owasp_agentic"), QJsonArray::fromStringList(f.owaspAgentic)},
                  {QStringLiteral("maestro_layers"), QJsonArray::fromStringList(f.maestroLayers)},
                  {QStringLiteral("nist_ai_rmf"), QJsonArray::fromStringList(f.nistAiRmf)},
                  {QStringLiteral("nist_csf"), QJsonArray::fromStringList(f.nistCsf)}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

FrameworkMapping frameworksFromJson(const QString& text)
{
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    auto list = [&](const char* key) {
        QStringList out;
        for (const auto& v : o.value(QLatin1String(key)).toArray())
            out << v.toString();
        return out;
    };
    return FrameworkMapping{list("owasp_agentic"), list("maestro_layers"), list("nist_ai_rmf"),
                            list("nist_csf")};
}

DecisionPath fromRow(const QSqlQuery& q)
{
    DecisionPath p;
    p.id = q.value(0).toString();
    p.name = q.value(1).toString();
    p.description = q.value(2).toString();
    p.owner = q.value(3).toString();
    p.team = q.value(4).toString();
    p.aiComponent = q.value(5).toString();
    p.workloadId = q.value(6).toString();
    p.actionTypes = listFromJson(q.value(7).toString());
    p.targets = listFromJson(q.value(8).toString());
    p.environment = q.value(9).toString();
    if (!q.value(10).isNull())
        p.tier = static_cast<SeverityTier>(q.value(10).toInt());
    p.reversibility = static_cast<Reversibility>(q.value(11).toInt());
    p.confidenceThreshold = q.value(12).toDouble();
    p.frameworks = frameworksFromJson(q.value(13).toString());
    p.status = parsePathStatus(q.value(14).toString()).value_or(PathStatus::Draft);
    if (!q.value(15).isNull())
        p.nextReviewDate = QDate::fromString(q.value(15).toString(), Qt::ISODate);
    p.createdAt = QDateTime::fromString(q.value(16).toString(), Qt::ISODateWithMs);
    p.updatedAt = QDateTime::fromString(q.value(17).toString(), Qt::ISODateWithMs);
    p.version = q.value(18).toInt();
    p.runsAs = listFromJson(q.value(19).toString());
    return p;
}

/// A null QString binds as SQL NULL; text columns want '' instead.
QString text(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

/// Binds every column but id and version, in kColumns order.
void bindFields(QSqlQuery& q, const DecisionPath& p)
{
    q.addBindValue(text(p.name));
    q.addBindValue(text(p.description));
    q.addBindValue(p.owner.isEmpty() ? QVariant() : QVariant(p.owner));
    q.addBindValue(text(p.team));
    q.addBindValue(text(p.aiComponent));
    q.addBindValue(text(p.workloadId));
    q.addBindValue(listToJson(p.actionTypes));
    q.addBindValue(listToJson(p.targets));
    q.addBindValue(text(p.environment));
    q.addBindValue(p.tier ? QVariant(static_cast<int>(*p.tier)) : QVariant());
    q.addBindValue(static_cast<int>(p.reversibility));
    q.addBindValue(p.confidenceThreshold);
    q.addBindValue(frameworksToJson(p.frameworks));
    q.addBindValue(pathStatusName(p.status));
    q.addBindValue(p.nextReviewDate.isValid() ? QVariant(p.nextReviewDate.toString(Qt::ISODate))
                                              : QVariant());
    q.addBindValue(p.createdAt.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(p.updatedAt.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(listToJson(p.runsAs));
}

std::unexpected<Error> storageError(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("decision paths: %1").arg(q.lastError().text()));
}

} // namespace

DecisionPathRepository::DecisionPathRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Result<QList<DecisionPath>> DecisionPathRepository::list() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(
            QStringLiteral("SELECT %1 FROM decision_paths ORDER BY id").arg(QString::fromLatin1(kColumns))))
        return storageError(q);
    QList<DecisionPath> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Result<std::optional<DecisionPath>> DecisionPathRepository::find(const QString& id) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM decision_paths WHERE id = ?").arg(QString::fromLatin1(kColumns)));
    q.addBindValue(id);
    if (!q.exec())
        return storageError(q);
    if (!q.next())
        return std::optional<DecisionPath>{};
    return std::optional<DecisionPath>{fromRow(q)};
}

Result<std::optional<QString>> DecisionPathRepository::activeWithWorkload(const QString& workloadId,
                                                                          const QString& exceptId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT id FROM decision_paths WHERE status = 'active' AND workload_id = ? AND id <> ?"));
    q.addBindValue(workloadId);
    q.addBindValue(exceptId);
    if (!q.exec())
        return storageError(q);
    if (!q.next())
        return std::optional<QString>{};
    return std::optional<QString>{q.value(0).toString()};
}

Status DecisionPathRepository::insert(const DecisionPath& p)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO decision_paths(name, description, owner, team, ai_component, workload_id, "
        "action_types, targets, environment, tier, reversibility, confidence_threshold, "
        "frameworks, status, next_review_date, created_at, updated_at, runs_as, id, version) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bindFields(q, p);
    q.addBindValue(p.id);
    q.addBindValue(p.version);
    if (!q.exec())
        return storageError(q);
    return {};
}

Status DecisionPathRepository::update(const DecisionPath& p, int expectedVersion)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE decision_paths SET name = ?, description = ?, owner = ?, team = ?, "
                       "ai_component = ?, workload_id = ?, action_types = ?, targets = ?, environment = ?, "
                       "tier = ?, reversibility = ?, confidence_threshold = ?, frameworks = ?, status = ?, "
                       "next_review_date = ?, created_at = ?, updated_at = ?, runs_as = ?, version = ? "
                       "WHERE id = ? AND version = ?"));
    bindFields(q, p);
    q.addBindValue(p.version);
    q.addBindValue(p.id);
    q.addBindValue(expectedVersion);
    if (!q.exec())
        return storageError(q);
    if (q.numRowsAffected() != 1)
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("decision path \"%1\" was changed by someone else since you loaded it (your "
                           "version %2); reload it and apply your change again")
                .arg(p.id)
                .arg(expectedVersion));
    return {};
}

} // namespace gatehouse
