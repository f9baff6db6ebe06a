#pragma once

#include <QJsonObject>

#include "CtlCommandGroup.h"
#include "Error.h"
#include "OperatorAccount.h"

namespace gatehouse {

/// `gatehousectl accounts ...`: operator accounts through AccountService (admin work;
/// the service decides who may do it). list, add, disable, enable, unlock, set-roles,
/// set-password.
class AccountsCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("accounts"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int list(CtlContext& context);
    int add(const QString& username, const QCommandLineParser& parser, CtlContext& context);
    int setRoles(const QString& username, const QCommandLineParser& parser, CtlContext& context);
    int setPassword(const QString& username, CtlContext& context);
    int simpleChange(const QString& verb, const QString& username, CtlContext& context);

    /// --role values (repeatable, also comma separated). InvalidInput for unknown or no roles.
    [[nodiscard]] static Result<OperatorRoles> roles(const QCommandLineParser& parser);
    static QJsonObject toJson(const OperatorAccount& account);
};

} // namespace gatehouse
