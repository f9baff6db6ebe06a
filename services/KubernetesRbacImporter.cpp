#include "KubernetesRbacImporter.h"

#include <deque>
#include <optional>
#include <tuple>

#include <QHash>
#include <QJsonArray>
#include <QSet>

#include "ImportedGraphBuilder.h"
#include "KubernetesManifestReader.h"
#include "KubernetesRbacMatcher.h"

namespace gatehouse {

namespace {

const QString kRbacGroup = QStringLiteral("rbac.authorization.k8s.io");
const QString kAll = QStringLiteral("*");

/// Where a grant applies: cluster-wide (ClusterRoleBinding, or a ClusterRole's definition)
/// or one namespace (Role, or a ClusterRole through a RoleBinding).
struct Scope
{
    bool cluster = true;
    QString ns;

    QString id() const { return cluster ? QStringLiteral("cluster") : QStringLiteral("ns/") + ns; }
    QString text() const
    {
        return cluster ? QStringLiteral("cluster-wide") : QStringLiteral("in namespace ") + ns;
    }
    bool contains(const QString& objectNamespace) const { return cluster || objectNamespace == ns; }
};

struct SourcedRule
{
    KubernetesRbacRule rule;
    QString origin; ///< "clusterrole edit rules[2]"
};

/// The rules one node (a role, or a ClusterRole inside a namespace) holds at one scope.
struct ScopedGrant
{
    QString nodeId;
    QString label;
    Scope scope;
    QList<SourcedRule> rules;
};

/// What a grant allows for one (verb, group, resource[/sub]): nothing, some names, or all.
struct Access
{
    bool all = false;
    QSet<QString> names;
    const SourcedRule* via = nullptr;

    bool any() const { return via != nullptr; }
    bool covers(const QString& name) const { return all || names.contains(name); }
};

struct NamedNode
{
    QString id;
    QString ns;
    QString name;
};

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject ruleJson(const KubernetesRbacRule& r)
{
    QJsonObject o{{QStringLiteral("verbs"), toArray(r.verbs)}};
    if (!r.apiGroups.isEmpty() || !r.resources.isEmpty())
        o.insert(QStringLiteral("apiGroups"), toArray(r.apiGroups));
    if (!r.resources.isEmpty())
        o.insert(QStringLiteral("resources"), toArray(r.resources));
    if (!r.resourceNames.isEmpty())
        o.insert(QStringLiteral("resourceNames"), toArray(r.resourceNames));
    if (!r.nonResourceURLs.isEmpty())
        o.insert(QStringLiteral("nonResourceURLs"), toArray(r.nonResourceURLs));
    return o;
}

QString saId(const QString& ns, const QString& name)
{
    return QStringLiteral("system:serviceaccount:%1:%2").arg(ns, name);
}

class GraphAssembler
{
public:
    GraphAssembler(const KubernetesManifest& manifest, const QString& fileName)
        : m_m(manifest), m_file(fileName), m_g(GraphSourceKind::Kubernetes, fileName)
    {
        for (const QString& w : manifest.warnings)
            m_g.warn(w);
    }

    ImportedGraph run()
    {
        indexRoles();
        for (const KubernetesObjectMeta& sa : m_m.serviceAccounts)
            serviceAccount(sa.ns, sa.name, true);
        for (const KubernetesWorkload& w : m_m.workloads)
            workload(w);
        for (const KubernetesRoleDefinition* def : std::as_const(m_roleOrder))
            definition(*def);
        for (const KubernetesBinding& b : m_m.bindings)
            binding(b);
        // Binding a ClusterRole in a namespace can add grants (clusterrole:X@NS) while the
        // primitives are drawn; those get their primitives in the next round.
        std::size_t done = 0;
        do {
            for (; done < m_grants.size(); ++done) {
                // A Tier Zero role already holds everything; its primitives would only add noise.
                if (!m_g.node(m_grants[done].nodeId)->tierZero)
                    escalations(m_grants[done]);
            }
            subjectRoleRewriting();
        } while (done < m_grants.size());
        implicitGroups();
        flushWarnings();
        if (!m_m.ignoredKinds.isEmpty()) {
            QStringList parts;
            int total = 0;
            for (auto it = m_m.ignoredKinds.constBegin(); it != m_m.ignoredKinds.constEnd(); ++it) {
                parts << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
                total += it.value();
            }
            m_g.warn(QStringLiteral("%1: ignored %2 object(s) of kinds that hold no RBAC: %3")
                         .arg(m_file)
                         .arg(total)
                         .arg(parts.join(QStringLiteral(", "))));
        }
        return m_g.take();
    }

private:
    static QString roleId(const KubernetesRoleDefinition& d)
    {
        return d.cluster ? QStringLiteral("clusterrole:") + d.meta.name
                         : QStringLiteral("role:%1:%2").arg(d.meta.ns, d.meta.name);
    }

    void indexRoles()
    {
        for (const KubernetesRoleDefinition& d : m_m.roles) {
            const QString id = roleId(d);
            if (m_roles.contains(id)) {
                warnOf(QStringLiteral("roles defined twice (the later definition is used)"),
                       QStringLiteral("%1: %2: %3 is defined again; the later definition is used, as "
                                      "kubectl apply would")
                           .arg(m_file, d.meta.where.text(), id));
                m_roleOrder.removeOne(m_roles.value(id));
            }
            m_roles.insert(id, &d);
            m_roleOrder << &d;
        }
    }

    /// A ClusterRole's own rules plus, transitively, those of every ClusterRole its
    /// aggregationRule selects (the aggregation controller writes them into rules; the
    /// listed rules are kept too, so nothing written in the file is lost).
    QList<SourcedRule> effectiveRules(const QString& id, QSet<QString>& visiting)
    {
        if (const auto found = m_effective.constFind(id); found != m_effective.constEnd())
            return *found;
        const KubernetesRoleDefinition* d = m_roles.value(id);
        if (!d)
            return {};
        QList<SourcedRule> out;
        const QString kindName = d->cluster ? QStringLiteral("clusterrole") : QStringLiteral("role");
        const QString objName = d->cluster ? d->meta.name : d->meta.ns + QLatin1Char('/') + d->meta.name;
        for (qsizetype i = 0; i < d->rules.size(); ++i)
            out << SourcedRule{d->rules[i], QStringLiteral("%1 %2 rules[%3]").arg(kindName, objName).arg(i)};
        if (d->cluster && !d->aggregation.isEmpty()) {
            visiting.insert(id);
            QStringList from;
            for (const KubernetesRoleDefinition* other : std::as_const(m_roleOrder)) {
                const QString otherId = roleId(*other);
                if (!other->cluster || otherId == id || visiting.contains(otherId))
                    continue;
                bool selected = false;
                for (const KubernetesLabelSelector& s : d->aggregation)
                    selected = selected || s.matches(other->meta.labels);
                if (!selected)
                    continue;
                from << other->meta.name;
                const QList<SourcedRule> inherited = effectiveRules(otherId, visiting);
                for (const SourcedRule& r : inherited) {
                    bool dup = false;
                    for (const SourcedRule& have : std::as_const(out))
                        dup = dup || have.rule == r.rule;
                    if (!dup)
                        out << r;
                }
            }
            visiting.remove(id);
            m_aggregatedFrom.insert(id, from);
        }
        m_effective.insert(id, out);
        return out;
    }

