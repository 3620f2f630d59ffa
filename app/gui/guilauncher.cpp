#include "guilauncher.h"

#include "cli/unixsignals.h"
#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "lab/lab.h"
#include "metrics/metricshub.h"
#include "ssh/sshinteraction.h"
#include "consolewindow.h"
#include "guiinteraction.h"

#include <QApplication>
#include <QFileDialog>
#include <QMessageBox>

#include <memory>

namespace greenlight {

int runGui(QApplication &app, const WindowOptions &windowOptions)
{
    std::unique_ptr<Lab> lab;
    QString path = windowOptions.file;
    if (windowOptions.lab) {
        LabOptions options;
        options.router = windowOptions.labRouter;
        options.gatedPipeline = true; // a first deploy shows the bake dashboard
        lab = std::make_unique<Lab>();
        qInfo("greenlight: starting the local lab…");
        if (const Status s = lab->start(options); !s) {
            QMessageBox::critical(nullptr, QApplication::translate("greenlight", "Greenlight"),
                                  QApplication::translate("greenlight", "The local lab did not start:\n%1").arg(s.error()));
            return 1;
        }
        qInfo("greenlight: lab in %s, router %s", qPrintable(lab->rootDir()), qPrintable(lab->frontendUrl()));
        path = lab->configPath();
    }
    if (path.isEmpty()) {
        path = QFileDialog::getOpenFileName(nullptr, QApplication::translate("greenlight", "Open deployment file"), QString(),
                                            QApplication::translate("greenlight", "Deployment files (*.json)"));
        if (path.isEmpty())
            return 0;
    }
    ConfigLoader loader;
    Result<DeploymentConfig> config = loader.loadFile(path);
    if (!config) {
        QMessageBox::critical(nullptr, QApplication::translate("greenlight", "Greenlight"),
                              QApplication::translate("greenlight", "The deployment file has problems:\n\n%1").arg(config.error()));
        return 2;
    }

    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::received, &app, &QApplication::quit);

    int code = 0;
    {
        auto interaction = std::make_shared<GuiInteraction>(nullptr);
        DeploymentController controller(std::move(config).value(), HostKeyPolicy::Ask, std::make_shared<PromptedInteraction>(interaction));
        ConsoleWindow window(&controller);
        window.show();
        controller.connectHosts();
        controller.metrics().start();
        const QString autoDeploy = windowOptions.deployOnStart;
        if (!autoDeploy.isEmpty()) {
            auto once = std::make_shared<QMetaObject::Connection>();
            *once = QObject::connect(&controller, &DeploymentController::fleetChanged, &window, [&window, &controller, autoDeploy, once] {
                if (!controller.fleet().liveColour())
                    return;
                QObject::disconnect(*once);
                window.startDeploy(autoDeploy);
            });
        }
        code = app.exec();
        interaction->close(); // SSH threads waiting on a dialog give up, so shutdown cannot hang
    }
    if (lab)
        lab->stop();
    return code;
}

} // namespace greenlight
