#include "KubernetesRbacImporter.h"

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
        for (const ScopedGrant& grant : std::as_const(m_grants)) {
            // A Tier Zero role already holds everything; its primitives would only add noise.
            if (!m_g.node(grant.nodeId)->tierZero)
                escalations(grant);
        }
        implicitGroups();
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
                m_g.warn(QStringLiteral("%1: %2: %3 is defined again; the later definition is used, as "
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
            m_g.warn(where + QStringLiteral(": no verbs; the rule grants nothing"));
        if (!r.resources.isEmpty() && r.apiGroups.isEmpty())
            m_g.warn(where + QStringLiteral(": resources without apiGroups; the rule matches nothing"));
        if (r.resources.isEmpty() && r.nonResourceURLs.isEmpty())
            m_g.warn(where +
                     QStringLiteral(": neither resources nor nonResourceURLs; the rule grants nothing"));
        if (!r.nonResourceURLs.isEmpty() && !d.cluster)
            m_g.warn(where + QStringLiteral(": nonResourceURLs in a Role have no effect (only a ClusterRole "
                                            "bound by a ClusterRoleBinding grants them)"));
        for (const QString& res : r.resources) {
            if (KubernetesRbacMatcher::isIneffectiveResourcePattern(res))
                m_g.warn(where +
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
        m_grants << ScopedGrant{nodeId, label, scope, rules};
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
                m_g.warn(
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
            m_g.warn(where + QStringLiteral(
                                 ": a ClusterRoleBinding can only refer to a ClusterRole; binding ignored"));
            return {};
        }
        const QString defId = toCluster ? QStringLiteral("clusterrole:") + b.roleName
                                        : QStringLiteral("role:%1:%2").arg(b.meta.ns, b.roleName);
        const bool defined = m_roles.contains(defId);
        if (!defined)
            m_g.warn(where +
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
        const QString id = QStringLiteral("clusterrole:%1@%2").arg(b.roleName, b.meta.ns);
        if (!m_g.hasNode(id)) {
            const QString label = QStringLiteral("%1 (in %2)").arg(b.roleName, b.meta.ns);
            m_g.addNode(GraphNode{id, GraphNodeKind::Role, label, false,
                                  QJsonObject{{QStringLiteral("k8sKind"), QStringLiteral("ClusterRole")},
                                              {QStringLiteral("name"), b.roleName},
                                              {QStringLiteral("namespace"), b.meta.ns},
                                              {QStringLiteral("clusterRole"), defId},
                                              {QStringLiteral("defined"), defined}}});
            m_scopedClusterRoles << NamedNode{id, b.meta.ns, b.roleName};
            if (defined)
                grant(id, label, Scope{false, b.meta.ns}, effectiveRules(defId));
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
                    m_g.warn(QStringLiteral(
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
                m_g.warn(QStringLiteral("%1: %2: %3 subjects[%4]: unknown subject kind \"%5\"; ignored")
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

    /// bind and escalate on roles/clusterroles (RBAC's two deliberate exceptions to its
    /// escalation prevention). Each needs a companion permission to be used: bind needs
    /// create on (cluster)rolebindings, escalate needs update or patch on the role; without
    /// it in the same grant the edge is conditional.
    void roleRewriting(const ScopedGrant& g)
    {
        for (const QString& verb : {QStringLiteral("bind"), QStringLiteral("escalate")}) {
            for (const bool clusterRoles : {false, true}) {
                const QString resource =
                    clusterRoles ? QStringLiteral("clusterroles") : QStringLiteral("roles");
                const Access a = access(g, verb, kRbacGroup, resource);
                if (!a.any() || (clusterRoles && !g.scope.cluster && verb == QLatin1String("escalate")))
                    continue;
                bool companion = false;
                QString needs;
                if (verb == QLatin1String("bind")) {
                    const QString bindings = g.scope.cluster && clusterRoles
                                                 ? QStringLiteral("clusterrolebindings")
                                                 : QStringLiteral("rolebindings");
                    needs = QStringLiteral("create ") + bindings;
                    companion = access(g, QStringLiteral("create"), kRbacGroup, bindings).any();
                } else {
                    needs = QStringLiteral("update or patch ") + resource;
                    companion = access(g, QStringLiteral("update"), kRbacGroup, resource).any() ||
                                access(g, QStringLiteral("patch"), kRbacGroup, resource).any();
                }
                const QJsonObject condition =
                    companion ? QJsonObject{}
                              : QJsonObject{{QStringLiteral("requires"), needs},
                                            {QStringLiteral("reason"),
                                             QStringLiteral("%1 is only usable with %2, which "
                                                            "this grant does not hold")
                                                 .arg(verb, needs)}};
                QList<NamedNode> targets;
                if (!clusterRoles) {
                    for (const KubernetesRoleDefinition* d : std::as_const(m_roleOrder))
                        if (!d->cluster && g.scope.contains(d->meta.ns))
                            targets << NamedNode{roleId(*d), d->meta.ns, d->meta.name};
                } else if (g.scope.cluster) {
                    for (const KubernetesRoleDefinition* d : std::as_const(m_roleOrder))
                        if (d->cluster)
                            targets << NamedNode{roleId(*d), QString(), d->meta.name};
                } else {
                    for (const NamedNode& n : std::as_const(m_scopedClusterRoles))
                        if (n.ns == g.scope.ns)
                            targets << n;
                }
                const QString what = verb == QLatin1String("bind")
                                         ? QStringLiteral("can bind anyone to")
                                         : QStringLiteral("can add any permission to");
                for (const NamedNode& t : std::as_const(targets))
                    if (a.covers(t.name))
                        escalationEdge(g, t.id, GraphEdgeKind::CanModify, QStringLiteral("k8s:") + verb, what,
                                       a, condition);
            }
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

    const KubernetesManifest& m_m;
    QString m_file;
    ImportedGraphBuilder m_g;
    QHash<QString, const KubernetesRoleDefinition*> m_roles;
    QList<const KubernetesRoleDefinition*> m_roleOrder;
    QHash<QString, QList<SourcedRule>> m_effective;
    QHash<QString, QStringList> m_aggregatedFrom;
    QList<ScopedGrant> m_grants;
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
