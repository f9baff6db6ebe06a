#include "AzureExportReader.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include "AzureScope.h"

namespace gatehouse {

namespace {

/// Thrown by the field readers below and caught in read(), never outside this file, so a
/// reader several levels deep can stop with one statement.
struct ReadFailure
{
    QString message;
};

QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

/// The last path segment of a role definition id, lower-cased ("/subscriptions/S/providers/
/// Microsoft.Authorization/roleDefinitions/8E3AF657-..." -> "8e3af657-...").
QString guidOf(const QString& idOrGuid)
{
    return idOrGuid.section(QLatin1Char('/'), -1).trimmed().toLower();
}

/// The longest a string field may be, and what kind of value it is, for the message.
struct Limit
{
    int max;
    const char* what;
};

const Limit kId{AzureExportReader::kMaxIdLength, "an Azure id or scope"};
const Limit kName{AzureExportReader::kMaxNameLength, "a name"};
const Limit kAction{AzureExportReader::kMaxActionLength, "an action"};
const Limit kText{AzureExportReader::kMaxTextLength, "a description or condition"};

class Reader
{
public:
    Reader(const QString& fileName, AzureExport& out) : m_file(fileName), m_out(out) {}

    void top(const QJsonValue& root)
    {
        if (root.isObject()) {
            const QJsonObject o = root.toObject();
            const bool bundle = o.contains(QLatin1String("roleDefinitions")) ||
                                o.contains(QLatin1String("roleAssignments")) ||
                                o.contains(QLatin1String("managementGroups")) ||
                                o.contains(QLatin1String("owners"));
            if (bundle) {
                m_out.shape = QStringLiteral("bundle");
                if (o.contains(QLatin1String("roleDefinitions")))
                    list(o.value(QLatin1String("roleDefinitions")), QStringLiteral("roleDefinitions"));
                if (o.contains(QLatin1String("roleAssignments")))
                    list(o.value(QLatin1String("roleAssignments")), QStringLiteral("roleAssignments"));
                if (o.contains(QLatin1String("managementGroups"))) {
                    const QJsonValue mg = o.value(QLatin1String("managementGroups"));
                    if (!mg.isObject())
                        fail(QStringLiteral("managementGroups"),
                             QStringLiteral("expected the object `az account management-group show --expand "
                                            "--recurse` prints, found %1")
                                 .arg(typeName(mg)));
                    hierarchy(mg.toObject(), QString(), QStringLiteral("managementGroups"), 0);
                }
                if (o.contains(QLatin1String("owners")))
                    owners(o.value(QLatin1String("owners")));
                return;
            }
            if (o.value(QLatin1String("value")).isArray()) {
                list(o.value(QLatin1String("value")), QStringLiteral("value"));
                return;
            }
            if (isHierarchy(o)) {
                m_out.shape = QStringLiteral("management-group hierarchy");
                hierarchy(o, QString(), QString(), 0);
                return;
            }
            item(o, QString());
            return;
        }
        if (root.isArray()) {
            list(root, QString());
            return;
        }
        fail(QString(), QStringLiteral("expected a JSON array or object, found %1").arg(typeName(root)));
    }

private:
    static QJsonObject props(const QJsonObject& o)
    {
        return o.value(QLatin1String("properties")).isObject()
                   ? o.value(QLatin1String("properties")).toObject()
                   : o;
    }

    static bool isHierarchy(const QJsonObject& o)
    {
        const QString type = o.value(QLatin1String("type")).toString();
        return type.contains(QLatin1String("managementGroups"), Qt::CaseInsensitive) ||
               props(o).contains(QLatin1String("children"));
    }

    void list(const QJsonValue& v, const QString& field)
    {
        QJsonValue items = v;
        if (v.isObject() && v.toObject().value(QLatin1String("value")).isArray())
            items = v.toObject().value(QLatin1String("value")); // ARM list envelope
        if (!items.isArray())
            fail(field, QStringLiteral("expected an array, found %1").arg(typeName(v)));
        const QJsonArray a = items.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString at = QStringLiteral("%1[%2]").arg(field).arg(i);
            if (!a[i].isObject())
                fail(at, QStringLiteral("expected an object, found %1").arg(typeName(a[i])));
            item(a[i].toObject(), at);
        }
    }