    QList<SourcedRule> effectiveRules(const QString& id)
    {
        QSet<QString> visiting;
        return effectiveRules(id, visiting);
    }

    void definition(const KubernetesRoleDefinition& d)
    {
        const QString id = roleId(d);
        const QList<SourcedRule> rules = effectiveRules(id);
        GraphNode n{id, GraphNodeKind::Role,
                    d.cluster ? d.meta.name : d.meta.ns + QLatin1Char('/') + d.meta.name, false,
                    QJsonObject{}};
        n.attributes.insert(QStringLiteral("k8sKind"),
                            d.cluster ? QStringLiteral("ClusterRole") : QStringLiteral("Role"));
        n.attributes.insert(QStringLiteral("name"), d.meta.name);
        if (!d.cluster)
            n.attributes.insert(QStringLiteral("namespace"), d.meta.ns);
        n.attributes.insert(QStringLiteral("defined"), true);
        n.attributes.insert(QStringLiteral("ruleCount"), int(rules.size()));
        if (m_aggregatedFrom.contains(id))
            n.attributes.insert(QStringLiteral("aggregatedFrom"), toArray(m_aggregatedFrom.value(id)));
        for (const SourcedRule& r : rules)
            n.tierZero = n.tierZero || (d.cluster && KubernetesRbacMatcher::isClusterAdminRule(r.rule) &&
                                        r.rule.resourceNames.isEmpty());
        m_g.addNode(n);
        const Scope scope = d.cluster ? Scope{} : Scope{false, d.meta.ns};
        for (qsizetype i = 0; i < d.rules.size(); ++i)
            checkRule(d.rules[i], d, i);
        grant(id, n.label, scope, rules);
    }

    /// Warnings for a rule as written (once, at its definition): parts that can never match.
    void checkRule(const KubernetesRbacRule& r, const KubernetesRoleDefinition& d, qsizetype index)
    {
        KubernetesObjectLocation at = d.meta.where;
        at.line = d.ruleLines.value(index, at.line);
        at.column = 0;
        const QString where =
            QStringLiteral("%1: %2: %3 %4 rules[%5]")
                .arg(m_file, at.text(), d.cluster ? QStringLiteral("ClusterRole") : QStringLiteral("Role"),
                     d.meta.name)
                .arg(index);
        if (r.verbs.isEmpty())
            warnOf(QStringLiteral("rules with no verbs (they grant nothing)"),
                   where + QStringLiteral(": no verbs; the rule grants nothing"));
        if (!r.resources.isEmpty() && r.apiGroups.isEmpty())
            warnOf(QStringLiteral("rules with resources but no apiGroups (they match nothing)"),
                   where + QStringLiteral(": resources without apiGroups; the rule matches nothing"));
        if (r.resources.isEmpty() && r.nonResourceURLs.isEmpty())
            warnOf(QStringLiteral("rules with neither resources nor nonResourceURLs (they grant nothing)"),
                   where +
                       QStringLiteral(": neither resources nor nonResourceURLs; the rule grants nothing"));
        if (!r.nonResourceURLs.isEmpty() && !d.cluster)
            warnOf(QStringLiteral("nonResourceURLs in a Role (no effect)"),
                   where + QStringLiteral(": nonResourceURLs in a Role have no effect (only a ClusterRole "
                                          "bound by a ClusterRoleBinding grants them)"));
        for (const QString& res : r.resources) {
            if (KubernetesRbacMatcher::isIneffectiveResourcePattern(res))
                warnOf(QStringLiteral("ineffective resource patterns (not wildcards in Kubernetes RBAC)"),
                       where +
                           QStringLiteral(": ineffective rule: resource \"%1\" is not a wildcard in "
                                          "Kubernetes RBAC (only \"*\" and \"*/<subresource>\" are), so it "
                                          "matches nothing")
                               .arg(res));
        }
    }

    /// Permission nodes and grants edges for \a rules held by \a nodeId at \a scope; the
    /// grant is kept for the escalation pass.
    void grant(const QString& nodeId, const QString& label, const Scope& scope,
               const QList<SourcedRule>& rules)
    {
        m_grants.push_back(ScopedGrant{nodeId, label, scope, rules});
        m_grantOf.insert(nodeId, &m_grants.back());
        for (const SourcedRule& sr : rules) {
            const KubernetesRbacRule& r = sr.rule;
            const QJsonObject detail = ruleJson(r);
            for (const QString& verb : r.verbs) {
                for (const QString& group : r.apiGroups) {
                    for (const QString& res : r.resources) {
                        if (KubernetesRbacMatcher::isIneffectiveResourcePattern(res))
                            continue;
                        const QStringList names =
                            r.resourceNames.isEmpty() ? QStringList{QString()} : r.resourceNames;
                        for (const QString& name : names)
                            grantEdge(nodeId, label, resourcePermission(scope, verb, group, res, name), sr,
                                      detail);
                    }
                }
                if (!scope.cluster)
                    continue; // a RoleBinding never grants non-resource URLs
                for (const QString& url : r.nonResourceURLs)
                    grantEdge(nodeId, label, urlPermission(verb, url), sr, detail);
            }
        }
    }

