#include "AuditEventTableModel.h"

namespace gatehouse {

AuditEventTableModel::AuditEventTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void AuditEventTableModel::setEvents(QList<AuditEvent> events)
{
    beginResetModel();
    m_events = std::move(events);
    endResetModel();
}

int AuditEventTableModel::rowOf(qint64 seq) const
{
    for (int i = 0; i < m_events.size(); ++i) {
        if (m_events.at(i).seq == seq)
            return i;
    }
    return -1;
}

int AuditEventTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int AuditEventTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditEventTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEvent& e = m_events.at(index.row());
    if (role == SortRole) {
        switch (index.column()) {
        case SeqColumn:
            return e.seq;
        case TimeColumn:
            return e.timestamp;
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SeqColumn:
            return e.seq;
        case TimeColumn:
            return e.timestamp.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case TypeColumn:
            return e.type;
        case ActorColumn:
            return e.actor;
        case SubjectColumn:
            return e.subject;
        case CorrelationColumn:
            return e.correlationId;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == SeqColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == TimeColumn)
        return e.timestamp.toUTC().toString(Qt::ISODateWithMs);
    return {};
}

QVariant AuditEventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("Seq");
    case TimeColumn:
        return tr("Time (UTC)");
    case TypeColumn:
        return tr("Type");
    case ActorColumn:
        return tr("Actor");
    case SubjectColumn:
        return tr("Subject");
    case CorrelationColumn:
        return tr("Correlation id");
    default:
        return {};
    }
}

} // namespace gatehouse
