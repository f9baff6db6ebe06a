#include "AccountsCommand.h"

#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QString isoUtc(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QCommandLineOption roleOption()
{
    return QCommandLineOption(
        QStringLiteral("role"),
        QStringLiteral("analyst, owner, manager or admin (repeatable, or comma separated)."),
        QStringLiteral("role"));
}

} // namespace

QString AccountsCommand::summary() const
{
    return QStringLiteral("Manage local operator accounts (admin only).");
}

QList<CtlVerb> AccountsCommand::verbs() const
{
    const QString user = QStringLiteral("USER");
    const QString newPassword =
        QStringLiteral("The new account's password comes from GATEHOUSE_NEW_PASSWORD, or is asked for twice "
                       "on the terminal.");
    return {
        {QStringLiteral("list"), {}, 0, 0, QStringLiteral("List operator accounts"), {}, {}, {}},
        {QStringLiteral("add"),
         user,
         1,
         1,
         QStringLiteral("Create an operator account"),
         {roleOption(),
          QCommandLineOption(QStringLiteral("display-name"),
                             QStringLiteral("Full name shown in the console."), QStringLiteral("name"))},
         {QStringLiteral("role")},
         newPassword},
        {QStringLiteral("disable"),
         user,
         1,
         1,
         QStringLiteral("Disable an account (it can no longer sign in)"),
         {},
         {},
         {}},
        {QStringLiteral("enable"), user, 1, 1, QStringLiteral("Enable a disabled account"), {}, {}, {}},
        {QStringLiteral("unlock"),
         user,
         1,
         1,
         QStringLiteral("Lift a lock-out after failed sign-ins"),
         {},
         {},
         {}},
        {QStringLiteral("set-roles"),
         user,
         1,
         1,
         QStringLiteral("Replace the roles of an account"),
         {roleOption()},
         {QStringLiteral("role")},
         {}},
        {QStringLiteral("set-password"),
         user,
         1,
         1,
         QStringLiteral("Set a new password (own account, or admin)"),
         {},
         {},
         newPassword},
    };
}

int AccountsCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                         CtlContext& context)
{
    if (verb == QStringLiteral("list"))
        return list(context);
    if (verb == QStringLiteral("add"))
        return add(arguments.at(0), parser, context);
    if (verb == QStringLiteral("set-roles"))
        return setRoles(arguments.at(0), parser, context);
    if (verb == QStringLiteral("set-password"))
        return setPassword(arguments.at(0), context);
    return simpleChange(verb, arguments.at(0), context);
}

Result<OperatorRoles> AccountsCommand::roles(const QCommandLineParser& parser)
{
    QStringList names;
    for (const auto& value : parser.values(QStringLiteral("role")))
        names += value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (names.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("give at least one --role (analyst, owner, manager, admin)"));
    auto parsed = parseOperatorRoles(names);
    if (!parsed)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--role must be analyst, owner, manager or admin (got \"%1\")")
                        .arg(names.join(QLatin1Char(',')).left(64)));
    return *parsed;
}

