#include "ViewResources.h"

// Q_INIT_RESOURCE declares the generated function in the current namespace, so it
// has to be called from the global namespace.
static void initGatehouseResources()
{
    Q_INIT_RESOURCE(gatehouse);
}

namespace gatehouse {

void ViewResources::init()
{
    static const bool done = [] {
        initGatehouseResources();
        return true;
    }();
    Q_UNUSED(done);
}

QIcon ViewResources::appIcon()
{
    init();
    return QIcon(QStringLiteral(":/gatehouse/icons/gatehouse.svg"));
}

} // namespace gatehouse
