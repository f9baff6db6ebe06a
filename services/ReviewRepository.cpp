#include "ReviewRepository.h"

#include <QSqlError>
#include <QSqlQuery>

#include "SqlValues.h"

namespace gatehouse {

using sql::textOrNull;
using sql::timeFrom;
using sql::timeValue;

namespace {

std::unexpected<Error> sqlFailure(const QSqlQuery& q)
{
    return fail(ErrorCode::StorageFailure, QStringLiteral("reviews: %1").arg(q.lastError().text()));
}

ReviewResolution resolutionFrom(const QVariant& v)
{
    const QString s = v.toString();
    if (s == QLatin1String("approved"))
        return ReviewResolution::Approved;
    if (s == QLatin1String("rejected"))
        return ReviewResolution::Rejected;
    if (s == QLatin1String("expired"))
        return ReviewResolution::Expired;
    if (s == QLatin1String("approval_lapsed"))
        return ReviewResolution::ApprovalLapsed;
    return ReviewResolution::Open;
}

QVariant resolutionValue(ReviewResolution r)
{
    return r == ReviewResolution::Open ? QVariant(QMetaType(QMetaType::QString))
                                       : QVariant(reviewResolutionName(r));
}

const char* kCaseColumns =
    "request_id, tier, required_approvals, required_roles, opened_at, expires_at, sla_due_at,"
    " escalated_at, escalated_by, resolved_at, resolved_by, resolution, feedback, break_glass,"
    " approval_lapses_at";

/// The columns a case changes after it is opened, in the order bindMutable() binds them.
const char* kMutableCaseColumns =
    "required_roles, escalated_at, escalated_by, resolved_at, resolved_by, resolution,"
    " feedback, break_glass, approval_lapses_at";

void bindMutable(QSqlQuery& q, const ReviewCase& c)
{
    q.addBindValue(sql::jsonText(c.requiredRoles));
    q.addBindValue(timeValue(c.escalatedAt));
    q.addBindValue(textOrNull(c.escalatedBy));
    q.addBindValue(timeValue(c.resolvedAt));
    q.addBindValue(textOrNull(c.resolvedBy));
    q.addBindValue(resolutionValue(c.resolution));
    q.addBindValue(textOrNull(c.feedback));
    q.addBindValue(c.breakGlass ? 1 : 0);
    q.addBindValue(timeValue(c.approvalLapsesAt));
}

ReviewCase caseFrom(const QSqlQuery& q)
{
    ReviewCase c;
    c.requestId = q.value(0).toString();
    c.tier = static_cast<SeverityTier>(q.value(1).toInt());
    c.requiredApprovals = q.value(2).toInt();
    c.requiredRoles = sql::stringListFrom(q.value(3));
    c.openedAt = timeFrom(q.value(4));
    c.expiresAt = timeFrom(q.value(5));
    c.slaDueAt = timeFrom(q.value(6));
    c.escalatedAt = timeFrom(q.value(7));
    c.escalatedBy = q.value(8).toString();
    c.resolvedAt = timeFrom(q.value(9));
    c.resolvedBy = q.value(10).toString();
    c.resolution = resolutionFrom(q.value(11));
    c.feedback = q.value(12).toString();
    c.breakGlass = q.value(13).toBool();
    c.approvalLapsesAt = timeFrom(q.value(14));
    return c;
}

/// WHERE clause shared by queuePage and queueCount; binds in order: [text].
QString queueWhere(const ReviewQueueFilter& filter)
{
    QString where =
        filter.includeResolved ? QStringLiteral(" WHERE 1") : QStringLiteral(" WHERE c.resolved_at IS NULL");
    if (!filter.text.isEmpty())
        where +=
            QStringLiteral(" AND instr(lower(a.id || ' ' || a.path_id || ' ' || ifnull(p.name, '') || ' ' ||"
                           " a.action_type || ' ' || a.target), lower(?)) > 0");
    return where;
}

BreakGlassFollowUp followUpFrom(const QSqlQuery& q)
{
    return BreakGlassFollowUp{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                              timeFrom(q.value(3)),  q.value(4).toString(), timeFrom(q.value(5)),
                              q.value(6).toString()};
}

} // namespace

QString reviewResolutionName(ReviewResolution resolution)
{
    switch (resolution) {
    case ReviewResolution::Open:
        return {};
    case ReviewResolution::Approved:
        return QStringLiteral("approved");
    case ReviewResolution::Rejected:
        return QStringLiteral("rejected");
    case ReviewResolution::Expired:
        return QStringLiteral("expired");
    case ReviewResolution::ApprovalLapsed:
        return QStringLiteral("approval_lapsed");
    }
    return {};
}

ReviewRepository::ReviewRepository(QSqlDatabase db) : m_db(std::move(db)) {}

Status ReviewRepository::insertCase(const ReviewCase& c)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("INSERT INTO review_cases(request_id, tier, required_approvals, opened_at, expires_at,"
                       " sla_due_at, %1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(QLatin1String(kMutableCaseColumns)));
    q.addBindValue(c.requestId);
    q.addBindValue(static_cast<int>(c.tier));
    q.addBindValue(c.requiredApprovals);
    q.addBindValue(timeValue(c.openedAt));
    q.addBindValue(timeValue(c.expiresAt));
    q.addBindValue(timeValue(c.slaDueAt));
    bindMutable(q, c);
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Result<std::optional<ReviewCase>> ReviewRepository::findCase(const QString& requestId) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM review_cases WHERE request_id = ?").arg(QLatin1String(kCaseColumns)));
    q.addBindValue(requestId);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<ReviewCase>();
    return std::optional<ReviewCase>(caseFrom(q));
}

Status ReviewRepository::updateCase(const ReviewCase& c)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("UPDATE review_cases SET (%1) = (?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE request_id = ?")
            .arg(QLatin1String(kMutableCaseColumns)));
    bindMutable(q, c);
    q.addBindValue(c.requestId);
    if (!q.exec())
        return sqlFailure(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("no review case for request %1").arg(c.requestId));
    return {};
}

