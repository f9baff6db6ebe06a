#include "ActionRequestJson.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include "DecisionPathValidator.h"

namespace gatehouse {

namespace {

bool hasControlChars(const QString& s)
{
    for (const QChar c : s) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            return true;
    }
    return false;
}

int depthOf(const QJsonValue& v)
{
    if (v.isObject()) {
        int d = 0;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            d = std::max(d, depthOf(it.value()));
        return d + 1;
    }
    if (v.isArray()) {
        int d = 0;
        for (const auto& item : v.toArray())
            d = std::max(d, depthOf(item));
        return d + 1;
    }
    return 0;
}

class Reader
{
public:
    Reader(const QJsonObject& o, const QString& where) : m_o(o), m_where(where) {}

    std::optional<Error> error;

    bool present(const char* key) const
    {
        const QJsonValue v = m_o.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull();
    }

    /// A string field; \a maxChars counts UTF-16 units, \a maxBytes UTF-8 bytes (0 = unchecked).
    QString string(const char* key, bool required, qsizetype maxChars, qsizetype maxBytes, bool singleLine)
    {
        if (!present(key)) {
            if (required)
                setError(key, QStringLiteral("is required"));
            return {};
        }
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isString()) {
            setError(key, QStringLiteral("must be a string"));
            return {};
        }
        const QString s = v.toString();
        if (maxChars > 0 && s.size() > maxChars) {
            setError(key, QStringLiteral("is longer than %1 characters").arg(maxChars));
            return {};
        }
        if (maxBytes > 0 && s.toUtf8().size() > maxBytes) {
            setError(key, QStringLiteral("is longer than %1 bytes").arg(maxBytes));
            return {};
        }
        if (singleLine && hasControlChars(s)) {
            setError(key, QStringLiteral("contains control characters"));
            return {};
        }
        if (required && s.trimmed().isEmpty()) {
            setError(key, QStringLiteral("must not be empty"));
            return {};
        }
        return s;
    }

    std::optional<bool> boolean(const char* key, bool required)
    {
        if (!present(key)) {
            if (required)
                setError(key, QStringLiteral("is required"));
            return std::nullopt;
        }
        const QJsonValue v = m_o.value(QLatin1String(key));
        if (!v.isBool()) {
            setError(key, QStringLiteral("must be true or false"));
            return std::nullopt;
        }
        return v.toBool();
    }

    std::optional<double> number(const char* key, double lo, double hi)
    {
        if (!present(key)) {
            setError(key, QStringLiteral("is required"));
            return std::nullopt;
        }
        const QJsonValue v = m_o.value(QLatin1String(key));
        const double d = v.toDouble();
        if (!v.isDouble() || !std::isfinite(d) || d < lo || d > hi) {
            setError(key, QStringLiteral("must be a number between %1 and %2").arg(lo).arg(hi));
            return std::nullopt;
        }
        return d;
    }

    void setError(const char* field, const QString& reason)
    {
        if (!error)
            error = Error{ErrorCode::InvalidInput,
                          QStringLiteral("%1: field \"%2\" %3").arg(m_where, QLatin1String(field), reason)};
    }

private:
    const QJsonObject& m_o;
    const QString& m_where;
};

} // namespace

