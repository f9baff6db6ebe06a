#include "CatalogueFilterBar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>

#include "DecisionPathFilterModel.h"

namespace gatehouse {

CatalogueFilterBar::CatalogueFilterBar(DecisionPathFilterModel* filter, QWidget* parent)
    : QWidget(parent), m_filter(filter), m_search(new QLineEdit(this)), m_tier(new QComboBox(this)),
      m_status(new QComboBox(this)), m_owner(new QComboBox(this)),
      m_overdue(new QCheckBox(tr("Review overdue only"), this))
{
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setPlaceholderText(tr("Search id, name, owner, workload, actions… (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(260);

    m_tier->setObjectName(QStringLiteral("tierFilter"));
    m_tier->addItem(tr("All tiers"));
    for (SeverityTier tier : {SeverityTier::T0, SeverityTier::T1, SeverityTier::T2, SeverityTier::T3})
        m_tier->addItem(severityTierCode(tier) + QLatin1Char(' ') + severityTierLabel(tier),
                        static_cast<int>(tier));

    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("All statuses"));
    for (PathStatus status :
         {PathStatus::Draft, PathStatus::Active, PathStatus::Suspended, PathStatus::Retired})
        m_status->addItem(pathStatusName(status), static_cast<int>(status));

    m_owner->setObjectName(QStringLiteral("ownerFilter"));
    m_owner->addItem(tr("All owners"));
    m_owner->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_overdue->setObjectName(QStringLiteral("overdueOnlyCheck"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addWidget(m_tier);
    layout->addWidget(m_status);
    layout->addWidget(m_owner);
    layout->addWidget(m_overdue);

    connect(m_search, &QLineEdit::textChanged, m_filter, &DecisionPathFilterModel::setSearchText);
    connect(m_tier, &QComboBox::currentIndexChanged, this, &CatalogueFilterBar::applyTier);
    connect(m_status, &QComboBox::currentIndexChanged, this, &CatalogueFilterBar::applyStatus);
    connect(m_owner, &QComboBox::currentIndexChanged, this, &CatalogueFilterBar::applyOwner);
    connect(m_overdue, &QCheckBox::toggled, m_filter, &DecisionPathFilterModel::setOverdueOnly);
}

void CatalogueFilterBar::setOwners(const QStringList& owners)
{
    const QString current = m_owner->currentData().toString();
    QSignalBlocker blocker(m_owner);
    while (m_owner->count() > 1)
        m_owner->removeItem(1);
    for (const QString& owner : owners)
        m_owner->addItem(owner, owner);
    const int index = current.isEmpty() ? 0 : m_owner->findData(current);
    m_owner->setCurrentIndex(index < 0 ? 0 : index);
    applyOwner();
}

void CatalogueFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void CatalogueFilterBar::applyTier()
{
    const QVariant data = m_tier->currentData();
    m_filter->setTierFilter(
        data.isValid() ? std::optional<SeverityTier>(static_cast<SeverityTier>(data.toInt())) : std::nullopt);
}

void CatalogueFilterBar::applyStatus()
{
    const QVariant data = m_status->currentData();
    m_filter->setStatusFilter(
        data.isValid() ? std::optional<PathStatus>(static_cast<PathStatus>(data.toInt())) : std::nullopt);
}

void CatalogueFilterBar::applyOwner()
{
    m_filter->setOwnerFilter(m_owner->currentData().toString());
}

} // namespace gatehouse