    QString resourcePermission(const Scope& scope, const QString& verb, const QString& group,
                               const QString& res, const QString& name)
    {
        const QString groupText = group.isEmpty() ? QStringLiteral("core") : group;
        QString id = QStringLiteral("k8s:perm:%1:%2:%3/%4").arg(scope.id(), verb, groupText, res);
        if (!name.isEmpty())
            id += QLatin1Char('#') + name;
        if (m_g.hasNode(id))
            return id;
        const qsizetype slash = res.indexOf(QLatin1Char('/'));
        QJsonObject a{{QStringLiteral("scope"),
                       scope.cluster ? QStringLiteral("cluster") : QStringLiteral("namespace")},
                      {QStringLiteral("verb"), verb},
                      {QStringLiteral("apiGroup"), group},
                      {QStringLiteral("resource"), slash < 0 ? res : res.left(slash)}};
        if (slash >= 0)
            a.insert(QStringLiteral("subresource"), res.mid(slash + 1));
        if (!scope.cluster)
            a.insert(QStringLiteral("namespace"), scope.ns);
        if (!name.isEmpty())
            a.insert(QStringLiteral("resourceName"), name);
        const QString label =
            QStringLiteral("%1 %2/%3%4 %5")
                .arg(verb, groupText, res, name.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(name),
                     scope.text());
        const bool admin = scope.cluster && verb == kAll && group == kAll && res == kAll && name.isEmpty();
        m_g.addNode(GraphNode{id, GraphNodeKind::Permission, label, admin, a});
        return id;
    }

    QString urlPermission(const QString& verb, const QString& url)
    {
        const QString id = QStringLiteral("k8s:perm:cluster:%1:url:%2").arg(verb, url);
        if (!m_g.hasNode(id))
            m_g.addNode(GraphNode{id, GraphNodeKind::Permission,
                                  QStringLiteral("%1 %2 (non-resource URL)").arg(verb, url), false,
                                  QJsonObject{{QStringLiteral("scope"), QStringLiteral("cluster")},
                                              {QStringLiteral("verb"), verb},
                                              {QStringLiteral("nonResourceURL"), url}}});
        return id;
    }

    void grantEdge(const QString& from, const QString& label, const QString& permId, const SourcedRule& sr,
                   const QJsonObject& detail)
    {
        GraphEdge e;
        e.from = from;
        e.to = permId;
        e.kind = GraphEdgeKind::Grants;
        e.explanation = QStringLiteral("%1 grants %2 (%3)").arg(label, m_g.node(permId)->label, sr.origin);
        e.origin = sr.origin;
        e.originDetail = detail;
        m_g.addEdge(e);
    }

    QString serviceAccount(const QString& ns, const QString& name, bool declared)
    {
        const QString id = saId(ns, name);
        GraphNode n{id, GraphNodeKind::ServiceAccount, ns + QLatin1Char(':') + name, false,
                    QJsonObject{{QStringLiteral("namespace"), ns}, {QStringLiteral("name"), name}}};
        if (!m_g.hasNode(id)) {
            n.attributes.insert(QStringLiteral("declared"), declared);
            m_serviceAccounts << NamedNode{id, ns, name};
        } else if (declared) {
            n.attributes.insert(QStringLiteral("declared"), true);
        }
        m_g.addNode(n);
        return id;
    }

    /// A User or Group node. A user and a group of the same name are different subjects
    /// in Kubernetes; the second one seen gets a "user:" / "group:" prefix and a warning.
    QString principal(const QString& name, bool group)
    {
        const GraphNodeKind kind = group ? GraphNodeKind::Group : GraphNodeKind::Principal;
        QString id = name;
        if (GraphNode* existing = m_g.node(id); existing && existing->kind != kind) {
            id = (group ? QStringLiteral("group:") : QStringLiteral("user:")) + name;
            if (!m_g.hasNode(id))
                warnOf(
                    QStringLiteral("names used by both a user and a group"),
                    QStringLiteral("%1: \"%2\" names both a user and a group; the %3 is \"%4\" in the graph")
                        .arg(m_file, name, group ? QStringLiteral("group") : QStringLiteral("user"), id));
        }
        if (!m_g.hasNode(id)) {
            const bool masters = group && name == QLatin1String("system:masters");
            m_g.addNode(GraphNode{id, kind, name, masters,
                                  QJsonObject{{QStringLiteral("k8sKind"),
                                               group ? QStringLiteral("Group") : QStringLiteral("User")}}});
            (group ? m_groups : m_users) << NamedNode{id, QString(), name};
        }
        return id;
    }

    void workload(const KubernetesWorkload& w)
    {
        const QString id = QStringLiteral("k8s:workload:%1/%2/%3").arg(w.meta.ns, w.kind, w.meta.name);
        m_g.addNode(GraphNode{id, GraphNodeKind::Resource,
                              QStringLiteral("%1 %2/%3").arg(w.kind, w.meta.ns, w.meta.name), false,
                              QJsonObject{{QStringLiteral("k8sKind"), w.kind},
                                          {QStringLiteral("namespace"), w.meta.ns},
                                          {QStringLiteral("name"), w.meta.name}}});
        const QString sa = serviceAccount(w.meta.ns, w.serviceAccount, false);
        m_workloads << NamedNode{id, w.meta.ns, w.meta.name};
        m_workloadKinds.insert(id, w.kind);
        m_workloadAccounts.insert(id, sa);
        GraphEdge e;
        e.from = id;
        e.to = sa;
        e.kind = GraphEdgeKind::DelegatedTo;
        e.explanation =
            QStringLiteral("%1 %2/%3 runs as service account %4:%5; whoever controls its pods holds "
                           "that account's token")
                .arg(w.kind, w.meta.ns, w.meta.name, w.meta.ns, w.serviceAccount);
        e.origin = QStringLiteral("%1 %2/%3").arg(w.kind.toLower(), w.meta.ns, w.meta.name);
        e.originDetail = QJsonObject{{QStringLiteral("serviceAccountName"), w.serviceAccount}};
        m_g.addEdge(e);
    }

    /// The node a binding grants: the Role, the ClusterRole (ClusterRoleBinding), or the
    /// ClusterRole inside the binding's namespace (RoleBinding -> ClusterRole).
    QString bindingTarget(const KubernetesBinding& b)
    {
        const QString where =
            QStringLiteral("%1: %2: %3 %4")
                .arg(m_file, b.meta.where.text(),
                     b.cluster ? QStringLiteral("ClusterRoleBinding") : QStringLiteral("RoleBinding"),
                     b.cluster ? b.meta.name : b.meta.ns + QLatin1Char('/') + b.meta.name);
        const bool toCluster = b.roleKind == QLatin1String("ClusterRole");
        if (b.cluster && !toCluster) {
            warnOf(QStringLiteral("ClusterRoleBindings to a Role (ignored)"),
                   where + QStringLiteral(
                               ": a ClusterRoleBinding can only refer to a ClusterRole; binding ignored"));
            return {};
        }
        const QString defId = toCluster ? QStringLiteral("clusterrole:") + b.roleName
                                        : QStringLiteral("role:%1:%2").arg(b.meta.ns, b.roleName);
        const bool defined = m_roles.contains(defId);
        if (!defined)
            warnOf(QStringLiteral("bindings to roles not in this file (their grants are unknown)"),
                   where +
                       QStringLiteral(": refers to %1 %2, which is not in this file; its grants are unknown")
                           .arg(b.roleKind, b.roleName));
        if (b.cluster || !toCluster) {
            if (!defined) {
                QJsonObject a{{QStringLiteral("k8sKind"), b.roleKind},
                              {QStringLiteral("name"), b.roleName},
                              {QStringLiteral("defined"), false}};
                if (!toCluster)
                    a.insert(QStringLiteral("namespace"), b.meta.ns);
                m_g.addNode(GraphNode{defId, GraphNodeKind::Role,
                                      toCluster ? b.roleName : b.meta.ns + QLatin1Char('/') + b.roleName,
                                      false, a});
            }
            return defId;
        }
        return scopedClusterRole(b.roleName, b.meta.ns);
    }

