#include "AwsAuthorizationImporter.h"

#include <algorithm>
#include <functional>
#include <vector>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include "AwsEffectivePolicy.h"
#include "IamPattern.h"

namespace gatehouse {

namespace {

const QStringList kAssumeActions = {QStringLiteral("sts:AssumeRole"),
                                    QStringLiteral("sts:AssumeRoleWithSAML"),
                                    QStringLiteral("sts:AssumeRoleWithWebIdentity")};

/// Services that run code as a role handed to them, and the action sets that make them do
/// so (each inner list is needed in full). Rhino Security Labs' methods 3 (EC2), 15/16
/// (Lambda), 17 (Glue), 18 (CloudFormation), 19 (Data Pipeline); ECS, SageMaker and
/// CodeBuild as PMapper models them.
const QList<std::pair<QString, QList<QStringList>>>& runCodeServices()
{
    static const QList<std::pair<QString, QList<QStringList>>> kTable = {
        {QStringLiteral("ec2.amazonaws.com"),
         {{QStringLiteral("ec2:RunInstances")},
          {QStringLiteral("ec2:AssociateIamInstanceProfile")},
          {QStringLiteral("ec2:ReplaceIamInstanceProfileAssociation")}}},
        {QStringLiteral("lambda.amazonaws.com"),
         {{QStringLiteral("lambda:CreateFunction"), QStringLiteral("lambda:InvokeFunction")},
          {QStringLiteral("lambda:CreateFunction"), QStringLiteral("lambda:CreateEventSourceMapping")}}},
        {QStringLiteral("glue.amazonaws.com"),
         {{QStringLiteral("glue:CreateDevEndpoint")}, {QStringLiteral("glue:CreateJob")}}},
        {QStringLiteral("cloudformation.amazonaws.com"), {{QStringLiteral("cloudformation:CreateStack")}}},
        {QStringLiteral("datapipeline.amazonaws.com"),
         {{QStringLiteral("datapipeline:CreatePipeline"),
           QStringLiteral("datapipeline:PutPipelineDefinition")}}},
        {QStringLiteral("ecs-tasks.amazonaws.com"),
         {{QStringLiteral("ecs:RegisterTaskDefinition"), QStringLiteral("ecs:RunTask")}}},
        {QStringLiteral("sagemaker.amazonaws.com"),
         {{QStringLiteral("sagemaker:CreateNotebookInstance")},
          {QStringLiteral("sagemaker:CreateTrainingJob")},
          {QStringLiteral("sagemaker:CreateProcessingJob")}}},
        {QStringLiteral("codebuild.amazonaws.com"),
         {{QStringLiteral("codebuild:CreateProject"), QStringLiteral("codebuild:StartBuild")}}},
    };
    return kTable;
}

constexpr qsizetype kMaxNameChars = 2048;

std::unexpected<Error> invalid(const QString& where, const QString& what)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("%1: %2").arg(where, what));
}

/// The account field of an ARN ("arn:aws:iam::111122223333:role/x" -> "111122223333").
QString accountOf(const QString& arn)
{
    return arn.section(QLatin1Char(':'), 4, 4);
}

bool isAwsManaged(const QString& arn)
{
    return arn.startsWith(QStringLiteral("arn:aws:iam::aws:policy/")) ||
           arn.startsWith(QStringLiteral("arn:aws-cn:iam::aws:policy/")) ||
           arn.startsWith(QStringLiteral("arn:aws-us-gov:iam::aws:policy/"));
}

/// "arn:aws:iam::111122223333:root" for a bare 12-digit account id, else unchanged.
QString normalisePrincipal(const QString& p)
{
    static const QRegularExpression kAccount(QStringLiteral("^[0-9]{12}$"));
    if (kAccount.match(p).hasMatch())
        return QStringLiteral("arn:aws:iam::%1:root").arg(p);
    return p;
}

QString cite(const AwsAttributedStatement& a)
{
    QString s = QStringLiteral("policy %1, Statement[%2]").arg(a.policyLabel).arg(a.statement.index);
    if (!a.viaGroup.isEmpty())
        s += QStringLiteral(", via group ") + a.viaGroup;
    return s;
}

QString originOf(const AwsAttributedStatement& a)
{
    return QStringLiteral("%1#Statement[%2]").arg(a.policyId).arg(a.statement.index);
}

bool statementUnconditional(const AwsStatement& s)
{
    return s.conditionState == AwsConditionState::None || s.conditionState == AwsConditionState::Holds;
}

struct ManagedPolicy
{
    QString arn;
    QString name;
    QString location;
    AwsPolicyDocument document;
    bool present = false; ///< document found in the file's Policies list
};

/// A policy attached to (or inline in) a user, group or role, as the file lists it.
struct Attachment
{
    QString policyId; ///< graph node id of the policy
    QString label;    ///< policy name
    QString location; ///< JSON location of the attachment
    QString sentence; ///< "<owner> has managed policy <name> attached"
};

/// A user's membership of a group, as the file lists it.
struct Membership
{
    QString groupArn;
    QString groupName;
    QString location;
};

struct Identity
{
    QString arn;
    QString name;
    QString location;
    bool isRole = false;
    QStringList groups;            ///< group ARNs (users)
    QList<Membership> memberships; ///< users
    QList<Attachment> attachments; ///< own inline and attached policies
    QString account;               ///< accountOf(arn), read once
    QString boundaryArn;           ///< PermissionsBoundary.PermissionsBoundaryArn, or empty
    QString boundaryLocation;
    QList<AwsAttributedStatement> statements;
    QStringList attachedCustomerPolicies; ///< ARNs, own and through groups
    AwsEffectivePolicy effective;
    AwsPolicyDocument trust; ///< roles
    QString trustLocation;
};

struct Group
{
    QString arn;
    QString name;
    QList<AwsAttributedStatement> statements;
    QStringList attachedCustomerPolicies;
    QList<Attachment> attachments;
};

/// "Can rewrite the grants of" a user, role, group or customer-managed policy: an
/// escalation only for an author who can also act as a holder (see rewriteEscalations).
struct Rewrite
{
    enum class Kind
    {
        Identity, ///< a user's or role's own policies (Attach/Put{User,Role}Policy)
        Group,    ///< a group's policies (Attach/PutGroupPolicy)
        Policy,   ///< a customer-managed policy (CreatePolicyVersion, SetDefaultPolicyVersion)
    };
    Kind kind;
    QString target;
    GraphEdge edge; ///< the can_modify edge it becomes
};

/// A policy document by graph node id (managed or inline), for per-principal narrowing.
struct PolicyText
{
    QString label;
    AwsPolicyDocument document;
};

/// Collects nodes and edges, each once (by id, and by from/to/kind).
class GraphBuilder
{
public:
    ImportedGraph graph;

    void node(const QString& id, GraphNodeKind kind, const QString& label, const QJsonObject& attributes = {})
    {
        if (m_nodes.contains(id))
            return;
        m_nodes.insert(id, graph.nodes.size());
        graph.nodes.append(GraphNode{id, kind, label, false, attributes});
    }
    GraphNode* find(const QString& id)
    {
        auto it = m_nodes.constFind(id);
        return it == m_nodes.cend() ? nullptr : &graph.nodes[*it];
    }
    void edge(GraphEdge e)
    {
        if (e.from == e.to)
            return;
        const QString k = key(e.from, e.to, e.kind);
        if (m_edges.contains(k))
            return;
        m_edges.insert(k);
        graph.edges.append(std::move(e));
    }

private:
    static QString key(const QString& from, const QString& to, GraphEdgeKind kind)
    {
        return from + QChar(0) + to + QChar(0) + QString::number(static_cast<int>(kind));
    }
    QHash<QString, qsizetype> m_nodes;
    QSet<QString> m_edges;
};

