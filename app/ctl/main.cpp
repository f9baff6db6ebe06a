// gatehousectl: the command-line front door. Everything but argument plumbing lives in
// the gatehouse_ctl library (CtlRunner), which the tests drive in-process.

#include <cstdio>

#include <QCoreApplication>
#include <QTextStream>

#include "CtlRunner.h"
#include "TerminalPasswordSource.h"

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // Same organisation and application name as the console, so the default workspace
    // (QStandardPaths::AppDataLocation) is the same folder for every executable.
    QCoreApplication::setOrganizationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationVersion(gatehouse::CtlRunner::version());

    QTextStream out(stdout);
    QTextStream err(stderr);
    gatehouse::TerminalPasswordSource passwords;
    gatehouse::CtlRunner runner;
    return runner.run(QCoreApplication::arguments().mid(1), out, err, passwords);
}
