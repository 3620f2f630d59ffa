#include "guilauncher.h"

#include "cli/clicommon.h"
#include "cli/unixsignals.h"
#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "http/httpcheck.h"
#include "lab/lab.h"
#include "metrics/metricshub.h"
#include "ssh/sshinteraction.h"
#include "consolewindow.h"
#include "desktopsettings.h"
#include "guiinteraction.h"
#include "theme.h"

#include <QApplication>
#include <QFileDialog>
#include <QMessageBox>
#include <QTimer>

#include <memory>

namespace greenlight {

namespace {

QString tr(const char *text)
{
    return QApplication::translate("greenlight", text);
}

// One deployment file open in the window: its controller, its window, its prompts.
struct OpenConsole
{
    std::shared_ptr<GuiInteraction> interaction;
    std::unique_ptr<DeploymentController> controller;
    std::unique_ptr<ConsoleWindow> window;

    ~OpenConsole()
    {
        if (interaction)
            interaction->close(); // SSH threads waiting on a dialog give up, so shutdown cannot hang
        window.reset();
        controller.reset();
    }
};

Result<DeploymentConfig> loadConfig(const QString &path, QWidget *parent)
{
    Result<DeploymentConfig> config = ConfigLoader().loadFile(path);
    if (config && !config->tlsCaFile.isEmpty()) {
        if (const Status trusted = HttpCheck::trustCertificates(config->tlsCaFile); !trusted)
            config = Result<DeploymentConfig>::failure(trusted.error(), trusted.code());
    }
    if (!config)
        QMessageBox::critical(parent, tr("Greenlight"), tr("The deployment file %1 has problems:\n\n%2").arg(path, config.error()));
    return config;
}

} // namespace

int runGui(QApplication &app, const WindowOptions &windowOptions)
{
    if (qEnvironmentVariable("GREENLIGHT_PALETTE") == QLatin1String("dark")) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(Theme::darkPalette());
    }
    std::unique_ptr<Lab> lab;
    QString path = windowOptions.file;
    if (windowOptions.lab) {
        LabOptions options;
        options.router = windowOptions.labRouter;
        options.gatedPipeline = true; // a first deploy shows the bake dashboard
        lab = std::make_unique<Lab>();
        qInfo("greenlight: starting the local lab…");
        if (const Status s = lab->start(options); !s) {
            QMessageBox::critical(nullptr, tr("Greenlight"), tr("The local lab did not start:\n%1").arg(s.error()));
            return 1;
        }
        qInfo("greenlight: lab in %s, router %s", qPrintable(lab->rootDir()), qPrintable(lab->frontendUrl()));
        path = lab->configPath();
    }
    if (path.isEmpty()) {
        // As the verbs do: ./greenlight.json, then $GREENLIGHT_CONFIG, then ask.
        path = chooseConfig(QString()).path;
    }
    if (path.isEmpty()) {
        const QStringList recent = DesktopSettings::recentFiles();
        path = QFileDialog::getOpenFileName(nullptr, tr("Open deployment file"), recent.isEmpty() ? QString() : recent.first(),
                                            tr("Deployment files (*.json)"));
        if (path.isEmpty())
            return 0;
    }
    Result<DeploymentConfig> first = loadConfig(path, nullptr);
    if (!first)
        return 2;

    UnixSignals unixSignals;
    int signalCount = 0;

    std::unique_ptr<OpenConsole> console;
    std::function<void(DeploymentConfig, const QString &)> open;
    open = [&](DeploymentConfig config, const QString &file) {
        auto next = std::make_unique<OpenConsole>();
        next->interaction = std::make_shared<GuiInteraction>(nullptr);
        next->controller = std::make_unique<DeploymentController>(std::move(config), HostKeyPolicy::Review,
                                                                  std::make_shared<PromptedInteraction>(next->interaction));
        next->window = std::make_unique<ConsoleWindow>(next->controller.get());
        if (!lab)
            DesktopSettings::addRecentFile(file);
        ConsoleWindow *window = next->window.get();
        QObject::connect(window, &ConsoleWindow::openRequested, window, [&, window](const QString &other) {
            Result<DeploymentConfig> loaded = loadConfig(other, window);
            if (!loaded)
                return; // the open file stays open
            // Not from inside the old window's own signal: the old console goes once this returns.
            QTimer::singleShot(0, &app, [&, config = std::move(loaded).value(), other]() mutable { open(std::move(config), other); });
        });
        console = std::move(next); // the previous console (if any) closes here, after the new one exists
        console->window->show();
        console->controller->connectHosts();
        console->controller->metrics().start();
    };
    open(std::move(first).value(), path);
    // Ctrl+C / SIGTERM: the window stops what runs (moved traffic put back) and closes, asking
    // nothing; a second signal leaves at once.
    QObject::connect(&unixSignals, &UnixSignals::received, &app, [&] {
        if (++signalCount > 1 || !console)
            QApplication::exit(130);
        else
            console->window->stopAndClose();
    });

    const QString autoDeploy = windowOptions.deployOnStart;
    if (!autoDeploy.isEmpty()) {
        auto once = std::make_shared<QMetaObject::Connection>();
        DeploymentController *controller = console->controller.get();
        ConsoleWindow *window = console->window.get();
        *once = QObject::connect(controller, &DeploymentController::fleetChanged, window, [window, controller, autoDeploy, once] {
            if (!controller->fleet().liveColour())
                return;
            QObject::disconnect(*once);
            window->startDeploy(autoDeploy);
        });
    }
    const int code = app.exec();
    console.reset();
    if (lab)
        lab->stop();
    return code;
}

} // namespace greenlight