/// The part of a statement one grant edge stands for. Not the whole statement: an AWS-managed
/// policy lists thousands of actions, and copying them onto every one of its edges would make
/// the stored graph quadratic in the policy's size. The origin names the full statement.
QJsonObject statementPart(const AwsStatement& s, const QString& action, const QString& resource)
{
    QJsonObject o{
        {QStringLiteral("Effect"), QStringLiteral("Allow")},
        {s.notAction ? QStringLiteral("NotAction") : QStringLiteral("Action"),
         s.notAction ? QJsonValue(QJsonArray::fromStringList(s.actions)) : QJsonValue(action)},
        {s.notResource ? QStringLiteral("NotResource") : QStringLiteral("Resource"),
         s.notResource ? QJsonValue(QJsonArray::fromStringList(s.resources)) : QJsonValue(resource)}};
    if (!s.sid.isEmpty())
        o.insert(QStringLiteral("Sid"), s.sid);
    if (!s.condition.isEmpty())
        o.insert(QStringLiteral("Condition"), s.condition);
    return o;
}

/// One permission node an Allow statement gives: "<action lower-cased> on <resource>", a
/// NotAction / NotResource list written as one "not(...)".
struct GrantKey
{
    QString permission; ///< node id
    QString action;     ///< "s3:get*" or "not(iam:*,sts:*)"
    QString resource;   ///< "arn:aws:s3:::logs/*", "*" or "not(...)"
    AwsGrantedPermission granted;
};

QList<GrantKey> grantKeys(const AwsStatement& s)
{
    QList<std::pair<QString, QString>> actions; // key, pattern
    if (s.notAction)
        actions.append({QStringLiteral("not(%1)").arg(s.actions.join(QLatin1Char(','))).toLower(), {}});
    else
        for (const auto& a : s.actions)
            actions.append({a.toLower(), a});
    QList<std::pair<QString, QString>> resources;
    if (s.resources.isEmpty())
        resources.append({QStringLiteral("*"), QStringLiteral("*")});
    else if (s.notResource)
        resources.append({QStringLiteral("not(%1)").arg(s.resources.join(QLatin1Char(','))), {}});
    else
        for (const auto& r : s.resources)
            resources.append({r, r});
    QList<GrantKey> out;
    QSet<QString> seen;
    for (const auto& [actionKey, actionPattern] : actions) {
        for (const auto& [resourceKey, resourcePattern] : resources) {
            const QString permission = actionKey + QStringLiteral(" on ") + resourceKey;
            if (seen.contains(permission))
                continue;
            seen.insert(permission);
            AwsGrantedPermission g;
            g.action = actionPattern;
            if (s.notAction)
                g.notActions = s.actions;
            g.resource = resourcePattern;
            if (s.notResource)
                g.notResources = s.resources;
            out.append(GrantKey{permission, actionKey, resourceKey, g});
        }
    }
    return out;
}

class Reader
{
public:
    Reader(QString file, QDateTime now) : m_file(std::move(file)), m_now(std::move(now)) {}

    Result<ImportedGraph> run(const QJsonObject& root);

private:
    QString at(const QString& location) const { return m_file + QStringLiteral(": ") + location; }
    Result<QJsonArray> array(const QJsonObject& o, const QString& key, const QString& where) const;
    /// Calls \a read(entry, "Key[i]") for each object of the list \a key of \a root, in order;
    /// the first error (a list that is not one, an entry that is not an object, or \a read's
    /// own) stops it.
    Status eachObject(const QJsonObject& root, const QString& key,
                      const std::function<Status(const QJsonObject&, const QString&)>& read) const;
    Result<QString> string(const QJsonObject& o, const QString& key, const QString& where,
                           bool required) const;
    Status readPolicies(const QJsonObject& root);
    Status readGroups(const QJsonObject& root);
    Status readUsers(const QJsonObject& root);
    /// What users and roles share: Arn and name, the node, the permissions-boundary warning.
    Result<Identity> readIdentity(const QJsonObject& o, const QString& where, bool role);
    Status readRoles(const QJsonObject& root);
    /// Inline policies of \a ownerArn (UserPolicyList / GroupPolicyList / RolePolicyList).
    /// Appends each to \a attachments.
    Result<QList<AwsAttributedStatement>> readInline(const QJsonObject& o, const QString& listKey,
                                                     const QString& ownerArn, const QString& where,
                                                     QList<Attachment>& attachments);
    /// AttachedManagedPolicies of \a ownerArn; appends customer-managed ARNs to \a customer
    /// and each attachment to \a attachments.
    Result<QList<AwsAttributedStatement>> readAttached(const QJsonObject& o, const QString& ownerArn,
                                                       const QString& where, QStringList& customer,
                                                       QList<Attachment>& attachments);
    void policyGrants(const QString& policyId, const QString& label, const AwsPolicyDocument& doc,
                      const QString& where);
    void trustEdges(const Identity& role);
    /// Edges from users, groups and roles to their policies and groups. A principal whose
    /// Deny statements or permissions boundary take something from a policy gets that
    /// policy as it applies to it (effectivePolicy) instead of the shared one, and a group
    /// holding such a policy as it applies to it (effectiveGroup), so no traversal can reach
    /// a permission the principal does not hold.
    void attachmentEdges();
    /// Gives \a p's effective policy its permissions boundary, or warns that it cannot.
    void applyBoundary(Identity& p);
    /// "<policy>#for:<principal>": the policy's grants that \a p keeps, or an empty string
    /// when its Deny statements and boundary take nothing from the policy.
    QString effectivePolicy(const Identity& p, const Attachment& a);
    QString effectiveGroup(const Identity& p, const Membership& m);
    void escalations();
    /// Turns the recorded grant rewrites into edges where their author can act as a holder.
    void rewriteEscalations(const QHash<QString, Identity*>& byArn);
    void markTierZero(Identity& p);
    GraphEdge decisionEdge(const QString& from, const QString& to, GraphEdgeKind kind,
                           const QList<std::pair<QString, AwsAccessDecision>>& parts,
                           const QString& escalation, const QString& sentence) const;

    QString m_file;
    QDateTime m_now;
    GraphBuilder m_g;
    QHash<QString, ManagedPolicy> m_policies; ///< by ARN
    QStringList m_policyOrder;
    QHash<QString, Group> m_groups; ///< by ARN
    QStringList m_groupOrder;       ///< ARNs in file order
    QHash<QString, QString> m_groupByName;
    QList<Identity> m_identities; ///< users then roles
    QSet<QString> m_identityArns;
    QHash<QString, QList<Rewrite>> m_rewrites;   ///< by author ARN
    QHash<QString, PolicyText> m_texts;          ///< every policy document by node id
    QHash<QString, QString> m_effectivePolicies; ///< "<policy>\n<principal>" -> effective id or ""
};

Result<QJsonArray> Reader::array(const QJsonObject& o, const QString& key, const QString& where) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return QJsonArray{};
    if (!v.isArray())
        return invalid(at(where.isEmpty() ? key : where + QLatin1Char('.') + key),
                       QStringLiteral("must be a list"));
    return v.toArray();
}

Status Reader::eachObject(const QJsonObject& root, const QString& key,
                          const std::function<Status(const QJsonObject&, const QString&)>& read) const
{
    auto list = array(root, key, QString());
    if (!list)
        return std::unexpected(list.error());
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString where = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!list->at(i).isObject())
            return invalid(at(where), QStringLiteral("must be an object"));
        if (auto st = read(list->at(i).toObject(), where); !st)
            return st;
    }
    return {};
}

Result<QString> Reader::string(const QJsonObject& o, const QString& key, const QString& where,
                               bool required) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return invalid(at(where + QLatin1Char('.') + key), QStringLiteral("is missing"));
        return QString();
    }
    if (!v.isString())
        return invalid(at(where + QLatin1Char('.') + key), QStringLiteral("must be a string"));
    // IAM names are at most 128 characters and ARNs 2,048 (IAM User Guide, "IAM and AWS STS
    // quotas"); a longer value is damaged or hostile input, refused before it is copied onto
    // every node and edge that names it.
    if (v.toString().size() > kMaxNameChars)
        return invalid(at(where + QLatin1Char('.') + key),
                       QStringLiteral("has %1 characters, more than the %2 an IAM name or ARN may have")
                           .arg(v.toString().size())
                           .arg(kMaxNameChars));
    if (required && v.toString().isEmpty())
        return invalid(at(where + QLatin1Char('.') + key), QStringLiteral("is empty"));
    return v.toString();
}

