#pragma once

#include <QString>
#include <QStringView>

namespace gatehouse {

/// IAM's wildcard rules for Action and Resource elements (AWS IAM User Guide, "IAM JSON
/// policy elements: Action / Resource"): '*' matches any run of characters (also none),
/// '?' exactly one character; no other character is special, and there is no escape.
/// Actions compare case-insensitively (service prefixes and action names are not
/// case-sensitive, FIELD-CASES 17); resource ARNs compare case-sensitively.
class IamPattern
{
public:
    enum class Case
    {
        Sensitive,   ///< ARNs
        Insensitive, ///< action names
    };

    /// True when \a text is one of the strings \a pattern stands for.
    static bool matches(QStringView pattern, QStringView text, Case cs);

    /// True when every string \a specific stands for is also matched by \a general
    /// ("iam:*" covers "iam:Pass*"; "iam:Pass*" does not cover "iam:*"). Decided by
    /// reading the wildcards of \a specific as literal characters that '*' and '?' of
    /// \a general may consume: sound for the containment questions the importer asks
    /// (does a grant include all of iam:*?), conservative otherwise.
    static bool covers(QStringView general, QStringView specific, Case cs);

    /// True when some string could match both patterns: the literal parts before the
    /// first wildcard of each must agree on their common length, and so must the literal
    /// parts after the last wildcard. Conservative (may answer true for disjoint patterns
    /// with wildcards in the middle), which is the safe direction for Deny checks.
    static bool overlaps(QStringView a, QStringView b, Case cs);

    /// True when \a pattern contains '*' or '?'.
    static bool hasWildcard(QStringView pattern);
};

} // namespace gatehouse