Result<ActionRequest> ActionRequestJson::fromJson(const QJsonObject& o, const QString& where)
{
    static const QSet<QString> kKnown = {
        QStringLiteral("path_id"),         QStringLiteral("action_type"),
        QStringLiteral("target"),          QStringLiteral("parameters"),
        QStringLiteral("recommendation"),  QStringLiteral("confidence"),
        QStringLiteral("risk_score"),      QStringLiteral("target_sensitivity"),
        QStringLiteral("environment"),     QStringLiteral("reversible"),
        QStringLiteral("rollback_plan"),   QStringLiteral("on_behalf_of"),
        QStringLiteral("idempotency_key"), QStringLiteral("policy_exception")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!kKnown.contains(it.key())) {
            QString name = it.key().left(64);
            if (hasControlChars(name))
                name = QStringLiteral("(unprintable)");
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: unknown field \"%2\"").arg(where, name));
        }
    }

    Reader r(o, where);
    ActionRequest a;
    a.pathId = r.string("path_id", true, 64, 0, true);
    if (!r.error && !DecisionPathValidator::isValidSlug(a.pathId))
        r.setError("path_id",
                   QStringLiteral("must be a path id (lower-case letters, digits and single dashes)"));
    a.actionType = r.string("action_type", true, 128, 0, true);
    if (!r.error && !DecisionPathValidator::isValidActionType(a.actionType))
        r.setError("action_type", QStringLiteral("must be a dotted action type such as iam.role.assign"));
    a.target = r.string("target", true, 1024, 0, true);

    if (r.present("parameters")) {
        const QJsonValue v = o.value(QLatin1String("parameters"));
        if (!v.isObject()) {
            r.setError("parameters", QStringLiteral("must be an object"));
        } else if (depthOf(v) > kMaxParametersDepth) {
            r.setError("parameters",
                       QStringLiteral("is nested deeper than %1 levels").arg(kMaxParametersDepth));
        } else if (QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).size() > kMaxParametersBytes) {
            r.setError("parameters", QStringLiteral("is larger than %1 bytes").arg(kMaxParametersBytes));
        } else {
            a.parameters = v.toObject();
        }
    }
    a.recommendation = r.string("recommendation", false, 0, kMaxTextBytes, false);
    if (auto c = r.number("confidence", 0.0, 1.0))
        a.confidence = *c;
    if (auto risk = r.number("risk_score", 0, 100)) {
        if (*risk != std::floor(*risk))
            r.setError("risk_score", QStringLiteral("must be an integer between 0 and 100"));
        else
            a.riskScore = static_cast<int>(*risk);
    }
    const QString sens = r.string("target_sensitivity", true, 32, 0, true);
    if (!r.error) {
        if (auto s = parseTargetSensitivity(sens))
            a.targetSensitivity = *s;
        else
            r.setError("target_sensitivity",
                       QStringLiteral("must be one of public, internal, confidential, restricted"));
    }
    a.environment = r.string("environment", true, 64, 0, true);
    if (auto rev = r.boolean("reversible", true))
        a.reversible = *rev;
    a.rollbackPlan = r.string("rollback_plan", false, 0, kMaxTextBytes, false);
    a.onBehalfOf = r.string("on_behalf_of", false, 256, 0, true);
    if (r.present("idempotency_key")) {
        static const QRegularExpression kKey(QStringLiteral("^[\\x21-\\x7e]{1,255}$"));
        a.idempotencyKey = r.string("idempotency_key", false, 255, 0, true);
        if (!r.error && !kKey.match(a.idempotencyKey).hasMatch())
            r.setError("idempotency_key", QStringLiteral("must be 1 to 255 printable ASCII characters"));
    }
    if (auto pe = r.boolean("policy_exception", false))
        a.policyException = *pe;

    if (r.error)
        return std::unexpected(*r.error);
    return a;
}

QJsonObject ActionRequestJson::toJson(const ActionRequest& a)
{
    QJsonObject o{
        {QStringLiteral("path_id"), a.pathId},
        {QStringLiteral("action_type"), a.actionType},
        {QStringLiteral("target"), a.target},
        {QStringLiteral("parameters"), a.parameters},
        {QStringLiteral("confidence"), a.confidence},
        {QStringLiteral("risk_score"), a.riskScore},
        {QStringLiteral("target_sensitivity"), targetSensitivityName(a.targetSensitivity)},
        {QStringLiteral("environment"), a.environment},
        {QStringLiteral("reversible"), a.reversible},
        {QStringLiteral("policy_exception"), a.policyException},
    };
    if (!a.recommendation.isEmpty())
        o.insert(QStringLiteral("recommendation"), a.recommendation);
    if (!a.rollbackPlan.isEmpty())
        o.insert(QStringLiteral("rollback_plan"), a.rollbackPlan);
    if (!a.onBehalfOf.isEmpty())
        o.insert(QStringLiteral("on_behalf_of"), a.onBehalfOf);
    if (!a.idempotencyKey.isEmpty())
        o.insert(QStringLiteral("idempotency_key"), a.idempotencyKey);
    return o;
}

QString ActionRequestJson::offendingField(const Error& error)
{
    static const QRegularExpression kField(QStringLiteral("field \"([^\"]*)\""));
    const auto m = kField.match(error.message);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace gatehouse
