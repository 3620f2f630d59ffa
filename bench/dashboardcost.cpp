// The console's own cost while an operator watches a bake: the real window (offscreen), its
// charts redrawn at 4 Hz, fed as the probes feed it (2 colours × 2 hosts at 1 Hz, the router's
// counters every 2 s). An hour of samples is fed at speed first, so the buffers are as full as
// they get; then the window runs for a while in real time and its CPU is measured; then another
// hour is fed and the memory compared. Not a test: bench/dashboard-cost.sh runs it.
//   greenlight-bench-dashboard DEPLOYMENT.json SECONDS CHART_WINDOW_S

#include "config/configloader.h"
#include "consolewindow.h"
#include "controller/deploymentcontroller.h"
#include "metrics/metricshub.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>

using namespace greenlight;

namespace {
double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
           + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double rssMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? static_cast<double>(fields.at(1).toLongLong()) * 4096.0 / (1024.0 * 1024.0) : 0;
}

// One second of what the probes and the router read bring, at `timeMs`.
void feedSecond(MetricsHub &hub, const DeploymentConfig &config, qint64 timeMs, qint64 &requests)
{
    for (const EnvironmentConfig *env : {&config.blue, &config.green}) {
        for (const QString &host : env->hosts)
            hub.recordProbe(host, timeMs, 2.0 + QRandomGenerator::global()->bounded(20.0), true, 200);
    }
    requests += 20;
    if ((timeMs / 1000) % 2 == 0) {
        hub.addRouterCounters(Colour::Blue, timeMs, requests, requests / 100);
        hub.addRouterCounters(Colour::Green, timeMs, requests / 2, requests / 300);
    }
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    if (argc != 4) {
        std::fprintf(stderr, "usage: greenlight-bench-dashboard DEPLOYMENT.json SECONDS CHART_WINDOW_S\n");
        return 2;
    }
    ConfigLoader loader;
    const Result<DeploymentConfig> config = loader.loadFile(QString::fromLocal8Bit(argv[1]));
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error()));
        return 2;
    }
    const int seconds = QByteArray(argv[2]).toInt();
    const int chartWindow = QByteArray(argv[3]).toInt();
    DeploymentController controller(config.value(), HostKeyPolicy::Strict); // never connected: no SSH, no probes
    ConsoleWindow window(&controller);
    window.resize(1400, 900);
    window.show();
    window.setChartWindow(chartWindow);
    MetricsHub &hub = controller.metrics();

    qint64 requests = 0;
    const auto feedHour = [&](qint64 endMs) {
        for (qint64 t = endMs - 3600 * 1000LL; t < endMs; t += 1000)
            feedSecond(hub, config.value(), t, requests);
    };
    const double rssStart = rssMiB();
    feedHour(QDateTime::currentMSecsSinceEpoch());
    QCoreApplication::processEvents();
    const double rssHour = rssMiB();

    QTimer live;
    QObject::connect(&live, &QTimer::timeout, [&] { feedSecond(hub, config.value(), QDateTime::currentMSecsSinceEpoch(), requests); });
    live.start(1000);
    const double cpuBefore = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    QTimer::singleShot(seconds * 1000, &app, &QCoreApplication::quit);
    app.exec();
    const double cpu = cpuSeconds() - cpuBefore;
    const double wallS = static_cast<double>(wall.elapsed()) / 1000.0;

    feedHour(QDateTime::currentMSecsSinceEpoch() + 3600 * 1000LL); // a second hour: the buffers wrap
    QCoreApplication::processEvents();
    const double rssTwoHours = rssMiB();
    std::printf("chart window %d s: cpu %.3f s over %.1f s = %.2f %% of a core; rss %.1f MiB at start, %.1f MiB after an hour of samples, "
                "%.1f MiB after two (%+.1f MiB)\n",
                chartWindow, cpu, wallS, 100.0 * cpu / wallS, rssStart, rssHour, rssTwoHours, rssTwoHours - rssHour);
    return 0;
}
