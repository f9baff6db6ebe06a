#pragma once

#include <QString>

#include "OperatorRole.h"

namespace gatehouse {

/// Who is acting: an authenticated operator. Services check permissions against it.
/// Only AccountService::authenticate() (and tests) should make one.
struct OperatorSession
{
    QString username;
    OperatorRoles roles;

    bool hasRole(OperatorRole role) const { return roles.testFlag(role); }
    /// Ledger actor string: "operator:<username>".
    QString actor() const { return QStringLiteral("operator:") + username; }
};

} // namespace gatehouse
