#include "Authorization.h"

#include "OperatorAccountRepository.h"

namespace gatehouse {

namespace {

std::unexpected<Error> denied(const QString& message)
{
    return fail(ErrorCode::PermissionDenied, message);
}

} // namespace

Status Authorization::canReadCatalogue(const OperatorSession& actor)
{
    if (actor.roles == OperatorRoles())
        return denied(QStringLiteral("%1 holds no role and may not read the catalogue").arg(actor.username));
    return {};
}

Status Authorization::canCreatePath(const OperatorSession& actor, const QString& owner)
{
    if (actor.hasRole(OperatorRole::Admin))
        return {};
    if (actor.hasRole(OperatorRole::Owner)) {
        if (owner == actor.username)
            return {};
        return denied(QStringLiteral("%1 may only register decision paths they own themselves (owner \"%2\" "
                                     "requested); ask an admin to register it for someone else")
                          .arg(actor.username, owner.isEmpty() ? QStringLiteral("none") : owner));
    }
    return denied(QStringLiteral("%1 may not register decision paths: that needs the owner or admin role")
                      .arg(actor.username));
}

Status Authorization::canChangePath(const OperatorSession& actor, const DecisionPath& current)
{
    if (actor.hasRole(OperatorRole::Admin))
        return {};
    if (actor.hasRole(OperatorRole::Owner) && !current.owner.isEmpty() && current.owner == actor.username)
        return {};
    if (actor.hasRole(OperatorRole::Owner))
        return denied(QStringLiteral("%1 may not change decision path \"%2\": it is owned by %3")
                          .arg(actor.username, current.id,
                               current.owner.isEmpty() ? QStringLiteral("nobody yet") : current.owner));
    return denied(QStringLiteral("%1 may not change decision path \"%2\": that needs its owner or an admin")
                      .arg(actor.username, current.id));
}

Status Authorization::canManageAccounts(const OperatorSession& actor)
{
    if (actor.hasRole(OperatorRole::Admin))
        return {};
    return denied(
        QStringLiteral("%1 may not manage operator accounts: that needs the admin role").arg(actor.username));
}

Status Authorization::canRunGateway(const OperatorSession& actor)
{
    if (actor.hasRole(OperatorRole::Admin))
        return {};
    return denied(
        QStringLiteral("%1 may not run the intake gateway in this console: that needs the admin role")
            .arg(actor.username));
}

Status Authorization::canRevokeCredential(const OperatorSession& actor, const DecisionPath& path)
{
    if (actor.hasRole(OperatorRole::Admin) || actor.hasRole(OperatorRole::Analyst))
        return {};
    if (actor.hasRole(OperatorRole::Owner) && !path.owner.isEmpty() && path.owner == actor.username)
        return {};
    return denied(
        QStringLiteral("%1 may not revoke credentials of decision path \"%2\": that needs an admin, "
                       "an analyst or the path's owner")
            .arg(actor.username, path.id));
}

Status Authorization::requireCurrentAdmin(const QSqlDatabase& db, const OperatorSession& claimed,
                                          const QString& what)
{
    auto current = currentSession(db, claimed);
    if (!current)
        return std::unexpected(current.error());
    if (current->hasRole(OperatorRole::Admin))
        return {};
    return denied(QStringLiteral("%1 may not %2: that needs the admin role").arg(claimed.username, what));
}

Result<OperatorSession> Authorization::currentSession(const QSqlDatabase& db, const OperatorSession& claimed)
{
    auto stored = OperatorAccountRepository(db).find(claimed.username);
    if (!stored)
        return std::unexpected(stored.error());
    if (!stored->has_value())
        return denied(
            QStringLiteral("the operator account \"%1\" no longer exists").arg(claimed.username.left(64)));
    if ((*stored)->account.disabled)
        return fail(ErrorCode::AccountDisabled,
                    QStringLiteral("the account \"%1\" has been disabled; sign in again with another account")
                        .arg(claimed.username));
    return OperatorSession{claimed.username, (*stored)->account.roles};
}

} // namespace gatehouse