    /// The node of ClusterRole \a name granted inside namespace \a ns by a RoleBinding, with
    /// its grant (created on first use).
    QString scopedClusterRole(const QString& name, const QString& ns)
    {
        const QString defId = QStringLiteral("clusterrole:") + name;
        const bool defined = m_roles.contains(defId);
        const QString id = QStringLiteral("clusterrole:%1@%2").arg(name, ns);
        if (!m_g.hasNode(id)) {
            const QString label = QStringLiteral("%1 (in %2)").arg(name, ns);
            m_g.addNode(GraphNode{id, GraphNodeKind::Role, label, false,
                                  QJsonObject{{QStringLiteral("k8sKind"), QStringLiteral("ClusterRole")},
                                              {QStringLiteral("name"), name},
                                              {QStringLiteral("namespace"), ns},
                                              {QStringLiteral("clusterRole"), defId},
                                              {QStringLiteral("defined"), defined}}});
            m_scopedClusterRoles << NamedNode{id, ns, name};
            if (defined)
                grant(id, label, Scope{false, ns}, effectiveRules(defId));
        }
        return id;
    }

    void binding(const KubernetesBinding& b)
    {
        const QString target = bindingTarget(b);
        if (target.isEmpty())
            return;
        const QString origin = b.cluster ? QStringLiteral("clusterrolebinding ") + b.meta.name
                                         : QStringLiteral("rolebinding %1/%2").arg(b.meta.ns, b.meta.name);
        for (qsizetype i = 0; i < b.subjects.size(); ++i) {
            const KubernetesSubject& s = b.subjects[i];
            QString from;
            if (s.kind == QLatin1String("ServiceAccount")) {
                if (s.ns.isEmpty()) {
                    warnOf(QStringLiteral("ServiceAccount subjects without namespace (they grant nothing)"),
                           QStringLiteral(
                               "%1: %2: %3 subjects[%4]: ServiceAccount %5 without namespace; the API "
                               "server rejects this subject, so it grants nothing")
                               .arg(m_file, b.meta.where.text(), origin)
                               .arg(i)
                               .arg(s.name));
                    continue;
                }
                from = serviceAccount(s.ns, s.name, false);
            } else if (s.kind == QLatin1String("User")) {
                from = userSubject(s.name);
            } else if (s.kind == QLatin1String("Group")) {
                from = principal(s.name, true);
            } else {
                warnOf(QStringLiteral("subjects of unknown kind (ignored)"),
                       QStringLiteral("%1: %2: %3 subjects[%4]: unknown subject kind \"%5\"; ignored")
                           .arg(m_file, b.meta.where.text(), origin)
                           .arg(i)
                           .arg(s.kind));
                continue;
            }
            QJsonObject detail = b.json;
            detail.insert(QStringLiteral("subject"), s.json);
            if (s.namespaceDefaulted)
                detail.insert(QStringLiteral("subjectNamespaceDefaulted"), true);
            GraphEdge e;
            e.from = from;
            e.to = target;
            e.kind = GraphEdgeKind::BoundTo;
            const GraphNode* t = m_g.node(target);
            e.explanation = QStringLiteral("%1 %2 is bound to %3 %4 by %5")
                                .arg(s.kind, m_g.node(from)->label, b.roleKind, t->label, origin);
            e.origin = origin;
            e.originDetail = detail;
            m_g.addEdge(e);
            if (!m_boundTo.value(from).contains(target))
                m_boundTo[from] << target;
        }
    }

    /// A User subject named "system:serviceaccount:NS:NAME" is that service account: the
    /// API server authenticates service accounts under exactly that user name.
    QString userSubject(const QString& name)
    {
        const QStringList parts = name.split(QLatin1Char(':'));
        if (parts.size() == 4 && name.startsWith(QLatin1String("system:serviceaccount:")) &&
            !parts[2].isEmpty() && !parts[3].isEmpty())
            return serviceAccount(parts[2], parts[3], false);
        return principal(name, false);
    }

    /// What grant \a g allows for (verb, group, resource[/sub]). A namespaced grant never
    /// allows anything on a cluster-scoped resource (users, groups, nodes, clusterroles, ...):
    /// such a request has no namespace, so the authorizer never matches it against a
    /// RoleBinding. The one exception is `bind` on clusterroles, which the API server checks
    /// in the namespace of the RoleBinding being written ("Privilege escalation prevention and
    /// bootstrapping": a RoleBinding may grant binding a ClusterRole within its namespace).
    static Access access(const ScopedGrant& g, const QString& verb, const QString& group,
                         const QString& resource, const QString& sub = QString())
    {
        Access a;
        if (!g.scope.cluster && KubernetesRbacMatcher::isClusterScopedResource(group, resource) &&
            !(verb == QLatin1String("bind") && group == kRbacGroup &&
              resource == QLatin1String("clusterroles")))
            return a;
        for (const SourcedRule& sr : g.rules) {
            const KubernetesRbacRule& r = sr.rule;
            if (!KubernetesRbacMatcher::verbMatches(r.verbs, verb) ||
                !KubernetesRbacMatcher::apiGroupMatches(r.apiGroups, group) ||
                !KubernetesRbacMatcher::resourceMatches(r.resources, resource, sub))
                continue;
            if (!a.via)
                a.via = &sr;
            if (r.resourceNames.isEmpty())
                a.all = true;
            for (const QString& n : r.resourceNames)
                a.names.insert(n);
        }
        return a;
    }

