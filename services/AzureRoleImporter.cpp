#include "AzureRoleImporter.h"

#include <QHash>
#include <QJsonArray>

#include "AzureActionMatcher.h"
#include "AzureExportReader.h"
#include "AzureScope.h"
#include "ImportedGraphBuilder.h"

namespace gatehouse {

namespace {

QString definitionId(const QString& guid)
{
    return QStringLiteral("/providers/Microsoft.Authorization/roleDefinitions/") + guid;
}

class AzureGraphAssembler
{
public:
    AzureGraphAssembler(const AzureExport& in, const QString& fileName)
        : m_in(in), m_file(fileName), m_g(GraphSourceKind::Azure, fileName)
    {
        for (const QString& w : in.warnings)
            m_g.warn(w);
    }

    ImportedGraph run()
    {
        for (const AzureHierarchyEntry& h : m_in.hierarchy)
            m_parents.insert(AzureScope::key(h.scope), h.parentScope);
        for (const AzureHierarchyEntry& h : m_in.hierarchy) {
            scopeNode(h.scope);
            if (!h.displayName.isEmpty())
                m_g.node(m_scopeIds.value(AzureScope::key(h.scope)))
                    ->attributes.insert(QStringLiteral("displayName"), h.displayName);
        }
        for (const AzureRoleDefinition& d : m_in.definitions)
            definition(d);
        for (const AzureRoleAssignment& a : m_in.assignments)
            assignment(a);
        for (const AzureOwnership& o : m_in.owners)
            ownership(o);
        if (!m_undefined.isEmpty())
            m_g.warn(
                QStringLiteral("%1: %2 role definition(s) used by assignments are not in this file; their "
                               "permissions are unknown (Owner and User Access Administrator are still "
                               "recognised by id): %3")
                    .arg(m_file)
                    .arg(m_undefined.size())
                    .arg(m_undefined.join(QStringLiteral(", "))));
        bool classification = false;
        for (const AzureRoleDefinition& d : m_in.definitions)
            classification = classification || !d.notActionsKnown;
        if (classification)
            m_g.warn(QStringLiteral("%1: this classification export lists granted actions without NotActions/"
                                    "NotDataActions, so roles such as Contributor look broader than they are")
                         .arg(m_file));
        if (m_in.definitions.isEmpty() && m_in.assignments.isEmpty() && m_in.hierarchy.isEmpty() &&
            m_in.owners.isEmpty())
            m_g.warn(
                QStringLiteral("%1: the export holds no role definitions, assignments, hierarchy or owners")
                    .arg(m_file));
        return m_g.take();
    }

private:
    /// The node of \a scope, with its chain of parents up to "/" (created on first use).
    QString scopeNode(const QString& rawScope)
    {
        const QString scope = AzureScope::normalise(rawScope);
        const QString key = AzureScope::key(scope);
        if (const auto found = m_scopeIds.constFind(key); found != m_scopeIds.constEnd())
            return *found;
        const AzureScope::Level level = AzureScope::level(scope);
        QJsonObject attrs{{QStringLiteral("scopeLevel"), AzureScope::levelName(level)},
                          {QStringLiteral("name"), AzureScope::name(scope)}};
        QString label;
        switch (level) {
        case AzureScope::Level::Root:
            label = QStringLiteral("root (/)");
            break;
        case AzureScope::Level::ManagementGroup:
            label = QStringLiteral("management group ") + AzureScope::name(scope);
            break;
        case AzureScope::Level::Subscription:
            label = QStringLiteral("subscription ") + AzureScope::name(scope);
            break;
        case AzureScope::Level::ResourceGroup:
            label = QStringLiteral("resource group ") + AzureScope::name(scope);
            break;
        default:
            label = QStringLiteral("resource ") + AzureScope::name(scope);
            break;
        }
        const bool fromHierarchy = m_parents.contains(key);
        if (level == AzureScope::Level::ManagementGroup || level == AzureScope::Level::Subscription)
            attrs.insert(QStringLiteral("inHierarchy"), fromHierarchy);
        m_g.addNode(GraphNode{scope, GraphNodeKind::Resource, label, false, attrs});
        m_scopeIds.insert(key, scope);
        if (level == AzureScope::Level::Root)
            return scope;
        QString parent = AzureScope::structuralParent(scope);
        QString origin = QStringLiteral("scope id");
        if (parent.isEmpty()) {
            parent = m_parents.value(key);
            origin = QStringLiteral("management-group hierarchy");
        }
        if (parent.isEmpty()) {
            // Everything is below the root; without hierarchy data nothing in between is known.
            parent = QStringLiteral("/");
            origin =
                fromHierarchy ? QStringLiteral("management-group hierarchy") : QStringLiteral("root scope");
        }
        const QString parentId = scopeNode(parent);
        GraphEdge e;
        e.from = parentId;
        e.to = scope;
        e.kind = GraphEdgeKind::Grants;
        e.explanation =
            QStringLiteral("access at %1 is inherited by %2").arg(m_g.node(parentId)->label, label);
        e.origin = origin;
        m_g.addEdge(e);
        return scope;
    }

