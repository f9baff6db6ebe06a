#include "DemoCommand.h"

#include <QDir>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "DemoSeeder.h"
#include "TerminalText.h"

namespace gatehouse {

QString DemoCommand::summary() const
{
    return QStringLiteral("Demo workspace.");
}

QList<CtlVerb> DemoCommand::verbs() const
{
    return {
        {QStringLiteral("seed"),
         {},
         0,
         0,
         QStringLiteral("Fill an empty workspace with demo accounts and paths"),
         {},
         {},
         QStringLiteral("Accounts admin, analyst1..3, manager1 and owner-<team>, all with the password\n"
                        "gatehouse-demo, and 16 decision paths with their history in the ledger.\n"
                        "Refused when the workspace already has accounts.")},
    };
}

int DemoCommand::run(const QString& /*verb*/, const QCommandLineParser& /*parser*/,
                     const QStringList& /*arguments*/, CtlContext& context)
{
    auto app = context.open(CtlContext::WorkspaceAccess::MayCreate);
    if (!app)
        return context.report(app.error());
    if (auto st =
            DemoSeeder::seed((*app)->database(), (*app)->accounts(), (*app)->catalogue(), (*app)->clock());
        !st)
        return context.report(st.error());
    if (auto st = DemoSeeder::seedGraph((*app)->graph(), (*app)->catalogue(), (*app)->clock()); !st)
        return context.report(st.error());
    const QString dir = QDir::toNativeSeparators((*app)->workspace().directory());
    if (context.json())
        context.printJson(
            QJsonObject{{QStringLiteral("workspace"), dir},
                        {QStringLiteral("demo"), true},
                        {QStringLiteral("password"), QString::fromLatin1(DemoSeeder::kDemoPassword)}});
    else
        context.out() << "demo workspace seeded at " << TerminalText::printable(dir)
                      << "\nsign in as admin, analyst1, analyst2, analyst3, manager1 or owner-<team> "
                         "(e.g. owner-secops) with the password "
                      << DemoSeeder::kDemoPassword << '\n';
    return CtlContext::kExitOk;
}

} // namespace gatehouse