    void escalationEdge(const ScopedGrant& g, const QString& to, GraphEdgeKind kind, const QString& primitive,
                        const QString& what, const Access& a, const QJsonObject& condition = {})
    {
        if (to == g.nodeId)
            return;
        GraphEdge e;
        e.from = g.nodeId;
        e.to = to;
        e.kind = kind;
        e.escalation = primitive;
        e.explanation =
            QStringLiteral("%1 %2 %3 (%4)").arg(g.label, what, m_g.node(to)->label, a.via->origin);
        e.origin = a.via->origin;
        e.originDetail = ruleJson(a.via->rule);
        e.originDetail.insert(QStringLiteral("scope"), g.scope.id());
        if (!condition.isEmpty()) {
            e.conditional = true;
            e.condition = condition;
        }
        m_g.addEdge(e);
    }

    /// Privilege-escalation primitives, after the Kubernetes documentation "Role Based
    /// Access Control Good Practices", section "Privilege escalation risks"
    /// (https://kubernetes.io/docs/concepts/security/rbac-good-practices/).
    void escalations(const ScopedGrant& g)
    {
        impersonation(g);
        workloadCreation(g);
        if (const Access exec = access(g, QStringLiteral("create"), QString(), QStringLiteral("pods"),
                                       QStringLiteral("exec"));
            exec.any()) {
            for (const NamedNode& w : std::as_const(m_workloads)) {
                const bool named = m_workloadKinds.value(w.id) == QLatin1String("Pod") && exec.covers(w.name);
                if (g.scope.contains(w.ns) && (exec.all || named))
                    escalationEdge(
                        g, m_workloadAccounts.value(w.id), GraphEdgeKind::DelegatedTo,
                        QStringLiteral("k8s:pods/exec"),
                        QStringLiteral("can exec into %1 and use the token of").arg(m_g.node(w.id)->label),
                        exec);
            }
        }
        secrets(g);
        if (const Access token = access(g, QStringLiteral("create"), QString(),
                                        QStringLiteral("serviceaccounts"), QStringLiteral("token"));
            token.any()) {
            for (const NamedNode& sa : std::as_const(m_serviceAccounts))
                if (g.scope.contains(sa.ns) && token.covers(sa.name))
                    escalationEdge(g, sa.id, GraphEdgeKind::CanCreateToken,
                                   QStringLiteral("k8s:serviceaccounts/token"),
                                   QStringLiteral("can request a token (TokenRequest) for"), token);
        }
        roleRewriting(g);
    }

    void impersonation(const ScopedGrant& g)
    {
        const QString verb = QStringLiteral("impersonate");
        if (const Access sa = access(g, verb, QString(), QStringLiteral("serviceaccounts")); sa.any()) {
            if (!g.scope.cluster)
                for (const QString& n : std::as_const(sa.names))
                    serviceAccount(g.scope.ns, n, false);
            const QList<NamedNode> accounts = m_serviceAccounts;
            for (const NamedNode& n : accounts)
                if (g.scope.contains(n.ns) && sa.covers(n.name))
                    escalationEdge(g, n.id, GraphEdgeKind::CanImpersonate, QStringLiteral("k8s:impersonate"),
                                   QStringLiteral("can impersonate"), sa);
        }
        // Users and groups are cluster-scoped: access() gives a namespaced grant nothing on them,
        // since the API server checks their impersonation without a namespace.
        for (const bool group : {false, true}) {
            const Access a =
                access(g, verb, QString(), group ? QStringLiteral("groups") : QStringLiteral("users"));
            if (!a.any())
                continue;
            for (const QString& n : std::as_const(a.names))
                group ? principal(n, true) : userSubject(n);
            if (group && a.all)
                principal(QStringLiteral("system:masters"), true);
            const QList<NamedNode> targets = group ? m_groups : m_users;
            for (const NamedNode& n : targets)
                if (a.covers(n.name))
                    escalationEdge(g, n.id, GraphEdgeKind::CanImpersonate, QStringLiteral("k8s:impersonate"),
                                   QStringLiteral("can impersonate"), a);
        }
    }

    void workloadCreation(const ScopedGrant& g)
    {
        // (group, resource) that create pods running as a chosen service account.
        static const QList<std::pair<QString, QString>> kinds{
            {QString(), QStringLiteral("pods")},
            {QStringLiteral("apps"), QStringLiteral("deployments")},
            {QStringLiteral("apps"), QStringLiteral("daemonsets")},
            {QStringLiteral("apps"), QStringLiteral("statefulsets")},
            {QStringLiteral("apps"), QStringLiteral("replicasets")},
            {QStringLiteral("batch"), QStringLiteral("jobs")},
            {QStringLiteral("batch"), QStringLiteral("cronjobs")},
            {QString(), QStringLiteral("replicationcontrollers")},
        };
        for (const auto& [group, resource] : kinds) {
            const Access a = access(g, QStringLiteral("create"), group, resource);
            if (!a.any())
                continue;
            const QString primitive = resource == QLatin1String("pods")
                                          ? QStringLiteral("k8s:create-pods")
                                          : QStringLiteral("k8s:create-workloads");
            for (const NamedNode& sa : std::as_const(m_serviceAccounts))
                if (g.scope.contains(sa.ns))
                    escalationEdge(g, sa.id, GraphEdgeKind::DelegatedTo, primitive,
                                   QStringLiteral("can create %1 that run as").arg(resource), a);
            return; // one set of edges says it; the first matching kind explains it
        }
    }

    void secrets(const ScopedGrant& g)
    {
        const QString secretsRes = QStringLiteral("secrets");
        Access a = access(g, QStringLiteral("list"), QString(), secretsRes);
        if (!a.all)
            a = access(g, QStringLiteral("watch"), QString(), secretsRes);
        QJsonObject condition;
        if (!a.all) {
            a = access(g, QStringLiteral("get"), QString(), secretsRes);
            condition = QJsonObject{{QStringLiteral("reason"),
                                     QStringLiteral("get without list/watch needs the token secret's name")}};
        }
        if (!a.all)
            return; // only some named secrets: which account's token they hold is unknown
        for (const NamedNode& sa : std::as_const(m_serviceAccounts))
            if (g.scope.contains(sa.ns))
                escalationEdge(g, sa.id, GraphEdgeKind::CanCreateToken, QStringLiteral("k8s:read-secrets"),
                               QStringLiteral("can read the service-account token secrets of"), a, condition);
    }

