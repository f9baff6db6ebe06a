#include "DecisionPathJson.h"

#include <QJsonArray>
#include <QSet>

namespace gatehouse {

namespace {

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

QString isoUtc(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

class Reader
{
public:
    Reader(const QJsonObject& o, QString where) : m_o(o), m_where(std::move(where)) {}

    std::optional<Error> error;

    QString string(const char* key, int maxLen = 4000)
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString()) {
            setError(key, QStringLiteral("must be a string"));
            return {};
        }
        if (v.toString().size() > maxLen) {
            setError(key, QStringLiteral("is longer than %1 characters").arg(maxLen));
            return {};
        }
        return v.toString();
    }

    QStringList list(const char* key) { return listIn(m_o, key, QString::fromLatin1(key)); }

    QStringList listIn(const QJsonObject& o, const char* key, const QString& fieldName)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray()) {
            setError(fieldName, QStringLiteral("must be an array of strings"));
            return {};
        }
        const QJsonArray a = v.toArray();
        if (a.size() > 1000) {
            setError(fieldName, QStringLiteral("has more than 1000 entries"));
            return {};
        }
        QStringList out;
        for (const auto& item : a) {
            if (!item.isString()) {
                setError(fieldName, QStringLiteral("must be an array of strings"));
                return {};
            }
            out << item.toString();
        }
        return out;
    }

    void setError(const QString& field, const QString& reason)
    {
        if (!error)
            error = Error{ErrorCode::InvalidInput,
                          QStringLiteral("%1: field \"%2\" %3").arg(m_where, field, reason)};
    }
    void setError(const char* field, const QString& reason) { setError(QString::fromLatin1(field), reason); }

private:
    const QJsonObject& m_o;
    QString m_where;
};

} // namespace

QJsonObject DecisionPathJson::toJson(const DecisionPath& p)
{
    QJsonObject frameworks{
        {QStringLiteral("owasp_agentic"), toArray(p.frameworks.owaspAgentic)},
        {QStringLiteral("maestro_layers"), toArray(p.frameworks.maestroLayers)},
        {QStringLiteral("nist_ai_rmf"), toArray(p.frameworks.nistAiRmf)},
        {QStringLiteral("nist_csf"), toArray(p.frameworks.nistCsf)},
    };
    return QJsonObject{
        {QStringLiteral("id"), p.id},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("description"), p.description},
        {QStringLiteral("owner"), p.owner},
        {QStringLiteral("team"), p.team},
        {QStringLiteral("ai_component"), p.aiComponent},
        {QStringLiteral("workload_id"), p.workloadId},
        {QStringLiteral("action_types"), toArray(p.actionTypes)},
        {QStringLiteral("targets"), toArray(p.targets)},
        {QStringLiteral("runs_as"), toArray(p.runsAs)},
        {QStringLiteral("environment"), p.environment},
        {QStringLiteral("tier"),
         p.tier ? QJsonValue(severityTierCode(*p.tier)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("reversibility"), reversibilityName(p.reversibility)},
        {QStringLiteral("confidence_threshold"), p.confidenceThreshold},
        {QStringLiteral("frameworks"), frameworks},
        {QStringLiteral("status"), pathStatusName(p.status)},
        {QStringLiteral("next_review_date"), p.nextReviewDate.isValid()
                                                 ? QJsonValue(p.nextReviewDate.toString(Qt::ISODate))
                                                 : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("created_at"), isoUtc(p.createdAt)},
        {QStringLiteral("updated_at"), isoUtc(p.updatedAt)},
        {QStringLiteral("version"), p.version},
    };
}