    void item(const QJsonObject& o, const QString& at)
    {
        const QJsonObject p = props(o);
        if (o.contains(QLatin1String("RolePermissions")) && o.contains(QLatin1String("RoleId")))
            classification(o, at);
        else if (p.contains(QLatin1String("roleDefinitionId")) || p.contains(QLatin1String("principalId")))
            assignment(o, at);
        else if (p.contains(QLatin1String("permissions")) || p.contains(QLatin1String("roleName")) ||
                 o.contains(QLatin1String("Actions")))
            definition(o, at);
        else
            fail(at, QStringLiteral("not a role definition, role assignment or classification entry "
                                    "(expected permissions/roleName, principalId/roleDefinitionId/scope, or "
                                    "RoleId/RolePermissions)"));
    }

    void definition(const QJsonObject& o, const QString& at)
    {
        AzureRoleDefinition d;
        d.where = at.isEmpty() ? QStringLiteral("role definition") : at;
        const QJsonObject p = props(o);
        if (o.contains(QLatin1String("Actions"))) { // Get-AzRoleDefinition | ConvertTo-Json
            d.roleName = string(o, "Name", at, kName);
            d.guid = guidOf(string(o, "Id", at));
            d.custom = o.value(QLatin1String("IsCustom")).toBool();
            d.description = string(o, "Description", at, kText);
            d.permissions << AzurePermissionBlock{strings(o, "Actions", at), strings(o, "NotActions", at),
                                                  strings(o, "DataActions", at),
                                                  strings(o, "NotDataActions", at), QString()};
        } else {
            d.roleName = string(p, "roleName", at + prefix(o), kName);
            const QString name = string(o, "name", at);
            d.guid = guidOf(name.isEmpty() ? string(o, "id", at) : name);
            const QString type = p.contains(QLatin1String("roleType")) ? string(p, "roleType", at + prefix(o))
                                                                       : string(p, "type", at + prefix(o));
            d.custom = type.compare(QLatin1String("CustomRole"), Qt::CaseInsensitive) == 0;
            d.description = string(p, "description", at + prefix(o), kText);
            const QJsonValue perms = p.value(QLatin1String("permissions"));
            const QString pf = at + prefix(o) + QStringLiteral(".permissions");
            if (!perms.isUndefined() && !perms.isNull()) {
                if (!perms.isArray())
                    fail(pf, QStringLiteral("expected an array, found %1").arg(typeName(perms)));
                const QJsonArray a = perms.toArray();
                for (qsizetype i = 0; i < a.size(); ++i) {
                    const QString f = QStringLiteral("%1[%2]").arg(pf).arg(i);
                    if (!a[i].isObject())
                        fail(f, QStringLiteral("expected an object, found %1").arg(typeName(a[i])));
                    const QJsonObject b = a[i].toObject();
                    d.permissions << AzurePermissionBlock{
                        strings(b, "actions", f), strings(b, "notActions", f), strings(b, "dataActions", f),
                        strings(b, "notDataActions", f), string(b, "condition", f, kText)};
                }
            }
        }
        if (d.guid.isEmpty())
            fail(at, QStringLiteral("role definition without name/id"));
        m_out.definitions << d;
        if (m_out.shape.isEmpty())
            m_out.shape = QStringLiteral("role definitions");
    }

