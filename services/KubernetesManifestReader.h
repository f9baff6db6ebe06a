#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include "Error.h"
#include "KubernetesRbacMatcher.h"

namespace gatehouse {

/// Where an object was found: "document 2" or "document 1, items[4]", and its line.
struct KubernetesObjectLocation
{
    int document = 0; ///< 1-based
    int item = -1;    ///< index in a List's items, or -1
    int line = 0;     ///< 1-based
    int column = 0;   ///< 1-based
    QString text() const;
};

struct KubernetesObjectMeta
{
    QString name;
    QString ns;                      ///< empty for cluster-scoped objects
    bool namespaceDefaulted = false; ///< a namespaced object without metadata.namespace ("default" assumed)
    QMap<QString, QString> labels;
    KubernetesObjectLocation where;
};

/// One label selector requirement (matchExpressions item).
struct KubernetesLabelRequirement
{
    QString key;
    QString op; ///< In, NotIn, Exists, DoesNotExist
    QStringList values;
};

struct KubernetesLabelSelector
{
    QMap<QString, QString> matchLabels;
    QList<KubernetesLabelRequirement> matchExpressions;
    /// Whether \a labels satisfy every requirement (an empty selector matches nothing here,
    /// as in the ClusterRole aggregation controller, which skips empty selectors).
    bool matches(const QMap<QString, QString>& labels) const;
    bool isEmpty() const { return matchLabels.isEmpty() && matchExpressions.isEmpty(); }
};

struct KubernetesRoleDefinition
{
    KubernetesObjectMeta meta;
    bool cluster = false; ///< ClusterRole
    QList<KubernetesRbacRule> rules;
    QList<int> ruleLines;                       ///< 1-based line of each rule, for warnings
    QList<KubernetesLabelSelector> aggregation; ///< aggregationRule.clusterRoleSelectors
};

struct KubernetesSubject
{
    QString kind; ///< User, Group, ServiceAccount (anything else is kept for a warning)
    QString name;
    QString ns; ///< ServiceAccount only; defaulted to the RoleBinding's namespace when absent
    bool namespaceDefaulted = false;
    QJsonObject json;
};

struct KubernetesBinding
{
    KubernetesObjectMeta meta;
    bool cluster = false; ///< ClusterRoleBinding
    QString roleKind;     ///< roleRef.kind: Role or ClusterRole
    QString roleName;
    QList<KubernetesSubject> subjects;
    QJsonObject json; ///< kind, name, namespace, roleRef
};

struct KubernetesWorkload
{
    KubernetesObjectMeta meta;
    QString kind;           ///< Pod, Deployment, ...
    QString serviceAccount; ///< spec...serviceAccountName, "default" when absent
};

/// What one manifest file holds, for the RBAC graph.
struct KubernetesManifest
{
    QList<KubernetesRoleDefinition> roles;
    QList<KubernetesBinding> bindings;
    QList<KubernetesObjectMeta> serviceAccounts;
    QList<KubernetesWorkload> workloads;
    QMap<QString, int> ignoredKinds; ///< kind -> count
    QStringList warnings;
};

/// Reads Kubernetes manifests: multi-document YAML ("---"), `kind: List` / `*List` with
/// items (as `kubectl get -o yaml|json` prints), and JSON (read as YAML 1.2, of which JSON
/// is a subset). Hostile input is bounded: the file size, the node count with aliases
/// expanded at every use (YAML "billion laughs") and the nesting depth are capped.
/// Errors (InvalidInput) name the file, the document (and List item), line:column and the
/// field: "f.yaml: document 2 (line 9, column 5): rules[0].verbs: expected a list of strings".
class KubernetesManifestReader
{
public:
    static constexpr qsizetype kMaxFileBytes = 64 * 1024 * 1024;
    static constexpr qsizetype kMaxNodes = 4'000'000;
    static constexpr int kMaxDepth = 64;

    [[nodiscard]] static Result<KubernetesManifest> read(const QByteArray& bytes, const QString& fileName);
};

} // namespace gatehouse