Result<DecisionPath> DecisionPathJson::fromJson(const QJsonObject& o, const QString& where)
{
    static const QSet<QString> kKnown = {QStringLiteral("id"),
                                         QStringLiteral("name"),
                                         QStringLiteral("description"),
                                         QStringLiteral("owner"),
                                         QStringLiteral("team"),
                                         QStringLiteral("ai_component"),
                                         QStringLiteral("workload_id"),
                                         QStringLiteral("action_types"),
                                         QStringLiteral("targets"),
                                         QStringLiteral("runs_as"),
                                         QStringLiteral("environment"),
                                         QStringLiteral("tier"),
                                         QStringLiteral("reversibility"),
                                         QStringLiteral("confidence_threshold"),
                                         QStringLiteral("frameworks"),
                                         QStringLiteral("status"),
                                         QStringLiteral("next_review_date"),
                                         QStringLiteral("created_at"),
                                         QStringLiteral("updated_at"),
                                         QStringLiteral("version")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!kKnown.contains(it.key()))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: unknown field \"%2\"").arg(where, it.key().left(64)));
    }

    Reader r(o, where);
    DecisionPath p;
    p.id = r.string("id", 200);
    p.name = r.string("name", 400);
    p.description = r.string("description", 8000);
    p.owner = r.string("owner", 200);
    p.team = r.string("team", 200);
    p.aiComponent = r.string("ai_component", 400);
    p.workloadId = r.string("workload_id", 4096);
    p.actionTypes = r.list("action_types");
    p.targets = r.list("targets");
    p.runsAs = r.list("runs_as");
    p.environment = r.string("environment", 200);

    if (!o.contains(QLatin1String("id")))
        r.setError("id", QStringLiteral("is required"));
    if (!o.contains(QLatin1String("name")))
        r.setError("name", QStringLiteral("is required"));

    const QString tier = r.string("tier", 32);
    if (!tier.isEmpty()) {
        p.tier = parseSeverityTier(tier);
        if (!p.tier)
            r.setError("tier", QStringLiteral("must be one of T0, T1, T2, T3 (got \"%1\")").arg(tier));
    }
    const QString rev = r.string("reversibility", 32);
    if (!rev.isEmpty()) {
        auto v = parseReversibility(rev);
        if (!v)
            r.setError(
                "reversibility",
                QStringLiteral("must be reversible, hard_to_reverse or irreversible (got \"%1\")").arg(rev));
        else
            p.reversibility = *v;
    }
    const QString status = r.string("status", 32);
    if (!status.isEmpty()) {
        auto v = parsePathStatus(status);
        if (!v)
            r.setError(
                "status",
                QStringLiteral("must be draft, active, suspended or retired (got \"%1\")").arg(status));
        else
            p.status = *v;
    }
    const QJsonValue conf = o.value(QLatin1String("confidence_threshold"));
    if (!conf.isUndefined() && !conf.isNull()) {
        if (!conf.isDouble())
            r.setError("confidence_threshold", QStringLiteral("must be a number between 0 and 1"));
        else
            p.confidenceThreshold = conf.toDouble();
    }
    const QString review = r.string("next_review_date", 32);
    if (!review.isEmpty()) {
        p.nextReviewDate = QDate::fromString(review, Qt::ISODate);
        if (!p.nextReviewDate.isValid())
            r.setError("next_review_date",
                       QStringLiteral("must be a date YYYY-MM-DD (got \"%1\")").arg(review));
    }
    const QJsonValue fw = o.value(QLatin1String("frameworks"));
    if (!fw.isUndefined() && !fw.isNull()) {
        if (!fw.isObject()) {
            r.setError("frameworks", QStringLiteral("must be an object"));
        } else {
            const QJsonObject f = fw.toObject();
            static const QSet<QString> kFw = {QStringLiteral("owasp_agentic"),
                                              QStringLiteral("maestro_layers"), QStringLiteral("nist_ai_rmf"),
                                              QStringLiteral("nist_csf")};
            for (auto it = f.begin(); it != f.end(); ++it) {
                if (!kFw.contains(it.key()))
                    r.setError(QStringLiteral("frameworks.") + it.key().left(64),
                               QStringLiteral("is not a known framework"));
            }
            p.frameworks.owaspAgentic =
                r.listIn(f, "owasp_agentic", QStringLiteral("frameworks.owasp_agentic"));
            p.frameworks.maestroLayers =
                r.listIn(f, "maestro_layers", QStringLiteral("frameworks.maestro_layers"));
            p.frameworks.nistAiRmf = r.listIn(f, "nist_ai_rmf", QStringLiteral("frameworks.nist_ai_rmf"));
            p.frameworks.nistCsf = r.listIn(f, "nist_csf", QStringLiteral("frameworks.nist_csf"));
        }
    }
    if (r.error)
        return std::unexpected(*r.error);
    return p;
}

} // namespace gatehouse
