#include "DecisionPathTableModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace gatehouse {

DecisionPathTableModel::DecisionPathTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DecisionPathTableModel::setPaths(QList<DecisionPath> paths, const QDate& today)
{
    beginResetModel();
    m_paths = std::move(paths);
    m_today = today;
    endResetModel();
}

int DecisionPathTableModel::rowOf(const QString& id) const
{
    for (int i = 0; i < m_paths.size(); ++i) {
        if (m_paths.at(i).id == id)
            return i;
    }
    return -1;
}

int DecisionPathTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_paths.size());
}

int DecisionPathTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DecisionPathTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DecisionPath& p = m_paths.at(index.row());
    const bool overdue = p.isReviewOverdue(m_today);

    if (role == ReviewOverdueRole)
        return overdue;
    if (role == SearchTextRole) {
        return QStringList{p.id,
                           p.name,
                           p.description,
                           p.owner,
                           p.team,
                           p.aiComponent,
                           p.workloadId,
                           p.environment,
                           p.actionTypes.join(QLatin1Char(' ')),
                           p.targets.join(QLatin1Char(' '))}
            .join(QLatin1Char('\n'));
    }
    if (role == SortRole) {
        switch (index.column()) {
        case TierColumn:
            return p.tier ? static_cast<int>(*p.tier) : -1;
        case StatusColumn:
            return static_cast<int>(p.status);
        case ActionsColumn:
            return static_cast<int>(p.actionTypes.size());
        case ReviewDateColumn:
            // Unscheduled reviews sort after every real date.
            return p.nextReviewDate.isValid() ? p.nextReviewDate : QDate(9999, 12, 31);
        default:
            return data(index, Qt::DisplayRole).toString().toLower();
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return p.id;
        case NameColumn:
            return p.name;
        case OwnerColumn:
            return p.owner;
        case TeamColumn:
            return p.team;
        case TierColumn:
            return p.tier ? QStringLiteral("%1 %2").arg(severityTierCode(*p.tier), severityTierLabel(*p.tier))
                          : QStringLiteral("—");
        case StatusColumn:
            return pathStatusName(p.status);
        case EnvironmentColumn:
            return p.environment;
        case WorkloadColumn:
            return p.workloadId;
        case ActionsColumn:
            return static_cast<int>(p.actionTypes.size());
        case ReviewDateColumn:
            if (!p.nextReviewDate.isValid())
                return QStringLiteral("—");
            return overdue ? tr("%1 (overdue)").arg(p.nextReviewDate.toString(Qt::ISODate))
                           : p.nextReviewDate.toString(Qt::ISODate);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == ReviewDateColumn && overdue)
            return tr("The review of this decision path is overdue.");
        if (index.column() == ActionsColumn)
            return p.actionTypes.join(QLatin1Char('\n'));
        return {};
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == ReviewDateColumn && overdue)
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        if (p.status == PathStatus::Retired)
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    }
    if (role == Qt::FontRole && index.column() == ReviewDateColumn && overdue) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::TextAlignmentRole && index.column() == ActionsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DecisionPathTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("ID");
    case NameColumn:
        return tr("Name");
    case OwnerColumn:
        return tr("Owner");
    case TeamColumn:
        return tr("Team");
    case TierColumn:
        return tr("Tier");
    case StatusColumn:
        return tr("Status");
    case EnvironmentColumn:
        return tr("Environment");
    case WorkloadColumn:
        return tr("Workload identity");
    case ActionsColumn:
        return tr("Actions");
    case ReviewDateColumn:
        return tr("Next review");
    default:
        return {};
    }
}

} // namespace gatehouse
