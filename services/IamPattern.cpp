#include "IamPattern.h"

namespace gatehouse {

namespace {

bool sameChar(QChar a, QChar b, IamPattern::Case cs)
{
    if (a == b)
        return true;
    return cs == IamPattern::Case::Insensitive && a.toCaseFolded() == b.toCaseFolded();
}

/// Iterative glob match with one backtrack point (the last '*'): linear in practice,
/// never exponential on hostile patterns such as "*a*a*a*a*b".
bool glob(QStringView p, QStringView t, IamPattern::Case cs, bool literalWildcardsInText)
{
    qsizetype pi = 0, ti = 0, star = -1, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == QLatin1Char('*')) {
            star = pi++;
            mark = ti;
        } else if (pi < p.size() && p[pi] == QLatin1Char('?') &&
                   !(literalWildcardsInText && t[ti] == QLatin1Char('*'))) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] != QLatin1Char('?') && sameChar(p[pi], t[ti], cs)) {
            ++pi;
            ++ti;
        } else if (star >= 0) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == QLatin1Char('*'))
        ++pi;
    return pi == p.size();
}

qsizetype firstWildcard(QStringView s)
{
    for (qsizetype i = 0; i < s.size(); ++i)
        if (s[i] == QLatin1Char('*') || s[i] == QLatin1Char('?'))
            return i;
    return -1;
}

qsizetype lastWildcard(QStringView s)
{
    for (qsizetype i = s.size() - 1; i >= 0; --i)
        if (s[i] == QLatin1Char('*') || s[i] == QLatin1Char('?'))
            return i;
    return -1;
}

} // namespace

bool IamPattern::matches(QStringView pattern, QStringView text, Case cs)
{
    return glob(pattern, text, cs, false);
}

bool IamPattern::covers(QStringView general, QStringView specific, Case cs)
{
    // A '?' in specific stands for one unknown character: only '?' or '*' of general may
    // take it, which the glob does because '?' in text is compared literally to '?'.
    return glob(general, specific, cs, true);
}

bool IamPattern::hasWildcard(QStringView pattern)
{
    return firstWildcard(pattern) >= 0;
}

bool IamPattern::overlaps(QStringView a, QStringView b, Case cs)
{
    const qsizetype fa = firstWildcard(a);
    const qsizetype fb = firstWildcard(b);
    if (fa < 0 && fb < 0)
        return a.size() == b.size() && matches(a, b, cs);
    if (fa < 0)
        return matches(b, a, cs);
    if (fb < 0)
        return matches(a, b, cs);
    const qsizetype pre = std::min(fa, fb);
    for (qsizetype i = 0; i < pre; ++i)
        if (!sameChar(a[i], b[i], cs))
            return false;
    const qsizetype sa = a.size() - lastWildcard(a) - 1;
    const qsizetype sb = b.size() - lastWildcard(b) - 1;
    const qsizetype suf = std::min(sa, sb);
    for (qsizetype i = 1; i <= suf; ++i)
        if (!sameChar(a[a.size() - i], b[b.size() - i], cs))
            return false;
    return true;
}

} // namespace gatehouse