    // ---- bind and escalate ------------------------------------------------------------
    //
    // RBAC's two deliberate exceptions to its escalation prevention (Kubernetes "Using RBAC
    // Authorization", section "Privilege escalation prevention and bootstrapping"):
    // - bind on a role, with create (or update/patch) on rolebindings — clusterrolebindings
    //   for a ClusterRole bound cluster-wide — lets the subject bind that role to itself. The
    //   takeover edge goes to the role node it would hold: role:NS:X, clusterrole:X (cluster
    //   wide), or clusterrole:X@NS (a ClusterRole bound by a RoleBinding in NS, its rules
    //   only in NS).
    // - escalate with update or patch on a role lets the subject add any permission to that
    //   role. That is a takeover only for subjects that hold the role (bound to it, or able to
    //   bind it to themselves): they become admin within the scope they hold it at, drawn as
    //   an edge to k8s:perm:cluster:*:*/* (Tier Zero) or k8s:perm:ns/NS:*:*/* (not Tier Zero).
    //   A role whose aggregationRule selects the rewritten ClusterRole counts as holding it:
    //   the aggregation controller copies the new rules into it. Without a binding, no edge.
    // - escalate and create on roles, bind on roles and create on rolebindings together let
    //   the subject write a new admin role and bind it: admin within that scope.
    // One grant (role node) that satisfies a rule alone gets the edge, so everyone who
    // controls that role reaches it; a subject that needs several of its bindings together
    // gets the edge itself.

    using GrantSet = QList<const ScopedGrant*>;

    /// Where the check of a request on an object in \a ns ("" for cluster-scoped objects)
    /// can be satisfied by \a g.
    static bool applies(const ScopedGrant& g, const QString& ns)
    {
        return ns.isEmpty() ? g.scope.cluster : g.scope.contains(ns);
    }

    /// The first rule of \a grants that allows one of \a verbs on \a resource (rbac group) for
    /// the object \a name in \a ns; an empty \a name needs the rule to cover every name (create
    /// requests carry no name the rule could restrict). nullptr when none does.
    static const SourcedRule* allows(const GrantSet& grants, const QStringList& verbs,
                                     const QString& resource, const QString& ns, const QString& name)
    {
        for (const ScopedGrant* g : grants) {
            if (!applies(*g, ns))
                continue;
            for (const QString& verb : verbs) {
                const Access a = access(*g, verb, kRbacGroup, resource);
                if (a.any() && (name.isEmpty() ? a.all : a.covers(name)))
                    return a.via;
            }
        }
        return nullptr;
    }

    static QStringList createOrUpdate()
    {
        return {QStringLiteral("create"), QStringLiteral("update"), QStringLiteral("patch")};
    }

    /// One way a set of grants takes over a role node or a scope.
    struct Takeover
    {
        QString target;
        QString primitive; ///< k8s:bind, k8s:escalate
        QString what;      ///< explanation text after the holder's label
        QList<const SourcedRule*> rules;
        QString scopeNs; ///< where the holder gains permissions: a namespace, or empty (cluster-wide)
    };

    /// The role nodes \a grants let their holder bind to itself.
    QList<Takeover> bindTargets(const GrantSet& grants)
    {
        QList<Takeover> out;
        const QString rb = QStringLiteral("rolebindings");
        auto add = [&](const QString& target, const SourcedRule* bind, const SourcedRule* write,
                       const QString& how) {
            if (bind && write)
                out << Takeover{
                    target,
                    QStringLiteral("k8s:bind"),
                    QStringLiteral("can bind itself to %1 (%2)").arg(m_g.node(target)->label, how),
                    {bind, write},
                    m_g.node(target)->attributes.value(QStringLiteral("namespace")).toString()};
        };
        for (const KubernetesRoleDefinition* d : std::as_const(m_roleOrder)) {
            if (d->cluster) {
                add(roleId(*d),
                    allows(grants, {QStringLiteral("bind")}, QStringLiteral("clusterroles"), QString(),
                           d->meta.name),
                    allows(grants, createOrUpdate(), QStringLiteral("clusterrolebindings"), QString(),
                           QString()),
                    QStringLiteral("bind on the ClusterRole, and writing ClusterRoleBindings"));
                continue;
            }
            add(roleId(*d),
                allows(grants, {QStringLiteral("bind")}, QStringLiteral("roles"), d->meta.ns, d->meta.name),
                allows(grants, createOrUpdate(), rb, d->meta.ns, QString()),
                QStringLiteral("bind on the Role, and writing RoleBindings in %1").arg(d->meta.ns));
        }
        // A ClusterRole bound in one namespace: the namespaces already holding it, and the
        // namespaces of the grants themselves (where a namespaced bind permission applies).
        QList<std::pair<QString, QString>> scoped; // (name, namespace)
        for (const NamedNode& n : std::as_const(m_scopedClusterRoles))
            scoped << std::pair{n.name, n.ns};
        for (const ScopedGrant* g : grants)
            if (!g->scope.cluster)
                for (const KubernetesRoleDefinition* d : std::as_const(m_roleOrder))
                    if (d->cluster && !scoped.contains(std::pair{d->meta.name, g->scope.ns}))
                        scoped << std::pair{d->meta.name, g->scope.ns};
        for (const auto& [name, ns] : scoped) {
            const SourcedRule* bind =
                allows(grants, {QStringLiteral("bind")}, QStringLiteral("clusterroles"), ns, name);
            const SourcedRule* write = allows(grants, createOrUpdate(), rb, ns, QString());
            if (bind && write && !holdsEverything(grants, ns))
                add(scopedClusterRole(name, ns), bind, write,
                    QStringLiteral("bind on the ClusterRole, and writing RoleBindings in %1").arg(ns));
        }
        return out;
    }

    /// What holding any permission at \a ns means: the Tier Zero k8s:perm:cluster:*:*/* for
    /// the cluster (empty \a ns), else the node k8s:ns-admin:NS, a grant of every verb on every
    /// resource in NS (not Tier Zero; its primitives, such as running pods as the namespace's
    /// service accounts, are drawn like any other role's).
    QString scopeAdmin(const QString& ns)
    {
        if (ns.isEmpty())
            return resourcePermission(Scope{}, kAll, kAll, kAll, QString());
        const QString id = QStringLiteral("k8s:ns-admin:") + ns;
        if (!m_g.hasNode(id)) {
            const QString label = QStringLiteral("any permission in namespace %1").arg(ns);
            m_g.addNode(GraphNode{id, GraphNodeKind::Role, label, false,
                                  QJsonObject{{QStringLiteral("k8sKind"), QStringLiteral("Role")},
                                              {QStringLiteral("name"), kAll},
                                              {QStringLiteral("namespace"), ns},
                                              {QStringLiteral("defined"), false},
                                              {QStringLiteral("synthetic"), true}}});
            grant(id, label, Scope{false, ns},
                  {SourcedRule{KubernetesRbacRule{{kAll}, {kAll}, {}, {}, {kAll}},
                               QStringLiteral("any rule a rewritten role in %1 can hold").arg(ns)}});
        }
        return id;
    }

