#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace gatehouse {

class DecisionPathFilterModel;

/// The catalogue's filter row: literal search text, tier, status, owner and
/// "review overdue only", applied straight to a DecisionPathFilterModel.
class CatalogueFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit CatalogueFilterBar(DecisionPathFilterModel* filter, QWidget* parent = nullptr);

    /// Refills the owner choices, keeping the current choice when it is still offered.
    void setOwners(const QStringList& owners);
    QLineEdit* searchEdit() const { return m_search; }
    void focusSearch();

private:
    void applyTier();
    void applyStatus();
    void applyOwner();

    DecisionPathFilterModel* m_filter;
    QLineEdit* m_search;
    QComboBox* m_tier;
    QComboBox* m_status;
    QComboBox* m_owner;
    QCheckBox* m_overdue;
};

} // namespace gatehouse
