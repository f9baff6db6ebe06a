#include "KubernetesManifestReader.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <QJsonArray>
#include <QStringDecoder>

namespace gatehouse {

namespace {

/// Thrown by the field readers below and caught in read(), never outside this file:
/// yaml-cpp reports its own failures by exception, and a reader that is several levels deep
/// in a document stays readable when it can stop with one statement.
struct ReadFailure
{
    QString message;
};

QString qs(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString describe(const YAML::Node& n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map:
        return QStringLiteral("a map");
    case YAML::NodeType::Sequence:
        return QStringLiteral("a list");
    case YAML::NodeType::Scalar:
        return QStringLiteral("the scalar \"%1\"").arg(qs(n.Scalar()).left(40));
    case YAML::NodeType::Null:
        return QStringLiteral("null");
    case YAML::NodeType::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

/// The longest value a field may hold, and what kind of value it is, for the message.
struct Limit
{
    int max;
    const char* what;
};

using R = KubernetesManifestReader;
const Limit kName{R::kMaxNameLength, "an object name (a DNS subdomain)"};
const Limit kNamespace{R::kMaxNamespaceLength, "a namespace (a DNS label)"};
const Limit kLabelKey{R::kMaxLabelKeyLength, "a label key"};
const Limit kLabelValue{R::kMaxLabelValueLength, "a label value"};
const Limit kToken{R::kMaxTokenLength, "a kind, verb, API group or resource"};
const Limit kFreeName{R::kMaxFreeNameLength, "a user or group name, resourceName or URL"};

/// Reads the objects of one document, with the file and document for messages.
class DocumentReader
{
public:
    DocumentReader(const QString& fileName, KubernetesManifest& out, int& defaultedNamespaces)
        : m_fileName(fileName), m_out(out), m_defaultedNamespaces(defaultedNamespaces)
    {}

    void readDocument(const YAML::Node& doc, int document)
    {
        if (doc.IsNull() || !doc.IsDefined())
            return; // an empty document ("---" at the end, or only comments)
        m_where =
            KubernetesObjectLocation{document, -1, int(doc.Mark().line) + 1, int(doc.Mark().column) + 1};
        if (!doc.IsMap())
            fail(doc, QString(),
                 QStringLiteral("expected a Kubernetes object (a map), found %1").arg(describe(doc)));
        const QString kind = string(doc, "kind", QStringLiteral("kind"), kToken);
        const YAML::Node items = child(doc, "items");
        if (kind == QLatin1String("List") || (kind.endsWith(QLatin1String("List")) && items.IsDefined())) {
            if (items.IsNull() || !items.IsDefined())
                return;
            if (!items.IsSequence())
                fail(items, QStringLiteral("items"),
                     QStringLiteral("expected a list, found %1").arg(describe(items)));
            int index = 0;
            for (const YAML::Node& item : items) {
                m_where = KubernetesObjectLocation{document, index, int(item.Mark().line) + 1,
                                                   int(item.Mark().column) + 1};
                if (!item.IsMap())
                    fail(
                        item, QString(),
                        QStringLiteral("expected a Kubernetes object (a map), found %1").arg(describe(item)));
                readObject(item, string(item, "kind", QStringLiteral("kind"), kToken));
                ++index;
            }
            return;
        }
        readObject(doc, kind);
    }

private:
    void readObject(const YAML::Node& obj, const QString& kind)
    {
        if (kind.isEmpty()) {
            m_out.warnings
                << QStringLiteral("%1: %2: object without kind; ignored").arg(m_fileName, m_where.text());
            return;
        }
        if (kind == QLatin1String("Role") || kind == QLatin1String("ClusterRole"))
            readRole(obj, kind == QLatin1String("ClusterRole"));
        else if (kind == QLatin1String("RoleBinding") || kind == QLatin1String("ClusterRoleBinding"))
            readBinding(obj, kind == QLatin1String("ClusterRoleBinding"));
        else if (kind == QLatin1String("ServiceAccount"))
            m_out.serviceAccounts << meta(obj, true);
        else if (const YAML::Node podSpec = workloadPodSpec(obj, kind); podSpec.IsDefined())
            readWorkload(obj, kind, podSpec);
        else
            m_out.ignoredKinds[kind] += 1;
    }

    void readRole(const YAML::Node& obj, bool cluster)
    {
        KubernetesRoleDefinition role;
        role.cluster = cluster;
        role.meta = meta(obj, !cluster);
        const YAML::Node rules = child(obj, "rules");
        if (rules.IsDefined() && !rules.IsNull()) {
            if (!rules.IsSequence())
                fail(rules, QStringLiteral("rules"),
                     QStringLiteral("expected a list, found %1").arg(describe(rules)));
            int i = 0;
            for (const YAML::Node& r : rules) {
                const QString field = QStringLiteral("rules[%1]").arg(i++);
                if (!r.IsMap())
                    fail(r, field, QStringLiteral("expected a map, found %1").arg(describe(r)));
                KubernetesRbacRule rule;
                rule.apiGroups = strings(r, "apiGroups", field + QStringLiteral(".apiGroups"), kToken);
                rule.resources = strings(r, "resources", field + QStringLiteral(".resources"), kToken);
                rule.resourceNames =
                    strings(r, "resourceNames", field + QStringLiteral(".resourceNames"), kFreeName);
                rule.nonResourceURLs =
                    strings(r, "nonResourceURLs", field + QStringLiteral(".nonResourceURLs"), kFreeName);
                rule.verbs = strings(r, "verbs", field + QStringLiteral(".verbs"), kToken);
                role.rules << rule;
                role.ruleLines << int(r.Mark().line) + 1;
            }
        }
        const YAML::Node aggregation = child(obj, "aggregationRule");
        if (cluster && aggregation.IsDefined() && !aggregation.IsNull()) {
            const YAML::Node selectors =
                mapChild(aggregation, "clusterRoleSelectors", QStringLiteral("aggregationRule"));
            if (selectors.IsDefined() && !selectors.IsNull()) {
                const QString base = QStringLiteral("aggregationRule.clusterRoleSelectors");
                if (!selectors.IsSequence())
                    fail(selectors, base,
                         QStringLiteral("expected a list, found %1").arg(describe(selectors)));
                int i = 0;
                for (const YAML::Node& s : selectors)
                    role.aggregation << selector(s, QStringLiteral("%1[%2]").arg(base).arg(i++));
            }
        }
        m_out.roles << role;
    }

    KubernetesLabelSelector selector(const YAML::Node& s, const QString& field)
    {
        if (!s.IsMap())
            fail(s, field, QStringLiteral("expected a label selector (a map), found %1").arg(describe(s)));
        KubernetesLabelSelector out;
        out.matchLabels = stringMap(s, "matchLabels", field + QStringLiteral(".matchLabels"));
        const YAML::Node exprs = child(s, "matchExpressions");
        if (exprs.IsDefined() && !exprs.IsNull()) {
            if (!exprs.IsSequence())
                fail(exprs, field + QStringLiteral(".matchExpressions"),
                     QStringLiteral("expected a list, found %1").arg(describe(exprs)));
            int i = 0;
            for (const YAML::Node& e : exprs) {
                const QString f = QStringLiteral("%1.matchExpressions[%2]").arg(field).arg(i++);
                if (!e.IsMap())
                    fail(e, f, QStringLiteral("expected a map, found %1").arg(describe(e)));
                KubernetesLabelRequirement req{
                    string(e, "key", f + QStringLiteral(".key"), kLabelKey),
                    string(e, "operator", f + QStringLiteral(".operator"), kToken),
                    strings(e, "values", f + QStringLiteral(".values"), kLabelValue)};
                static const QStringList ops{QStringLiteral("In"), QStringLiteral("NotIn"),
                                             QStringLiteral("Exists"), QStringLiteral("DoesNotExist")};
                if (!ops.contains(req.op))
                    fail(e, f + QStringLiteral(".operator"),
                         QStringLiteral("unknown operator \"%1\" (In, NotIn, Exists, DoesNotExist)")
                             .arg(req.op));
                out.matchExpressions << req;
            }
        }
        return out;
    }

    void readBinding(const YAML::Node& obj, bool cluster)
    {
        KubernetesBinding b;
        b.cluster = cluster;
        b.meta = meta(obj, !cluster);
        const YAML::Node ref = child(obj, "roleRef");
        if (!ref.IsMap())
            fail(ref.IsDefined() ? ref : obj, QStringLiteral("roleRef"),
                 QStringLiteral("expected a map with kind and name, found %1").arg(describe(ref)));
        b.roleKind = string(ref, "kind", QStringLiteral("roleRef.kind"), kToken);
        b.roleName = string(ref, "name", QStringLiteral("roleRef.name"), kName);
        if (b.roleName.isEmpty())
            fail(ref, QStringLiteral("roleRef.name"), QStringLiteral("missing"));
        if (b.roleKind != QLatin1String("Role") && b.roleKind != QLatin1String("ClusterRole"))
            fail(ref, QStringLiteral("roleRef.kind"),
                 QStringLiteral("expected Role or ClusterRole, found \"%1\"").arg(b.roleKind));
        b.json = QJsonObject{{QStringLiteral("kind"),
                              cluster ? QStringLiteral("ClusterRoleBinding") : QStringLiteral("RoleBinding")},
                             {QStringLiteral("name"), b.meta.name},
                             {QStringLiteral("roleRef"), QJsonObject{{QStringLiteral("kind"), b.roleKind},
                                                                     {QStringLiteral("name"), b.roleName}}}};
        if (!cluster)
            b.json.insert(QStringLiteral("namespace"), b.meta.ns);
        const YAML::Node subjects = child(obj, "subjects");
        if (subjects.IsDefined() && !subjects.IsNull()) {
            if (!subjects.IsSequence())
                fail(subjects, QStringLiteral("subjects"),
                     QStringLiteral("expected a list, found %1").arg(describe(subjects)));
            int i = 0;
            for (const YAML::Node& s : subjects) {
                const QString f = QStringLiteral("subjects[%1]").arg(i++);
                if (!s.IsMap())
                    fail(s, f, QStringLiteral("expected a map, found %1").arg(describe(s)));
                KubernetesSubject subject;
                subject.kind = string(s, "kind", f + QStringLiteral(".kind"), kToken);
                subject.name = string(s, "name", f + QStringLiteral(".name"),
                                      subject.kind == QLatin1String("ServiceAccount") ? kName : kFreeName);
                subject.ns = string(s, "namespace", f + QStringLiteral(".namespace"), kNamespace);
                if (subject.name.isEmpty())
                    fail(s, f + QStringLiteral(".name"), QStringLiteral("missing"));
                subject.json = QJsonObject{{QStringLiteral("kind"), subject.kind},
                                           {QStringLiteral("name"), subject.name}};
                if (!subject.ns.isEmpty())
                    subject.json.insert(QStringLiteral("namespace"), subject.ns);
                if (subject.kind == QLatin1String("ServiceAccount") && subject.ns.isEmpty() && !cluster) {
                    // The API server defaults a ServiceAccount subject's namespace to the binding's.
                    subject.ns = b.meta.ns;
                    subject.namespaceDefaulted = true;
                }
                b.subjects << subject;
            }
        }
        m_out.bindings << b;
    }

    static YAML::Node workloadPodSpec(const YAML::Node& obj, const QString& kind)
    {
        static const QStringList templated{
            QStringLiteral("Deployment"), QStringLiteral("StatefulSet"),
            QStringLiteral("DaemonSet"),  QStringLiteral("ReplicaSet"),
            QStringLiteral("Job"),        QStringLiteral("ReplicationController")};
        const YAML::Node spec = child(obj, "spec");
        if (kind == QLatin1String("Pod"))
            return spec.IsMap() ? spec : YAML::Node(YAML::NodeType::Map);
        if (templated.contains(kind)) {
            const YAML::Node s = child(child(spec, "template"), "spec");
            return s.IsMap() ? s : YAML::Node(YAML::NodeType::Map);
        }
        if (kind == QLatin1String("CronJob")) {
            const YAML::Node s = child(child(child(child(spec, "jobTemplate"), "spec"), "template"), "spec");
            return s.IsMap() ? s : YAML::Node(YAML::NodeType::Map);
        }
        return YAML::Node(YAML::NodeType::Undefined);
    }

    void readWorkload(const YAML::Node& obj, const QString& kind, const YAML::Node& podSpec)
    {
        KubernetesWorkload w;
        w.kind = kind;
        w.meta = meta(obj, true);
        w.serviceAccount =
            string(podSpec, "serviceAccountName", QStringLiteral("spec.serviceAccountName"), kName);
        if (w.serviceAccount.isEmpty()) // deprecated alias of serviceAccountName
            w.serviceAccount =
                string(podSpec, "serviceAccount", QStringLiteral("spec.serviceAccount"), kName);
        if (w.serviceAccount.isEmpty())
            w.serviceAccount = QStringLiteral("default");
        m_out.workloads << w;
    }

    KubernetesObjectMeta meta(const YAML::Node& obj, bool namespaced)
    {
        KubernetesObjectMeta m;
        m.where = m_where;
        const YAML::Node md = child(obj, "metadata");
        if (!md.IsMap())
            fail(md.IsDefined() ? md : obj, QStringLiteral("metadata"),
                 QStringLiteral("expected a map with name, found %1").arg(describe(md)));
        m.name = string(md, "name", QStringLiteral("metadata.name"), kName);
        if (m.name.isEmpty())
            fail(md, QStringLiteral("metadata.name"), QStringLiteral("missing"));
        if (namespaced) {
            m.ns = string(md, "namespace", QStringLiteral("metadata.namespace"), kNamespace);
            if (m.ns.isEmpty()) {
                m.ns = QStringLiteral("default");
                m.namespaceDefaulted = true;
                ++m_defaultedNamespaces;
            }
        }
        m.labels = stringMap(md, "labels", QStringLiteral("metadata.labels"));
        return m;
    }

    /// The value of \a key in map \a n, or an undefined node; never inserts (unlike
    /// yaml-cpp's non-const operator[]) and never converts a non-scalar key.
    static YAML::Node child(const YAML::Node& n, const char* key)
    {
        if (!n.IsMap())
            return YAML::Node(YAML::NodeType::Undefined);
        for (auto it = n.begin(); it != n.end(); ++it) {
            if (it->first.IsScalar() && it->first.Scalar() == key)
                return it->second;
        }
        return YAML::Node(YAML::NodeType::Undefined);
    }

    YAML::Node mapChild(const YAML::Node& n, const char* key, const QString& field)
    {
        if (!n.IsMap())
            fail(n, field, QStringLiteral("expected a map, found %1").arg(describe(n)));
        return child(n, key);
    }

    /// A scalar field no longer than \a limit; absent or null reads as empty.
    QString string(const YAML::Node& n, const char* key, const QString& field, const Limit& limit)
    {
        const YAML::Node v = child(n, key);
        if (!v.IsDefined() || v.IsNull())
            return {};
        if (!v.IsScalar())
            fail(v, field, QStringLiteral("expected a string, found %1").arg(describe(v)));
        return bounded(v, field, limit);
    }

    /// The scalar \a v, refused when longer than \a limit (checked on the UTF-8 bytes first,
    /// so a huge value is never converted).
    QString bounded(const YAML::Node& v, const QString& field, const Limit& limit)
    {
        const std::string& raw = v.Scalar();
        const QString text = raw.size() > std::size_t(limit.max) * 4 ? QString() : qs(raw);
        if (raw.size() > std::size_t(limit.max) * 4 || text.size() > limit.max)
            fail(v, field,
                 QStringLiteral("%1 bytes, longer than the %2 characters allowed for %3")
                     .arg(raw.size())
                     .arg(limit.max)
                     .arg(QLatin1String(limit.what)));
        return text;
    }

    QStringList strings(const YAML::Node& n, const char* key, const QString& field, const Limit& limit)
    {
        const YAML::Node v = child(n, key);
        if (!v.IsDefined() || v.IsNull())
            return {};
        if (!v.IsSequence())
            fail(v, field, QStringLiteral("expected a list of strings, found %1").arg(describe(v)));
        QStringList out;
        int i = 0;
        for (const YAML::Node& s : v) {
            if (!s.IsScalar())
                fail(s, QStringLiteral("%1[%2]").arg(field).arg(i),
                     QStringLiteral("expected a string, found %1").arg(describe(s)));
            out << bounded(s, QStringLiteral("%1[%2]").arg(field).arg(i), limit);
            ++i;
        }
        return out;
    }

    QMap<QString, QString> stringMap(const YAML::Node& n, const char* key, const QString& field)
    {
        const YAML::Node v = child(n, key);
        QMap<QString, QString> out;
        if (!v.IsDefined() || v.IsNull())
            return out;
        if (!v.IsMap())
            fail(v, field, QStringLiteral("expected a map of strings, found %1").arg(describe(v)));
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!it->first.IsScalar() || !(it->second.IsScalar() || it->second.IsNull()))
                fail(it->first, field, QStringLiteral("expected string keys and values"));
            const QString k = bounded(it->first, field, kLabelKey);
            out.insert(k, it->second.IsNull()
                              ? QString()
                              : bounded(it->second, field + QLatin1Char('.') + k, kLabelValue));
        }
        return out;
    }

    [[noreturn]] void fail(const YAML::Node& at, const QString& field, const QString& message)
    {
        KubernetesObjectLocation where = m_where;
        if (at.IsDefined() && at.Mark().line >= 0) {
            where.line = at.Mark().line + 1;
            where.column = at.Mark().column + 1;
        }
        throw ReadFailure{
            field.isEmpty() ? QStringLiteral("%1: %2: %3").arg(m_fileName, where.text(), message)
                            : QStringLiteral("%1: %2: %3: %4").arg(m_fileName, where.text(), field, message)};
    }

    const QString& m_fileName;
    KubernetesManifest& m_out;
    int& m_defaultedNamespaces;
    KubernetesObjectLocation m_where;
};

/// Counts nodes as a reader would visit them (an alias counts again at every use), so a
/// document whose aliases expand to millions of nodes is refused before anything walks it.
void checkSize(const YAML::Node& n, int depth, qsizetype& budget, const QString& fileName, int document)
{
    if (--budget < 0)
        throw ReadFailure{
            QStringLiteral("%1: document %2: more than %3 YAML nodes once aliases are expanded; "
                           "refusing a file that expands this far (YAML alias bomb?)")
                .arg(fileName)
                .arg(document)
                .arg(KubernetesManifestReader::kMaxNodes)};
    if (depth > KubernetesManifestReader::kMaxDepth)
        throw ReadFailure{QStringLiteral("%1: document %2 (line %3, column %4): nested deeper than %5 levels")
                              .arg(fileName)
                              .arg(document)
                              .arg(n.Mark().line + 1)
                              .arg(n.Mark().column + 1)
                              .arg(KubernetesManifestReader::kMaxDepth)};
    if (n.IsSequence()) {
        for (const YAML::Node& c : n)
            checkSize(c, depth + 1, budget, fileName, document);
    } else if (n.IsMap()) {
        std::map<std::string, int> seen; // key -> 1-based line
        for (auto it = n.begin(); it != n.end(); ++it) {
            const YAML::Node key = it->first; // a copy: *it is a temporary, it->first dangles
            if (key.IsScalar()) {
                const int line = key.Mark().line + 1;
                auto at = [&](const QString& message) {
                    return ReadFailure{QStringLiteral("%1: document %2 (line %3, column %4): %5")
                                           .arg(fileName)
                                           .arg(document)
                                           .arg(line)
                                           .arg(key.Mark().column + 1)
                                           .arg(message)};
                };
                // "?" is yaml-cpp's tag for a plain (unquoted, untagged) scalar: only that "<<"
                // is a merge key; a quoted "<<" is an ordinary key.
                if (key.Scalar() == "<<" && (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge"))
                    throw at(QStringLiteral(
                        "YAML merge key \"<<\" is not supported (its entries would be lost); write the "
                        "merged entries out, e.g. with `kubectl apply --dry-run=client -o yaml`"));
                if (const auto [first, inserted] = seen.emplace(key.Scalar(), line); !inserted)
                    throw at(QStringLiteral("duplicate key \"%1\" (first at line %2); kubectl refuses "
                                            "duplicate keys")
                                 .arg(qs(key.Scalar()).left(80))
                                 .arg(first->second));
            }
            checkSize(key, depth + 1, budget, fileName, document);
            checkSize(it->second, depth + 1, budget, fileName, document);
        }
    }
}

/// The first raw C0 control character other than tab, LF and CR (YAML 1.2 section 5.1 allows
/// none in a stream, JSON none in a string), or the first line longer than kMaxLineBytes.
std::optional<QString> checkBytes(const QByteArray& bytes, const QString& fileName)
{
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i <= bytes.size(); ++i) {
        const uchar c = i < bytes.size() ? uchar(bytes[i]) : uchar('\n');
        if (c == '\n') {
            if (i - lineStart > KubernetesManifestReader::kMaxLineBytes)
                return QStringLiteral("%1: line %2 is %3 bytes long, longer than the %4 MiB a line of an "
                                      "RBAC export can be (etcd stores no object above 1.5 MiB)")
                    .arg(fileName)
                    .arg(line)
                    .arg(i - lineStart)
                    .arg(KubernetesManifestReader::kMaxLineBytes / (1024 * 1024));
            ++line;
            lineStart = i + 1;
        } else if (c < 0x20 && c != '\t' && c != '\r') {
            return QStringLiteral("%1: line %2, column %3: raw control character U+%4; YAML and JSON allow "
                                  "none but tab, LF and CR (write it as an escape such as \"\\0\" inside "
                                  "double quotes)")
                .arg(fileName)
                .arg(line)
                .arg(i - lineStart + 1)
                .arg(int(c), 4, 16, QLatin1Char('0'));
        }
    }
    return std::nullopt;
}

} // namespace

QString KubernetesObjectLocation::text() const
{
    const QString doc = item >= 0 ? QStringLiteral("document %1, items[%2]").arg(document).arg(item)
                                  : QStringLiteral("document %1").arg(document);
    if (line <= 0)
        return doc;
    return column > 0 ? QStringLiteral("%1 (line %2, column %3)").arg(doc).arg(line).arg(column)
                      : QStringLiteral("%1 (line %2)").arg(doc).arg(line);
}

bool KubernetesLabelSelector::matches(const QMap<QString, QString>& labels) const
{
    if (isEmpty())
        return false;
    for (auto it = matchLabels.constBegin(); it != matchLabels.constEnd(); ++it) {
        if (!labels.contains(it.key()) || labels.value(it.key()) != it.value())
            return false;
    }
    for (const KubernetesLabelRequirement& r : matchExpressions) {
        const bool has = labels.contains(r.key);
        if (r.op == QLatin1String("In") && !(has && r.values.contains(labels.value(r.key))))
            return false;
        if (r.op == QLatin1String("NotIn") && has && r.values.contains(labels.value(r.key)))
            return false;
        if (r.op == QLatin1String("Exists") && !has)
            return false;
        if (r.op == QLatin1String("DoesNotExist") && has)
            return false;
    }
    return true;
}

Result<KubernetesManifest> KubernetesManifestReader::read(const QByteArray& input, const QString& fileName)
{
    if (input.size() > kMaxFileBytes)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: %2 bytes is larger than the %3 MiB an RBAC import accepts; "
                                   "split the export (e.g. one file per namespace)")
                        .arg(fileName)
                        .arg(input.size())
                        .arg(kMaxFileBytes / (1024 * 1024)));
    QByteArray bytes = input;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3); // UTF-8 byte-order mark: legal, and meaningless here (FIELD-CASES 24)
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF"))
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1: the file is UTF-16; save it as UTF-8 and import again").arg(fileName));
    {
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString text = utf8(bytes); // EncodedData decodes only when converted
        if (utf8.hasError() || text.isNull())
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: not valid UTF-8").arg(fileName));
    }
    if (bytes.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: the file is empty").arg(fileName));
    if (const std::optional<QString> problem = checkBytes(bytes, fileName))
        return fail(ErrorCode::InvalidInput, *problem);

    KubernetesManifest out;
    int defaulted = 0;
    try {
        const std::vector<YAML::Node> docs = YAML::LoadAll(bytes.toStdString());
        qsizetype budget = kMaxNodes;
        for (std::size_t i = 0; i < docs.size(); ++i)
            checkSize(docs[i], 0, budget, fileName, int(i) + 1);
        DocumentReader reader(fileName, out, defaulted);
        for (std::size_t i = 0; i < docs.size(); ++i)
            reader.readDocument(docs[i], int(i) + 1);
    } catch (const ReadFailure& e) {
        return fail(ErrorCode::InvalidInput, e.message);
    } catch (const YAML::Exception& e) {
        // yaml-cpp marks are 0-based; a DeepRecursion (nesting beyond 2000) is a ParserException.
        const QString what = qs(e.msg);
        if (e.mark.is_null())
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: not valid YAML: %2").arg(fileName, what));
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: line %2, column %3: not valid YAML: %4")
                                                 .arg(fileName)
                                                 .arg(e.mark.line + 1)
                                                 .arg(e.mark.column + 1)
                                                 .arg(what));
    }
    if (defaulted > 0)
        out.warnings << QStringLiteral(
                            "%1: %2 namespaced object(s) without metadata.namespace; "
                            "\"default\" assumed (kubectl would use the current context's namespace)")
                            .arg(fileName)
                            .arg(defaulted);
    return out;
}

} // namespace gatehouse
