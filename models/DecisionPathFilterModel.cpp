#include "DecisionPathFilterModel.h"

#include "DecisionPathTableModel.h"

namespace gatehouse {

DecisionPathFilterModel::DecisionPathFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(DecisionPathTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void DecisionPathFilterModel::setSearchText(const QString& text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

void DecisionPathFilterModel::setTierFilter(std::optional<SeverityTier> tier)
{
    m_tier = tier;
    invalidateFilter();
}

void DecisionPathFilterModel::setStatusFilter(std::optional<PathStatus> status)
{
    m_status = status;
    invalidateFilter();
}

void DecisionPathFilterModel::setOwnerFilter(const QString& owner)
{
    m_owner = owner;
    invalidateFilter();
}

void DecisionPathFilterModel::setOverdueOnly(bool overdueOnly)
{
    m_overdueOnly = overdueOnly;
    invalidateFilter();
}

bool DecisionPathFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    auto* model = qobject_cast<const DecisionPathTableModel*>(sourceModel());
    if (!model || sourceParent.isValid())
        return false;
    const DecisionPath& p = model->pathAt(sourceRow);
    if (m_tier && p.tier != m_tier)
        return false;
    if (m_status && p.status != *m_status)
        return false;
    if (!m_owner.isEmpty() && p.owner != m_owner)
        return false;
    const QModelIndex first = model->index(sourceRow, 0);
    if (m_overdueOnly && !model->data(first, DecisionPathTableModel::ReviewOverdueRole).toBool())
        return false;
    if (!m_search.isEmpty()) {
        const QString text = model->data(first, DecisionPathTableModel::SearchTextRole).toString();
        if (!text.contains(m_search, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace gatehouse
