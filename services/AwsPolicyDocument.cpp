#include "AwsPolicyDocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include "IamPattern.h"

namespace gatehouse {

namespace {

std::unexpected<Error> invalid(const QString& where, const QString& what)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(where, what));
}

// Limits on what one document may hold. IAM's own quotas are far below them (a managed policy
// holds at most 6,144 characters, a role's inline policies 10,240: IAM User Guide, "IAM and
// AWS STS quotas"), so only hostile or damaged input reaches them; refusing it keeps a 60 MiB
// string from being copied onto every node and edge it would name.
constexpr qsizetype kMaxElementChars = 10240;   ///< one Action, Resource, principal, Sid value
constexpr qsizetype kMaxElements = 50000;       ///< entries of one Action / Resource / principal list
constexpr qsizetype kMaxStatements = 10000;     ///< statements of one document
constexpr qsizetype kMaxEncodedChars = 1 << 20; ///< a document given as a (URL-encoded) string

/// A string or a list of strings (IAM's scalar-or-list rule); nullopt on any other type.
std::optional<QStringList> stringOrList(const QJsonValue& v)
{
    if (v.isString())
        return QStringList{v.toString()};
    if (!v.isArray())
        return std::nullopt;
    QStringList out;
    for (const auto& item : v.toArray()) {
        if (!item.isString())
            return std::nullopt;
        out << item.toString();
    }
    return out;
}

/// A message when \a values break the limits above, else an empty string.
QString tooLarge(const QStringList& values)
{
    if (values.size() > kMaxElements)
        return QStringLiteral("has %1 entries, more than the %2 allowed")
            .arg(values.size())
            .arg(kMaxElements);
    for (qsizetype i = 0; i < values.size(); ++i)
        if (values[i].size() > kMaxElementChars)
            return QStringLiteral("entry %1 has %2 characters, more than the %3 allowed")
                .arg(i)
                .arg(values[i].size())
                .arg(kMaxElementChars);
    return {};
}

Status readPrincipal(const QJsonValue& v, const QString& where, AwsStatement& s)
{
    s.hasPrincipal = true;
    if (v.isString()) {
        if (v.toString() != QStringLiteral("*"))
            return invalid(where, QStringLiteral("a string principal must be \"*\""));
        s.anyPrincipal = true;
        return {};
    }
    if (!v.isObject())
        return invalid(where, QStringLiteral("must be \"*\" or an object with AWS, Service or Federated"));
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const auto values = stringOrList(it.value());
        if (!values)
            return invalid(where + QLatin1Char('.') + it.key(),
                           QStringLiteral("must be a string or a list of strings"));
        if (const QString big = tooLarge(*values); !big.isEmpty())
            return invalid(where + QLatin1Char('.') + it.key(), big);
        if (it.key() == QStringLiteral("AWS")) {
            for (const auto& p : *values) {
                if (p == QStringLiteral("*"))
                    s.anyPrincipal = true;
                else
                    s.awsPrincipals << p;
            }
        } else if (it.key() == QStringLiteral("Service")) {
            s.servicePrincipals << *values;
        } else if (it.key() == QStringLiteral("Federated")) {
            s.federatedPrincipals << *values;
        } else if (it.key() == QStringLiteral("CanonicalUser")) {
            s.awsPrincipals << *values; // S3 canonical ids; kept, never matched to IAM principals
        } else {
            return invalid(
                where + QLatin1Char('.') + it.key().left(40),
                QStringLiteral("is not a principal type (AWS, Service, Federated, CanonicalUser)"));
        }
    }
    return {};
}

QDateTime parseDate(const QJsonValue& v)
{
    if (v.isDouble())
        return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(v.toDouble()), Qt::UTC);
    const QString text = v.toString();
    bool isNumber = false;
    const qint64 epoch = text.toLongLong(&isNumber);
    if (isNumber)
        return QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC);
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            t = QDateTime(d, QTime(0, 0), Qt::UTC);
    }
    return t.toUTC();
}

} // namespace

