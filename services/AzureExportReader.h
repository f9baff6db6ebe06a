#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "AzureActionMatcher.h"
#include "Error.h"

namespace gatehouse {

struct AzureRoleDefinition
{
    QString guid;     ///< lower-case role definition GUID
    QString roleName; ///< "Owner"
    QString description;
    bool custom = false;
    bool notActionsKnown = true; ///< false for the classification export, which omits them
    QList<AzurePermissionBlock> permissions;
    QJsonObject classification; ///< eamTier, eamTierLevel, isPrivileged (classification export)
    QString where;              ///< "roleDefinitions[3]"
};

struct AzureRoleAssignment
{
    QString id; ///< the assignment's resource id, or a synthetic one when the export has none
    QString principalId;
    QString principalType; ///< User, Group, ServicePrincipal, ForeignGroup, Device, ...
    QString principalName;
    QString roleGuid;
    QString roleName; ///< roleDefinitionName when the export carries it
    QString scope;
    QString condition;
    QString conditionVersion;
    QString where;
};

/// A management group or subscription of the hierarchy export, with its parent's scope.
struct AzureHierarchyEntry
{
    QString scope;
    QString parentScope; ///< empty for the top of the export
    QString displayName;
};

/// "owners" of an application or service principal: each can add a credential to it.
struct AzureOwnership
{
    QString targetId;
    QString targetType; ///< ServicePrincipal or Application
    QString targetName;
    QString ownerId;
    QString ownerType;
    QString ownerName;
    QString where;
};

struct AzureExport
{
    QList<AzureRoleDefinition> definitions;
    QList<AzureRoleAssignment> assignments;
    QList<AzureHierarchyEntry> hierarchy;
    bool hasHierarchy = false;
    QList<AzureOwnership> owners;
    QString shape; ///< what the file was recognised as, for messages
    QStringList warnings;
};

/// Reads the JSON that Azure tools print, recognising each shape by its keys:
/// - role definitions: `az role definition list` (flat: roleName, permissions[]), the ARM
///   REST form ({"value": [{"name", "properties": {roleName, permissions[]}}]}),
///   `Get-AzRoleDefinition | ConvertTo-Json` (Actions/NotActions/... at the top level), and
///   the AzurePrivilegedIAM classification (RoleId, RoleName, RolePermissions[] with
///   AuthorizedResourceAction and ActionType Action|DataAction; no NotActions);
/// - role assignments: `az role assignment list --all` (principalId, principalType,
///   roleDefinitionId, scope) and the ARM form (the same under "properties");
/// - the management-group hierarchy: `az account management-group show --name <root>
///   --expand --recurse` (id, type, displayName, children[] recursively; ARM form under
///   "properties");
/// - a bundle object holding any of "roleDefinitions", "roleAssignments",
///   "managementGroups" (each exactly as above) and "owners": [{"id", "type"
///   (ServicePrincipal|Application), "displayName", "owners": `az ad sp owner list` /
///   `az ad app owner list` output}].
/// A UTF-8 BOM is skipped. Errors (InvalidInput) name the file and the JSON location
/// ("roleAssignments[4].scope") or, for syntax errors, line and column.
/// The hierarchy must be a tree: in Azure a management group or subscription has exactly one
/// parent, so one listed twice (a second parent) or inside itself (a cycle) refuses the file,
/// naming both JSON paths and, for a cycle, the ids that form it. Every string field has a
/// length limit (below); a longer one refuses the file with its JSON path and the limit.
class AzureExportReader
{
public:
    static constexpr qsizetype kMaxFileBytes = 64 * 1024 * 1024;
    static constexpr int kMaxHierarchyDepth = 16; ///< Azure allows 6 levels below the root group
    /// Scopes and resource ids: the ARM resource-provider contract (Azure/azure-resource-manager-rpc,
    /// "Resource API reference") caps a resource name at 260 characters and a resource group at
    /// 90, and Microsoft Learn "Naming rules and restrictions for Azure resources" a management
    /// group at 90; an id nests a handful of such segments, so 4,096 is far above any real one.
    static constexpr int kMaxIdLength = 4096;
    /// Role names, principal and display names: Microsoft Graph caps displayName at 256.
    static constexpr int kMaxNameLength = 1024;
    /// Actions and data actions ("Microsoft.Storage/storageAccounts/blobServices/.../read").
    static constexpr int kMaxActionLength = 1024;
    /// Descriptions and ABAC condition expressions: no documented limit; 64 KiB.
    static constexpr int kMaxTextLength = 64 * 1024;

    [[nodiscard]] static Result<AzureExport> read(const QByteArray& bytes, const QString& fileName);
};

} // namespace gatehouse