    /// Whether \a grants already hold every verb on every resource at \a ns (empty: cluster
    /// wide), so that taking over a role there adds nothing.
    static bool holdsEverything(const GrantSet& grants, const QString& ns)
    {
        for (const ScopedGrant* g : grants) {
            if (!applies(*g, ns))
                continue;
            for (const SourcedRule& r : g->rules)
                if (KubernetesRbacMatcher::isClusterAdminRule(r.rule) && r.rule.resourceNames.isEmpty())
                    return true;
        }
        return false;
    }

    /// The role definitions whose rules \a roleNode holds: its own, and for a ClusterRole every
    /// ClusterRole its aggregationRule selects, transitively. (kind cluster?, namespace, name)
    QList<std::tuple<bool, QString, QString>> definitionsHeldBy(const QString& roleNode)
    {
        const GraphNode* n = m_g.node(roleNode);
        const QString name = n->attributes.value(QStringLiteral("name")).toString();
        const bool cluster =
            n->attributes.value(QStringLiteral("k8sKind")).toString() == QLatin1String("ClusterRole");
        QList<std::tuple<bool, QString, QString>> out;
        if (!cluster) {
            out << std::tuple{false, n->attributes.value(QStringLiteral("namespace")).toString(), name};
            return out;
        }
        QStringList queue{name};
        for (qsizetype i = 0; i < queue.size(); ++i) {
            out << std::tuple{true, QString(), queue[i]};
            for (const QString& from : m_aggregatedFrom.value(QStringLiteral("clusterrole:") + queue[i]))
                if (!queue.contains(from))
                    queue << from;
        }
        return out;
    }

    /// Escalate + update/patch on a role \a held holds (or that aggregates into it).
    std::optional<Takeover> rewrite(const GrantSet& grants, const QString& held)
    {
        if (m_g.node(held)->tierZero)
            return std::nullopt;
        for (const auto& [cluster, ns, name] : definitionsHeldBy(held)) {
            const QString resource = cluster ? QStringLiteral("clusterroles") : QStringLiteral("roles");
            const SourcedRule* escalate = allows(grants, {QStringLiteral("escalate")}, resource, ns, name);
            const SourcedRule* update =
                allows(grants, {QStringLiteral("update"), QStringLiteral("patch")}, resource, ns, name);
            if (!escalate || !update)
                continue;
            const QString heldNs = m_g.node(held)->attributes.value(QStringLiteral("namespace")).toString();
            if (holdsEverything(grants, heldNs))
                return std::nullopt; // checked before scopeAdmin() creates a node for nothing
            const QString target = scopeAdmin(heldNs);
            const QString what =
                cluster ? QStringLiteral("ClusterRole ") + name : QStringLiteral("Role %1/%2").arg(ns, name);
            return Takeover{target,
                            QStringLiteral("k8s:escalate"),
                            QStringLiteral("holds %1 and can rewrite %2 (escalate + update) to grant itself "
                                           "anything there, so it holds %3")
                                .arg(m_g.node(held)->label, what, m_g.node(target)->label),
                            {escalate, update},
                            heldNs};
        }
        return std::nullopt;
    }

    /// Escalate + create on roles, bind on roles and writing role bindings, all in one scope:
    /// write a new admin role and bind it.
    QList<Takeover> createAndBind(const GrantSet& grants)
    {
        QList<Takeover> out;
        QStringList namespaces{QString()};
        for (const ScopedGrant* g : grants)
            if (!g->scope.cluster && !namespaces.contains(g->scope.ns))
                namespaces << g->scope.ns;
        for (const QString& ns : std::as_const(namespaces)) {
            const bool cluster = ns.isEmpty();
            const QString roles = cluster ? QStringLiteral("clusterroles") : QStringLiteral("roles");
            const QString bindings =
                cluster ? QStringLiteral("clusterrolebindings") : QStringLiteral("rolebindings");
            const QList<const SourcedRule*> rules{
                allows(grants, {QStringLiteral("escalate")}, roles, ns, QString()),
                allows(grants, {QStringLiteral("create")}, roles, ns, QString()),
                allows(grants, {QStringLiteral("bind")}, roles, ns, QString()),
                allows(grants, {QStringLiteral("create")}, bindings, ns, QString())};
            if (rules.contains(nullptr) || holdsEverything(grants, ns))
                continue;
            const QString target = scopeAdmin(ns);
            out << Takeover{
                target, QStringLiteral("k8s:escalate"),
                QStringLiteral("can create a %1 with any permission (escalate + create) and bind "
                               "itself to it (bind + create %2), so it holds %3")
                    .arg(cluster ? QStringLiteral("ClusterRole") : QStringLiteral("Role in ") + ns, bindings,
                         m_g.node(target)->label),
                rules, ns};
        }
        return out;
    }

    /// Every takeover \a grants give a holder of \a held (the role nodes it already holds).
    QList<Takeover> takeovers(const GrantSet& grants, const QStringList& held)
    {
        QList<Takeover> out = bindTargets(grants);
        QStringList holds = held;
        for (const Takeover& t : std::as_const(out))
            if (!holds.contains(t.target))
                holds << t.target;
        for (const QString& h : std::as_const(holds))
            if (const std::optional<Takeover> t = rewrite(grants, h))
                out << *t;
        out << createAndBind(grants);
        // A holder of everything at a scope gains nothing by taking over a role there.
        out.removeIf([&](const Takeover& t) { return holdsEverything(grants, t.scopeNs); });
        return out;
    }

    void takeoverEdge(const QString& from, const Takeover& t)
    {
        if (t.target == from)
            return;
        GraphEdge e;
        e.from = from;
        e.to = t.target;
        e.kind = GraphEdgeKind::CanModify;
        e.escalation = t.primitive;
        QStringList origins;
        QJsonArray rules;
        for (const SourcedRule* r : t.rules) {
            if (!origins.contains(r->origin))
                origins << r->origin;
            rules.append(ruleJson(r->rule));
        }
        e.origin = origins.join(QStringLiteral("; "));
        e.explanation = QStringLiteral("%1 %2 (%3)").arg(m_g.node(from)->label, t.what, e.origin);
        e.originDetail = QJsonObject{{QStringLiteral("rules"), rules}};
        m_g.addEdge(e);
    }

    /// A role node's own bind / escalate takeovers: everyone who controls it reaches them.
    void roleRewriting(const ScopedGrant& g)
    {
        QSet<QString>& targets = m_rewriteTargets[g.nodeId];
        for (const Takeover& t : takeovers(GrantSet{&g}, {g.nodeId})) {
            targets.insert(t.target);
            takeoverEdge(g.nodeId, t);
        }
    }