Result<qint64> ReviewRepository::insertReview(const ReviewEntry& e)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("INSERT INTO reviews(request_id, reviewer, verdict, justification, statement, key_id,"
                       " signature, created_at, lapses_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(e.requestId);
    q.addBindValue(e.reviewer);
    q.addBindValue(reviewVerdictName(e.verdict));
    q.addBindValue(e.justification);
    q.addBindValue(QString::fromUtf8(e.statement));
    q.addBindValue(e.keyId);
    q.addBindValue(e.signature);
    q.addBindValue(timeValue(e.createdAt));
    q.addBindValue(timeValue(e.lapsesAt));
    if (!q.exec())
        return sqlFailure(q);
    return q.lastInsertId().toLongLong();
}

Result<QList<ReviewEntry>> ReviewRepository::reviewsFor(const QString& requestId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT id, request_id, reviewer, verdict, justification, statement, key_id, signature,"
        " created_at, lapses_at FROM reviews WHERE request_id = ? ORDER BY id"));
    q.addBindValue(requestId);
    if (!q.exec())
        return sqlFailure(q);
    QList<ReviewEntry> out;
    while (q.next()) {
        ReviewEntry e;
        e.id = q.value(0).toLongLong();
        e.requestId = q.value(1).toString();
        e.reviewer = q.value(2).toString();
        e.verdict = parseReviewVerdict(q.value(3).toString()).value_or(ReviewVerdict::Reject);
        e.justification = q.value(4).toString();
        e.statement = q.value(5).toString().toUtf8();
        e.keyId = q.value(6).toString();
        e.signature = q.value(7).toByteArray();
        e.createdAt = timeFrom(q.value(8));
        e.lapsesAt = timeFrom(q.value(9));
        out.append(e);
    }
    return out;
}

Result<QList<ReviewQueueRow>> ReviewRepository::queuePage(const ReviewQueueFilter& filter,
                                                          const QDateTime& now, int offset, int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral(
            "SELECT a.id, a.path_id, ifnull(p.name, ''), ifnull(p.owner, ''), a.action_type, a.target, "
            "c.tier,"
            " a.body, a.decision, a.received_at, c.expires_at, c.sla_due_at, c.required_approvals,"
            " c.escalated_at IS NOT NULL, a.status,"
            " (SELECT COUNT(*) FROM reviews r WHERE r.request_id = c.request_id AND r.verdict = 'approve'"
            "  AND (r.lapses_at IS NULL OR r.lapses_at > ?))"
            " FROM review_cases c JOIN action_requests a ON a.id = c.request_id"
            " LEFT JOIN decision_paths p ON p.id = a.path_id%1"
            " ORDER BY %2c.tier DESC, c.opened_at, c.request_id LIMIT ? OFFSET ?")
            .arg(queueWhere(filter),
                 // Pending only: every row has resolved_at NULL, and the order is the index's (no sort).
                 filter.includeResolved ? QStringLiteral("c.resolved_at IS NOT NULL, ") : QString()));
    q.addBindValue(timeValue(now));
    if (!filter.text.isEmpty())
        q.addBindValue(filter.text);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec())
        return sqlFailure(q);
    QList<ReviewQueueRow> out;
    while (q.next()) {
        ReviewQueueRow r;
        r.requestId = q.value(0).toString();
        r.pathId = q.value(1).toString();
        r.pathName = q.value(2).toString();
        r.pathOwner = q.value(3).toString();
        r.actionType = q.value(4).toString();
        r.target = q.value(5).toString();
        r.tier = static_cast<SeverityTier>(q.value(6).toInt());
        r.confidence = sql::objectFrom(q.value(7)).value(QStringLiteral("confidence")).toDouble();
        const QJsonArray triggers = sql::objectFrom(q.value(8)).value(QStringLiteral("triggers")).toArray();
        for (const auto& t : triggers)
            r.triggers.append(t.toString());
        r.receivedAt = timeFrom(q.value(9));
        r.expiresAt = timeFrom(q.value(10));
        r.slaDueAt = timeFrom(q.value(11));
        r.requiredApprovals = q.value(12).toInt();
        r.escalated = q.value(13).toBool();
        r.status = q.value(14).toString();
        r.approvals = q.value(15).toInt();
        out.append(r);
    }
    return out;
}

