#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// One entry of a role definition's permissions[] (Actions, NotActions, DataActions,
/// NotDataActions), as Azure RBAC stores it.
struct AzurePermissionBlock
{
    QStringList actions;
    QStringList notActions;
    QStringList dataActions;
    QStringList notDataActions;
    QString condition; ///< ABAC condition on the block, if any

    friend bool operator==(const AzurePermissionBlock&, const AzurePermissionBlock&) = default;
};

/// Azure RBAC action matching (learn.microsoft.com "Understand Azure role definitions"):
/// operation strings are compared case-insensitively; "*" in a pattern matches any run of
/// characters, "/" included ("Microsoft.Authorization/*", "*/read",
/// "Microsoft.Authorization/*/Write"). A block grants an action when one of its Actions
/// matches and none of its NotActions does: NotActions subtract from the Actions of the same
/// block only, and are not deny assignments (another block or role may grant it again).
/// Data actions work the same way with DataActions / NotDataActions.
class AzureActionMatcher
{
public:
    static bool matches(const QString& pattern, const QString& operation);
    static bool blockGrants(const AzurePermissionBlock& block, const QString& operation,
                            bool dataAction = false);
    static bool grants(const QList<AzurePermissionBlock>& blocks, const QString& operation,
                       bool dataAction = false);
};

} // namespace gatehouse
