#include "OperatorRole.h"

#include <array>

namespace gatehouse {

namespace {
constexpr std::array kAllRoles{OperatorRole::Analyst, OperatorRole::Owner, OperatorRole::Manager,
                               OperatorRole::Admin};
}

QString operatorRoleName(OperatorRole role)
{
    switch (role) {
    case OperatorRole::Analyst:
        return QStringLiteral("analyst");
    case OperatorRole::Owner:
        return QStringLiteral("owner");
    case OperatorRole::Manager:
        return QStringLiteral("manager");
    case OperatorRole::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<OperatorRole> parseOperatorRole(const QString& text)
{
    for (auto r : kAllRoles) {
        if (text.trimmed().compare(operatorRoleName(r), Qt::CaseInsensitive) == 0)
            return r;
    }
    return std::nullopt;
}

QStringList operatorRoleNames(OperatorRoles roles)
{
    QStringList names;
    for (auto r : kAllRoles) {
        if (roles.testFlag(r))
            names << operatorRoleName(r);
    }
    return names;
}

std::optional<OperatorRoles> parseOperatorRoles(const QStringList& names)
{
    OperatorRoles roles;
    for (const auto& n : names) {
        if (n.trimmed().isEmpty())
            continue;
        auto r = parseOperatorRole(n);
        if (!r)
            return std::nullopt;
        roles |= *r;
    }
    return roles;
}

} // namespace gatehouse
