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
/// Refused as malformed, as kubectl refuses them: a duplicate key in a map (line of the second
/// one), a raw C0 control character such as NUL (YAML 1.2 section 5.1 and RFC 8259 allow only
/// tab, LF and CR; escapes like "\0" inside double quotes are fine), a YAML merge key "<<"
/// (yaml-cpp 0.7 does not implement merge keys, so its entries would be silently lost), a line
/// longer than kMaxLineBytes, and any field longer than the limit below for its kind.
class KubernetesManifestReader
{
public:
    static constexpr qsizetype kMaxFileBytes = 64 * 1024 * 1024;
    static constexpr qsizetype kMaxNodes = 4'000'000;
    static constexpr int kMaxDepth = 64;
    /// etcd stores no object above its default --max-request-bytes (1.5 MiB), so no line of a
    /// real export comes near this even with every byte escaped; checked before parsing, so a
    /// 60 MiB one-line value is refused in milliseconds instead of being parsed for seconds.
    static constexpr qsizetype kMaxLineBytes = 8 * 1024 * 1024;
    /// Field limits, from kubernetes.io "Object Names and IDs" and "Labels and Selectors":
    /// object names are DNS subdomains (253; RBAC objects use path-segment names, for which the
    /// page gives no length, and 253 is kept for them too), namespaces DNS labels (63), label
    /// keys an optional DNS-subdomain prefix, "/" and a 63-character name (317), label values 63.
    static constexpr int kMaxNameLength = 253;
    static constexpr int kMaxNamespaceLength = 63;
    static constexpr int kMaxLabelKeyLength = 253 + 1 + 63;
    static constexpr int kMaxLabelValueLength = 63;
    /// kind, verbs, apiGroups (DNS subdomains), resources and resource/subresource pairs.
    static constexpr int kMaxTokenLength = 253;
    /// User and group names, resourceNames (which may name users) and nonResourceURLs: the API
    /// sets no length; authenticators' names are far shorter (an X.509 common name is at most
    /// 64 characters, RFC 5280; an e-mail address 254, RFC 5321), so 1,024 leaves room.
    static constexpr int kMaxFreeNameLength = 1024;

    [[nodiscard]] static Result<KubernetesManifest> read(const QByteArray& bytes, const QString& fileName);
};

} // namespace gatehouse
