#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include "Error.h"
#include "ReviewVerdict.h"
#include "SeverityTier.h"

namespace gatehouse {

/// Why a review case closed (review_cases.resolution).
enum class ReviewResolution
{
    Open,
    Approved,
    Rejected,
    Expired,        ///< nobody decided within the review window
    ApprovalLapsed, ///< approved, but not used within the approval window
};

/// "", "approved", "rejected", "expired", "approval_lapsed"
QString reviewResolutionName(ReviewResolution resolution);

/// One row of review_cases: what a pending request needs and where it stands. Times UTC.
struct ReviewCase
{
    QString requestId;
    SeverityTier tier = SeverityTier::T2;
    int requiredApprovals = 1;
    QStringList requiredRoles; ///< operator role names; any one qualifies
    QDateTime openedAt;
    QDateTime expiresAt; ///< the one review deadline shown and enforced (FIELD-CASES 3)
    QDateTime slaDueAt;  ///< after this the case is overdue and may be escalated
    QDateTime escalatedAt;
    QString escalatedBy;
    QDateTime resolvedAt;
    QString resolvedBy; ///< username, or "system" for expiry
    ReviewResolution resolution = ReviewResolution::Open;
    QString feedback; ///< a rejection's justification, returned to the agent
    bool breakGlass = false;
    QDateTime approvalLapsesAt; ///< set on approval: the approval must be used before this

    bool isOpen() const { return resolution == ReviewResolution::Open; }
};

/// One signed review (table reviews, append-only).
struct ReviewEntry
{
    qint64 id = 0;
    QString requestId;
    QString reviewer;
    ReviewVerdict verdict = ReviewVerdict::Approve;
    QString justification;
    QByteArray statement; ///< the RFC 8785 bytes that were signed
    QString keyId;
    QByteArray signature; ///< 64 bytes, Ed25519
    QDateTime createdAt;
    QDateTime lapsesAt; ///< approvals only: no longer counted after this
};

/// One line of the review queue, joined from action_requests, review_cases and the catalogue.
struct ReviewQueueRow
{
    QString requestId;
    QString pathId;
    QString pathName;
    QString pathOwner;
    QString actionType;
    QString target;
    SeverityTier tier = SeverityTier::T2;
    double confidence = 0.0;
    QStringList triggers;
    QDateTime receivedAt;
    QDateTime expiresAt;
    QDateTime slaDueAt;
    int approvals = 0; ///< approvals that still count (not lapsed)
    int requiredApprovals = 1;
    bool escalated = false;
    QString status; ///< action status name
};

/// Which rows the queue shows; pending only by default, ordered tier (T3 first) then age.
struct ReviewQueueFilter
{
    bool includeResolved = false;
    QString text; ///< literal substring of path, action, target or request id; empty = all
};

/// A break-glass approval waiting for (or having had) a manager's after-the-fact review.
struct BreakGlassFollowUp
{
    QString requestId;
    QString approvedBy;
    QString reason;
    QDateTime openedAt;
    QString reviewedBy; ///< empty while open
    QDateTime reviewedAt;
    QString note;
};

/// SQL for review_cases, reviews and break_glass_followups. No permission checks and no
/// auditing: ReviewService does both, inside its transaction.
class ReviewRepository
{
public:
    explicit ReviewRepository(QSqlDatabase db);

    [[nodiscard]] Status insertCase(const ReviewCase& c);
    [[nodiscard]] Result<std::optional<ReviewCase>> findCase(const QString& requestId) const;
    /// Writes the mutable columns (escalation, resolution, feedback, break-glass, lapse time).
    [[nodiscard]] Status updateCase(const ReviewCase& c);
    /// Inserts and returns the new row id.
    [[nodiscard]] Result<qint64> insertReview(const ReviewEntry& entry);
    [[nodiscard]] Result<QList<ReviewEntry>> reviewsFor(const QString& requestId) const;

    /// \a limit rows from \a offset in queue order (tier desc, received asc, id).
    [[nodiscard]] Result<QList<ReviewQueueRow>> queuePage(const ReviewQueueFilter& filter,
                                                          const QDateTime& now, int offset, int limit) const;
    [[nodiscard]] Result<qint64> queueCount(const ReviewQueueFilter& filter) const;

    /// Open cases whose review deadline is at or before \a now.
    [[nodiscard]] Result<QStringList> dueForExpiry(const QDateTime& now) const;
    /// Approved cases whose approval window ended at or before \a now and whose request has
    /// not reported a result.
    [[nodiscard]] Result<QStringList> dueForLapse(const QDateTime& now) const;

    [[nodiscard]] Status insertBreakGlass(const BreakGlassFollowUp& f);
    [[nodiscard]] Status closeBreakGlass(const QString& requestId, const QString& reviewedBy,
                                         const QDateTime& at, const QString& note);
    [[nodiscard]] Result<std::optional<BreakGlassFollowUp>> findBreakGlass(const QString& requestId) const;
    /// Follow-ups not yet reviewed, oldest first.
    [[nodiscard]] Result<QList<BreakGlassFollowUp>> openBreakGlass() const;

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
