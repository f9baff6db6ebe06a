#pragma once

#include <QByteArray>
#include <QString>

#include "Error.h"
#include "PermissionGraphTypes.h"

namespace gatehouse {

/// Turns one Kubernetes RBAC manifest (multi-document YAML, `kind: List`, or JSON, as
/// `kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml`
/// prints) into an ImportedGraph. The mapping is documented in docs/graph-ingest.md:
/// - nodes: service accounts "system:serviceaccount:NS:NAME", users and groups by name,
///   Roles "role:NS:NAME", ClusterRoles "clusterrole:NAME", a ClusterRole granted in one
///   namespace by a RoleBinding "clusterrole:NAME@NS", permissions
///   "k8s:perm:<cluster|ns/NS>:<verb>:<group|core>/<resource>[/<sub>][#<resourceName>]" and
///   "k8s:perm:cluster:<verb>:url:<path>", workloads "k8s:workload:NS/Kind/NAME";
/// - edges: subject -bound_to-> role, role -grants-> permission, workload -delegated_to-> SA,
///   SA -member_of-> system:serviceaccounts[:NS] / system:authenticated (when those groups
///   are bound), and the privilege-escalation primitives of the Kubernetes "RBAC good
///   practices" page (bind, escalate, impersonate, workload creation, pods/exec, reading
///   secrets, serviceaccounts/token) from the role that holds them, `escalation` set. bind and
///   escalate follow "Privilege escalation prevention and bootstrapping": an edge only where
///   the subject gains the role (bind plus a way to write the binding; escalate plus
///   update/patch on a role it holds, to the Tier Zero k8s:perm:cluster:*:*/* or to the
///   namespace's "k8s:ns-admin:NS"), from the subject when it needs several bindings together;
/// - a namespaced grant gives nothing on cluster-scoped resources (users, groups, nodes,
///   clusterrolebindings, ...), except bind on clusterroles in its namespace.
/// ClusterRole aggregation (aggregationRule.clusterRoleSelectors) is resolved transitively;
/// rule matching follows the API server (see KubernetesRbacMatcher).
/// Errors (InvalidInput) name the file, document, line and field; see KubernetesManifestReader
/// for the limits on size, alias expansion and depth. Oddities that do not stop the import
/// (ignored kinds, rules that can never match, bindings to roles not in the file, defaulted
/// namespaces) are listed in ImportedGraph::warnings.
class KubernetesRbacImporter
{
public:
    [[nodiscard]] static Result<ImportedGraph> import(const QByteArray& bytes, const QString& fileName);
};

} // namespace gatehouse
