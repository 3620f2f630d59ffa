// Measures the longest stall of the main (GUI) thread's event loop while the console connects
// to every host of a deployment file and reads the fleet: a 1 ms timer records the largest
// gap between its ticks. Not a test: bench/ssh-fanout.sh runs it and prints the figure.

#include "config/configloader.h"
#include "controller/deploymentcontroller.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

using namespace greenlight;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: greenlight-bench-stall DEPLOYMENT.json\n");
        return 2;
    }
    ConfigLoader loader;
    const Result<DeploymentConfig> config = loader.loadFile(QString::fromLocal8Bit(argv[1]));
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error()));
        return 2;
    }
    DeploymentController controller(config.value(), HostKeyPolicy::Strict);

    QElapsedTimer sinceTick;
    qint64 worstMs = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        worstMs = std::max(worstMs, sinceTick.elapsed());
        sinceTick.restart();
    });

    QElapsedTimer total;
    int ready = 0;
    const qsizetype hosts = config->hosts.size();
    QObject::connect(&controller, &DeploymentController::hostStatusChanged, [&](const QString &, const HostStatus &s) {
        if (s.state == HostState::Ready && ++ready == hosts)
            controller.refresh();
        if (s.state == HostState::Failed)
            std::fprintf(stderr, "host failed: %s\n", qPrintable(s.reason));
    });
    QObject::connect(&controller, &DeploymentController::fleetChanged, [&](const FleetSnapshot &fleet) {
        if (ready < hosts || fleet.hosts.isEmpty())
            return;
        std::printf("hosts=%lld connect_and_read_ms=%lld longest_main_thread_stall_ms=%lld\n", static_cast<long long>(hosts),
                    static_cast<long long>(total.elapsed()), static_cast<long long>(worstMs));
        std::fflush(stdout);
        app.quit();
    });
    QTimer::singleShot(60000, &app, [&] {
        std::fprintf(stderr, "timed out: %d of %lld hosts ready\n", ready, static_cast<long long>(hosts));
        app.exit(1);
    });
    sinceTick.start();
    total.start();
    ticker.start(1);
    controller.connectHosts(0);
    return app.exec();
}
