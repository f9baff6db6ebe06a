#include "PolicyJson.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include "DecisionPathValidator.h"
#include "OperatorRole.h"

namespace gatehouse {

namespace {

// ---------------------------------------------------------------------------------------
// Line index: a small scanner over text QJsonDocument has already accepted.

class LineScanner
{
public:
    LineScanner(const QByteArray& t, PolicyJson::LineIndex& out) : m_t(t), m_out(out) {}

    void run()
    {
        skipWs();
        value(QString());
    }

private:
    void skipWs()
    {
        while (m_i < m_t.size()) {
            const char c = m_t[m_i];
            if (c == '\n')
                ++m_line;
            else if (c != ' ' && c != '\t' && c != '\r')
                return;
            ++m_i;
        }
    }

    QString string()
    {
        QByteArray raw;
        ++m_i; // opening quote
        while (m_i < m_t.size() && m_t[m_i] != '"') {
            if (m_t[m_i] == '\\' && m_i + 1 < m_t.size()) {
                raw += m_t[m_i];
                ++m_i;
            }
            raw += m_t[m_i];
            ++m_i;
        }
        ++m_i; // closing quote
        // Decode escapes the way JSON does by letting QJsonDocument read the literal.
        const QJsonDocument d = QJsonDocument::fromJson("[\"" + raw + "\"]");
        return d.isArray() ? d.array().at(0).toString() : QString::fromUtf8(raw);
    }

    void value(const QString& path)
    {
        if (!m_out.lines.contains(path))
            m_out.lines.insert(path, m_line);
        if (m_i >= m_t.size())
            return;
        const char c = m_t[m_i];
        if (c == '{') {
            ++m_i;
            QSet<QString> seen;
            skipWs();
            while (m_i < m_t.size() && m_t[m_i] != '}') {
                const int keyLine = m_line;
                const QString key = string();
                const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
                if (seen.contains(key))
                    m_out.duplicateKeys << child;
                seen.insert(key);
                m_out.lines.insert(child, keyLine);
                skipWs();
                ++m_i; // ':'
                skipWs();
                value(child);
                skipWs();
                if (m_i < m_t.size() && m_t[m_i] == ',') {
                    ++m_i;
                    skipWs();
                }
            }
            ++m_i;
        } else if (c == '[') {
            ++m_i;
            int index = 0;
            skipWs();
            while (m_i < m_t.size() && m_t[m_i] != ']') {
                value(QStringLiteral("%1[%2]").arg(path).arg(index++));
                skipWs();
                if (m_i < m_t.size() && m_t[m_i] == ',') {
                    ++m_i;
                    skipWs();
                }
            }
            ++m_i;
        } else if (c == '"') {
            string();
        } else {
            while (m_i < m_t.size() && !QByteArrayView(",}] \t\r\n").contains(m_t[m_i]))
                ++m_i;
        }
    }

    const QByteArray& m_t;
    PolicyJson::LineIndex& m_out;
    qsizetype m_i = 0;
    int m_line = 1;
};

// ---------------------------------------------------------------------------------------
// Reader

const QString kRules = QStringLiteral("rules");

class Reader
{
public:
    Reader(QList<PolicyIssue>& issues, const PolicyJson::LineIndex& lines) : m_issues(issues), m_lines(lines)
    {}

    QString currentRule;

    void error(const QString& path, const QString& message)
    {
        PolicyIssue issue;
        issue.severity = PolicyIssue::Severity::Error;
        issue.location = path;
        issue.ruleId = currentRule;
        issue.line = m_lines.lineOf(path);
        issue.message = message;
        m_issues << issue;
    }

    static QString child(const QString& path, const QString& key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    bool checkKeys(const QJsonObject& o, const QString& path, const QStringList& known)
    {
        bool ok = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!known.contains(it.key())) {
                error(child(path, it.key().left(64)),
                      QStringLiteral("unknown field \"%1\" (expected one of: %2)")
                          .arg(it.key().left(64), known.join(QStringLiteral(", "))));
                ok = false;
            }
        }
        return ok;
    }