void Reader::policyGrants(const QString& policyId, const QString& label, const AwsPolicyDocument& doc,
                          const QString& where)
{
    m_texts.insert(policyId, PolicyText{label, doc});
    for (const auto& s : doc.statements) {
        if (!s.allow)
            continue; // a Deny is never a grant (FIELD-CASES 18); it is applied per principal
        const QString loc = QStringLiteral("%1.Statement[%2]").arg(where).arg(s.index);
        if (s.conditionState == AwsConditionState::Fails) {
            m_g.graph.warnings << at(loc) + QStringLiteral(
                                                ": condition is false at import time; no grant recorded");
            continue;
        }
        const bool conditional = !statementUnconditional(s);
        for (const auto& k : grantKeys(s)) {
            const QString resource = QStringLiteral("resource:") + k.resource;
            m_g.node(
                k.permission, GraphNodeKind::Permission, k.permission,
                QJsonObject{{QStringLiteral("action"), k.action}, {QStringLiteral("resource"), k.resource}});
            m_g.node(resource, GraphNodeKind::Resource, k.resource);
            m_g.edge(GraphEdge{
                policyId,
                k.permission,
                GraphEdgeKind::Grants,
                QStringLiteral("policy %1 allows %2 (Statement[%3])").arg(label, k.permission).arg(s.index),
                policyId + QStringLiteral("#Statement[%1]").arg(s.index),
                statementPart(s, k.action, k.resource),
                conditional,
                s.condition,
                {}});
            m_g.edge(GraphEdge{k.permission,
                               resource,
                               GraphEdgeKind::Grants,
                               QStringLiteral("%1 applies to %2").arg(k.permission, k.resource),
                               loc,
                               {},
                               false,
                               {},
                               {}});
        }
    }
}

Status Reader::readPolicies(const QJsonObject& root)
{
    return eachObject(
        root, QStringLiteral("Policies"), [&](const QJsonObject& o, const QString& where) -> Status {
            auto arn = string(o, QStringLiteral("Arn"), where, true);
            if (!arn)
                return std::unexpected(arn.error());
            auto name = string(o, QStringLiteral("PolicyName"), where, false);
            if (!name)
                return std::unexpected(name.error());
            auto defaultId = string(o, QStringLiteral("DefaultVersionId"), where, false);
            if (!defaultId)
                return std::unexpected(defaultId.error());
            auto versions = array(o, QStringLiteral("PolicyVersionList"), where);
            if (!versions)
                return std::unexpected(versions.error());
            ManagedPolicy p{*arn, name->isEmpty() ? *arn : *name, where, {}, false};
            for (qsizetype v = 0; v < versions->size(); ++v) {
                const QJsonObject version = versions->at(v).toObject();
                const bool isDefault = version.value(QStringLiteral("IsDefaultVersion")).toBool() ||
                                       (!defaultId->isEmpty() &&
                                        version.value(QStringLiteral("VersionId")).toString() == *defaultId);
                if (!isDefault)
                    continue; // only the default version is in force
                const QString docWhere =
                    QStringLiteral("%1.PolicyVersionList[%2].Document").arg(where).arg(v);
                auto doc =
                    AwsPolicyDocument::parse(version.value(QStringLiteral("Document")), at(docWhere), m_now);
                if (!doc)
                    return std::unexpected(doc.error());
                p.document = *doc;
                p.location = docWhere;
                p.present = true;
                break;
            }
            if (!p.present)
                m_g.graph.warnings << at(where) +
                                          QStringLiteral(": no default policy version; treated as empty");
            if (!m_policies.contains(p.arn))
                m_policyOrder << p.arn;
            m_policies.insert(p.arn, p);
            m_g.node(p.arn, GraphNodeKind::Policy, p.name,
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("managed")},
                                 {QStringLiteral("aws_managed"), isAwsManaged(p.arn)}});
            policyGrants(p.arn, p.name, p.document, p.location);
            return {};
        });
}

Result<QList<AwsAttributedStatement>> Reader::readInline(const QJsonObject& o, const QString& listKey,
                                                         const QString& ownerArn, const QString& where,
                                                         QList<Attachment>& attachments)
{
    auto list = array(o, listKey, where);
    if (!list)
        return std::unexpected(list.error());
    QList<AwsAttributedStatement> out;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString loc = QStringLiteral("%1.%2[%3]").arg(where, listKey).arg(i);
        if (!list->at(i).isObject())
            return invalid(at(loc), QStringLiteral("must be an object"));
        const QJsonObject p = list->at(i).toObject();
        auto name = string(p, QStringLiteral("PolicyName"), loc, true);
        if (!name)
            return std::unexpected(name.error());
        auto doc = AwsPolicyDocument::parse(p.value(QStringLiteral("PolicyDocument")),
                                            at(loc + QStringLiteral(".PolicyDocument")), m_now);
        if (!doc)
            return std::unexpected(doc.error());
        const QString id = ownerArn + QStringLiteral("#inline/") + *name;
        m_g.node(id, GraphNodeKind::Policy, *name,
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("inline")},
                             {QStringLiteral("owner"), ownerArn}});
        attachments.append(
            Attachment{id, *name, loc, QStringLiteral("%1 has inline policy %2").arg(ownerArn, *name)});
        policyGrants(id, *name, *doc, loc + QStringLiteral(".PolicyDocument"));
        for (const auto& s : doc->statements)
            out.append(AwsAttributedStatement{
                id, *name, {}, QStringLiteral("%1.PolicyDocument.Statement[%2]").arg(loc).arg(s.index), s});
    }
    return out;
}

Result<QList<AwsAttributedStatement>> Reader::readAttached(const QJsonObject& o, const QString& ownerArn,
                                                           const QString& where, QStringList& customer,
                                                           QList<Attachment>& attachments)
{
    auto list = array(o, QStringLiteral("AttachedManagedPolicies"), where);
    if (!list)
        return std::unexpected(list.error());
    QList<AwsAttributedStatement> out;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QString loc = QStringLiteral("%1.AttachedManagedPolicies[%2]").arg(where).arg(i);
        if (!list->at(i).isObject())
            return invalid(at(loc), QStringLiteral("must be an object"));
        auto arn = string(list->at(i).toObject(), QStringLiteral("PolicyArn"), loc, true);
        if (!arn)
            return std::unexpected(arn.error());
        auto it = m_policies.find(*arn);
        if (it == m_policies.end()) {
            const QString name = list->at(i).toObject().value(QStringLiteral("PolicyName")).toString();
            m_g.graph.warnings << at(loc) +
                                      QStringLiteral(": policy %1 is not in the file's Policies list; its "
                                                     "grants are unknown")
                                          .arg(*arn);
            m_g.node(*arn, GraphNodeKind::Policy, name.isEmpty() ? *arn : name,
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("managed")},
                                 {QStringLiteral("aws_managed"), isAwsManaged(*arn)},
                                 {QStringLiteral("document_missing"), true}});
            it = m_policies.insert(*arn, ManagedPolicy{*arn, name.isEmpty() ? *arn : name, loc, {}, false});
            m_policyOrder << *arn;
        }
        attachments.append(
            Attachment{*arn, it->name, loc,
                       QStringLiteral("%1 has managed policy %2 attached").arg(ownerArn, it->name)});
        if (!isAwsManaged(*arn))
            customer << *arn;
        for (const auto& s : it->document.statements)
            out.append(AwsAttributedStatement{
                *arn, it->name, {}, QStringLiteral("%1.Statement[%2]").arg(it->location).arg(s.index), s});
    }
    return out;
}

