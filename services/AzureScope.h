#pragma once

#include <QString>

namespace gatehouse {

/// An Azure RBAC scope string and its place in the hierarchy
/// "/" > management group > subscription > resource group > resource.
class AzureScope
{
public:
    enum class Level
    {
        Root,            ///< "/"
        ManagementGroup, ///< /providers/Microsoft.Management/managementGroups/{id}
        Subscription,    ///< /subscriptions/{id}
        ResourceGroup,   ///< /subscriptions/{id}/resourceGroups/{name}
        Resource,        ///< anything below a subscription or resource group (".../providers/...")
        Unknown,         ///< not a scope Azure RBAC knows
    };

    /// Trims whitespace and a trailing "/", keeps the spelling otherwise.
    static QString normalise(const QString& scope);
    /// Lower-case key: Azure resource ids compare case-insensitively.
    static QString key(const QString& scope) { return normalise(scope).toLower(); }
    static Level level(const QString& scope);
    /// "root", "management_group", "subscription", "resource_group", "resource", "unknown"
    static QString levelName(Level level);
    /// The name of the last level: management group id, subscription id, group or resource name.
    static QString name(const QString& scope);
    /// The parent implied by the string itself: resource -> resource group (or subscription),
    /// resource group -> subscription. Empty for "/", management groups and subscriptions,
    /// whose parents only a hierarchy export knows.
    static QString structuralParent(const QString& scope);
    static QString managementGroupScope(const QString& id);
};

} // namespace gatehouse
