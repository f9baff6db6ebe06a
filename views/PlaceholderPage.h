#pragma once

#include "ConsolePage.h"

class QLabel;

namespace gatehouse {

/// Empty state of a page whose feature has not landed yet: says what it will hold.
class PlaceholderPage : public ConsolePage
{
    Q_OBJECT
public:
    PlaceholderPage(const QString& title, const QString& description, QWidget* parent = nullptr);

    QString title() const;
    QString description() const;

private:
    QLabel* m_title;
    QLabel* m_description;
};

} // namespace gatehouse
