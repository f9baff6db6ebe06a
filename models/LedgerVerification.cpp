#include "LedgerVerification.h"

namespace gatehouse {

QString ledgerDamageName(LedgerDamage damage)
{
    switch (damage) {
    case LedgerDamage::None:
        return QStringLiteral("none");
    case LedgerDamage::Modified:
        return QStringLiteral("modified");
    case LedgerDamage::Missing:
        return QStringLiteral("missing");
    case LedgerDamage::Reordered:
        return QStringLiteral("reordered");
    }
    return {};
}

} // namespace gatehouse
