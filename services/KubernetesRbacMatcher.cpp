#include "KubernetesRbacMatcher.h"

#include <QSet>

namespace gatehouse {

namespace {

const QString kAll = QStringLiteral("*");

} // namespace

bool KubernetesRbacMatcher::verbMatches(const QStringList& ruleVerbs, const QString& verb)
{
    return ruleVerbs.contains(kAll) || ruleVerbs.contains(verb);
}

bool KubernetesRbacMatcher::apiGroupMatches(const QStringList& ruleGroups, const QString& group)
{
    return ruleGroups.contains(kAll) || ruleGroups.contains(group);
}

bool KubernetesRbacMatcher::resourceMatches(const QStringList& ruleResources, const QString& resource,
                                            const QString& subresource)
{
    const QString combined = subresource.isEmpty() ? resource : resource + QLatin1Char('/') + subresource;
    for (const QString& r : ruleResources) {
        if (r == kAll || r == combined)
            return true;
        if (!subresource.isEmpty() && r.size() == subresource.size() + 2 &&
            r.startsWith(QLatin1String("*/")) && r.endsWith(subresource))
            return true;
    }
    return false;
}

bool KubernetesRbacMatcher::resourceNameMatches(const QStringList& ruleNames, const QString& name)
{
    return ruleNames.isEmpty() || ruleNames.contains(name);
}

bool KubernetesRbacMatcher::nonResourceUrlMatches(const QStringList& ruleUrls, const QString& path)
{
    for (const QString& u : ruleUrls) {
        if (u == kAll || u == path)
            return true;
        if (u.endsWith(QLatin1Char('*')) && path.startsWith(u.left(u.size() - 1)))
            return true;
    }
    return false;
}

bool KubernetesRbacMatcher::allows(const KubernetesRbacRule& rule, const KubernetesRbacRequest& request)
{
    if (!verbMatches(rule.verbs, request.verb))
        return false;
    if (request.resource.isEmpty())
        return !request.nonResourceUrl.isEmpty() &&
               nonResourceUrlMatches(rule.nonResourceURLs, request.nonResourceUrl);
    return apiGroupMatches(rule.apiGroups, request.apiGroup) &&
           resourceMatches(rule.resources, request.resource, request.subresource) &&
           resourceNameMatches(rule.resourceNames, request.name);
}

bool KubernetesRbacMatcher::isIneffectiveResourcePattern(const QString& pattern)
{
    if (pattern == kAll)
        return false;
    if (pattern.startsWith(QLatin1String("*/")))
        return pattern.size() == 2 || pattern.indexOf(QLatin1Char('*'), 2) >= 0;
    return pattern.contains(QLatin1Char('*')) || pattern.isEmpty();
}

bool KubernetesRbacMatcher::isClusterAdminRule(const KubernetesRbacRule& rule)
{
    return rule.verbs.contains(kAll) && rule.resources.contains(kAll) && rule.apiGroups.contains(kAll);
}

bool KubernetesRbacMatcher::isClusterScopedResource(const QString& group, const QString& resource)
{
    // (group, resource) pairs; "" is the core group.
    static const QSet<QString> kClusterScoped{
        QStringLiteral("/nodes"),
        QStringLiteral("/namespaces"),
        QStringLiteral("/persistentvolumes"),
        QStringLiteral("/componentstatuses"),
        QStringLiteral("/users"),
        QStringLiteral("/groups"),
        QStringLiteral("authentication.k8s.io/uids"),
        QStringLiteral("authentication.k8s.io/userextras"),
        QStringLiteral("authentication.k8s.io/tokenreviews"),
        QStringLiteral("authentication.k8s.io/selfsubjectreviews"),
        QStringLiteral("authorization.k8s.io/selfsubjectaccessreviews"),
        QStringLiteral("authorization.k8s.io/selfsubjectrulesreviews"),
        QStringLiteral("authorization.k8s.io/subjectaccessreviews"),
        QStringLiteral("rbac.authorization.k8s.io/clusterroles"),
        QStringLiteral("rbac.authorization.k8s.io/clusterrolebindings"),
        QStringLiteral("certificates.k8s.io/certificatesigningrequests"),
        QStringLiteral("admissionregistration.k8s.io/mutatingwebhookconfigurations"),
        QStringLiteral("admissionregistration.k8s.io/validatingwebhookconfigurations"),
        QStringLiteral("admissionregistration.k8s.io/validatingadmissionpolicies"),
        QStringLiteral("admissionregistration.k8s.io/validatingadmissionpolicybindings"),
        QStringLiteral("apiextensions.k8s.io/customresourcedefinitions"),
        QStringLiteral("apiregistration.k8s.io/apiservices"),
        QStringLiteral("storage.k8s.io/storageclasses"),
        QStringLiteral("storage.k8s.io/csidrivers"),
        QStringLiteral("storage.k8s.io/csinodes"),
        QStringLiteral("storage.k8s.io/volumeattachments"),
        QStringLiteral("scheduling.k8s.io/priorityclasses"),
        QStringLiteral("node.k8s.io/runtimeclasses"),
        QStringLiteral("networking.k8s.io/ingressclasses"),
        QStringLiteral("networking.k8s.io/ipaddresses"),
        QStringLiteral("networking.k8s.io/servicecidrs"),
        QStringLiteral("policy/podsecuritypolicies"),
        QStringLiteral("flowcontrol.apiserver.k8s.io/flowschemas"),
        QStringLiteral("flowcontrol.apiserver.k8s.io/prioritylevelconfigurations"),
        QStringLiteral("resource.k8s.io/deviceclasses"),
    };
    const QString top = resource.section(QLatin1Char('/'), 0, 0);
    return kClusterScoped.contains(group + QLatin1Char('/') + top);
}

} // namespace gatehouse