bool AwsStatement::coversAction(const QString& action) const
{
    bool any = false;
    for (const auto& a : actions)
        if (IamPattern::matches(a, action, IamPattern::Case::Insensitive)) {
            any = true;
            break;
        }
    return notAction ? !any : any;
}

bool AwsStatement::coversResource(const QString& arn, const QList<std::pair<QString, QString>>& variables,
                                  bool* unresolved) const
{
    if (resources.isEmpty() && !notResource)
        return true;
    bool any = false;
    for (QString r : resources) {
        for (const auto& [name, value] : variables)
            r.replace(QStringLiteral("${") + name + QLatin1Char('}'), value, Qt::CaseInsensitive);
        if (r.contains(QStringLiteral("${"))) {
            if (unresolved)
                *unresolved = true;
            continue; // an undefined variable matches nothing
        }
        if (IamPattern::matches(r, arn, IamPattern::Case::Sensitive)) {
            any = true;
            break;
        }
    }
    return notResource ? !any : any;
}

AwsConditionState AwsPolicyDocument::decideCondition(const QJsonObject& condition, const QDateTime& now)
{
    if (condition.isEmpty())
        return AwsConditionState::None;
    bool undecided = false;
    for (auto op = condition.begin(); op != condition.end(); ++op) {
        QString name = op.key();
        if (name.endsWith(QStringLiteral("IfExists")))
            name.chop(8); // aws:CurrentTime is always present
        const bool dateOp = name.startsWith(QStringLiteral("Date"));
        const QJsonObject keys = op.value().toObject();
        if (!dateOp || !op.value().isObject()) {
            undecided = true;
            continue;
        }
        for (auto key = keys.begin(); key != keys.end(); ++key) {
            if (key.key().compare(QStringLiteral("aws:CurrentTime"), Qt::CaseInsensitive) != 0) {
                undecided = true;
                continue;
            }
            QList<QDateTime> values;
            if (key.value().isArray())
                for (const auto& v : key.value().toArray())
                    values << parseDate(v);
            else
                values << parseDate(key.value());
            bool holds = false;
            bool decided = true;
            for (const auto& t : values) {
                if (!t.isValid()) {
                    decided = false;
                    break;
                }
                bool h = false;
                if (name == QStringLiteral("DateEquals") || name == QStringLiteral("DateNotEquals"))
                    h = now == t;
                else if (name == QStringLiteral("DateLessThan"))
                    h = now < t;
                else if (name == QStringLiteral("DateLessThanEquals"))
                    h = now <= t;
                else if (name == QStringLiteral("DateGreaterThan"))
                    h = now > t;
                else if (name == QStringLiteral("DateGreaterThanEquals"))
                    h = now >= t;
                else
                    decided = false;
                holds = holds || h;
            }
            if (name == QStringLiteral("DateNotEquals"))
                holds = !holds; // negated operators hold when no value matches
            if (!decided) {
                undecided = true;
                continue;
            }
            if (!holds)
                return AwsConditionState::Fails; // one failed key fails the whole block (AND)
        }
    }
    return undecided ? AwsConditionState::Undecided : AwsConditionState::Holds;
}

