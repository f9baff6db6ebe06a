#pragma once

#include <optional>

#include <QSortFilterProxyModel>

#include "PathStatus.h"
#include "SeverityTier.h"

namespace gatehouse {

/// Filters a DecisionPathTableModel by literal search text (case-insensitive,
/// never interpreted as a pattern), tier, status, owner and "review overdue";
/// sorts by DecisionPathTableModel::SortRole.
class DecisionPathFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DecisionPathFilterModel(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    void setTierFilter(std::optional<SeverityTier> tier);
    void setStatusFilter(std::optional<PathStatus> status);
    void setOwnerFilter(const QString& owner); ///< exact username; empty = any
    void setOverdueOnly(bool overdueOnly);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    std::optional<SeverityTier> m_tier;
    std::optional<PathStatus> m_status;
    QString m_owner;
    bool m_overdueOnly = false;
};

} // namespace gatehouse
