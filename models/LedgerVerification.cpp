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
    case LedgerDamage::Inserted:
        return QStringLiteral("inserted");
    }
    return {};
}

} // namespace gatehouse