Result<qint64> ReviewRepository::queueCount(const ReviewQueueFilter& filter) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT COUNT(*) FROM review_cases c JOIN action_requests a ON a.id = c.request_id"
                       " LEFT JOIN decision_paths p ON p.id = a.path_id%1")
            .arg(queueWhere(filter)));
    if (!filter.text.isEmpty())
        q.addBindValue(filter.text);
    if (!q.exec() || !q.next())
        return sqlFailure(q);
    return q.value(0).toLongLong();
}

Result<QStringList> ReviewRepository::dueForExpiry(const QDateTime& now) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT request_id FROM review_cases WHERE resolved_at IS NULL AND expires_at <= ?"
                       " ORDER BY expires_at"));
    q.addBindValue(timeValue(now));
    if (!q.exec())
        return sqlFailure(q);
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

Result<QStringList> ReviewRepository::dueForLapse(const QDateTime& now) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT c.request_id FROM review_cases c JOIN action_requests a ON a.id = c.request_id"
                       " WHERE c.resolution = 'approved' AND a.status = 'approved'"
                       " AND c.approval_lapses_at <= ? ORDER BY c.approval_lapses_at"));
    q.addBindValue(timeValue(now));
    if (!q.exec())
        return sqlFailure(q);
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

Status ReviewRepository::insertBreakGlass(const BreakGlassFollowUp& f)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO break_glass_followups(request_id, approved_by, reason, opened_at)"
                             " VALUES (?, ?, ?, ?)"));
    q.addBindValue(f.requestId);
    q.addBindValue(f.approvedBy);
    q.addBindValue(f.reason);
    q.addBindValue(timeValue(f.openedAt));
    if (!q.exec())
        return sqlFailure(q);
    return {};
}

Status ReviewRepository::closeBreakGlass(const QString& requestId, const QString& reviewedBy,
                                         const QDateTime& at, const QString& note)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE break_glass_followups SET reviewed_by = ?, reviewed_at = ?, note = ?"
                             " WHERE request_id = ? AND reviewed_at IS NULL"));
    q.addBindValue(reviewedBy);
    q.addBindValue(timeValue(at));
    q.addBindValue(note);
    q.addBindValue(requestId);
    if (!q.exec())
        return sqlFailure(q);
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("no open break-glass follow-up for request %1").arg(requestId.left(64)));
    return {};
}

Result<std::optional<BreakGlassFollowUp>> ReviewRepository::findBreakGlass(const QString& requestId) const
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT request_id, approved_by, reason, opened_at, reviewed_by, reviewed_at, note"
                       " FROM break_glass_followups WHERE request_id = ?"));
    q.addBindValue(requestId);
    if (!q.exec())
        return sqlFailure(q);
    if (!q.next())
        return std::optional<BreakGlassFollowUp>();
    return std::optional<BreakGlassFollowUp>(followUpFrom(q));
}

Result<QList<BreakGlassFollowUp>> ReviewRepository::openBreakGlass() const
{
    QSqlQuery q(m_db);
    if (!q.exec(
            QStringLiteral("SELECT request_id, approved_by, reason, opened_at, reviewed_by, reviewed_at, note"
                           " FROM break_glass_followups WHERE reviewed_at IS NULL ORDER BY opened_at")))
        return sqlFailure(q);
    QList<BreakGlassFollowUp> out;
    while (q.next())
        out.append(followUpFrom(q));
    return out;
}

} // namespace gatehouse
