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
class AzureExportReader
{
public:
    static constexpr qsizetype kMaxFileBytes = 64 * 1024 * 1024;
    static constexpr int kMaxHierarchyDepth = 16; ///< Azure allows 6 levels below the root group

    [[nodiscard]] static Result<AzureExport> read(const QByteArray& bytes, const QString& fileName);
};

} // namespace gatehouse
