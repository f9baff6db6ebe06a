#include "WorkspaceCommand.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "TerminalText.h"

namespace gatehouse {

QString WorkspaceCommand::summary() const
{
    return QStringLiteral("Create a workspace.");
}

QList<CtlVerb> WorkspaceCommand::verbs() const
{
    return {
        {QStringLiteral("init"),
         {},
         0,
         0,
         QStringLiteral("Create a workspace and its first admin account"),
         {QCommandLineOption(QStringLiteral("admin"),
                             QStringLiteral("Username of the first admin (default admin)."),
                             QStringLiteral("user")),
          QCommandLineOption(QStringLiteral("display-name"),
                             QStringLiteral("Display name of the first admin (default: the username)."),
                             QStringLiteral("name"))},
         {},
         QStringLiteral(
             "The admin's password comes from GATEHOUSE_PASSWORD, or is asked for twice on the terminal.\n"
             "Refused when the workspace already has accounts.")},
    };
}

int WorkspaceCommand::run(const QString& /*verb*/, const QCommandLineParser& parser,
                          const QStringList& /*arguments*/, CtlContext& context)
{
    const QString admin = parser.isSet(QStringLiteral("admin")) ? parser.value(QStringLiteral("admin"))
                                                                : QStringLiteral("admin");
    const QString displayName =
        parser.isSet(QStringLiteral("display-name")) ? parser.value(QStringLiteral("display-name")) : admin;

    auto app = context.open(CtlContext::WorkspaceAccess::MayCreate);
    if (!app)
        return context.report(app.error());
    AccountService& accounts = (*app)->accounts();
    auto empty = accounts.needsFirstAdmin();
    if (!empty)
        return context.report(empty.error());
    if (!*empty)
        return context.report(
            Error{ErrorCode::Conflict,
                  QStringLiteral("the workspace at %1 already has accounts; sign in with --user")
                      .arg(QDir::toNativeSeparators((*app)->workspace().directory()))});
    auto password = context.passwords().password(PasswordPurpose::FirstAdmin, admin);
    if (!password)
        return context.report(password.error());
    auto created = accounts.createFirstAdmin(admin, displayName, *password);
    if (!created)
        return context.report(created.error());

    const QString dir = QDir::toNativeSeparators((*app)->workspace().directory());
    if (context.json())
        context.printJson(QJsonObject{
            {QStringLiteral("workspace"), dir},
            {QStringLiteral("admin"), created->username},
            {QStringLiteral("roles"), QJsonArray::fromStringList(operatorRoleNames(created->roles))}});
    else
        context.out() << "workspace " << TerminalText::printable(dir) << " ready; first admin '"
                      << TerminalText::printable(created->username) << "' created\n";
    return CtlContext::kExitOk;
}

} // namespace gatehouse
