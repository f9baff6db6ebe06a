#pragma once

#include <QWidget>

namespace gatehouse {

/// One page of the main window. MainWindow calls refresh() whenever the page is
/// shown, so a page re-reads its data from the services instead of caching it.
class ConsolePage : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void refresh() {}
};

} // namespace gatehouse
