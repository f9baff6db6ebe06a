#pragma once

#include <optional>

#include <QSortFilterProxyModel>

#include "Credential.h"

namespace gatehouse {

/// Filters and sorts a CredentialTableModel for the Credentials page: by effective state,
/// by decision path and by free text. The text is matched literally and case-insensitively
/// against every column and the jti — no wildcard or regular-expression syntax, so
/// "(test)", "a-b" or "Отчёт" match exactly those characters (FIELD-CASES 13). Sorting uses
/// CredentialTableModel::SortRole.
class CredentialFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit CredentialFilterModel(QObject* parent = nullptr);

    /// nullopt = every state.
    void setStateFilter(std::optional<CredentialStatus> state);
    /// Empty = every path.
    void setPathFilter(const QString& pathId);
    void setTextFilter(const QString& text);

    std::optional<CredentialStatus> stateFilter() const { return m_state; }
    QString pathFilter() const { return m_pathId; }
    QString textFilter() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<CredentialStatus> m_state;
    QString m_pathId;
    QString m_text;
};

} // namespace gatehouse