    void classification(const QJsonObject& o, const QString& at)
    {
        AzureRoleDefinition d;
        d.where = at;
        d.guid = guidOf(string(o, "RoleId", at));
        d.roleName = string(o, "RoleName", at, kName);
        d.custom = o.value(QLatin1String("IsCustom")).toBool();
        d.notActionsKnown = false;
        if (d.guid.isEmpty())
            fail(at + QStringLiteral(".RoleId"), QStringLiteral("missing"));
        AzurePermissionBlock block;
        const QJsonValue perms = o.value(QLatin1String("RolePermissions"));
        const QString pf = at + QStringLiteral(".RolePermissions");
        if (!perms.isNull() && !perms.isArray())
            fail(pf, QStringLiteral("expected an array, found %1").arg(typeName(perms)));
        const QJsonArray a = perms.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString f = QStringLiteral("%1[%2]").arg(pf).arg(i);
            if (!a[i].isObject())
                fail(f, QStringLiteral("expected an object, found %1").arg(typeName(a[i])));
            const QJsonObject e = a[i].toObject();
            const QString action = string(e, "AuthorizedResourceAction", f, kAction);
            const QString type = string(e, "ActionType", f);
            if (action.isEmpty())
                fail(f + QStringLiteral(".AuthorizedResourceAction"), QStringLiteral("missing"));
            if (type == QLatin1String("Action"))
                block.actions << action;
            else if (type == QLatin1String("DataAction"))
                block.dataActions << action;
            else
                fail(f + QStringLiteral(".ActionType"),
                     QStringLiteral("expected \"Action\" or \"DataAction\", found \"%1\"").arg(type));
        }
        block.actions.removeDuplicates();
        block.dataActions.removeDuplicates();
        d.permissions << block;
        const QJsonObject c = o.value(QLatin1String("Classification")).toObject();
        if (!c.isEmpty()) {
            d.classification.insert(QStringLiteral("eamTier"), c.value(QLatin1String("EAMTierLevelName")));
            d.classification.insert(QStringLiteral("eamTierLevel"),
                                    c.value(QLatin1String("EAMTierLevelTagValue")));
        }
        if (o.value(QLatin1String("isPrivileged")).isBool())
            d.classification.insert(QStringLiteral("isPrivileged"), o.value(QLatin1String("isPrivileged")));
        m_out.definitions << d;
        if (m_out.shape.isEmpty())
            m_out.shape = QStringLiteral("role classification");
    }

    void assignment(const QJsonObject& o, const QString& at)
    {
        const QJsonObject p = props(o);
        const QString pat = at + prefix(o);
        AzureRoleAssignment a;
        a.where = at.isEmpty() ? QStringLiteral("role assignment") : at;
        a.principalId = string(p, "principalId", pat).toLower();
        a.principalType = string(p, "principalType", pat, kName);
        a.principalName = string(p, "principalName", pat, kName);
        a.roleGuid = guidOf(string(p, "roleDefinitionId", pat));
        a.roleName = string(p, "roleDefinitionName", pat, kName);
        a.scope = AzureScope::normalise(string(p, "scope", pat));
        a.condition = string(p, "condition", pat, kText);
        a.conditionVersion = string(p, "conditionVersion", pat, kName);
        a.id = string(o, "id", at);
        for (const auto& [value, field] :
             {std::pair{a.principalId, "principalId"}, std::pair{a.roleGuid, "roleDefinitionId"},
              std::pair{a.scope, "scope"}})
            if (value.isEmpty())
                fail(pat + QLatin1Char('.') + QLatin1String(field), QStringLiteral("missing"));
        if (AzureScope::level(a.scope) == AzureScope::Level::Unknown)
            fail(pat + QStringLiteral(".scope"),
                 QStringLiteral(
                     "\"%1\" is not an Azure RBAC scope (/, a management group, subscription, resource "
                     "group or resource id)")
                     .arg(a.scope));
        if (a.id.isEmpty())
            a.id = QStringLiteral("%1/providers/Microsoft.Authorization/roleAssignments/%2:%3")
                       .arg(a.scope == QLatin1String("/") ? QString() : a.scope, a.principalId, a.roleGuid);
        m_out.assignments << a;
        if (m_out.shape.isEmpty())
            m_out.shape = QStringLiteral("role assignments");
    }

