#include "PathFieldOptions.h"

#include <functional>

namespace gatehouse {

namespace {

enum class Kind
{
    Text,
    List,
};

struct FieldOption
{
    const char* name;
    const char* valueName;
    const char* description;
    Kind kind;
    std::function<Status(DecisionPath&, const QStringList&)> apply;
};

Status invalid(const char* option, const QString& message)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("--%1: %2").arg(QLatin1String(option), message));
}

QStringList listValue(const QStringList& values)
{
    if (values.size() == 1 && values.first().isEmpty())
        return {};
    return values;
}

const QList<FieldOption>& fieldOptions()
{
    static const QList<FieldOption> kOptions = {
        {"name", "text", "Display name of the path.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.name = v.constLast();
             return {};
         }},
        {"description", "text", "What the path does and why.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.description = v.constLast();
             return {};
         }},
        {"owner", "user", "Accountable owner (an operator account).", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.owner = v.constLast();
             return {};
         }},
        {"team", "text", "Owning team.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.team = v.constLast();
             return {};
         }},
        {"ai-component", "text", "Agent or model name and version.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.aiComponent = v.constLast();
             return {};
         }},
        {"workload-id", "spiffe-id", "Workload identity, e.g. spiffe://corp.example/agents/triage.",
         Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.workloadId = v.constLast();
             return {};
         }},
        {"action-type", "type", "Action type the path may request, e.g. endpoint.isolate (repeatable).",
         Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.actionTypes = listValue(v);
             return {};
         }},
        {"target", "pattern", "Declared target pattern, '*' matches any run (repeatable).", Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.targets = listValue(v);
             return {};
         }},
        {"runs-as", "identity",
         "Identity the path runs as: AWS role ARN, system:serviceaccount:NS:NAME or Azure object id "
         "(repeatable).",
         Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.runsAs = listValue(v);
             return {};
         }},
        {"environment", "env", "Environment, e.g. production.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.environment = v.constLast();
             return {};
         }},
        {"tier", "tier", "Severity tier: T0 informational, T1 low, T2 high, T3 critical.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             if (v.constLast().isEmpty()) {
                 p.tier.reset();
                 return {};
             }
             auto tier = parseSeverityTier(v.constLast());
             if (!tier)
                 return invalid(
                     "tier",
                     QStringLiteral("must be T0, T1, T2 or T3 (got \"%1\")").arg(v.constLast().left(32)));
             p.tier = *tier;
             return {};
         }},
        {"reversibility", "kind", "reversible, hard_to_reverse or irreversible.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             auto r = parseReversibility(v.constLast());
             if (!r)
                 return invalid("reversibility",
                                QStringLiteral("must be reversible, hard_to_reverse or irreversible "
                                               "(got \"%1\")")
                                    .arg(v.constLast().left(32)));
             p.reversibility = *r;
             return {};
         }},
        {"confidence-threshold", "0..1", "Model confidence below which requests go to review.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             bool ok = false;
             const double value = v.constLast().toDouble(&ok);
             if (!ok)
                 return invalid("confidence-threshold",
                                QStringLiteral("must be a number between 0 and 1 (got \"%1\")")
                                    .arg(v.constLast().left(32)));
             p.confidenceThreshold = value;
             return {};
         }},
        {"owasp", "code", "OWASP Top 10 for Agentic Applications entry, ASI01..ASI10 (repeatable).",
         Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.frameworks.owaspAgentic = listValue(v);
             return {};
         }},
        {"maestro", "layer", "CSA MAESTRO layer, L1..L7 (repeatable).", Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.frameworks.maestroLayers = listValue(v);
             return {};
         }},
        {"ai-rmf", "subcategory", "NIST AI RMF subcategory, e.g. \"GOVERN 1.1\" (repeatable).", Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.frameworks.nistAiRmf = listValue(v);
             return {};
         }},
        {"csf", "category", "NIST CSF 2.0 category, e.g. PR.AA (repeatable).", Kind::List,
         [](DecisionPath& p, const QStringList& v) -> Status {
             p.frameworks.nistCsf = listValue(v);
             return {};
         }},
        {"review-date", "yyyy-mm-dd", "Next review date.", Kind::Text,
         [](DecisionPath& p, const QStringList& v) -> Status {
             if (v.constLast().isEmpty()) {
                 p.nextReviewDate = QDate();
                 return {};
             }
             const QDate date = QDate::fromString(v.constLast(), Qt::ISODate);
             if (!date.isValid())
                 return invalid(
                     "review-date",
                     QStringLiteral("must be a date YYYY-MM-DD (got \"%1\")").arg(v.constLast().left(32)));
             p.nextReviewDate = date;
             return {};
         }},
    };
    return kOptions;
}

} // namespace

QList<QCommandLineOption> PathFieldOptions::options()
{
    QList<QCommandLineOption> out;
    for (const auto& f : fieldOptions())
        out << QCommandLineOption(QString::fromLatin1(f.name), QString::fromLatin1(f.description),
                                  QString::fromLatin1(f.valueName));
    return out;
}

QStringList PathFieldOptions::repeatable()
{
    QStringList out;
    for (const auto& f : fieldOptions()) {
        if (f.kind == Kind::List)
            out << QString::fromLatin1(f.name);
    }
    return out;
}

bool PathFieldOptions::anySet(const QCommandLineParser& parser)
{
    for (const auto& f : fieldOptions()) {
        if (parser.isSet(QString::fromLatin1(f.name)))
            return true;
    }
    return false;
}

Status PathFieldOptions::apply(const QCommandLineParser& parser, DecisionPath& path)
{
    for (const auto& f : fieldOptions()) {
        const QString name = QString::fromLatin1(f.name);
        if (!parser.isSet(name))
            continue;
        if (auto st = f.apply(path, parser.values(name)); !st)
            return st;
    }
    return {};
}

} // namespace gatehouse
