#pragma once

#include <QDateTime>
#include <QString>

#include "OperatorRole.h"

namespace gatehouse {

/// A local operator account as the rest of the program sees it (never the password hash).
struct OperatorAccount
{
    QString username; ///< 1..64 chars: lower-case letters, digits, '.', '_', '-'
    QString displayName;
    OperatorRoles roles;
    bool disabled = false;
    QDateTime lockedUntil; ///< UTC; invalid or past when not locked
    QDateTime createdAt;   ///< UTC

    bool hasRole(OperatorRole role) const { return roles.testFlag(role); }
};

} // namespace gatehouse
