// Warm rollback latency: with the console's sessions open, the time from the rollback call
// to "the previous colour serves through the router" (verified), over N alternating
// rollbacks. Not a test: bench/rollback.sh runs it and prints the figures.

#include "config/configloader.h"
#include "controller/deploymentcontroller.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace greenlight;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: greenlight-bench-rollback DEPLOYMENT.json [N]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 50;
    ConfigLoader loader;
    const Result<DeploymentConfig> config = loader.loadFile(QString::fromLocal8Bit(argv[1]));
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error()));
        return 2;
    }
    DeploymentController controller(config.value(), HostKeyPolicy::Strict);
    {
        QEventLoop warm; // sessions open, fleet read once
        QObject::connect(&controller, &DeploymentController::fleetChanged, &warm, &QEventLoop::quit);
        controller.connectHosts(0);
        warm.exec();
    }
    QList<double> ms;
    for (int i = 0; i < rounds; ++i) {
        const Colour target = i % 2 == 0 ? Colour::Green : Colour::Blue;
        QEventLoop done;
        bool ok = false;
        QObject::connect(&controller, &DeploymentController::rollbackFinished, &done, [&](const PipelineOutcome &o) {
            ok = o.succeeded;
            if (!ok)
                std::fprintf(stderr, "rollback %d failed: %s\n", i, qPrintable(o.message));
            done.quit();
        });
        QElapsedTimer clock;
        clock.start();
        controller.rollback(QStringLiteral("benchmark"), target);
        done.exec();
        if (!ok)
            return 1;
        ms << static_cast<double>(clock.nsecsElapsed()) / 1e6;
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double p) { return ms.at(std::min<qsizetype>(ms.size() - 1, static_cast<qsizetype>(p * static_cast<double>(ms.size())))); };
    std::printf("warm rollbacks=%lld p50_ms=%.1f p95_ms=%.1f max_ms=%.1f\n", static_cast<long long>(ms.size()), at(0.5), at(0.95), ms.last());
    return 0;
}
