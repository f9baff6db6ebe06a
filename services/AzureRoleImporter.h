#pragma once

#include <QByteArray>
#include <QString>

#include "Error.h"
#include "PermissionGraphTypes.h"

namespace gatehouse {

/// Turns one Azure RBAC export (see AzureExportReader for the accepted shapes) into an
/// ImportedGraph. Mapping (docs/graph-ingest.md):
/// - principals by object id (principalId), kind by principalType (Group/ForeignGroup ->
///   group, else principal);
/// - role definitions "/providers/Microsoft.Authorization/roleDefinitions/<guid>" -grants->
///   permission nodes "azure:action:<pattern>" / "azure:dataAction:<pattern>" (NotActions and
///   NotDataActions ride on the edge);
/// - each role assignment is a role node named by its resource id: principal -bound_to->
///   assignment -grants-> its scope and -grants-> its role definition;
/// - scopes by their id ("/", management groups, subscriptions, resource groups, resources),
///   parent -grants-> child along the hierarchy, so access inherited from a management group
///   or the root is a path, each hop explained (FIELD-CASES 23). Without hierarchy data an
///   assignment at a management group is kept, flagged scopeResolved=false in its edges'
///   originDetail and in a warning;
/// - escalation: an assignment whose role grants Microsoft.Authorization/roleAssignments/write
///   (Owner, User Access Administrator, or any definition that grants it after NotActions)
///   is Tier Zero at its scope and -can_modify-> the scope; owners of an application or
///   service principal -can_create_token-> it (they can add a credential; FIELD-CASES 20).
/// Errors (InvalidInput) name the file and the JSON location.
class AzureRoleImporter
{
public:
    [[nodiscard]] static Result<ImportedGraph> import(const QByteArray& bytes, const QString& fileName);

    static constexpr const char* kOwnerGuid = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    static constexpr const char* kUserAccessAdministratorGuid = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
    static constexpr const char* kRoleAssignmentsWrite = "Microsoft.Authorization/roleAssignments/write";
};

} // namespace gatehouse
