#pragma once

#include <QStringView>

namespace gatehouse {

/// Glob patterns of policy rules and of a path's declared targets: '*' matches any run
/// of characters (dots and slashes included, possibly empty); every other character
/// matches itself, case-sensitively. "iam.*" matches "iam.role.assign";
/// "okta:user/*" matches "okta:user/jdoe"; "*.credential.*" matches "aws.credential.rotate".
class PolicyPattern
{
public:
    /// Linear in |text| for patterns with one '*', O(|pattern|·|text|) at worst; no regex.
    static bool matches(QStringView pattern, QStringView text);
    /// The literal part before the first '*' ("iam." for "iam.*"); the whole pattern if none.
    static QStringView literalPrefix(QStringView pattern);
    static bool isLiteral(QStringView pattern);
};

} // namespace gatehouse
