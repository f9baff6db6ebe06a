#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QList>

#include "DecisionPath.h"

namespace gatehouse {

/// Read-only table of decision paths for the catalogue. Qt::DisplayRole gives text;
/// SortRole gives the underlying value (tier as 0..3, dates as QDate) so sorting
/// never goes by display string.
class DecisionPathTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        NameColumn,
        OwnerColumn,
        TeamColumn,
        TierColumn,
        StatusColumn,
        EnvironmentColumn,
        WorkloadColumn,
        ActionsColumn,
        ReviewDateColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        SearchTextRole, ///< all searchable text of the row, for the filter
        ReviewOverdueRole,
    };

    explicit DecisionPathTableModel(QObject* parent = nullptr);

    /// Replaces all rows. \a today decides which review dates are overdue.
    void setPaths(QList<DecisionPath> paths, const QDate& today);
    const QList<DecisionPath>& paths() const { return m_paths; }
    /// Row of the path with \a id, or -1.
    int rowOf(const QString& id) const;
    const DecisionPath& pathAt(int row) const { return m_paths.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DecisionPath> m_paths;
    QDate m_today;
};

} // namespace gatehouse
