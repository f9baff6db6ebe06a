#include "KubernetesRbacMatcher.h"

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

} // namespace gatehouse