Status Reader::readGroups(const QJsonObject& root)
{
    return eachObject(
        root, QStringLiteral("GroupDetailList"), [&](const QJsonObject& o, const QString& where) -> Status {
            auto arn = string(o, QStringLiteral("Arn"), where, true);
            if (!arn)
                return std::unexpected(arn.error());
            auto name = string(o, QStringLiteral("GroupName"), where, true);
            if (!name)
                return std::unexpected(name.error());
            m_g.node(*arn, GraphNodeKind::Group, *name,
                     QJsonObject{{QStringLiteral("type"), QStringLiteral("group")},
                                 {QStringLiteral("account"), accountOf(*arn)}});
            Group g{*arn, *name, {}, {}, {}};
            auto inl = readInline(o, QStringLiteral("GroupPolicyList"), *arn, where, g.attachments);
            if (!inl)
                return std::unexpected(inl.error());
            auto att = readAttached(o, *arn, where, g.attachedCustomerPolicies, g.attachments);
            if (!att)
                return std::unexpected(att.error());
            g.statements = *inl + *att;
            for (auto& s : g.statements)
                s.viaGroup = *name;
            if (!m_groups.contains(*arn))
                m_groupOrder << *arn;
            m_groups.insert(*arn, g);
            m_groupByName.insert(*name, *arn);
            return {};
        });
}

Result<Identity> Reader::readIdentity(const QJsonObject& o, const QString& where, bool role)
{
    auto arn = string(o, QStringLiteral("Arn"), where, true);
    if (!arn)
        return std::unexpected(arn.error());
    auto name = string(o, role ? QStringLiteral("RoleName") : QStringLiteral("UserName"), where, true);
    if (!name)
        return std::unexpected(name.error());
    const QString type = role ? QStringLiteral("role") : QStringLiteral("user");
    m_g.node(*arn, role ? GraphNodeKind::Role : GraphNodeKind::Principal, *name,
             QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("account"), accountOf(*arn)}});
    Identity identity;
    identity.arn = *arn;
    identity.name = *name;
    identity.location = where;
    identity.isRole = role;
    identity.account = accountOf(*arn);
    const QJsonValue boundary = o.value(QStringLiteral("PermissionsBoundary"));
    if (!boundary.isUndefined() && !boundary.isNull()) {
        const QString loc = where + QStringLiteral(".PermissionsBoundary");
        if (!boundary.isObject())
            return invalid(at(loc), QStringLiteral("must be an object"));
        auto boundaryArn = string(boundary.toObject(), QStringLiteral("PermissionsBoundaryArn"), loc, true);
        if (!boundaryArn)
            return std::unexpected(boundaryArn.error());
        identity.boundaryArn = *boundaryArn;
        identity.boundaryLocation = loc;
        if (GraphNode* node = m_g.find(*arn))
            node->attributes.insert(QStringLiteral("permissions_boundary"), *boundaryArn);
    }
    return identity;
}

Status Reader::readUsers(const QJsonObject& root)
{
    return eachObject(
        root, QStringLiteral("UserDetailList"), [&](const QJsonObject& o, const QString& where) -> Status {
            auto head = readIdentity(o, where, false);
            if (!head)
                return std::unexpected(head.error());
            Identity u = *head;
            auto inl = readInline(o, QStringLiteral("UserPolicyList"), u.arn, where, u.attachments);
            if (!inl)
                return std::unexpected(inl.error());
            auto att = readAttached(o, u.arn, where, u.attachedCustomerPolicies, u.attachments);
            if (!att)
                return std::unexpected(att.error());
            u.statements = *inl + *att;
            auto groups = array(o, QStringLiteral("GroupList"), where);
            if (!groups)
                return std::unexpected(groups.error());
            for (qsizetype g = 0; g < groups->size(); ++g) {
                const QString loc = QStringLiteral("%1.GroupList[%2]").arg(where).arg(g);
                if (!groups->at(g).isString())
                    return invalid(at(loc), QStringLiteral("must be a group name"));
                const QString groupName = groups->at(g).toString();
                if (groupName.size() > kMaxNameChars)
                    return invalid(at(loc),
                                   QStringLiteral("has %1 characters, more than the %2 an IAM name may have")
                                       .arg(groupName.size())
                                       .arg(kMaxNameChars));
                QString groupArn = m_groupByName.value(groupName);
                if (groupArn.isEmpty()) {
                    groupArn = QStringLiteral("arn:aws:iam::%1:group/%2").arg(accountOf(u.arn), groupName);
                    m_g.graph.warnings
                        << at(loc) + QStringLiteral(": group %1 is not in GroupDetailList").arg(groupName);
                    m_g.node(groupArn, GraphNodeKind::Group, groupName,
                             QJsonObject{{QStringLiteral("type"), QStringLiteral("group")},
                                         {QStringLiteral("document_missing"), true}});
                } else {
                    const Group& group = m_groups[groupArn];
                    u.statements += group.statements;
                    u.attachedCustomerPolicies += group.attachedCustomerPolicies;
                }
                u.groups << groupArn;
                u.memberships.append(Membership{groupArn, groupName, loc});
            }
            u.effective = AwsEffectivePolicy(u.statements, {{QStringLiteral("aws:username"), u.name}});
            applyBoundary(u);
            m_identities << u;
            m_identityArns.insert(u.arn);
            return {};
        });
}

Status Reader::readRoles(const QJsonObject& root)
{
    return eachObject(
        root, QStringLiteral("RoleDetailList"), [&](const QJsonObject& o, const QString& where) -> Status {
            auto head = readIdentity(o, where, true);
            if (!head)
                return std::unexpected(head.error());
            Identity r = *head;
            r.trustLocation = where + QStringLiteral(".AssumeRolePolicyDocument");
            if (!o.contains(QStringLiteral("AssumeRolePolicyDocument")))
                return invalid(at(r.trustLocation), QStringLiteral("is missing"));
            auto trust = AwsPolicyDocument::parse(o.value(QStringLiteral("AssumeRolePolicyDocument")),
                                                  at(r.trustLocation), m_now);
            if (!trust)
                return std::unexpected(trust.error());
            r.trust = *trust;
            auto inl = readInline(o, QStringLiteral("RolePolicyList"), r.arn, where, r.attachments);
            if (!inl)
                return std::unexpected(inl.error());
            auto att = readAttached(o, r.arn, where, r.attachedCustomerPolicies, r.attachments);
            if (!att)
                return std::unexpected(att.error());
            r.statements = *inl + *att;
            r.effective = AwsEffectivePolicy(r.statements, {});
            applyBoundary(r);
            m_identities << r;
            m_identityArns.insert(r.arn);
            return {};
        });
}

/// Edges from principals named by a role's trust policy that are not users or roles of this
/// file: services, federated providers, "*", account roots and principals of other accounts.
void Reader::trustEdges(const Identity& role)
{
    for (const auto& s : role.trust.statements) {
        if (!s.allow || !s.hasPrincipal)
            continue;
        const QString loc = QStringLiteral("%1.Statement[%2]").arg(role.trustLocation).arg(s.index);
        if (s.conditionState == AwsConditionState::Fails) {
            m_g.graph.warnings << at(loc) + QStringLiteral(": trust condition is false at import time");
            continue;
        }
        bool assumes = false;
        for (const auto& a : kAssumeActions)
            assumes = assumes || s.coversAction(a);
        if (!assumes)
            continue;
        if (s.notPrincipal) {
            m_g.graph.warnings << at(loc) +
                                      QStringLiteral(": NotPrincipal in a trust policy is not modelled");
            continue;
        }
        auto add = [&](const QString& id, const QString& type, const QString& label) {
            QJsonObject attrs{{QStringLiteral("type"), type}};
            if (type == QStringLiteral("any"))
                attrs.insert(QStringLiteral("public"), true);
            m_g.node(id, GraphNodeKind::Principal, label, attrs);
            // The root user of the account the role lives in holds every permission in it.
            if (type == QStringLiteral("account") && accountOf(id) == role.account)
                if (GraphNode* root = m_g.find(id); root && !root->tierZero) {
                    root->tierZero = true;
                    root->attributes.insert(
                        QStringLiteral("tier_zero_reason"),
                        QStringLiteral("the account's root user holds every permission in it"));
                }
            m_g.edge(GraphEdge{id,
                               role.arn,
                               GraphEdgeKind::CanAssume,
                               QStringLiteral("role %1 trusts %2 (trust policy Statement[%3])")
                                   .arg(role.name, label)
                                   .arg(s.index),
                               role.arn + QStringLiteral("#trust/Statement[%1]").arg(s.index),
                               s.raw,
                               !statementUnconditional(s),
                               s.condition,
                               {}});
        };
        if (s.anyPrincipal)
            add(QStringLiteral("*"), QStringLiteral("any"), QStringLiteral("any principal (*)"));
        for (const auto& svc : s.servicePrincipals)
            add(svc, QStringLiteral("service"), svc);
        for (const auto& fed : s.federatedPrincipals)
            add(fed, QStringLiteral("federated"), fed);
        for (const auto& p : s.awsPrincipals) {
            const QString id = normalisePrincipal(p);
            if (m_identityArns.contains(id))
                continue; // decided with the caller's own permissions in escalations()
            const bool root = id.endsWith(QStringLiteral(":root"));
            add(id, root ? QStringLiteral("account") : QStringLiteral("external"),
                root ? QStringLiteral("account %1").arg(accountOf(id)) : id);
        }
    }
}