    void definition(const AzureRoleDefinition& d)
    {
        const QString id = definitionId(d.guid);
        if (m_definitions.contains(d.guid))
            m_g.warn(QStringLiteral("%1: %2: role definition %3 appears again; the later one is used")
                         .arg(m_file, d.where, d.guid));
        m_definitions.insert(d.guid, &d);
        QJsonObject a{{QStringLiteral("roleName"), d.roleName},
                      {QStringLiteral("guid"), d.guid},
                      {QStringLiteral("custom"), d.custom},
                      {QStringLiteral("defined"), true},
                      {QStringLiteral("notActionsKnown"), d.notActionsKnown},
                      {QStringLiteral("canAssignRoles"), canAssignRoles(d.guid)}};
        if (!d.description.isEmpty())
            a.insert(QStringLiteral("description"), d.description);
        for (auto it = d.classification.constBegin(); it != d.classification.constEnd(); ++it)
            a.insert(it.key(), it.value());
        m_g.addNode(GraphNode{id, GraphNodeKind::Role, d.roleName.isEmpty() ? d.guid : d.roleName, false, a});
        for (qsizetype b = 0; b < d.permissions.size(); ++b) {
            const AzurePermissionBlock& block = d.permissions[b];
            for (const bool data : {false, true}) {
                const QStringList& granted = data ? block.dataActions : block.actions;
                const QStringList& except = data ? block.notDataActions : block.notActions;
                for (const QString& action : granted) {
                    const QString perm = permissionNode(action, data);
                    GraphEdge e;
                    e.from = id;
                    e.to = perm;
                    e.kind = GraphEdgeKind::Grants;
                    e.origin = QStringLiteral("%1.permissions[%2]").arg(d.where).arg(b);
                    e.originDetail =
                        QJsonObject{{data ? QStringLiteral("dataAction") : QStringLiteral("action"), action}};
                    if (!except.isEmpty())
                        e.originDetail.insert(data ? QStringLiteral("notDataActions")
                                                   : QStringLiteral("notActions"),
                                              QJsonArray::fromStringList(except));
                    if (!block.condition.isEmpty()) {
                        e.conditional = true;
                        e.condition = QJsonObject{{QStringLiteral("expression"), block.condition}};
                    }
                    e.explanation =
                        except.isEmpty()
                            ? QStringLiteral("%1 grants %2").arg(m_g.node(id)->label, action)
                            : QStringLiteral("%1 grants %2 except %3")
                                  .arg(m_g.node(id)->label, action, except.join(QStringLiteral(", ")));
                    m_g.addEdge(e);
                }
            }
        }
    }

    QString permissionNode(const QString& action, bool data)
    {
        const QString prefix = data ? QStringLiteral("azure:dataAction:") : QStringLiteral("azure:action:");
        const QString key = prefix + action.toLower();
        if (const auto found = m_permissionIds.constFind(key); found != m_permissionIds.constEnd())
            return *found;
        const QString id = prefix + action;
        m_permissionIds.insert(key, id);
        m_g.addNode(
            GraphNode{id, GraphNodeKind::Permission, action, false,
                      QJsonObject{{data ? QStringLiteral("dataAction") : QStringLiteral("action"), action}}});
        return id;
    }

