#include "PolicyPattern.h"

namespace gatehouse {

bool PolicyPattern::matches(QStringView pattern, QStringView text)
{
    // Classic wildcard matching with single-star backtracking: on a mismatch, the last
    // '*' absorbs one more character. No recursion, so no pathological blow-up.
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype star = -1;
    qsizetype mark = 0;
    const QChar kStar = QLatin1Char('*');
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == kStar) {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == kStar)
        ++p;
    return p == pattern.size();
}

QStringView PolicyPattern::literalPrefix(QStringView pattern)
{
    const qsizetype star = pattern.indexOf(QLatin1Char('*'));
    return star < 0 ? pattern : pattern.left(star);
}

bool PolicyPattern::isLiteral(QStringView pattern)
{
    return !pattern.contains(QLatin1Char('*'));
}

} // namespace gatehouse
