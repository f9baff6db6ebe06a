#include "AzureActionMatcher.h"

namespace gatehouse {

namespace {

/// Glob match with '*' only, case-insensitive, iterative with one backtrack point (linear
/// in practice; no recursion on hostile patterns such as "*a*a*a*...").
bool glob(QStringView pattern, QStringView text)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype star = -1;
    qsizetype resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            star = p++;
            resume = t;
        } else if (p < pattern.size() && pattern[p].toCaseFolded() == text[t].toCaseFolded()) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

bool anyMatches(const QStringList& patterns, const QString& operation)
{
    for (const QString& p : patterns)
        if (glob(p, operation))
            return true;
    return false;
}

} // namespace

bool AzureActionMatcher::matches(const QString& pattern, const QString& operation)
{
    return glob(pattern, operation);
}

bool AzureActionMatcher::blockGrants(const AzurePermissionBlock& block, const QString& operation,
                                     bool dataAction)
{
    const QStringList& allow = dataAction ? block.dataActions : block.actions;
    const QStringList& except = dataAction ? block.notDataActions : block.notActions;
    return anyMatches(allow, operation) && !anyMatches(except, operation);
}

bool AzureActionMatcher::grants(const QList<AzurePermissionBlock>& blocks, const QString& operation,
                                bool dataAction)
{
    for (const AzurePermissionBlock& b : blocks)
        if (blockGrants(b, operation, dataAction))
            return true;
    return false;
}

} // namespace gatehouse
