#pragma once

#include <QIcon>

namespace gatehouse {

/// The compiled-in resources of gatehouse_views (resources/gatehouse.qrc). A static
/// library's resources must be registered explicitly before first use.
class ViewResources
{
public:
    /// Registers the resources; safe to call more than once.
    static void init();
    /// The application icon (":/gatehouse/icons/gatehouse.svg").
    static QIcon appIcon();
};

} // namespace gatehouse