Result<AwsPolicyDocument> AwsPolicyDocument::parse(const QJsonValue& document, const QString& where,
                                                   const QDateTime& now)
{
    QJsonObject root;
    if (document.isString()) {
        const QString text = document.toString();
        if (text.size() > kMaxEncodedChars)
            return invalid(where, QStringLiteral("the policy document has %1 characters, more than the %2 "
                                                 "allowed")
                                      .arg(text.size())
                                      .arg(kMaxEncodedChars));
        QByteArray json;
        if (text.trimmed().startsWith(QLatin1Char('{')))
            json = text.toUtf8(); // already plain JSON: decoding would corrupt "%25" in values
        else
            json = QUrl::fromPercentEncoding(text.toUtf8()).toUtf8();
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return invalid(where, QStringLiteral("the URL-encoded policy document is not a JSON object after "
                                                 "decoding (%1 at offset %2)")
                                      .arg(error.errorString())
                                      .arg(error.offset));
        root = doc.object();
    } else if (document.isObject()) {
        root = document.toObject();
    } else {
        return invalid(where,
                       QStringLiteral("a policy document must be a JSON object or a URL-encoded string"));
    }

    const QJsonValue st = root.value(QStringLiteral("Statement"));
    QJsonArray list;
    bool lone = false;
    if (st.isObject()) {
        list.append(st);
        lone = true;
    } else if (st.isArray()) {
        list = st.toArray();
    } else {
        return invalid(where + QStringLiteral(".Statement"),
                       QStringLiteral("must be an object or a list of objects"));
    }

    if (list.size() > kMaxStatements)
        return invalid(where + QStringLiteral(".Statement"),
                       QStringLiteral("has %1 statements, more than the %2 allowed")
                           .arg(list.size())
                           .arg(kMaxStatements));
    AwsPolicyDocument out;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = lone ? where + QStringLiteral(".Statement")
                                : QStringLiteral("%1.Statement[%2]").arg(where).arg(i);
        if (!list[i].isObject())
            return invalid(at, QStringLiteral("a statement must be an object"));
        const QJsonObject o = list[i].toObject();
        AwsStatement s;
        s.index = static_cast<int>(i);
        s.raw = o;
        s.sid = o.value(QStringLiteral("Sid")).toString();
        if (s.sid.size() > kMaxElementChars)
            return invalid(at + QStringLiteral(".Sid"), tooLarge({s.sid}));
        const QString effect = o.value(QStringLiteral("Effect")).toString();
        if (effect == QStringLiteral("Allow"))
            s.allow = true;
        else if (effect == QStringLiteral("Deny"))
            s.allow = false;
        else
            return invalid(at + QStringLiteral(".Effect"), QStringLiteral("must be \"Allow\" or \"Deny\""));

        const bool hasAction = o.contains(QStringLiteral("Action"));
        const bool hasNotAction = o.contains(QStringLiteral("NotAction"));
        if (hasAction == hasNotAction)
            return invalid(at, QStringLiteral("needs exactly one of Action and NotAction"));
        const QString actionKey = hasAction ? QStringLiteral("Action") : QStringLiteral("NotAction");
        const auto actions = stringOrList(o.value(actionKey));
        if (!actions)
            return invalid(at + QLatin1Char('.') + actionKey,
                           QStringLiteral("must be a string or a list of strings"));
        if (const QString big = tooLarge(*actions); !big.isEmpty())
            return invalid(at + QLatin1Char('.') + actionKey, big);
        s.actions = *actions;
        s.notAction = hasNotAction;

        const bool hasResource = o.contains(QStringLiteral("Resource"));
        const bool hasNotResource = o.contains(QStringLiteral("NotResource"));
        if (hasResource && hasNotResource)
            return invalid(at, QStringLiteral("has both Resource and NotResource"));
        if (hasResource || hasNotResource) {
            const QString key = hasResource ? QStringLiteral("Resource") : QStringLiteral("NotResource");
            const auto resources = stringOrList(o.value(key));
            if (!resources)
                return invalid(at + QLatin1Char('.') + key,
                               QStringLiteral("must be a string or a list of strings"));
            if (const QString big = tooLarge(*resources); !big.isEmpty())
                return invalid(at + QLatin1Char('.') + key, big);
            s.resources = *resources;
            s.notResource = hasNotResource;
        }

        for (const char* key : {"Principal", "NotPrincipal"}) {
            const QString k = QString::fromLatin1(key);
            if (!o.contains(k))
                continue;
            if (auto r = readPrincipal(o.value(k), at + QLatin1Char('.') + k, s); !r)
                return std::unexpected(r.error());
            s.notPrincipal = k == QStringLiteral("NotPrincipal");
        }

        const QJsonValue cond = o.value(QStringLiteral("Condition"));
        if (!cond.isUndefined()) {
            if (!cond.isObject())
                return invalid(at + QStringLiteral(".Condition"), QStringLiteral("must be an object"));
            s.condition = cond.toObject();
            s.conditionState = decideCondition(s.condition, now);
        }
        out.statements << s;
    }
    return out;
}

} // namespace gatehouse
