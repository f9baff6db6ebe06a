#pragma once

#include <optional>

#include <QFlags>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// Roles of a local operator account. An account may hold several.
enum class OperatorRole
{
    Analyst = 0x1, ///< works the review queue
    Owner = 0x2,   ///< registers and answers for decision paths
    Manager = 0x4, ///< reads everything, changes nothing but reports
    Admin = 0x8,   ///< manages accounts and everything else
};
Q_DECLARE_FLAGS(OperatorRoles, OperatorRole)
Q_DECLARE_OPERATORS_FOR_FLAGS(OperatorRoles)

/// "analyst", "owner", "manager", "admin"
QString operatorRoleName(OperatorRole role);
std::optional<OperatorRole> parseOperatorRole(const QString& text);
/// Names in a fixed order (analyst, owner, manager, admin).
QStringList operatorRoleNames(OperatorRoles roles);
/// Parses a list of names; nullopt if any name is unknown.
std::optional<OperatorRoles> parseOperatorRoles(const QStringList& names);

} // namespace gatehouse