    /// Takeovers that need several of one subject's bindings together (bind from one role,
    /// create rolebindings from another; escalate + update on a role it is bound to through
    /// a different role): the edge starts at the subject. A subject's bindings include those
    /// of the implicit groups it belongs to.
    void subjectRoleRewriting()
    {
        QHash<QString, QString> groupIds;
        for (const NamedNode& grp : std::as_const(m_groups))
            groupIds.insert(grp.name, grp.id);
        auto implicitGroupBindings = [&](const QStringList& names) {
            QStringList held;
            for (const QString& n : names)
                if (groupIds.contains(n))
                    held << m_boundTo.value(groupIds.value(n));
            return held;
        };
        QList<std::pair<QString, QStringList>> subjects;
        for (const NamedNode& n : std::as_const(m_serviceAccounts))
            subjects << std::pair{n.id,
                                  m_boundTo.value(n.id) +
                                      implicitGroupBindings({QStringLiteral("system:serviceaccounts"),
                                                             QStringLiteral("system:serviceaccounts:") + n.ns,
                                                             QStringLiteral("system:authenticated")})};
        for (const NamedNode& n : std::as_const(m_users))
            subjects << std::pair{n.id, m_boundTo.value(n.id) +
                                            implicitGroupBindings({QStringLiteral("system:authenticated")})};
        for (const NamedNode& n : std::as_const(m_groups))
            subjects << std::pair{n.id, m_boundTo.value(n.id)};
        for (const auto& [subject, heldList] : subjects) {
            QStringList held;
            GrantSet grants;
            bool tierZero = false;
            for (const QString& h : heldList) {
                if (held.contains(h))
                    continue;
                held << h;
                tierZero = tierZero || m_g.node(h)->tierZero;
                if (const ScopedGrant* g = m_grantOf.value(h))
                    grants << g;
            }
            if (grants.isEmpty() || tierZero)
                continue;
            QSet<QString> alone; // what one of its roles reaches by itself
            for (const QString& h : std::as_const(held))
                alone += m_rewriteTargets.value(h);
            for (const Takeover& t : takeovers(grants, held))
                if (!alone.contains(t.target))
                    takeoverEdge(subject, t);
        }
    }

    /// Groups every authenticated service account (and user) belongs to, linked when the
    /// file binds them: system:serviceaccounts, system:serviceaccounts:NS, system:authenticated.
    void implicitGroups()
    {
        const QString all = QStringLiteral("system:serviceaccounts");
        const QString authenticated = QStringLiteral("system:authenticated");
        const QList<NamedNode> groups = m_groups;
        for (const NamedNode& grp : groups) {
            QList<NamedNode> members;
            for (const NamedNode& sa : std::as_const(m_serviceAccounts)) {
                if (grp.name == all || grp.name == authenticated ||
                    grp.name == all + QLatin1Char(':') + sa.ns)
                    members << sa;
            }
            if (grp.name == authenticated)
                members << m_users;
            for (const NamedNode& m : std::as_const(members)) {
                GraphEdge e;
                e.from = m.id;
                e.to = grp.id;
                e.kind = GraphEdgeKind::MemberOf;
                e.explanation =
                    QStringLiteral("%1 is in group %2, which Kubernetes authentication adds to every "
                                   "such identity")
                        .arg(m_g.node(m.id)->label, grp.name);
                e.origin = QStringLiteral("kubernetes authentication (implicit group)");
                m_g.addEdge(e);
            }
        }
    }

    /// Warnings of one kind (a binding to a missing role, an ineffective rule, ...) are
    /// collected and, when there are several, given as one: the count, the first few in full,
    /// and how many more (a 10,000-binding export gave 10,000 identical warnings).
    void warnOf(const QString& kind, const QString& message)
    {
        if (!m_warningKinds.contains(kind))
            m_warningKinds << kind;
        m_warningsOf[kind] << message;
    }

    void flushWarnings()
    {
        const QString prefix = m_file + QStringLiteral(": ");
        for (const QString& kind : std::as_const(m_warningKinds)) {
            const QStringList& all = m_warningsOf[kind];
            if (all.size() <= kWarningsShown) {
                for (const QString& w : all)
                    m_g.warn(w);
                continue;
            }
            QStringList first;
            for (qsizetype i = 0; i < kWarningsShown; ++i)
                first << (all[i].startsWith(prefix) ? all[i].mid(prefix.size()) : all[i]);
            m_g.warn(QStringLiteral("%1: %2 %3; the first %4: %5; and %6 more")
                         .arg(m_file)
                         .arg(all.size())
                         .arg(kind)
                         .arg(kWarningsShown)
                         .arg(first.join(QStringLiteral("; ")))
                         .arg(all.size() - kWarningsShown));
        }
    }

    static constexpr int kWarningsShown = 3;

    const KubernetesManifest& m_m;
    QString m_file;
    QStringList m_warningKinds;               ///< in order of first appearance
    QHash<QString, QStringList> m_warningsOf; ///< kind -> full messages
    ImportedGraphBuilder m_g;
    QHash<QString, const KubernetesRoleDefinition*> m_roles;
    QList<const KubernetesRoleDefinition*> m_roleOrder;
    QHash<QString, QList<SourcedRule>> m_effective;
    QHash<QString, QStringList> m_aggregatedFrom;
    std::deque<ScopedGrant> m_grants;               ///< a deque: GrantSets point into it while it grows
    QHash<QString, const ScopedGrant*> m_grantOf;   ///< role node id -> its grant
    QHash<QString, QStringList> m_boundTo;          ///< subject id -> role nodes its bindings name
    QHash<QString, QSet<QString>> m_rewriteTargets; ///< grant node -> targets its own rewriting edges reach
    QList<NamedNode> m_serviceAccounts;
    QList<NamedNode> m_users;
    QList<NamedNode> m_groups;
    QList<NamedNode> m_workloads;
    QList<NamedNode> m_scopedClusterRoles;
    QHash<QString, QString> m_workloadKinds;
    QHash<QString, QString> m_workloadAccounts;
};

} // namespace

Result<ImportedGraph> KubernetesRbacImporter::import(const QByteArray& bytes, const QString& fileName)
{
    const Result<KubernetesManifest> manifest = KubernetesManifestReader::read(bytes, fileName);
    if (!manifest)
        return std::unexpected(manifest.error());
    GraphAssembler assembler(*manifest, fileName);
    return assembler.run();
}

} // namespace gatehouse