    /// Whether a role can write role assignments: its definition says so after NotActions,
    /// or, with no definition in the file, it is Owner or User Access Administrator.
    bool canAssignRoles(const QString& guid) const
    {
        if (const AzureRoleDefinition* d = m_definitions.value(guid, nullptr))
            return AzureActionMatcher::grants(d->permissions,
                                              QLatin1String(AzureRoleImporter::kRoleAssignmentsWrite));
        return guid == QLatin1String(AzureRoleImporter::kOwnerGuid) ||
               guid == QLatin1String(AzureRoleImporter::kUserAccessAdministratorGuid);
    }

    QString principal(const QString& id, const QString& type, const QString& name)
    {
        const bool group = type.compare(QLatin1String("Group"), Qt::CaseInsensitive) == 0 ||
                           type.compare(QLatin1String("ForeignGroup"), Qt::CaseInsensitive) == 0;
        QJsonObject a;
        if (!type.isEmpty())
            a.insert(QStringLiteral("principalType"), type);
        if (!name.isEmpty())
            a.insert(QStringLiteral("displayName"), name);
        if (GraphNode* existing = m_g.node(id)) {
            if (!name.isEmpty() && existing->label == id)
                existing->label = name;
            m_g.addNode(GraphNode{id, existing->kind, existing->label, false, a});
            return id;
        }
        m_g.addNode(GraphNode{id, group ? GraphNodeKind::Group : GraphNodeKind::Principal,
                              name.isEmpty() ? id : name, false, a});
        return id;
    }