GraphEdge Reader::decisionEdge(const QString& from, const QString& to, GraphEdgeKind kind,
                               const QList<std::pair<QString, AwsAccessDecision>>& parts,
                               const QString& escalation, const QString& sentence) const
{
    GraphEdge e;
    e.from = from;
    e.to = to;
    e.kind = kind;
    e.escalation = escalation;
    QStringList cites, origins;
    QJsonObject detail, condition;
    for (const auto& [action, d] : parts) {
        if (d.outcome == AwsAccessDecision::Outcome::Conditional)
            e.conditional = true;
        if (d.allows.isEmpty())
            continue;
        const AwsAttributedStatement& a = d.allows.first();
        cites << QStringLiteral("%1 (%2)").arg(action, cite(a));
        origins << originOf(a);
        detail.insert(action, a.statement.raw);
        if (!a.statement.condition.isEmpty())
            condition.insert(originOf(a), a.statement.condition);
        for (const auto& deny : d.denies)
            condition.insert(QStringLiteral("deny ") + originOf(deny), deny.statement.condition);
    }
    e.explanation = sentence + QStringLiteral(": ") + cites.join(QStringLiteral(" + "));
    if (e.conditional)
        e.explanation += QStringLiteral(" [conditional: allowed only under a condition, or possibly denied]");
    e.origin = origins.join(QStringLiteral("; "));
    e.originDetail = detail;
    e.condition = condition;
    return e;
}

void Reader::markTierZero(Identity& p)
{
    GraphNode* node = m_g.find(p.arn);
    if (!node)
        return;
    auto set = [&](const QString& reason) {
        if (node->tierZero)
            return;
        node->tierZero = true;
        node->attributes.insert(QStringLiteral("tier_zero_reason"), reason);
    };
    if (p.effective.grantsFullIam()) {
        set(QStringLiteral("holds every iam action on * unconditionally"));
        return;
    }
    auto selfChange = [&](const QStringList& actions, const QString& target, const QString& what) {
        for (const auto& a : actions)
            if (p.effective.decide(a, target).outcome == AwsAccessDecision::Outcome::Allowed)
                set(QStringLiteral("can rewrite its own grants: %1 on %2").arg(a, what));
    };
    if (p.isRole)
        selfChange({QStringLiteral("iam:AttachRolePolicy"), QStringLiteral("iam:PutRolePolicy")}, p.arn,
                   QStringLiteral("itself"));
    else
        selfChange({QStringLiteral("iam:AttachUserPolicy"), QStringLiteral("iam:PutUserPolicy")}, p.arn,
                   QStringLiteral("itself"));
    for (const auto& g : p.groups)
        selfChange({QStringLiteral("iam:AttachGroupPolicy"), QStringLiteral("iam:PutGroupPolicy")}, g,
                   QStringLiteral("its group ") + g);
    for (const auto& pol : p.attachedCustomerPolicies)
        selfChange({QStringLiteral("iam:CreatePolicyVersion")}, pol, QStringLiteral("its policy ") + pol);
}

void Reader::applyBoundary(Identity& p)
{
    if (p.boundaryArn.isEmpty())
        return;
    auto it = m_policies.constFind(p.boundaryArn);
    if (it == m_policies.cend() || !it->present) {
        m_g.graph.warnings << at(p.boundaryLocation) +
                                  QStringLiteral(": permissions boundary %1 is not in the file's Policies "
                                                 "list; not applied, so paths from this %2 may be overstated")
                                      .arg(p.boundaryArn,
                                           p.isRole ? QStringLiteral("role") : QStringLiteral("user"));
        return;
    }
    QList<AwsAttributedStatement> statements;
    for (const auto& s : it->document.statements)
        statements.append(
            AwsAttributedStatement{it->arn,
                                   QStringLiteral("boundary ") + it->name,
                                   {},
                                   QStringLiteral("%1.Statement[%2]").arg(it->location).arg(s.index),
                                   s});
    p.effective.setPermissionsBoundary(statements);
}

QString Reader::effectivePolicy(const Identity& p, const Attachment& a)
{
    const QString key = a.policyId + QLatin1Char('\n') + p.arn;
    if (auto cached = m_effectivePolicies.constFind(key); cached != m_effectivePolicies.cend())
        return *cached;
    m_effectivePolicies.insert(key, QString());
    auto text = m_texts.constFind(a.policyId);
    if (text == m_texts.cend() || !p.effective.narrows())
        return {};

    QList<GraphEdge> kept;
    QStringList removed, narrowedBy;
    int removedCount = 0, possiblyDenied = 0, narrowed = 0, outsideBoundary = 0;
    for (const auto& s : text->document.statements) {
        if (!s.allow || s.conditionState == AwsConditionState::Fails)
            continue;
        for (const auto& k : grantKeys(s)) {
            const AwsGrantNarrowing n = p.effective.narrowGrant(k.granted);
            QStringList by;
            QJsonObject condition = s.condition;
            for (const auto& b : n.by) {
                by << QStringLiteral("%1 (%2)").arg(
                    b.statement.allow ? QStringLiteral("boundary") : QStringLiteral("Deny"), cite(b));
                if (!narrowedBy.contains(originOf(b)))
                    narrowedBy << originOf(b);
                if (!b.statement.condition.isEmpty())
                    condition.insert(
                        (b.statement.allow ? QStringLiteral("boundary ") : QStringLiteral("deny ")) +
                            originOf(b),
                        b.statement.condition);
            }
            if (n.outsideBoundary)
                ++outsideBoundary;
            if (n.outcome == AwsGrantNarrowing::Outcome::Removed) {
                ++removedCount;
                if (removed.size() < 200)
                    removed << k.permission;
                continue;
            }
            GraphEdge e{QString(),
                        k.permission,
                        GraphEdgeKind::Grants,
                        QStringLiteral("policy %1 allows %2 (Statement[%3]) for %4")
                            .arg(text->label, k.permission)
                            .arg(s.index)
                            .arg(p.name),
                        a.policyId + QStringLiteral("#Statement[%1]").arg(s.index),
                        statementPart(s, k.action, k.resource),
                        !statementUnconditional(s),
                        condition,
                        {}};
            if (n.outcome == AwsGrantNarrowing::Outcome::PossiblyDenied) {
                ++possiblyDenied;
                e.conditional = true;
                e.explanation +=
                    QStringLiteral(" [possibly denied: ") + by.join(QStringLiteral("; ")) + QLatin1Char(']');
            } else if (n.outcome == AwsGrantNarrowing::Outcome::Narrowed) {
                ++narrowed;
                e.explanation +=
                    QStringLiteral(" [narrowed: part of it is denied or outside the boundary: ") +
                    by.join(QStringLiteral("; ")) + QLatin1Char(']');
            }
            if (!n.by.isEmpty()) {
                QJsonArray origins;
                for (const auto& b : n.by)
                    origins.append(originOf(b));
                e.originDetail.insert(QStringLiteral("NarrowedBy"), origins);
            }
            kept.append(std::move(e));
        }
    }
    if (removedCount == 0 && possiblyDenied == 0 && narrowed == 0)
        return {};

    const QString id = a.policyId + QStringLiteral("#for:") + p.arn;
    m_g.node(id, GraphNodeKind::Policy, QStringLiteral("%1 (for %2)").arg(text->label, p.name),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("effective")},
                         {QStringLiteral("policy"), a.policyId},
                         {QStringLiteral("effective_for"), p.arn},
                         {QStringLiteral("removed"), QJsonArray::fromStringList(removed)},
                         {QStringLiteral("removed_count"), removedCount},
                         {QStringLiteral("possibly_denied_count"), possiblyDenied},
                         {QStringLiteral("narrowed_count"), narrowed},
                         {QStringLiteral("outside_boundary_count"), outsideBoundary},
                         {QStringLiteral("narrowed_by"), QJsonArray::fromStringList(narrowedBy)}});
    for (auto& e : kept) {
        e.from = id;
        m_g.edge(std::move(e));
    }
    m_effectivePolicies.insert(key, id);
    return id;
}

