#include "cli/clirunner.h"
#include "gui/guilauncher.h"

#include <QApplication>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    // A headless verb runs on QCoreApplication: no display needed (CI, scripts, ssh sessions).
    if (argc > 1 && greenlight::CliRunner::isVerb(QString::fromLocal8Bit(argv[1]))) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("greenlight"));
        QCoreApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_VERSION));
        return greenlight::CliRunner().run(QCoreApplication::arguments());
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("greenlight"));
    QApplication::setApplicationDisplayName(QStringLiteral("Greenlight"));
    QApplication::setApplicationVersion(QStringLiteral(GREENLIGHT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.greenlight.Greenlight"));
    return greenlight::runGui(app);
}
