#include "CredentialFilterModel.h"

#include "CredentialTableModel.h"

namespace gatehouse {

CredentialFilterModel::CredentialFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(CredentialTableModel::SortRole);
    setDynamicSortFilter(true);
}

void CredentialFilterModel::setStateFilter(std::optional<CredentialStatus> state)
{
    if (m_state == state)
        return;
    m_state = state;
    invalidateFilter();
}

void CredentialFilterModel::setPathFilter(const QString& pathId)
{
    if (m_pathId == pathId)
        return;
    m_pathId = pathId;
    invalidateFilter();
}

void CredentialFilterModel::setTextFilter(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (m_text == trimmed)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool CredentialFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* source = sourceModel();
    if (!source)
        return false;
    const QModelIndex first = source->index(sourceRow, 0, sourceParent);
    if (m_state && first.data(CredentialTableModel::StateRole).toInt() != static_cast<int>(*m_state))
        return false;
    if (!m_pathId.isEmpty() &&
        source->index(sourceRow, CredentialTableModel::PathColumn, sourceParent).data().toString() !=
            m_pathId)
        return false;
    if (m_text.isEmpty())
        return true;
    // Plain QString::contains: the text is never compiled into a pattern.
    if (first.data(CredentialTableModel::JtiRole).toString().contains(m_text, Qt::CaseInsensitive))
        return true;
    for (int column = 0; column < source->columnCount(sourceParent); ++column) {
        if (source->index(sourceRow, column, sourceParent)
                .data()
                .toString()
                .contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace gatehouse
