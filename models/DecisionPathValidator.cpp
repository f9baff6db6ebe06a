#include "DecisionPathValidator.h"

#include <QRegularExpression>
#include <QSet>

#include "FrameworkCatalog.h"
#include "SpiffeId.h"

namespace gatehouse {

namespace {

/// Control characters, lone UTF-16 surrogates (which cannot be stored as UTF-8 intact) and
/// bidirectional overrides (which make a name display as something else).
bool hasControlChars(const QString& s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.category() == QChar::Other_Control)
            return true;
        if (c.isHighSurrogate()) {
            if (i + 1 >= s.size() || !s.at(i + 1).isLowSurrogate())
                return true;
            ++i;
            continue;
        }
        if (c.isLowSurrogate())
            return true;
        const char16_t u = c.unicode();
        if ((u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
            return true;
    }
    return false;
}

} // namespace

bool DecisionPathValidator::isValidSlug(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    return id.size() <= 64 && re.match(id).hasMatch();
}

bool DecisionPathValidator::isValidActionType(const QString& actionType)
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$"));
    return actionType.size() <= 128 && re.match(actionType).hasMatch();
}

bool DecisionPathValidator::isValidUsername(const QString& username)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,63}$"));
    return re.match(username).hasMatch();
}

QList<FieldIssue> DecisionPathValidator::validateFields(const DecisionPath& p)
{
    QList<FieldIssue> issues;
    auto add = [&](const char* field, const QString& msg) {
        issues.append({QString::fromLatin1(field), msg});
    };

    if (p.id.isEmpty())
        add("id", QStringLiteral("An id is required."));
    else if (!isValidSlug(p.id))
        add("id",
            QStringLiteral("\"%1\" is not a slug: use lower-case letters, digits and single dashes, at most "
                           "64 characters (e.g. soc-isolate-endpoint).")
                .arg(p.id.left(80)));

    if (p.name.trimmed().isEmpty())
        add("name", QStringLiteral("A name is required."));
    else if (p.name.size() > 200)
        add("name", QStringLiteral("The name is longer than 200 characters."));
    if (hasControlChars(p.name))
        add("name", QStringLiteral("The name contains control characters."));
    if (p.description.size() > 4000)
        add("description", QStringLiteral("The description is longer than 4000 characters."));
    {
        QString withoutBreaks = p.description;
        withoutBreaks.remove(QLatin1Char('\n')).remove(QLatin1Char('\r')).remove(QLatin1Char('\t'));
        if (hasControlChars(withoutBreaks))
            add("description",
                QStringLiteral("The description contains control characters, a lone surrogate or a "
                               "bidirectional override."));
    }
    if (p.team.size() > 100 || hasControlChars(p.team))
        add("team", QStringLiteral("The team must be at most 100 printable characters."));
    if (p.aiComponent.size() > 200 || hasControlChars(p.aiComponent))
        add("ai_component", QStringLiteral("The AI component must be at most 200 printable characters."));

    if (!p.owner.isEmpty() && !isValidUsername(p.owner))
        add("owner", QStringLiteral("\"%1\" is not a valid username.").arg(p.owner.left(80)));

    if (!p.workloadId.isEmpty()) {
        auto id = SpiffeId::parseWorkload(p.workloadId);
        if (!id)
            add("workload_id", id.error().message);
    }

    QSet<QString> seen;
    for (const auto& a : p.actionTypes) {
        if (!isValidActionType(a))
            add("action_types",
                QStringLiteral("\"%1\" is not a dotted action type (e.g. iam.role.assign).").arg(a.left(80)));
        else if (seen.contains(a))
            add("action_types", QStringLiteral("\"%1\" is listed twice.").arg(a));
        seen.insert(a);
    }
    if (p.actionTypes.size() > 200)
        add("action_types", QStringLiteral("At most 200 action types may be declared."));

    for (const auto& t : p.targets) {
        if (t.trimmed().isEmpty())
            add("targets", QStringLiteral("A target pattern is empty."));
        else if (t.size() > 512 || hasControlChars(t) || t.contains(QLatin1Char(' ')))
            add("targets",
                QStringLiteral("Target pattern \"%1\" must be at most 512 characters without spaces or "
                               "control characters.")
                    .arg(t.left(80)));
    }
    if (p.targets.size() > 200)
        add("targets", QStringLiteral("At most 200 target patterns may be declared."));

    static const QRegularExpression awsRe(
        QStringLiteral("^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(role|user)/[\\w+=,.@/-]{1,512}$"));
    static const QRegularExpression saRe(QStringLiteral(
        "^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"));
    static const QRegularExpression azureRe(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    QSet<QString> seenIdentities;
    for (const auto& r : p.runsAs) {
        if (!awsRe.match(r).hasMatch() && !saRe.match(r).hasMatch() && !azureRe.match(r).hasMatch())
            add("runs_as",
                QStringLiteral("\"%1\" is not an AWS role or user ARN, a Kubernetes service account "
                               "(system:serviceaccount:NS:NAME) or an Azure object id.")
                    .arg(r.left(80)));
        else if (seenIdentities.contains(r))
            add("runs_as", QStringLiteral("\"%1\" is listed twice.").arg(r.left(80)));
        seenIdentities.insert(r);
    }
    if (p.runsAs.size() > 50)
        add("runs_as", QStringLiteral("At most 50 identities may be declared."));

    static const QRegularExpression envRe(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,31}$"));
    if (!p.environment.isEmpty() && !envRe.match(p.environment).hasMatch())
        add("environment", QStringLiteral("\"%1\" is not an environment name (lower-case, e.g. production).")
                               .arg(p.environment.left(80)));

    if (!(p.confidenceThreshold >= 0.0 && p.confidenceThreshold <= 1.0))
        add("confidence_threshold", QStringLiteral("The confidence threshold must lie between 0 and 1."));

    for (const auto& c : p.frameworks.owaspAgentic) {
        if (!FrameworkCatalog::isOwaspAgentic(c))
            add("frameworks.owasp_agentic",
                QStringLiteral("\"%1\" is not an OWASP Agentic entry (ASI01..ASI10).").arg(c.left(40)));
    }
    for (const auto& c : p.frameworks.maestroLayers) {
        if (!FrameworkCatalog::isMaestroLayer(c))
            add("frameworks.maestro_layers",
                QStringLiteral("\"%1\" is not a MAESTRO layer (L1..L7).").arg(c.left(40)));
    }
    for (const auto& c : p.frameworks.nistAiRmf) {
        if (!FrameworkCatalog::isNistAiRmfSubcategory(c))
            add("frameworks.nist_ai_rmf",
                QStringLiteral("\"%1\" is not a NIST AI RMF subcategory (e.g. \"GOVERN 1.1\", \"MAP 2.3\").")
                    .arg(c.left(40)));
    }
    for (const auto& c : p.frameworks.nistCsf) {
        if (!FrameworkCatalog::isNistCsfCategory(c))
            add("frameworks.nist_csf",
                QStringLiteral("\"%1\" is not a NIST CSF 2.0 category (e.g. PR.AA).").arg(c.left(40)));
    }
    return issues;
}

QList<FieldIssue> DecisionPathValidator::activationBlockers(const DecisionPath& p)
{
    QList<FieldIssue> missing;
    if (p.owner.isEmpty())
        missing.append({QStringLiteral("owner"), QStringLiteral("an accountable owner")});
    if (!p.tier)
        missing.append({QStringLiteral("tier"), QStringLiteral("a severity tier")});
    if (p.actionTypes.isEmpty())
        missing.append({QStringLiteral("action_types"), QStringLiteral("at least one action type")});
    if (p.workloadId.isEmpty())
        missing.append({QStringLiteral("workload_id"), QStringLiteral("a workload identity (SPIFFE ID)")});
    if (p.frameworks.isEmpty())
        missing.append({QStringLiteral("frameworks"), QStringLiteral("a framework mapping")});
    return missing;
}

QString joinIssues(const QList<FieldIssue>& issues)
{
    QStringList parts;
    for (const auto& i : issues)
        parts << i.field + QStringLiteral(": ") + i.message;
    return parts.join(QStringLiteral("; "));
}

} // namespace gatehouse
