// gatehouse: the desktop console. Start-up lives in ConsoleLauncher; the services are
// built by the composition root (app/Application), the windows by gatehouse_views.

#include <QApplication>

#include "ConsoleLauncher.h"

int main(int argc, char* argv[])
{
    // Same organisation and application name as gatehousectl and gatehoused, so the
    // default workspace (QStandardPaths::AppDataLocation) is the same folder for all.
    QApplication::setOrganizationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));

    // --help and --version must work without a display: parse before QApplication exists.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    gatehouse::ConsoleLauncher launcher;
    if (const auto exitCode = launcher.parse(arguments))
        return *exitCode;

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("gatehouse"));
    return launcher.run();
}