    void hierarchy(const QJsonObject& o, const QString& parent, const QString& at, int depth)
    {
        if (depth > AzureExportReader::kMaxHierarchyDepth)
            fail(at, QStringLiteral("management groups nested deeper than %1 levels")
                         .arg(AzureExportReader::kMaxHierarchyDepth));
        m_out.hasHierarchy = true;
        const QJsonObject p = props(o);
        QString id = string(o, "id", at);
        const QString type = string(o, "type", at);
        const QString name = string(o, "name", at);
        if (id.isEmpty() && !name.isEmpty())
            id = type.contains(QLatin1String("subscriptions"), Qt::CaseInsensitive)
                     ? QStringLiteral("/subscriptions/") + name
                     : AzureScope::managementGroupScope(name);
        const QString scope = AzureScope::normalise(id);
        const AzureScope::Level level = AzureScope::level(scope);
        if (level != AzureScope::Level::ManagementGroup && level != AzureScope::Level::Subscription)
            fail(at + QStringLiteral(".id"),
                 QStringLiteral("expected a management group or subscription id, found \"%1\"").arg(id));
        onlyParent(scope, parent, at);
        m_out.hierarchy << AzureHierarchyEntry{scope, parent,
                                               string(p, "displayName", at + prefix(o), kName)};
        const QJsonValue children = p.value(QLatin1String("children"));
        if (children.isNull() || children.isUndefined())
            return;
        const QString cf = at + prefix(o) + QStringLiteral(".children");
        if (!children.isArray())
            fail(cf, QStringLiteral("expected an array, found %1").arg(typeName(children)));
        const QJsonArray a = children.toArray();
        if (level == AzureScope::Level::Subscription && !a.isEmpty())
            fail(cf, QStringLiteral("subscription %1 has children; only management groups contain others")
                         .arg(scope));
        m_chain << scope;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString f = QStringLiteral("%1[%2]").arg(cf).arg(i);
            if (!a[i].isObject())
                fail(f, QStringLiteral("expected an object, found %1").arg(typeName(a[i])));
            hierarchy(a[i].toObject(), scope, f, depth + 1);
        }
        m_chain.removeLast();
    }

    /// A management group or subscription has exactly one parent in Azure: listed inside
    /// itself (a cycle) or under a second parent, the hierarchy is malformed.
    void onlyParent(const QString& scope, const QString& parent, const QString& at)
    {
        const QString key = AzureScope::key(scope);
        const QString here = at.isEmpty() ? QStringLiteral("the top object") : at;
        const auto first = m_hierarchyAt.constFind(key);
        if (first == m_hierarchyAt.constEnd()) {
            m_hierarchyAt.insert(key, here);
            m_hierarchyParent.insert(key, parent);
            return;
        }
        for (qsizetype i = 0; i < m_chain.size(); ++i) {
            if (AzureScope::key(m_chain[i]) != key)
                continue;
            QStringList cycle = m_chain.mid(i);
            cycle << scope;
            fail(at + QStringLiteral(".id"),
                 QStringLiteral("the management-group hierarchy has a cycle: %1 (first listed at %2); a "
                                "management group cannot be below itself")
                     .arg(cycle.join(QStringLiteral(" -> ")), *first));
        }
        const QString before = m_hierarchyParent.value(key);
        fail(at + QStringLiteral(".id"),
             QStringLiteral("%1 is listed a second time, under %2 (first at %3, under %4); a management "
                            "group or subscription has exactly one parent")
                 .arg(scope, parent.isEmpty() ? QStringLiteral("nothing") : parent, *first,
                      before.isEmpty() ? QStringLiteral("nothing") : before));
    }

    void owners(const QJsonValue& v)
    {
        if (!v.isArray())
            fail(QStringLiteral("owners"), QStringLiteral("expected an array, found %1").arg(typeName(v)));
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString at = QStringLiteral("owners[%1]").arg(i);
            if (!a[i].isObject())
                fail(at, QStringLiteral("expected an object, found %1").arg(typeName(a[i])));
            const QJsonObject t = a[i].toObject();
            const QString targetId = objectId(t, at);
            const QString targetType = objectType(t, at);
            const QJsonValue list = t.value(QLatin1String("owners"));
            if (!list.isArray())
                fail(at + QStringLiteral(".owners"),
                     QStringLiteral("expected an array, found %1").arg(typeName(list)));
            const QJsonArray ownerList = list.toArray();
            for (qsizetype j = 0; j < ownerList.size(); ++j) {
                const QString f = QStringLiteral("%1.owners[%2]").arg(at).arg(j);
                if (!ownerList[j].isObject())
                    fail(f, QStringLiteral("expected an object, found %1").arg(typeName(ownerList[j])));
                const QJsonObject ow = ownerList[j].toObject();
                m_out.owners << AzureOwnership{targetId,
                                               targetType,
                                               string(t, "displayName", at, kName),
                                               objectId(ow, f),
                                               objectType(ow, f),
                                               string(ow, "displayName", f, kName),
                                               f};
            }
        }
    }

    /// Microsoft Graph objects carry "id"; older az versions print "objectId".
    QString objectId(const QJsonObject& o, const QString& at)
    {
        QString id = string(o, "id", at);
        if (id.isEmpty())
            id = string(o, "objectId", at);
        if (id.isEmpty())
            fail(at + QStringLiteral(".id"), QStringLiteral("missing"));
        return id.toLower();
    }

    /// "#microsoft.graph.servicePrincipal" -> "ServicePrincipal"; "objectType"/"type" as given.
    QString objectType(const QJsonObject& o, const QString& at)
    {
        QString t = string(o, "@odata.type", at);
        if (!t.isEmpty()) {
            t = t.section(QLatin1Char('.'), -1);
            return t.left(1).toUpper() + t.mid(1);
        }
        t = string(o, "objectType", at);
        return t.isEmpty() ? string(o, "type", at) : t;
    }

    static QString prefix(const QJsonObject& o)
    {
        return o.value(QLatin1String("properties")).isObject() ? QStringLiteral(".properties") : QString();
    }

    /// The string field \a key of \a o, at most \a limit characters; absent or null reads as
    /// empty. The limit is the field's kind: ids and scopes unless said otherwise.
    QString string(const QJsonObject& o, const char* key, const QString& at, const Limit& limit = kId)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        const QString f = at.isEmpty() ? QLatin1String(key) : at + QLatin1Char('.') + QLatin1String(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString())
            fail(f, QStringLiteral("expected a string, found %1").arg(typeName(v)));
        return bounded(v.toString(), f, limit);
    }

    QString bounded(const QString& value, const QString& field, const Limit& limit)
    {
        if (value.size() > limit.max)
            fail(field, QStringLiteral("%1 characters, longer than the %2 allowed for %3")
                            .arg(value.size())
                            .arg(limit.max)
                            .arg(QLatin1String(limit.what)));
        return value;
    }

    QStringList strings(const QJsonObject& o, const char* key, const QString& at)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        const QString f = at + QLatin1Char('.') + QLatin1String(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            fail(f, QStringLiteral("expected an array of strings, found %1").arg(typeName(v)));
        QStringList out;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a[i].isString())
                fail(QStringLiteral("%1[%2]").arg(f).arg(i),
                     QStringLiteral("expected a string, found %1").arg(typeName(a[i])));
            out << bounded(a[i].toString(), QStringLiteral("%1[%2]").arg(f).arg(i), kAction);
        }
        return out;
    }

    [[noreturn]] void fail(const QString& at, const QString& message)
    {
        throw ReadFailure{at.isEmpty() ? QStringLiteral("%1: %2").arg(m_file, message)
                                       : QStringLiteral("%1: %2: %3").arg(m_file, at, message)};
    }

    QString m_file;
    AzureExport& m_out;
    QHash<QString, QString> m_hierarchyAt;     ///< scope key -> JSON path where it is first listed
    QHash<QString, QString> m_hierarchyParent; ///< scope key -> its parent there
    QStringList m_chain;                       ///< the scopes above the entry being read
};

} // namespace

Result<AzureExport> AzureExportReader::read(const QByteArray& input, const QString& fileName)
{
    if (input.size() > kMaxFileBytes)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: %2 bytes is larger than the %3 MiB an Azure import accepts")
                        .arg(fileName)
                        .arg(input.size())
                        .arg(kMaxFileBytes / (1024 * 1024)));
    QByteArray bytes = input;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3); // PowerShell's Out-File writes one (FIELD-CASES 24)
    if (bytes.trimmed().isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: the file is empty").arg(fileName));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const QByteArray before = bytes.left(error.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = error.offset - (before.lastIndexOf('\n') + 1) + 1;
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: line %2, column %3: not valid JSON: %4")
                                                 .arg(fileName)
                                                 .arg(line)
                                                 .arg(column)
                                                 .arg(error.errorString()));
    }
    AzureExport out;
    try {
        Reader reader(fileName, out);
        reader.top(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
    } catch (const ReadFailure& e) {
        return fail(ErrorCode::InvalidInput, e.message);
    }
    return out;
}

} // namespace gatehouse
