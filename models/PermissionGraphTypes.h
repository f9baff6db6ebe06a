#pragma once

#include <optional>

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// Kind of a permission-graph node. Ids follow each source's own names (see GraphNode::id).
enum class GraphNodeKind
{
    AiPath,         ///< a decision path of the catalogue ("path:<id>")
    Principal,      ///< AWS user / account root / "*", Kubernetes user, Azure user or service principal
    Group,          ///< AWS IAM group, Kubernetes group, Azure group
    Role,           ///< AWS role, Kubernetes (Cluster)Role, Azure role definition
    ServiceAccount, ///< Kubernetes service account ("system:serviceaccount:NS:NAME")
    Policy,         ///< AWS managed or inline policy
    Permission,     ///< one action on one resource pattern, as granted (e.g. "iam:PassRole")
    Resource,       ///< a resource or scope: ARN pattern, "k8s:NS/secrets", an Azure scope
};

/// "ai_path", "principal", "group", "role", "service_account", "policy", "permission", "resource"
QString graphNodeKindName(GraphNodeKind kind);
std::optional<GraphNodeKind> parseGraphNodeKind(const QString& name);

/// Kind of a directed edge A -> B. Every edge reads "whoever controls A can act as, hold or
/// reach B", so a path search may follow any kind; GraphEdgeKind lists every kind an
/// importer may emit, and path search must traverse all of them (FIELD-CASES 20).
enum class GraphEdgeKind
{
    MemberOf,       ///< user -> group
    CanAssume,      ///< principal -> role (AWS trust policy + sts:AssumeRole allowed)
    BoundTo,        ///< subject -> role through a binding / role assignment
    Grants,         ///< policy or role -> permission / resource; principal -> policy (attached)
    CanPassRole,    ///< principal -> role it can hand to a service that runs code
    CanImpersonate, ///< subject -> subject it can impersonate (K8s impersonate verb)
    CanCreateToken, ///< subject -> identity whose credentials it can mint or read
    DelegatedTo,    ///< an identity's authority handed to another (delegated token, act-as)
    RunsAs,         ///< AI path -> the identity it runs as (declared in the catalogue)
    CanModify,      ///< principal -> role/policy/scope whose grants (or trust) it can rewrite
                    ///< and then use: it can act as a holder (CreatePolicyVersion,
                    ///< Put/AttachRolePolicy, Put/AttachGroupPolicy), or the rewrite is itself
                    ///< a takeover (UpdateAssumeRolePolicy, K8s bind, Azure roleAssignments/write)
};

/// "member_of", "can_assume", "bound_to", "grants", "can_pass_role", "can_impersonate",
/// "can_create_token", "delegated_to", "runs_as", "can_modify"
QString graphEdgeKindName(GraphEdgeKind kind);
std::optional<GraphEdgeKind> parseGraphEdgeKind(const QString& name);
/// Every kind, in declaration order (for "path search traverses all kinds" tests).
QList<GraphEdgeKind> allGraphEdgeKinds();

/// Which importer produced a node or edge.
enum class GraphSourceKind
{
    Aws,
    Kubernetes,
    Azure,
    Catalogue, ///< AI path nodes and runs_as edges
};

/// "aws", "kubernetes", "azure", "catalogue"
QString graphSourceKindName(GraphSourceKind kind);
std::optional<GraphSourceKind> parseGraphSourceKind(const QString& name);

/// One node. Ids use the source's own names: AWS by ARN; Kubernetes subjects as the API
/// server names them ("system:serviceaccount:NS:NAME", user and group names), roles as
/// "clusterrole:NAME" and "role:NS:NAME"; Azure objects by resource id or object id.
struct GraphNode
{
    QString id;
    GraphNodeKind kind = GraphNodeKind::Principal;
    QString label;          ///< short display name ("Admin", "ci:deployer")
    bool tierZero = false;  ///< admin-equivalent (AdministratorAccess, cluster-admin, Owner at /)
    QJsonObject attributes; ///< source-specific: account, namespace, public=true for "*", ...

    friend bool operator==(const GraphNode&, const GraphNode&) = default;
};

/// One directed edge. Never drop a condition: an edge whose condition cannot be decided
/// without a request is kept with conditional = true.
struct GraphEdge
{
    QString from;
    QString to;
    GraphEdgeKind kind = GraphEdgeKind::Grants;
    QString
        explanation; ///< one human sentence: "App can iam:PassRole on role/Admin (policy P2, statement 1)"
    QString origin;  ///< where it came from: "arn:...:policy/P2#Statement[0]", "rolebinding team-b/rb-1"
    QJsonObject originDetail; ///< the statement or binding itself (or the relevant part)
    bool conditional = false; ///< a Condition applies that could not be decided at import time
    QJsonObject condition;    ///< the condition block, when there is one
    QString escalation;       ///< empty, or the primitive's name ("iam:PassRole+ec2:RunInstances",
                              ///< "k8s:bind", "azure:roleAssignments/write", ...)

    friend bool operator==(const GraphEdge&, const GraphEdge&) = default;
};

/// What one importer produced from one file, before storing. A non-fatal oddity (a rule
/// that can never match, a scope not resolved) goes into warnings, naming file and location.
struct ImportedGraph
{
    GraphSourceKind source = GraphSourceKind::Aws;
    QString sourceName; ///< file name as given (re-importing the same name replaces it)
    QList<GraphNode> nodes;
    QList<GraphEdge> edges;
    QStringList warnings;
};

} // namespace gatehouse
