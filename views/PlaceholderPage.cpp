#include "PlaceholderPage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace gatehouse {

PlaceholderPage::PlaceholderPage(const QString& title, const QString& description, QWidget* parent)
    : ConsolePage(parent), m_title(new QLabel(title, this)), m_description(new QLabel(description, this))
{
    m_title->setObjectName(QStringLiteral("placeholderTitle"));
    m_description->setObjectName(QStringLiteral("placeholderDescription"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignHCenter);
    m_description->setWordWrap(true);
    m_description->setAlignment(Qt::AlignHCenter);
    // A word-wrapped label needs a fixed width to get the height of all its lines.
    m_description->setFixedWidth(560);
    m_description->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_title, 0, Qt::AlignHCenter);
    layout->addSpacing(8);
    // No alignment flag here: an aligned item loses height-for-width and shows one line only.
    auto* centred = new QHBoxLayout;
    centred->addStretch(1);
    centred->addWidget(m_description);
    centred->addStretch(1);
    layout->addLayout(centred);
    layout->addStretch(2);
}

QString PlaceholderPage::title() const
{
    return m_title->text();
}

QString PlaceholderPage::description() const
{
    return m_description->text();
}

} // namespace gatehouse