    std::optional<QString> string(const QJsonObject& o, const QString& key, const QString& path, int maxLen,
                                  bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined()) {
            if (required)
                error(child(path, key), QStringLiteral("is required"));
            return std::nullopt;
        }
        if (!v.isString()) {
            error(child(path, key), QStringLiteral("must be a string"));
            return std::nullopt;
        }
        if (v.toString().size() > maxLen) {
            error(child(path, key), QStringLiteral("is longer than %1 characters").arg(maxLen));
            return std::nullopt;
        }
        return v.toString();
    }

    std::optional<QStringList> stringList(const QJsonValue& v, const QString& path, int maxLen = 1024)
    {
        if (!v.isArray()) {
            error(path, QStringLiteral("must be an array of strings"));
            return std::nullopt;
        }
        const QJsonArray a = v.toArray();
        if (a.size() > 1000) {
            error(path, QStringLiteral("has more than 1000 entries"));
            return std::nullopt;
        }
        QStringList out;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
            if (!a[i].isString()) {
                error(at, QStringLiteral("must be a string"));
                return std::nullopt;
            }
            const QString s = a[i].toString();
            if (s.isEmpty() || s.size() > maxLen) {
                error(at, QStringLiteral("must have 1 to %1 characters").arg(maxLen));
                return std::nullopt;
            }
            for (const QChar ch : s) {
                if (ch.category() == QChar::Other_Control) {
                    error(at, QStringLiteral("contains control characters"));
                    return std::nullopt;
                }
            }
            out << s;
        }
        return out;
    }

    std::optional<double> number(const QJsonValue& v, const QString& path, double lo, double hi, bool integer)
    {
        const double d = v.toDouble();
        if (!v.isDouble() || !std::isfinite(d) || d < lo || d > hi || (integer && d != std::floor(d))) {
            error(path, QStringLiteral("must be %1 between %2 and %3")
                            .arg(integer ? QStringLiteral("an integer") : QStringLiteral("a number"))
                            .arg(lo)
                            .arg(hi));
            return std::nullopt;
        }
        return d;
    }

    std::optional<PolicyRange> range(const QJsonValue& v, const QString& path, double lo, double hi,
                                     bool integer)
    {
        if (!v.isObject()) {
            error(path, QStringLiteral("must be an object {\"min\": x, \"max\": y}"));
            return std::nullopt;
        }
        const QJsonObject o = v.toObject();
        if (!checkKeys(o, path, {QStringLiteral("min"), QStringLiteral("max")}))
            return std::nullopt;
        if (o.isEmpty()) {
            error(path, QStringLiteral("needs \"min\", \"max\" or both"));
            return std::nullopt;
        }
        PolicyRange r;
        bool ok = true;
        if (o.contains(QStringLiteral("min"))) {
            r.min =
                number(o.value(QStringLiteral("min")), child(path, QStringLiteral("min")), lo, hi, integer);
            ok = ok && r.min.has_value();
        }
        if (o.contains(QStringLiteral("max"))) {
            r.max =
                number(o.value(QStringLiteral("max")), child(path, QStringLiteral("max")), lo, hi, integer);
            ok = ok && r.max.has_value();
        }
        if (!ok)
            return std::nullopt;
        return r;
    }

    std::optional<PolicyTimeWindow> window(const QJsonValue& v, const QString& path)
    {
        if (!v.isObject()) {
            error(path, QStringLiteral("must be an object with time_zone, days, from, to"));
            return std::nullopt;
        }
        const QJsonObject o = v.toObject();
        if (!checkKeys(o, path,
                       {QStringLiteral("time_zone"), QStringLiteral("days"), QStringLiteral("from"),
                        QStringLiteral("to")}))
            return std::nullopt;
        PolicyTimeWindow w;
        const auto tz = string(o, QStringLiteral("time_zone"), path, 64, true);
        if (!tz)
            return std::nullopt;
        w.timeZoneId = tz->toUtf8();
        if (!QTimeZone::isTimeZoneIdAvailable(w.timeZoneId)) {
            error(child(path, QStringLiteral("time_zone")),
                  QStringLiteral("\"%1\" is not a known IANA time zone").arg(tz->left(64)));
            return std::nullopt;
        }
        w.zone = QTimeZone(w.timeZoneId);
        if (o.contains(QStringLiteral("days"))) {
            const auto days =
                stringList(o.value(QStringLiteral("days")), child(path, QStringLiteral("days")), 3);
            if (!days)
                return std::nullopt;
            w.days = 0;
            for (const auto& d : *days) {
                const int n = PolicyTimeWindow::parseDay(d);
                if (n == 0) {
                    error(child(path, QStringLiteral("days")),
                          QStringLiteral("\"%1\" is not a day (mon, tue, wed, thu, fri, sat, sun)").arg(d));
                    return std::nullopt;
                }
                w.days |= static_cast<quint8>(1u << (n - 1));
            }
        }
        for (const char* key : {"from", "to"}) {
            const QString k = QString::fromLatin1(key);
            const auto text = string(o, k, path, 5, true);
            if (!text)
                return std::nullopt;
            const int minutes = PolicyTimeWindow::parseClock(*text);
            if (minutes < 0) {
                error(child(path, k), QStringLiteral("must be a time HH:MM between 00:00 and 24:00"));
                return std::nullopt;
            }
            (k == QStringLiteral("from") ? w.fromMinutes : w.toMinutes) = minutes;
        }
        return w;
    }

    std::optional<ReviewRequirement> reviewFields(const QJsonObject& o, const QString& path,
                                                  const ReviewRequirement& defaults)
    {
        ReviewRequirement r = defaults;
        bool ok = true;
        if (o.contains(QStringLiteral("approvals"))) {
            auto n = number(o.value(QStringLiteral("approvals")), child(path, QStringLiteral("approvals")), 1,
                            10, true);
            ok = ok && n.has_value();
            if (n)
                r.approvals = static_cast<int>(*n);
        }
        if (o.contains(QStringLiteral("ttl_seconds"))) {
            auto n = number(o.value(QStringLiteral("ttl_seconds")),
                            child(path, QStringLiteral("ttl_seconds")), 60, 30 * 24 * 3600, true);
            ok = ok && n.has_value();
            if (n)
                r.ttlSeconds = static_cast<qint64>(*n);
        }
        if (o.contains(QStringLiteral("roles"))) {
            const QString at = child(path, QStringLiteral("roles"));
            auto roles = stringList(o.value(QStringLiteral("roles")), at, 32);
            ok = ok && roles.has_value();
            if (roles) {
                for (const auto& role : *roles) {
                    if (!parseOperatorRole(role)) {
                        error(at, QStringLiteral("\"%1\" is not a role (analyst, owner, manager, admin)")
                                      .arg(role));
                        ok = false;
                    }
                }
                if (roles->isEmpty()) {
                    error(at, QStringLiteral("must name at least one role"));
                    ok = false;
                }
                r.roles = *roles;
            }
        }
        if (!ok)
            return std::nullopt;
        return r;
    }

    std::optional<PolicyOutcomeSpec> outcome(const QJsonValue& v, const QString& path,
                                             const ReviewRequirement& defaults)
    {
        if (!v.isObject()) {
            error(path, QStringLiteral("must be an object {\"outcome\": ...}"));
            return std::nullopt;
        }
        const QJsonObject o = v.toObject();
        if (!checkKeys(o, path,
                       {QStringLiteral("outcome"), QStringLiteral("sample_rate"), QStringLiteral("approvals"),
                        QStringLiteral("roles"), QStringLiteral("ttl_seconds"), QStringLiteral("reason")}))
            return std::nullopt;
        const auto name = string(o, QStringLiteral("outcome"), path, 32, true);
        if (!name)
            return std::nullopt;
        const auto parsed = parsePolicyOutcome(*name);
        if (!parsed) {
            error(child(path, QStringLiteral("outcome")),
                  QStringLiteral("\"%1\" is not an outcome (allow, allow_sampled, review, deny)").arg(*name));
            return std::nullopt;
        }
        PolicyOutcomeSpec spec;
        spec.outcome = *parsed;
        spec.review = defaults;
        auto only = [&](const char* key, PolicyOutcome allowedFor) {
            const QString k = QString::fromLatin1(key);
            if (o.contains(k) && spec.outcome != allowedFor) {
                error(child(path, k),
                      QStringLiteral("applies only to outcome %1").arg(policyOutcomeName(allowedFor)));
                return false;
            }
            return true;
        };
        if (!only("sample_rate", PolicyOutcome::AllowSampled) || !only("approvals", PolicyOutcome::Review) ||
            !only("roles", PolicyOutcome::Review) || !only("ttl_seconds", PolicyOutcome::Review) ||
            !only("reason", PolicyOutcome::Deny))
            return std::nullopt;
        switch (spec.outcome) {
        case PolicyOutcome::AllowSampled: {
            if (!o.contains(QStringLiteral("sample_rate"))) {
                error(child(path, QStringLiteral("sample_rate")),
                      QStringLiteral("is required for allow_sampled"));
                return std::nullopt;
            }
            auto rate = number(o.value(QStringLiteral("sample_rate")),
                               child(path, QStringLiteral("sample_rate")), 0.0, 1.0, false);
            if (!rate)
                return std::nullopt;
            spec.sampleRate = *rate;
            break;
        }
        case PolicyOutcome::Review: {
            auto r = reviewFields(o, path, defaults);
            if (!r)
                return std::nullopt;
            spec.review = *r;
            break;
        }
        case PolicyOutcome::Deny: {
            auto reason = string(o, QStringLiteral("reason"), path, 500, true);
            if (!reason)
                return std::nullopt;
            if (reason->trimmed().isEmpty()) {
                error(child(path, QStringLiteral("reason")), QStringLiteral("must not be empty"));
                return std::nullopt;
            }
            spec.reason = *reason;
            break;
        }
        case PolicyOutcome::Allow:
            break;
        }
        return spec;
    }

    template <typename T, typename Parse>
    std::optional<QList<T>> enumList(const QJsonValue& v, const QString& path, Parse parse,
                                     const QString& allowed)
    {
        auto names = stringList(v, path, 32);
        if (!names)
            return std::nullopt;
        QList<T> out;
        for (const auto& n : *names) {
            auto value = parse(n);
            if (!value) {
                error(path, QStringLiteral("\"%1\" is not one of %2").arg(n, allowed));
                return std::nullopt;
            }
            out << *value;
        }
        return out;
    }

    bool conditions(const QJsonValue& v, const QString& path, PolicyConditions& c)
    {
        if (!v.isObject()) {
            error(path, QStringLiteral("must be an object of conditions"));
            return false;
        }
        const QJsonObject o = v.toObject();
        const QStringList known{QStringLiteral("path_ids"),     QStringLiteral("tiers"),
                                QStringLiteral("action_types"), QStringLiteral("environments"),
                                QStringLiteral("targets"),      QStringLiteral("confidence"),
                                QStringLiteral("risk_score"),   QStringLiteral("target_sensitivity"),
                                QStringLiteral("reversible"),   QStringLiteral("path_reversibility"),
                                QStringLiteral("triggers"),     QStringLiteral("time_window")};
        if (!checkKeys(o, path, known))
            return false;
        const int before = static_cast<int>(m_issues.size());
        auto at = [&](const char* key) { return child(path, QString::fromLatin1(key)); };
        auto has = [&](const char* key) { return o.contains(QLatin1String(key)); };
        auto val = [&](const char* key) { return o.value(QLatin1String(key)); };

        if (has("path_ids")) {
            c.pathIds = stringList(val("path_ids"), at("path_ids"), 64);
            if (c.pathIds) {
                for (const auto& id : *c.pathIds) {
                    if (!DecisionPathValidator::isValidSlug(id))
                        error(at("path_ids"), QStringLiteral("\"%1\" is not a path id").arg(id.left(80)));
                }
            }
        }
        if (has("tiers"))
            c.tiers = enumList<SeverityTier>(
                val("tiers"), at("tiers"),
                [](const QString& s) {
                    static const QRegularExpression re(QStringLiteral("^T[0-3]$"));
                    return re.match(s).hasMatch() ? parseSeverityTier(s) : std::nullopt;
                },
                QStringLiteral("T0, T1, T2, T3"));
        if (has("action_types")) {
            static const QRegularExpression re(QStringLiteral("^[a-z0-9_.*]+$"));
            c.actionTypes = stringList(val("action_types"), at("action_types"), 128);
            if (c.actionTypes) {
                for (const auto& a : *c.actionTypes) {
                    if (!re.match(a).hasMatch())
                        error(at("action_types"),
                              QStringLiteral("\"%1\" is not an action-type pattern (lower-case, dots, '*')")
                                  .arg(a.left(80)));
                }
            }
        }
        if (has("environments"))
            c.environments = stringList(val("environments"), at("environments"), 64);
        if (has("targets"))
            c.targets = stringList(val("targets"), at("targets"), 1024);
        if (has("confidence"))
            c.confidence = range(val("confidence"), at("confidence"), 0.0, 1.0, false);
        if (has("risk_score"))
            c.riskScore = range(val("risk_score"), at("risk_score"), 0, 100, true);
        if (has("target_sensitivity")) {
            const QJsonValue s = val("target_sensitivity");
            const QString allowed = QStringLiteral("public, internal, confidential, restricted");
            if (s.isObject()) {
                const QJsonObject so = s.toObject();
                if (checkKeys(so, at("target_sensitivity"), {QStringLiteral("min")})) {
                    const QString minAt = child(at("target_sensitivity"), QStringLiteral("min"));
                    auto parsed = parseTargetSensitivity(so.value(QStringLiteral("min")).toString());
                    if (!parsed)
                        error(minAt, QStringLiteral("must be one of %1").arg(allowed));
                    c.minSensitivity = parsed;
                }
            } else {
                c.sensitivities = enumList<TargetSensitivity>(
                    s, at("target_sensitivity"), [](const QString& n) { return parseTargetSensitivity(n); },
                    allowed);
            }
        }
        if (has("reversible")) {
            if (!val("reversible").isBool())
                error(at("reversible"), QStringLiteral("must be true or false"));
            else
                c.reversible = val("reversible").toBool();
        }
        if (has("path_reversibility"))
            c.pathReversibility = enumList<Reversibility>(
                val("path_reversibility"), at("path_reversibility"),
                [](const QString& n) {
                    auto r = parseReversibility(n);
                    return r && reversibilityName(*r) == n ? r : std::nullopt;
                },
                QStringLiteral("reversible, hard_to_reverse, irreversible"));
        if (has("triggers")) {
            const QJsonValue t = val("triggers");
            if (!t.isObject()) {
                error(at("triggers"),
                      QStringLiteral("must be an object {\"any\"|\"all\"|\"none\": [names]}"));
            } else {
                const QJsonObject to = t.toObject();
                if (checkKeys(to, at("triggers"),
                              {QStringLiteral("any"), QStringLiteral("all"), QStringLiteral("none")})) {
                    if (to.isEmpty())
                        error(at("triggers"), QStringLiteral("needs \"any\", \"all\" or \"none\""));
                    if (to.contains(QStringLiteral("any")))
                        c.triggersAny = stringList(to.value(QStringLiteral("any")),
                                                   child(at("triggers"), QStringLiteral("any")), 64);
                    if (to.contains(QStringLiteral("all")))
                        c.triggersAll = stringList(to.value(QStringLiteral("all")),
                                                   child(at("triggers"), QStringLiteral("all")), 64);
                    if (to.contains(QStringLiteral("none")))
                        c.triggersNone = stringList(to.value(QStringLiteral("none")),
                                                    child(at("triggers"), QStringLiteral("none")), 64);
                }
            }
        }
        if (has("time_window"))
            c.timeWindow = window(val("time_window"), at("time_window"));
        return m_issues.size() == before;
    }