QString Reader::effectiveGroup(const Identity& p, const Membership& m)
{
    auto group = m_groups.constFind(m.groupArn);
    if (group == m_groups.cend())
        return {};
    QList<std::pair<const Attachment*, QString>> policies;
    bool any = false;
    for (const auto& a : group->attachments) {
        const QString eff = effectivePolicy(p, a);
        any = any || !eff.isEmpty();
        policies.append({&a, eff});
    }
    if (!any)
        return {};
    const QString id = m.groupArn + QStringLiteral("#for:") + p.arn;
    m_g.node(id, GraphNodeKind::Group, QStringLiteral("%1 (for %2)").arg(m.groupName, p.name),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("effective")},
                         {QStringLiteral("group"), m.groupArn},
                         {QStringLiteral("effective_for"), p.arn}});
    for (const auto& [a, eff] : policies)
        m_g.edge(GraphEdge{id,
                           eff.isEmpty() ? a->policyId : eff,
                           GraphEdgeKind::Grants,
                           eff.isEmpty()
                               ? a->sentence
                               : a->sentence + QStringLiteral("; for %1 its Deny statements or "
                                                              "permissions boundary take part of it")
                                                   .arg(p.name),
                           a->location,
                           {},
                           false,
                           {},
                           {}});
    return id;
}

void Reader::attachmentEdges()
{
    auto attach = [&](const QString& owner, const Attachment& a, const QString& effective,
                      const QString& who) {
        m_g.edge(GraphEdge{owner,
                           effective.isEmpty() ? a.policyId : effective,
                           GraphEdgeKind::Grants,
                           effective.isEmpty()
                               ? a.sentence
                               : a.sentence + QStringLiteral("; for %1 its Deny statements or "
                                                             "permissions boundary take part of it")
                                                  .arg(who),
                           a.location,
                           {},
                           false,
                           {},
                           {}});
    };
    for (const auto& arn : m_groupOrder)
        for (const auto& a : m_groups[arn].attachments)
            attach(arn, a, {}, {});
    for (const auto& p : m_identities) {
        for (const auto& a : p.attachments)
            attach(p.arn, a, effectivePolicy(p, a), p.name);
        for (const auto& m : p.memberships) {
            const QString eff = effectiveGroup(p, m);
            m_g.edge(
                GraphEdge{p.arn,
                          eff.isEmpty() ? m.groupArn : eff,
                          GraphEdgeKind::MemberOf,
                          QStringLiteral("user %1 is a member of group %2").arg(p.name, m.groupName) +
                              (eff.isEmpty() ? QString()
                                             : QStringLiteral("; its Deny statements or permissions "
                                                              "boundary take part of the group's grants")),
                          m.location,
                          {},
                          false,
                          {},
                          {}});
        }
    }
}

