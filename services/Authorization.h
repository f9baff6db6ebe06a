#pragma once

#include <QSqlDatabase>

#include "DecisionPath.h"
#include "Error.h"
#include "OperatorSession.h"

namespace gatehouse {

/// Who may do what, decided once here and called by every service (never by views).
///
/// | action                          | admin | owner                 | analyst | manager |
/// |---------------------------------|-------|-----------------------|---------|---------|
/// | read catalogue and ledger       | yes   | yes                   | yes     | yes     |
/// | create a path                   | yes   | only owned by self    | no      | no      |
/// | edit / activate / suspend / retire | yes | paths they own       | no      | no      |
/// | import paths                    | yes   | only paths they own   | no      | no      |
/// | manage accounts                 | yes   | no                    | no      | no      |
/// | revoke a credential             | yes   | of paths they own     | yes     | no      |
/// | rotate / revoke signing keys    | yes   | no                    | no      | no      |
/// Managers change nothing but reports (later issues).
class Authorization
{
public:
    [[nodiscard]] static Status canReadCatalogue(const OperatorSession& actor);
    /// \a owner is the path's owner as requested (may be empty on a draft).
    [[nodiscard]] static Status canCreatePath(const OperatorSession& actor, const QString& owner);
    /// \a current is the path as stored; ownership is judged on it, not on the edit.
    [[nodiscard]] static Status canChangePath(const OperatorSession& actor, const DecisionPath& current);
    [[nodiscard]] static Status canManageAccounts(const OperatorSession& actor);
    /// Starting the intake gateway inside a console: admins only (gatehoused is started by the OS).
    [[nodiscard]] static Status canRunGateway(const OperatorSession& actor);
    /// Revoking a credential only takes privilege away: admins, the owner of its path, and
    /// analysts (who may approve, so may also withdraw) may. \a path is the credential's path.
    [[nodiscard]] static Status canRevokeCredential(const OperatorSession& actor, const DecisionPath& path);

    /// The session as the database knows it now: roles re-read from the account, so a
    /// console signed in before an admin disabled or demoted the account loses those rights
    /// at its next change. Call inside the change's transaction. PermissionDenied if the
    /// account is gone, AccountDisabled if it was disabled.
    [[nodiscard]] static Result<OperatorSession> currentSession(const QSqlDatabase& db,
                                                                const OperatorSession& claimed);
    /// currentSession() and then the admin role; PermissionDenied names \a what was refused
    /// (e.g. "publish a policy").
    [[nodiscard]] static Status requireCurrentAdmin(const QSqlDatabase& db, const OperatorSession& claimed,
                                                    const QString& what);
};

} // namespace gatehouse
