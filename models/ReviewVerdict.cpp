#include "ReviewVerdict.h"

namespace gatehouse {

QString reviewVerdictName(ReviewVerdict verdict)
{
    switch (verdict) {
    case ReviewVerdict::Approve:
        return QStringLiteral("approve");
    case ReviewVerdict::Reject:
        return QStringLiteral("reject");
    case ReviewVerdict::Escalate:
        return QStringLiteral("escalate");
    case ReviewVerdict::BreakGlass:
        return QStringLiteral("break_glass");
    }
    return {};
}

std::optional<ReviewVerdict> parseReviewVerdict(const QString& text)
{
    for (auto v :
         {ReviewVerdict::Approve, ReviewVerdict::Reject, ReviewVerdict::Escalate, ReviewVerdict::BreakGlass})
        if (reviewVerdictName(v) == text)
            return v;
    return std::nullopt;
}

} // namespace gatehouse