void Reader::escalations()
{
    // Targets, in file order, so the edge list is deterministic.
    QList<Identity*> roles, users;
    for (auto& i : m_identities)
        (i.isRole ? roles : users) << &i;
    QHash<QString, Identity*> byArn;
    for (auto& i : m_identities)
        byArn.insert(i.arn, &i);

    for (const auto* role : roles)
        trustEdges(*role);

    // Who a role's trust policy names, read once: by ARN, by account root, or "*".
    struct Trust
    {
        QHash<QString, const AwsStatement*> named;    ///< principal ARN -> the statement naming it
        QHash<QString, const AwsStatement*> accounts; ///< "arn:aws:iam::N:root" -> statement
        const AwsStatement* anyone = nullptr;
        QList<const AwsStatement*> denies;
    };
    std::vector<Trust> trusts;
    trusts.reserve(static_cast<size_t>(roles.size()));
    QHash<QString, QList<qsizetype>> rolesNaming; ///< principal ARN -> roles whose trust names it
    QList<qsizetype> rolesTrustingAnyone;
    for (const auto* r : roles) {
        Trust t;
        for (const auto& st : r->trust.statements) {
            if (!st.hasPrincipal || st.conditionState == AwsConditionState::Fails ||
                !st.coversAction(QStringLiteral("sts:AssumeRole")))
                continue;
            if (!st.allow) {
                t.denies << &st;
                continue;
            }
            if (st.notPrincipal)
                continue; // NotPrincipal with Allow: warned about in trustEdges()
            auto better = [](const AwsStatement* old, const AwsStatement* s) {
                return !old || (statementUnconditional(*s) && !statementUnconditional(*old));
            };
            if (st.anyPrincipal && better(t.anyone, &st))
                t.anyone = &st;
            for (const auto& ap : st.awsPrincipals) {
                const QString n = normalisePrincipal(ap);
                auto& slot = n.endsWith(QStringLiteral(":root")) ? t.accounts[n] : t.named[n];
                if (better(slot, &st))
                    slot = &st;
            }
        }
        const qsizetype index = static_cast<qsizetype>(trusts.size());
        for (auto it = t.named.cbegin(); it != t.named.cend(); ++it)
            rolesNaming[it.key()] << index;
        if (t.anyone)
            rolesTrustingAnyone << index;
        trusts.push_back(std::move(t));
    }
    QList<qsizetype> allRoles;
    for (qsizetype i = 0; i < roles.size(); ++i)
        allRoles << i;

    // Which escalation actions each principal is allowed on some resource at all, decided once
    // per principal: a principal without them skips the per-target checks (most principals of
    // a large account), and the target loops never rescan its statements.
    static const QStringList kEscalationActions = {QStringLiteral("sts:AssumeRole"),
                                                   QStringLiteral("iam:PassRole"),
                                                   QStringLiteral("iam:UpdateAssumeRolePolicy"),
                                                   QStringLiteral("iam:AttachRolePolicy"),
                                                   QStringLiteral("iam:PutRolePolicy"),
                                                   QStringLiteral("iam:AttachUserPolicy"),
                                                   QStringLiteral("iam:PutUserPolicy"),
                                                   QStringLiteral("iam:AttachGroupPolicy"),
                                                   QStringLiteral("iam:PutGroupPolicy"),
                                                   QStringLiteral("iam:CreatePolicyVersion"),
                                                   QStringLiteral("iam:SetDefaultPolicyVersion"),
                                                   QStringLiteral("iam:CreateAccessKey"),
                                                   QStringLiteral("iam:CreateLoginProfile"),
                                                   QStringLiteral("iam:UpdateLoginProfile")};
    QSet<QString> allowedSomewhere; // the actions the current principal may call on some resource
    auto mayCall = [&](const QString& action) { return allowedSomewhere.contains(action); };

    for (auto& p : m_identities) {
        const AwsEffectivePolicy& eff = p.effective;
        const QString who = p.name;
        const QString account = QStringLiteral("arn:aws:iam::%1:root").arg(p.account);
        // An admin-equivalent principal already holds whatever an escalation edge from it would
        // lead to; like PMapper ("if source is an admin, it can access destination but this is
        // not tracked via an Edge") it gets none, or a large account's few admins would give
        // admins x every principal edges.
        markTierZero(p);
        if (GraphNode* node = m_g.find(p.arn); node && node->tierZero) {
            node->attributes.insert(QStringLiteral("escalation_edges_omitted"), true);
            continue;
        }
        allowedSomewhere.clear();
        for (const auto& a : p.effective.statements())
            if (a.statement.allow && a.statement.conditionState != AwsConditionState::Fails)
                for (const auto& action : kEscalationActions)
                    if (a.statement.coversAction(action))
                        allowedSomewhere.insert(action);
        const bool mayAssume = mayCall(QStringLiteral("sts:AssumeRole"));
        const bool mayPass = mayCall(QStringLiteral("iam:PassRole"));
        auto rewrite = [&](const QString& target, const QString& kindName, const QString& name,
                           const QStringList& actions, Rewrite::Kind kind) {
            if (target == p.arn && kind != Rewrite::Kind::Policy)
                return;
            bool any = false;
            for (const auto& a : actions)
                any = any || mayCall(a);
            if (!any)
                return; // most principals: no per-target work at all
            QList<std::pair<QString, AwsAccessDecision>> parts;
            QStringList names;
            for (const auto& a : actions) {
                if (!mayCall(a))
                    continue;
                auto d = eff.decide(a, target);
                if (d.granted()) {
                    parts.append({a, d});
                    names << a;
                }
            }
            if (parts.isEmpty())
                return;
            m_rewrites[p.arn].append(Rewrite{
                kind, target,
                decisionEdge(p.arn, target, GraphEdgeKind::CanModify, parts, names.join(QLatin1Char(',')),
                             QStringLiteral("%1 can rewrite the grants of %2 %3").arg(who, kindName, name))});
        };

        // A principal that may call none of the role escalation actions can still assume the
        // roles whose trust names it (or "*"): only those are visited.
        const bool roleWork = mayAssume || mayPass || mayCall(QStringLiteral("iam:UpdateAssumeRolePolicy")) ||
                              mayCall(QStringLiteral("iam:AttachRolePolicy")) ||
                              mayCall(QStringLiteral("iam:PutRolePolicy"));
        QList<qsizetype> candidates = roleWork ? allRoles : rolesNaming.value(p.arn) + rolesTrustingAnyone;
        if (!roleWork) {
            std::sort(candidates.begin(), candidates.end());
            candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        }
        for (const qsizetype ri : candidates) {
            const Identity* r = roles[ri];
            if (r->arn == p.arn)
                continue;
            const Trust& t = trusts[static_cast<size_t>(ri)];
            // sts:AssumeRole. Within one account a trust policy that names the principal's own
            // ARN (or "*") is enough by itself; one that names only the account root needs the
            // principal's identity policy to allow sts:AssumeRole on the role as well (AWS IAM
            // User Guide, "Policy evaluation logic"; PMapper's trust matching). An explicit
            // Deny, in the trust or in the principal's policies, always wins.
            const bool sameAccount = p.account == r->account;
            const AwsStatement* direct = t.named.value(p.arn);
            if (!direct && t.anyone)
                direct = t.anyone;
            const AwsStatement* byAccount = t.accounts.value(account);
            bool trustDenied = false, trustConditional = false;
            for (const auto* d : t.denies) {
                bool names = d->anyPrincipal;
                for (const auto& ap : d->awsPrincipals) {
                    const QString n = normalisePrincipal(ap);
                    names = names || n == p.arn || n == account;
                }
                if (!names)
                    continue;
                (statementUnconditional(*d) ? trustDenied : trustConditional) = true;
            }
            if ((direct || byAccount) && !trustDenied && (mayAssume || (direct && sameAccount))) {
                const AwsAccessDecision d = eff.decide(QStringLiteral("sts:AssumeRole"), r->arn);
                bool hardDeny = false;
                for (const auto& deny : d.denies)
                    hardDeny = hardDeny || statementUnconditional(deny.statement);
                const bool byTrustAlone = direct && sameAccount && !hardDeny;
                if (d.granted() || byTrustAlone) {
                    const AwsStatement* trustedBy =
                        (direct && (sameAccount || d.granted())) ? direct : byAccount;
                    if (!trustedBy)
                        trustedBy = direct;
                    QString how;
                    if (trustedBy == t.anyone && !t.named.contains(p.arn))
                        how = QStringLiteral("names any principal (*)");
                    else if (trustedBy == direct)
                        how = QStringLiteral("names it");
                    else
                        how = QStringLiteral("names its account %1").arg(accountOf(p.arn));
                    GraphEdge e = decisionEdge(
                        p.arn, r->arn, GraphEdgeKind::CanAssume, {{QStringLiteral("sts:AssumeRole"), d}}, {},
                        QStringLiteral("%1 can assume role %2; its trust policy %3 (Statement[%4])")
                            .arg(who, r->name, how)
                            .arg(trustedBy->index));
                    if (!d.granted()) {
                        e.explanation = QStringLiteral("%1 can assume role %2: its trust policy names it "
                                                       "directly (Statement[%3]), which within one account "
                                                       "needs no Allow in %1's own policies")
                                            .arg(who, r->name)
                                            .arg(trustedBy->index);
                        e.origin = r->arn + QStringLiteral("#trust/Statement[%1]").arg(trustedBy->index);
                        e.conditional = !d.denies.isEmpty();
                    }
                    e.escalation = QStringLiteral("sts:AssumeRole");
                    if (trustConditional || !statementUnconditional(*trustedBy)) {
                        e.conditional = true;
                        e.condition.insert(r->arn +
                                               QStringLiteral("#trust/Statement[%1]").arg(trustedBy->index),
                                           trustedBy->condition);
                    }
                    e.originDetail.insert(QStringLiteral("trust"), trustedBy->raw);
                    m_g.edge(e);
                }
            }

            // iam:PassRole to a service that runs code, plus that service's launch actions.
            if (mayPass) {
                for (const auto& [service, alternatives] : runCodeServices()) {
                    const AwsStatement* trusts = nullptr;
                    for (const auto& s : r->trust.statements)
                        if (s.allow && s.servicePrincipals.contains(service) &&
                            s.conditionState != AwsConditionState::Fails &&
                            s.coversAction(QStringLiteral("sts:AssumeRole")))
                            trusts = &s;
                    if (!trusts)
                        continue;
                    auto pass = eff.decide(QStringLiteral("iam:PassRole"), r->arn);
                    if (!pass.granted())
                        break;
                    for (const auto& needed : alternatives) {
                        QList<std::pair<QString, AwsAccessDecision>> parts{
                            {QStringLiteral("iam:PassRole"), pass}};
                        bool all = true;
                        for (const auto& a : needed) {
                            auto d = eff.decide(a, QString());
                            if (!d.granted()) {
                                all = false;
                                break;
                            }
                            parts.append({a, d});
                        }
                        if (!all)
                            continue;
                        GraphEdge e =
                            decisionEdge(p.arn, r->arn, GraphEdgeKind::CanPassRole, parts,
                                         QStringLiteral("iam:PassRole+") + needed.join(QLatin1Char('+')),
                                         QStringLiteral("%1 can pass role %2 to %3, which runs code as it")
                                             .arg(who, r->name, service));
                        if (!statementUnconditional(*trusts))
                            e.conditional = true;
                        e.originDetail.insert(QStringLiteral("trust"), trusts->raw);
                        m_g.edge(e);
                        break;
                    }
                }
            }

            // iam:UpdateAssumeRolePolicy: rewrite the role's trust to name oneself, then assume
            // it; a takeover on its own (within one account, see above).
            if (mayCall(QStringLiteral("iam:UpdateAssumeRolePolicy"))) {
                const auto d = eff.decide(QStringLiteral("iam:UpdateAssumeRolePolicy"), r->arn);
                if (d.granted() &&
                    (sameAccount || eff.decide(QStringLiteral("sts:AssumeRole"), r->arn).granted()))
                    m_g.edge(decisionEdge(
                        p.arn, r->arn, GraphEdgeKind::CanModify,
                        {{QStringLiteral("iam:UpdateAssumeRolePolicy"), d}},
                        QStringLiteral("iam:UpdateAssumeRolePolicy"),
                        QStringLiteral(
                            "%1 can rewrite the trust policy of role %2 to name itself, then assume it")
                            .arg(who, r->name)));
            }
            rewrite(r->arn, QStringLiteral("role"), r->name,
                    {QStringLiteral("iam:AttachRolePolicy"), QStringLiteral("iam:PutRolePolicy")},
                    Rewrite::Kind::Identity);
        }

        const bool userWork = mayCall(QStringLiteral("iam:AttachUserPolicy")) ||
                              mayCall(QStringLiteral("iam:PutUserPolicy")) ||
                              mayCall(QStringLiteral("iam:CreateAccessKey")) ||
                              mayCall(QStringLiteral("iam:CreateLoginProfile")) ||
                              mayCall(QStringLiteral("iam:UpdateLoginProfile"));
        for (const Identity* u : userWork ? users : QList<Identity*>{}) {
            if (u->arn == p.arn)
                continue;
            rewrite(u->arn, QStringLiteral("user"), u->name,
                    {QStringLiteral("iam:AttachUserPolicy"), QStringLiteral("iam:PutUserPolicy")},
                    Rewrite::Kind::Identity);
            QList<std::pair<QString, AwsAccessDecision>> parts;
            QStringList names;
            for (const auto& a :
                 {QStringLiteral("iam:CreateAccessKey"), QStringLiteral("iam:CreateLoginProfile"),
                  QStringLiteral("iam:UpdateLoginProfile")}) {
                if (!mayCall(a))
                    continue;
                auto d = eff.decide(a, u->arn);
                if (d.granted()) {
                    parts.append({a, d});
                    names << a;
                }
            }
            if (!parts.isEmpty())
                m_g.edge(decisionEdge(
                    p.arn, u->arn, GraphEdgeKind::CanCreateToken, parts, names.join(QLatin1Char(',')),
                    QStringLiteral("%1 can mint credentials for user %2").arg(who, u->name)));
        }
        for (const auto& arn : m_groupOrder)
            rewrite(arn, QStringLiteral("group"), m_groups[arn].name,
                    {QStringLiteral("iam:AttachGroupPolicy"), QStringLiteral("iam:PutGroupPolicy")},
                    Rewrite::Kind::Group);
        for (const auto& arn : m_policyOrder) {
            if (isAwsManaged(arn))
                continue; // AWS-managed policies cannot be changed by any account principal
            rewrite(
                arn, QStringLiteral("policy"), m_policies[arn].name,
                {QStringLiteral("iam:CreatePolicyVersion"), QStringLiteral("iam:SetDefaultPolicyVersion")},
                Rewrite::Kind::Policy);
        }
    }
    rewriteEscalations(byArn);
}

