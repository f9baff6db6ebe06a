#pragma once

#include <optional>

#include <QString>

namespace gatehouse {

/// What a reviewer did to a pending action request.
enum class ReviewVerdict
{
    Approve,
    Reject,
    Escalate,   ///< hands the request to managers (audited, no decision)
    BreakGlass, ///< an admin approves alone, with a reason; a manager reviews it afterwards
};

/// "approve", "reject", "escalate", "break_glass"
QString reviewVerdictName(ReviewVerdict verdict);
std::optional<ReviewVerdict> parseReviewVerdict(const QString& text);

} // namespace gatehouse
