#include "ReviewQueueModel.h"

#include <QBrush>
#include <QColor>

#include "Clock.h"
#include "ReviewService.h"

namespace gatehouse {

namespace {

QString duration(qint64 seconds)
{
    if (seconds <= 0)
        return QStringLiteral("0 min");
    if (seconds >= 86400)
        return QStringLiteral("%1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
    if (seconds >= 3600)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return QStringLiteral("%1 min").arg((seconds + 59) / 60);
}

} // namespace

ReviewQueueModel::ReviewQueueModel(ReviewService& review, const Clock& clock, OperatorSession session,
                                   QObject* parent)
    : QAbstractTableModel(parent), m_review(review), m_clock(clock), m_session(std::move(session))
{}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReviewQueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TierColumn:
        return tr("Tier");
    case PathColumn:
        return tr("Path");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target");
    case ConfidenceColumn:
        return tr("Confidence");
    case TriggersColumn:
        return tr("Triggers");
    case AgeColumn:
        return tr("Age");
    case TimeLeftColumn:
        return tr("Time left");
    case ApprovalsColumn:
        return tr("Approvals");
    default:
        return {};
    }
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ReviewQueueRow& r = m_rows.at(index.row());
    const QDateTime now = m_clock.now();
    const bool pending = r.status == QLatin1String("pending_review");
    const bool overdue = pending && now > r.slaDueAt;
    if (role == RequestIdRole)
        return r.requestId;
    if (role == OverdueRole)
        return overdue;
    if (role == SortRole) {
        switch (index.column()) {
        case TierColumn:
            return static_cast<int>(r.tier);
        case ConfidenceColumn:
            return r.confidence;
        case AgeColumn:
            return r.receivedAt.secsTo(now);
        case TimeLeftColumn:
            return now.secsTo(r.expiresAt);
        case ApprovalsColumn:
            return r.approvals;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == TimeLeftColumn && overdue)
        return QBrush(QColor(0xb0, 0x20, 0x20));
    if (role == Qt::ToolTipRole && index.column() == TimeLeftColumn)
        return overdue ? tr("Overdue: the SLA for this tier passed at %1 UTC")
                             .arg(r.slaDueAt.toString(Qt::ISODate))
                       : tr("Expires at %1 UTC").arg(r.expiresAt.toString(Qt::ISODate));
    if (role == Qt::TextAlignmentRole &&
        (index.column() == ConfidenceColumn || index.column() == ApprovalsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TierColumn:
        return severityTierCode(r.tier);
    case PathColumn:
        return r.pathName.isEmpty() ? r.pathId : r.pathName;
    case ActionColumn:
        return r.actionType;
    case TargetColumn:
        return r.target;
    case ConfidenceColumn:
        return QString::number(r.confidence, 'f', 2);
    case TriggersColumn:
        return r.triggers.join(QStringLiteral(", "));
    case AgeColumn:
        return duration(r.receivedAt.secsTo(now));
    case TimeLeftColumn:
        if (!pending)
            return r.status;
        return overdue ? tr("%1 (overdue)").arg(duration(now.secsTo(r.expiresAt)))
                       : duration(now.secsTo(r.expiresAt));
    case ApprovalsColumn:
        return tr("%1 of %2%3")
            .arg(r.approvals)
            .arg(r.requiredApprovals)
            .arg(r.escalated ? tr(" (escalated)") : QString());
    default:
        return {};
    }
}

bool ReviewQueueModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_rows.size() < m_total;
}

void ReviewQueueModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid())
        return;
    const QList<ReviewQueueRow> more = load(static_cast<int>(m_rows.size()), kPageSize);
    if (more.isEmpty()) {
        m_total = m_rows.size(); // nothing more to read: stop asking
        return;
    }
    beginInsertRows({}, static_cast<int>(m_rows.size()), static_cast<int>(m_rows.size() + more.size() - 1));
    m_rows.append(more);
    endInsertRows();
}

QList<ReviewQueueRow> ReviewQueueModel::load(int offset, int limit)
{
    auto rows = m_review.queue(m_session, m_filter, offset, limit);
    if (!rows) {
        m_error = rows.error().message;
        return {};
    }
    m_error.clear();
    return *rows;
}

void ReviewQueueModel::setFilter(const ReviewQueueFilter& filter)
{
    m_filter = filter;
    beginResetModel();
    m_rows.clear();
    m_total = 0;
    endResetModel();
    reload();
}

void ReviewQueueModel::reload()
{
    auto total = m_review.queueCount(m_session, m_filter);
    if (!total) {
        m_error = total.error().message;
        return;
    }
    const int wanted = std::max(kPageSize, static_cast<int>(m_rows.size()));
    QList<ReviewQueueRow> rows = load(0, wanted);
    if (!m_error.isEmpty())
        return;
    beginResetModel();
    m_rows = std::move(rows);
    m_total = *total;
    endResetModel();
}

int ReviewQueueModel::rowOf(const QString& requestId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).requestId == requestId)
            return i;
    return -1;
}

void ReviewQueueModel::tick()
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(static_cast<int>(m_rows.size()) - 1, TimeLeftColumn));
}

} // namespace gatehouse