void Reader::rewriteEscalations(const QHash<QString, Identity*>& byArn)
{
    // Who can act as whom: the takeover edges found so far (assume, pass role to code, mint
    // credentials, rewrite a trust), between users and roles of this file.
    QHash<QString, QStringList> actAs;
    for (const auto& e : m_g.graph.edges)
        if ((e.kind == GraphEdgeKind::CanAssume || e.kind == GraphEdgeKind::CanPassRole ||
             e.kind == GraphEdgeKind::CanCreateToken || e.kind == GraphEdgeKind::CanModify) &&
            byArn.contains(e.from) && byArn.contains(e.to))
            actAs[e.from] << e.to;
    auto reach = [&](const QString& from) {
        QStringList order{from};
        QSet<QString> seen{from};
        for (qsizetype i = 0; i < order.size(); ++i)
            for (const auto& n : actAs.value(order[i]))
                if (!seen.contains(n)) {
                    seen.insert(n);
                    order << n;
                }
        return order;
    };
    // Rewriting the grants of X (its own policies, a group it is in, a customer-managed policy
    // attached to it) escalates only for whoever can also act as X; otherwise it changes what
    // somebody else may do. So a rewrite becomes an edge, and its author admin-equivalent,
    // only when the author can act as a holder of what it rewrites (Rhino Security Labs'
    // methods 1, 5-9 all start from "a role/user/group the attacker is or can become").
    auto holds = [&](const Identity& x, const Rewrite& w) {
        switch (w.kind) {
        case Rewrite::Kind::Identity:
            return x.arn == w.target;
        case Rewrite::Kind::Group:
            return x.groups.contains(w.target);
        case Rewrite::Kind::Policy: // attached, or its permissions boundary: rewriting lifts the cap
            return x.attachedCustomerPolicies.contains(w.target) || x.boundaryArn == w.target;
        }
        return false;
    };
    for (auto& p : m_identities) {
        if (!m_rewrites.contains(p.arn))
            continue;
        const QStringList mine = reach(p.arn);
        for (const Rewrite& w : m_rewrites.value(p.arn)) {
            const Identity* holder = nullptr;
            for (const auto& arn : mine)
                if (holds(*byArn.value(arn), w)) {
                    holder = byArn.value(arn);
                    break;
                }
            if (GraphNode* target = m_g.find(w.target)) {
                QJsonArray by = target->attributes.value(QStringLiteral("grants_rewritable_by")).toArray();
                if (by.size() < 50)
                    by.append(p.arn);
                target->attributes.insert(QStringLiteral("grants_rewritable_by"), by);
            }
            if (!holder)
                continue;
            GraphEdge e = w.edge;
            if (holder->arn != p.arn && holder->arn != w.target)
                e.explanation +=
                    QStringLiteral(" (held by %1, which %2 can act as)").arg(holder->name, p.name);
            m_g.edge(e);
            GraphNode* node = m_g.find(p.arn);
            if (node && !node->tierZero && !e.conditional) {
                node->tierZero = true;
                node->attributes.insert(
                    QStringLiteral("tier_zero_reason"),
                    holder->arn == p.arn
                        ? QStringLiteral("can rewrite its own grants: %1 on %2").arg(e.escalation, w.target)
                        : QStringLiteral("can rewrite the grants of %1 (%2) and act as %3")
                              .arg(w.target, e.escalation, holder->arn));
            }
        }
    }
}

Result<ImportedGraph> Reader::run(const QJsonObject& root)
{
    if (auto st = readPolicies(root); !st)
        return std::unexpected(st.error());
    if (auto st = readGroups(root); !st)
        return std::unexpected(st.error());
    if (auto st = readUsers(root); !st)
        return std::unexpected(st.error());
    if (auto st = readRoles(root); !st)
        return std::unexpected(st.error());
    attachmentEdges();
    escalations();
    m_g.graph.source = GraphSourceKind::Aws;
    m_g.graph.sourceName = m_file;
    return std::move(m_g.graph);
}

} // namespace

AwsAuthorizationImporter::AwsAuthorizationImporter(QDateTime now) : m_now(std::move(now)) {}

Result<ImportedGraph> AwsAuthorizationImporter::importData(const QByteArray& data, const QString& sourceName,
                                                           const QDateTime& now)
{
    return AwsAuthorizationImporter(now).import(data, sourceName);
}

Result<ImportedGraph> AwsAuthorizationImporter::import(const QByteArray& input,
                                                       const QString& sourceName) const
{
    if (input.size() > kMaxBytes)
        return invalid(sourceName,
                       QStringLiteral("%1 bytes is more than the %2 MiB an authorization-details file "
                                      "may have")
                           .arg(input.size())
                           .arg(kMaxBytes / (1024 * 1024)));
    QByteArray data = input;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3); // UTF-8 byte-order mark, as some Windows tools write it
    if (const qsizetype nul = data.indexOf('\0'); nul >= 0)
        return invalid(sourceName,
                       QStringLiteral("contains a NUL byte at offset %1; not a JSON text file").arg(nul));
    if (data.trimmed().isEmpty())
        return invalid(sourceName, QStringLiteral("the file is empty; expected the JSON output of "
                                                  "`aws iam get-account-authorization-details`"));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = data.left(error.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
        return invalid(
            sourceName,
            QStringLiteral("not valid JSON at line %1, column %2 (byte offset %3): %4 (truncated or "
                           "damaged file?)")
                .arg(line)
                .arg(column)
                .arg(error.offset)
                .arg(error.errorString()));
    }
    if (!doc.isObject())
        return invalid(sourceName, QStringLiteral("the top level must be an object with UserDetailList, "
                                                  "GroupDetailList, RoleDetailList and Policies"));
    const QJsonObject root = doc.object();
    bool known = false;
    for (const char* key : {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"})
        known = known || root.contains(QLatin1String(key));
    if (!known)
        return invalid(sourceName,
                       QStringLiteral("no UserDetailList, GroupDetailList, RoleDetailList or Policies: "
                                      "not get-account-authorization-details output"));
    return Reader(sourceName, m_now).run(root);
}

} // namespace gatehouse
