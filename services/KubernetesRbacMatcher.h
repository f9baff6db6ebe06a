#pragma once

#include <QString>
#include <QStringList>

namespace gatehouse {

/// One PolicyRule of a Role or ClusterRole (rbac.authorization.k8s.io/v1), as written.
struct KubernetesRbacRule
{
    QStringList apiGroups;       ///< "" is the core group; "*" every group
    QStringList resources;       ///< "pods", "pods/exec", "*", "*/scale"
    QStringList resourceNames;   ///< empty: every object
    QStringList nonResourceURLs; ///< "/healthz", "/api/*", "*"
    QStringList verbs;           ///< "get", ..., "*"

    friend bool operator==(const KubernetesRbacRule&, const KubernetesRbacRule&) = default;
};

/// One request attribute set, as the API server's authorizer sees it.
struct KubernetesRbacRequest
{
    QString verb;
    QString apiGroup;       ///< "" for the core group
    QString resource;       ///< "pods"
    QString subresource;    ///< "exec", or empty
    QString name;           ///< the object's name, empty for list/create/collection requests
    QString nonResourceUrl; ///< set (and resource empty) for a non-resource request
};

/// Kubernetes RBAC rule matching, following the API server's authorizer
/// (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac: VerbMatches, APIGroupMatches,
/// ResourceMatches, ResourceNameMatches, NonResourceURLMatches):
/// - verbs and apiGroups: exact, or "*" for all;
/// - resources: exact on "resource" or "resource/subresource", "*" for every resource and
///   subresource, "*/sub" for that subresource of every resource. Nothing else is a
///   wildcard: "pods/*" only matches a resource literally named "pods/*", i.e. nothing
///   (kubernetes/kubernetes #78936);
/// - resourceNames: empty matches every name; otherwise the request must name one of them
///   (so a list or create request, which has no name, does not match);
/// - nonResourceURLs: exact, "*", or a prefix ending in "*".
class KubernetesRbacMatcher
{
public:
    static bool verbMatches(const QStringList& ruleVerbs, const QString& verb);
    static bool apiGroupMatches(const QStringList& ruleGroups, const QString& group);
    static bool resourceMatches(const QStringList& ruleResources, const QString& resource,
                                const QString& subresource);
    static bool resourceNameMatches(const QStringList& ruleNames, const QString& name);
    static bool nonResourceUrlMatches(const QStringList& ruleUrls, const QString& path);
    /// Whether \a rule allows \a request.
    static bool allows(const KubernetesRbacRule& rule, const KubernetesRbacRequest& request);
    /// A resource pattern that looks like a wildcard but is not one ("pods/*", "pod*"):
    /// the rule entry can never match a real resource.
    static bool isIneffectiveResourcePattern(const QString& pattern);
    /// Full cluster admin: "*" verbs on "*" resources in "*" apiGroups.
    static bool isClusterAdminRule(const KubernetesRbacRule& rule);
    /// Whether (\a group, \a resource) names a cluster-scoped resource of the built-in API
    /// (`kubectl api-resources --namespaced=false` of Kubernetes 1.30, plus the impersonation
    /// pseudo-resources users, groups, uids and userextras). \a resource may carry a
    /// subresource ("certificatesigningrequests/approval"). A request on such a resource has no
    /// namespace, so the authorizer never matches it against a RoleBinding's rules (Kubernetes
    /// "Using RBAC Authorization": a RoleBinding grants permissions within its namespace only).
    /// Custom resources are unknown here and treated as namespaced.
    static bool isClusterScopedResource(const QString& group, const QString& resource);
};

} // namespace gatehouse
