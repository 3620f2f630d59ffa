// The 3 a.m. path, timed on the real window: process start → the window shows where traffic
// is and Roll back is on (router and journal read) → Ctrl+R's confirmation accepted (the
// keystroke itself is not timed) → the old colour serves through the router. Not a test:
// bench/three-am.sh runs it against a lab where a deploy has just finished.

#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "http/httpcheck.h"
#include "consolewindow.h"
#include "rollbackconfirm.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

using namespace greenlight;

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: greenlight-bench-3am DEPLOYMENT.json ROUTER_URL\n");
        return 2;
    }
    const Result<DeploymentConfig> config = ConfigLoader().loadFile(QString::fromLocal8Bit(argv[1]));
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error()));
        return 2;
    }
    const QString router = QString::fromLocal8Bit(argv[2]);
    DeploymentController controller(config.value(), HostKeyPolicy::Strict);
    ConsoleWindow window(&controller);
    window.show();
    controller.connectHosts();
    auto *rollback = window.findChild<QAction *>(QStringLiteral("rollbackAction"));

    qint64 readyMs = -1;
    qint64 confirmedAt = -1;
    int code = 1;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        if (readyMs < 0 && rollback->isEnabled()) {
            readyMs = sinceStart.elapsed();
            rollback->trigger(); // Ctrl+R
        }
        if (confirmedAt < 0) {
            if (auto *confirm = window.findChild<RollbackConfirm *>(); confirm && confirm->isVisible()) {
                std::printf("asked: %s\n", qPrintable(confirm->plan().summary()));
                confirmedAt = sinceStart.elapsed();
                confirm->accept(); // Enter
            }
        }
    });
    QObject::connect(&controller, &DeploymentController::rollbackFinished, &app, [&](const PipelineOutcome &outcome) {
        const Result<HttpReply> served = HttpCheck::get(router + QStringLiteral("version"), 3000);
        const qint64 servingMs = sinceStart.elapsed();
        if (!outcome.succeeded || !served) {
            std::fprintf(stderr, "rollback failed: %s %s\n", qPrintable(outcome.message), served ? "" : qPrintable(served.error()));
        } else {
            std::printf("launch_to_ready_ms=%lld confirm_to_serving_ms=%lld total_ms=%lld serving=%s\n", static_cast<long long>(readyMs),
                        static_cast<long long>(servingMs - confirmedAt), static_cast<long long>(servingMs), qPrintable(served->bodyText()));
            code = 0;
        }
        app.quit();
    });
    poll.start(5);
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "no rollback within 60 s\n");
        app.quit();
    });
    app.exec();
    return code;
}