private:
    QList<PolicyIssue>& m_issues;
    const PolicyJson::LineIndex& m_lines;
};

} // namespace

int PolicyJson::LineIndex::lineOf(QString path) const
{
    while (true) {
        if (auto it = lines.constFind(path); it != lines.constEnd())
            return *it;
        if (path.isEmpty())
            return 0;
        const qsizetype cut =
            std::max(path.lastIndexOf(QLatin1Char('.')), path.lastIndexOf(QLatin1Char('[')));
        path = cut < 0 ? QString() : path.left(cut);
    }
}

PolicyJson::LineIndex PolicyJson::lineIndex(const QByteArray& text)
{
    LineIndex index;
    LineScanner(text, index).run();
    return index;
}

int PolicyJson::lineAt(const QByteArray& text, qsizetype offset)
{
    return 1 + static_cast<int>(text.left(std::clamp<qsizetype>(offset, 0, text.size())).count('\n'));
}

PolicyParseResult PolicyJson::parse(const QByteArray& text)
{
    PolicyParseResult result;
    auto topError = [&](int line, const QString& message) {
        result.issues << PolicyIssue{PolicyIssue::Severity::Error, QString(), QString(), line, message};
    };
    if (text.size() > kMaxBytes) {
        topError(0, QStringLiteral("the policy is larger than %1 bytes").arg(kMaxBytes));
        return result;
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        topError(lineAt(text, parseError.offset), QStringLiteral("not valid JSON: %1 (at byte %2)")
                                                      .arg(parseError.errorString())
                                                      .arg(parseError.offset));
        return result;
    }
    if (!doc.isObject()) {
        topError(1, QStringLiteral("a policy must be a JSON object"));
        return result;
    }
    const QJsonObject root = doc.object();
    result.document = root;
    const LineIndex lines = lineIndex(text);
    Reader r(result.issues, lines);
    for (const auto& dup : lines.duplicateKeys)
        r.error(dup, QStringLiteral("the key occurs twice in one object"));

    Policy policy;
    r.checkKeys(root, QString(),
                {QStringLiteral("version"), QStringLiteral("description"), QStringLiteral("settings"),
                 QStringLiteral("tier_floors"), kRules});
    if (auto v = r.string(root, QStringLiteral("version"), QString(), 128, true))
        policy.version = *v;
    if (auto v = r.string(root, QStringLiteral("description"), QString(), 4000, false))
        policy.description = *v;

    // settings first: default_review is the fallback of every review outcome below.
    const QJsonValue settings = root.value(QStringLiteral("settings"));
    if (!settings.isUndefined()) {
        const QString at = QStringLiteral("settings");
        if (!settings.isObject()) {
            r.error(at, QStringLiteral("must be an object"));
        } else {
            const QJsonObject s = settings.toObject();
            r.checkKeys(s, at,
                        {QStringLiteral("default"), QStringLiteral("default_review"),
                         QStringLiteral("operating_window"), QStringLiteral("credential_ttl_seconds")});
            if (s.contains(QStringLiteral("default_review"))) {
                const QString dr = at + QStringLiteral(".default_review");
                const QJsonValue v = s.value(QStringLiteral("default_review"));
                if (!v.isObject()) {
                    r.error(dr, QStringLiteral("must be an object {approvals, roles, ttl_seconds}"));
                } else if (r.checkKeys(v.toObject(), dr,
                                       {QStringLiteral("approvals"), QStringLiteral("roles"),
                                        QStringLiteral("ttl_seconds")})) {
                    if (auto rev = r.reviewFields(v.toObject(), dr, policy.settings.defaultReview))
                        policy.settings.defaultReview = *rev;
                }
            }
            policy.settings.defaultOutcome.review = policy.settings.defaultReview;
            if (s.contains(QStringLiteral("default"))) {
                if (auto o = r.outcome(s.value(QStringLiteral("default")), at + QStringLiteral(".default"),
                                       policy.settings.defaultReview))
                    policy.settings.defaultOutcome = *o;
            }
            if (s.contains(QStringLiteral("operating_window")))
                policy.settings.operatingWindow = r.window(s.value(QStringLiteral("operating_window")),
                                                           at + QStringLiteral(".operating_window"));
            if (s.contains(QStringLiteral("credential_ttl_seconds"))) {
                const QString ct = at + QStringLiteral(".credential_ttl_seconds");
                const QJsonValue v = s.value(QStringLiteral("credential_ttl_seconds"));
                if (!v.isObject()) {
                    r.error(ct, QStringLiteral("must be an object {\"T0\"..\"T3\": seconds}"));
                } else if (r.checkKeys(v.toObject(), ct,
                                       {QStringLiteral("T0"), QStringLiteral("T1"), QStringLiteral("T2"),
                                        QStringLiteral("T3")})) {
                    const QJsonObject ttls = v.toObject();
                    for (auto it = ttls.begin(); it != ttls.end(); ++it) {
                        const auto tier = parseSeverityTier(it.key());
                        if (!tier)
                            continue;
                        if (auto n = r.number(it.value(), ct + QLatin1Char('.') + it.key(), 30, 3600, true))
                            policy.settings.credentialTtlSeconds[*tier] = static_cast<qint64>(*n);
                    }
                }
            }
        }
    } else {
        policy.settings.defaultOutcome.review = policy.settings.defaultReview;
    }

    const QJsonValue floors = root.value(QStringLiteral("tier_floors"));
    if (!floors.isUndefined()) {
        if (!floors.isObject()) {
            r.error(QStringLiteral("tier_floors"),
                    QStringLiteral("must be an object {\"T0\"..\"T3\": outcome}"));
        } else {
            const QJsonObject f = floors.toObject();
            r.checkKeys(
                f, QStringLiteral("tier_floors"),
                {QStringLiteral("T0"), QStringLiteral("T1"), QStringLiteral("T2"), QStringLiteral("T3")});
            for (auto it = f.begin(); it != f.end(); ++it) {
                const auto tier = parseSeverityTier(it.key());
                if (!tier)
                    continue;
                if (auto o = r.outcome(it.value(), QStringLiteral("tier_floors.") + it.key(),
                                       policy.settings.defaultReview))
                    policy.tierFloors[*tier] = *o;
            }
        }
    }

    const QJsonValue rules = root.value(kRules);
    if (rules.isUndefined()) {
        r.error(kRules, QStringLiteral("is required (an array of rules, possibly empty)"));
    } else if (!rules.isArray()) {
        r.error(kRules, QStringLiteral("must be an array of rules"));
    } else if (rules.toArray().size() > kMaxRules) {
        r.error(kRules, QStringLiteral("has more than %1 rules").arg(kMaxRules));
    } else {
        static const QRegularExpression kId(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
        QHash<QString, int> seen;
        const QJsonArray array = rules.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString at = QStringLiteral("rules[%1]").arg(i);
            r.currentRule.clear();
            if (!array[i].isObject()) {
                r.error(at, QStringLiteral("must be an object"));
                continue;
            }
            const QJsonObject o = array[i].toObject();
            PolicyRule rule;
            if (auto id = r.string(o, QStringLiteral("id"), at, 64, true)) {
                rule.id = *id;
                r.currentRule = rule.id;
                if (!kId.match(rule.id).hasMatch())
                    r.error(at + QStringLiteral(".id"),
                            QStringLiteral("\"%1\" is not a rule id (letters, digits, '.', '_', '-')")
                                .arg(rule.id));
                else if (seen.contains(rule.id))
                    r.error(at + QStringLiteral(".id"),
                            QStringLiteral("duplicate rule id \"%1\" (also rules[%2])")
                                .arg(rule.id)
                                .arg(seen.value(rule.id)));
                seen.insert(rule.id, static_cast<int>(i));
            }
            r.checkKeys(o, at,
                        {QStringLiteral("id"), QStringLiteral("description"), QStringLiteral("when"),
                         QStringLiteral("then")});
            if (auto d = r.string(o, QStringLiteral("description"), at, 2000, false))
                rule.description = *d;
            if (o.contains(QStringLiteral("when")))
                r.conditions(o.value(QStringLiteral("when")), at + QStringLiteral(".when"), rule.when);
            if (!o.contains(QStringLiteral("then"))) {
                r.error(at + QStringLiteral(".then"), QStringLiteral("is required"));
            } else if (auto then = r.outcome(o.value(QStringLiteral("then")), at + QStringLiteral(".then"),
                                             policy.settings.defaultReview)) {
                rule.then = *then;
            }
            policy.rules << rule;
        }
    }
    if (!hasErrors(result.issues))
        result.policy = std::move(policy);
    return result;
}

} // namespace gatehouse
