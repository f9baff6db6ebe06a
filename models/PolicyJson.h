#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>

#include "Policy.h"
#include "PolicyIssue.h"

namespace gatehouse {

/// What reading a policy document yields: the policy when it is well-formed, and every
/// structural problem found (syntax, unknown keys, wrong types, values out of range,
/// duplicate rule ids or JSON keys), each with its JSON location and source line.
struct PolicyParseResult
{
    std::optional<Policy> policy; ///< set when issues holds no error
    QJsonObject document;         ///< the parsed document (empty on a syntax error)
    QList<PolicyIssue> issues;
};

/// Reads the policy JSON schema of docs/policy.md. Pure: checks that need the catalogue
/// (do the named paths and action types exist?) and warnings (rules that can never match
/// or are shadowed) are PolicyValidator's, in services.
class PolicyJson
{
public:
    /// Largest policy document accepted, in bytes.
    static constexpr qsizetype kMaxBytes = 4 * 1024 * 1024;
    static constexpr qsizetype kMaxRules = 20000;

    static PolicyParseResult parse(const QByteArray& text);

    /// Lines of every member and element of a JSON text by JSON path ("rules[2].when"),
    /// for line-accurate messages; also reports keys that occur twice in one object
    /// (QJsonDocument silently keeps one of them). \a text must be syntactically valid.
    struct LineIndex
    {
        QHash<QString, int> lines;
        QStringList duplicateKeys; ///< JSON paths
        /// Line of \a path, or of its nearest ancestor that has one; 0 if none.
        int lineOf(QString path) const;
    };
    static LineIndex lineIndex(const QByteArray& text);

    /// 1-based line of byte \a offset in \a text.
    static int lineAt(const QByteArray& text, qsizetype offset);
};

} // namespace gatehouse
