#pragma once

#include <QList>
#include <QString>

namespace gatehouse {

/// One finding about a policy document, for the CLI and the console's JSON editor.
struct PolicyIssue
{
    enum class Severity
    {
        Error,   ///< the policy cannot be published (or evaluated)
        Warning, ///< publishable, but probably not what the author meant
    };
    Severity severity = Severity::Error;
    QString location; ///< JSON path, e.g. "rules[2].when.confidence.min"
    QString ruleId;   ///< id of the rule concerned, empty for top-level findings
    int line = 0;     ///< 1-based line in the source text, 0 when unknown
    QString message;

    bool isError() const { return severity == Severity::Error; }
    /// "line 12: rules[2] (\"t2-review\").when.confidence.min: must be between 0 and 1"
    QString toString() const;
};

bool hasErrors(const QList<PolicyIssue>& issues);

} // namespace gatehouse
