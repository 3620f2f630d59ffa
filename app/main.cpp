#include "cli/clirunner.h"
#include "cli/launch.h"
#include "gui/guilauncher.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Decided before any application object exists: only the window needs (or touches) a display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const greenlight::Launch launch =
        greenlight::decideLaunch(arguments, greenlight::displayFromEnvironment(), QStringLiteral(GREENLIGHT_VERSION));

    switch (launch.kind) {
    case greenlight::Launch::Kind::Answer:
        std::fputs(launch.out.toLocal8Bit().constData(), stdout);
        std::fputs(launch.err.toLocal8Bit().constData(), stderr);
        return launch.exitCode;
    case greenlight::Launch::Kind::Verb: {
        // A headless verb runs on QCoreApplication: no display needed (CI, scripts, ssh sessions).
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("greenlight"));
        QCoreApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_VERSION));
        return greenlight::CliRunner().run(launch.verbArguments);
    }
    case greenlight::Launch::Kind::Window:
        break;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("greenlight"));
    QApplication::setApplicationDisplayName(QStringLiteral("Greenlight"));
    QApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.greenlight.Greenlight"));
    return greenlight::runGui(app, launch.window);
}