QJsonObject AccountsCommand::toJson(const OperatorAccount& a)
{
    return QJsonObject{
        {QStringLiteral("username"), a.username},
        {QStringLiteral("display_name"), a.displayName},
        {QStringLiteral("roles"), QJsonArray::fromStringList(operatorRoleNames(a.roles))},
        {QStringLiteral("disabled"), a.disabled},
        {QStringLiteral("locked_until"),
         a.lockedUntil.isValid() ? QJsonValue(isoUtc(a.lockedUntil)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("created_at"),
         a.createdAt.isValid() ? QJsonValue(isoUtc(a.createdAt)) : QJsonValue(QJsonValue::Null)},
    };
}

int AccountsCommand::list(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto accounts = (*app)->accounts().list(*session);
    if (!accounts)
        return context.report(accounts.error());
    if (context.json()) {
        QJsonArray array;
        for (const auto& a : *accounts)
            array.append(toJson(a));
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    const QDateTime now = (*app)->clock().now();
    TextTable table({QStringLiteral("USERNAME"), QStringLiteral("DISPLAY NAME"), QStringLiteral("ROLES"),
                     QStringLiteral("STATE"), QStringLiteral("CREATED")});
    for (const auto& a : *accounts) {
        QString state = QStringLiteral("active");
        if (a.disabled)
            state = QStringLiteral("disabled");
        else if (a.lockedUntil.isValid() && a.lockedUntil > now)
            state = QStringLiteral("locked until ") + isoUtc(a.lockedUntil);
        table.addRow({TerminalText::cell(a.username, 64), TerminalText::cell(a.displayName, 40),
                      operatorRoleNames(a.roles).join(QLatin1Char(',')), state,
                      a.createdAt.toUTC().toString(Qt::ISODate)});
    }
    table.print(context.out());
    return CtlContext::kExitOk;
}

int AccountsCommand::add(const QString& username, const QCommandLineParser& parser, CtlContext& context)
{
    auto wanted = roles(parser);
    if (!wanted)
        return context.usageError(wanted.error().message);
    const QString displayName = parser.isSet(QStringLiteral("display-name"))
                                    ? parser.value(QStringLiteral("display-name"))
                                    : username;
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto password = context.passwords().password(PasswordPurpose::NewAccount, username);
    if (!password)
        return context.report(password.error());
    auto app = context.open();
    auto created = (*app)->accounts().createAccount(*session, username, displayName, *wanted, *password);
    if (!created)
        return context.report(created.error());
    if (context.json())
        context.printJson(toJson(*created));
    else
        context.out() << "created account " << TerminalText::printable(created->username) << " (roles "
                      << operatorRoleNames(created->roles).join(QStringLiteral(", ")) << ")\n";
    return CtlContext::kExitOk;
}

int AccountsCommand::setRoles(const QString& username, const QCommandLineParser& parser, CtlContext& context)
{
    auto wanted = roles(parser);
    if (!wanted)
        return context.usageError(wanted.error().message);
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    if (auto st = (*app)->accounts().setRoles(*session, username, *wanted); !st)
        return context.report(st.error());
    if (context.json())
        context.printJson(
            QJsonObject{{QStringLiteral("username"), username},
                        {QStringLiteral("roles"), QJsonArray::fromStringList(operatorRoleNames(*wanted))}});
    else
        context.out() << "account " << TerminalText::printable(username) << " now has roles "
                      << operatorRoleNames(*wanted).join(QStringLiteral(", ")) << '\n';
    return CtlContext::kExitOk;
}

int AccountsCommand::setPassword(const QString& username, CtlContext& context)
{
    // Changing one's own password needs the old one: the password just used to sign in.
    QString signInPassword;
    auto session = context.signIn(&signInPassword);
    if (!session)
        return context.report(session.error());
    auto newPassword = context.passwords().password(PasswordPurpose::NewAccount, username);
    if (!newPassword)
        return context.report(newPassword.error());
    const QString oldPassword = session->username == username ? signInPassword : QString();
    auto app = context.open();
    if (auto st = (*app)->accounts().changePassword(*session, username, oldPassword, *newPassword); !st)
        return context.report(st.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("username"), username},
                                      {QStringLiteral("password_changed"), QJsonValue(true)}});
    else
        context.out() << "password of " << TerminalText::printable(username) << " changed\n";
    return CtlContext::kExitOk;
}

int AccountsCommand::simpleChange(const QString& verb, const QString& username, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    AccountService& accounts = (*app)->accounts();
    const Status st = verb == QStringLiteral("disable")  ? accounts.setDisabled(*session, username, true)
                      : verb == QStringLiteral("enable") ? accounts.setDisabled(*session, username, false)
                                                         : accounts.unlock(*session, username);
    if (!st)
        return context.report(st.error());
    const QString done = verb == QStringLiteral("disable")  ? QStringLiteral("disabled")
                         : verb == QStringLiteral("enable") ? QStringLiteral("enabled")
                                                            : QStringLiteral("unlocked");
    if (context.json())
        context.printJson(
            QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("result"), done}});
    else
        context.out() << "account " << TerminalText::printable(username) << ' ' << done << '\n';
    return CtlContext::kExitOk;
}

} // namespace gatehouse