    void assignment(const AzureRoleAssignment& a)
    {
        const QString scope = scopeNode(a.scope);
        const AzureScope::Level level = AzureScope::level(a.scope);
        const bool resolved =
            level != AzureScope::Level::ManagementGroup || m_parents.contains(AzureScope::key(a.scope));
        const QString who = principal(a.principalId, a.principalType, a.principalName);

        const QString defId = definitionId(a.roleGuid);
        const AzureRoleDefinition* def = m_definitions.value(a.roleGuid, nullptr);
        if (!def && !m_g.hasNode(defId)) {
            m_g.addNode(
                GraphNode{defId, GraphNodeKind::Role, a.roleName.isEmpty() ? a.roleGuid : a.roleName, false,
                          QJsonObject{{QStringLiteral("roleName"), a.roleName},
                                      {QStringLiteral("guid"), a.roleGuid},
                                      {QStringLiteral("defined"), false},
                                      {QStringLiteral("canAssignRoles"), canAssignRoles(a.roleGuid)}}});
            m_undefined << (a.roleName.isEmpty() ? a.roleGuid : a.roleName);
        }
        const QString roleLabel = m_g.node(defId)->label;
        const bool admin = canAssignRoles(a.roleGuid);
        QString primitive;
        if (a.roleGuid == QLatin1String(AzureRoleImporter::kOwnerGuid))
            primitive = QStringLiteral("azure:owner");
        else if (a.roleGuid == QLatin1String(AzureRoleImporter::kUserAccessAdministratorGuid))
            primitive = QStringLiteral("azure:user-access-administrator");

        QJsonObject detail{{QStringLiteral("id"), a.id},
                           {QStringLiteral("principalId"), a.principalId},
                           {QStringLiteral("principalType"), a.principalType},
                           {QStringLiteral("roleDefinitionId"), defId},
                           {QStringLiteral("roleDefinitionName"), roleLabel},
                           {QStringLiteral("scope"), a.scope},
                           {QStringLiteral("scopeResolved"), resolved}};
        const QString unresolved =
            resolved ? QString()
                     : QStringLiteral(
                           " (scope not resolved: no management-group hierarchy for %1 in this file, so the "
                           "subscriptions that inherit it are unknown)")
                           .arg(AzureScope::name(a.scope));
        const QString scopeLabel = m_g.node(scope)->label;
        m_g.addNode(GraphNode{a.id, GraphNodeKind::Role,
                              QStringLiteral("%1 at %2").arg(roleLabel, scopeLabel), admin,
                              QJsonObject{{QStringLiteral("azureKind"), QStringLiteral("roleAssignment")},
                                          {QStringLiteral("roleDefinitionId"), defId},
                                          {QStringLiteral("scope"), scope},
                                          {QStringLiteral("scopeResolved"), resolved}}});
        if (!resolved)
            m_g.warn(QStringLiteral(
                         "%1: %2: %3 is assigned at management group %4, which no hierarchy data in this "
                         "file places; the assignment is kept, scope not resolved")
                         .arg(m_file, a.where, roleLabel, AzureScope::name(a.scope)));
        const QJsonObject condition = a.condition.isEmpty()
                                          ? QJsonObject{}
                                          : QJsonObject{{QStringLiteral("expression"), a.condition},
                                                        {QStringLiteral("version"), a.conditionVersion}};

        GraphEdge bound;
        bound.from = who;
        bound.to = a.id;
        bound.kind = GraphEdgeKind::BoundTo;
        bound.explanation = QStringLiteral("%1 holds %2 at %3%4")
                                .arg(m_g.node(who)->label, roleLabel, scopeLabel, unresolved);
        bound.origin = a.id;
        bound.originDetail = detail;
        bound.escalation = primitive;
        bound.conditional = !condition.isEmpty();
        bound.condition = condition;
        m_g.addEdge(bound);

        GraphEdge onScope;
        onScope.from = a.id;
        onScope.to = scope;
        onScope.kind = GraphEdgeKind::Grants;
        onScope.explanation = QStringLiteral("%1 applies at %2%3").arg(roleLabel, scopeLabel, unresolved);
        onScope.origin = a.id;
        onScope.originDetail = detail;
        m_g.addEdge(onScope);

        GraphEdge role = onScope;
        role.to = defId;
        role.explanation = QStringLiteral("the assignment grants the permissions of %1").arg(roleLabel);
        m_g.addEdge(role);

        if (admin) {
            GraphEdge modify = onScope;
            modify.kind = GraphEdgeKind::CanModify;
            modify.escalation = QStringLiteral("azure:roleAssignments/write");
            modify.explanation =
                QStringLiteral("%1 can write role assignments at %2 (any role, Owner included)%3")
                    .arg(roleLabel, scopeLabel, unresolved);
            modify.conditional = !condition.isEmpty();
            modify.condition = condition;
            m_g.addEdge(modify);
        }
    }

    void ownership(const AzureOwnership& o)
    {
        const QString target = principal(o.targetId, o.targetType, o.targetName);
        const QString owner = principal(o.ownerId, o.ownerType, o.ownerName);
        GraphEdge e;
        e.from = owner;
        e.to = target;
        e.kind = GraphEdgeKind::CanCreateToken;
        e.escalation = QStringLiteral("azure:add-credential");
        e.explanation =
            QStringLiteral("%1 owns %2 %3 and can add a secret or certificate to it, then sign in as it")
                .arg(m_g.node(owner)->label, o.targetType, m_g.node(target)->label);
        e.origin = o.where;
        e.originDetail =
            QJsonObject{{QStringLiteral("owner"), o.ownerId}, {QStringLiteral("target"), o.targetId}};
        m_g.addEdge(e);
    }

    const AzureExport& m_in;
    QString m_file;
    ImportedGraphBuilder m_g;
    QHash<QString, QString> m_parents;  ///< scope key -> parent scope, from the hierarchy input
    QHash<QString, QString> m_scopeIds; ///< scope key -> node id
    QHash<QString, QString> m_permissionIds;
    QHash<QString, const AzureRoleDefinition*> m_definitions;
    QStringList m_undefined;
};

} // namespace

Result<ImportedGraph> AzureRoleImporter::import(const QByteArray& bytes, const QString& fileName)
{
    const Result<AzureExport> in = AzureExportReader::read(bytes, fileName);
    if (!in)
        return std::unexpected(in.error());
    AzureGraphAssembler assembler(*in, fileName);
    return assembler.run();
}

} // namespace gatehouse
