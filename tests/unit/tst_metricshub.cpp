// The router's counters in the charts: cumulative per-colour counters become per-read deltas,
// a reset (router reload) is a new baseline, and the error rate covers probes and real
// traffic together. Probes themselves are exercised on the lab (tst_consolewindow).

#include "metrics/metricshub.h"

#include <QDateTime>
#include <QtTest>

using namespace greenlight;

class TestMetricsHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void routerCountersBecomeDeltas()
    {
        MetricsHub hub(DeploymentConfig{});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        hub.addRouterCounters(Colour::Green, now - 3000, 10000, 50); // baseline: history is not ours
        QCOMPARE(hub.summary(Colour::Green, 60).routed, 0);
        hub.addRouterCounters(Colour::Green, now - 2000, 10200, 60); // 200 requests, 10 errors
        hub.addRouterCounters(Colour::Green, now - 1000, 10400, 60); // 200 requests, 0 errors
        ColourSummary s = hub.summary(Colour::Green, 60);
        QCOMPARE(s.routed, 400);
        QCOMPARE(s.routedErrors, 10);
        QCOMPARE(s.errorRate, 10.0 / 400.0);
        QCOMPARE(hub.summary(Colour::Blue, 60).routed, 0); // per colour

        // A router reload resets its counters: a new baseline, not a negative count.
        hub.addRouterCounters(Colour::Green, now - 500, 30, 0);
        hub.addRouterCounters(Colour::Green, now, 130, 100);
        s = hub.summary(Colour::Green, 60);
        QCOMPARE(s.routed, 500);
        QCOMPARE(s.routedErrors, 110);
    }

    // Real requests' upstream times (the router's access log) are a series of their own per
    // colour, beside the probes': the window and summary a gate and the panel read, and the chart.
    void trafficLatencyIsASeriesOfItsOwn()
    {
        MetricsHub hub(DeploymentConfig{});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<double> times;
        for (int i = 1; i <= 100; ++i)
            times << i;
        hub.addTrafficLatencies(Colour::Green, now - 1500, times);
        hub.addTrafficLatencies(Colour::Blue, now - 1500, {7, 7});
        const ColourSummary s = hub.summary(Colour::Green, 60);
        QCOMPARE(s.trafficSamples, 100);
        QCOMPARE(s.trafficP50Ms, 51.0);
        QCOMPARE(s.trafficP95Ms, 95.0);
        QCOMPARE(s.trafficP99Ms, 99.0);
        QCOMPARE(s.samples, 0); // not probes
        QCOMPARE(s.p95Ms, 0.0);
        QCOMPARE(hub.summary(Colour::Blue, 60).trafficP99Ms, 7.0);
        QCOMPARE(hub.window(Colour::Green, 60).trafficLatencies.size(), 100);
        QCOMPARE(hub.window(Colour::Green, 1).trafficLatencies.size(), 0); // read before the window

        const QList<QList<QPointF>> series = hub.trafficLatencySeries(Colour::Green, 60, {0.5, 0.99});
        QCOMPARE(series.size(), 2);
        QCOMPARE(series.at(0).size(), 1);
        QCOMPARE(series.at(0).first(), QPointF(-1, 51));
        QCOMPARE(series.at(1).first().y(), 99.0);
        QVERIFY(hub.latencySeries(Colour::Green, 60, 0.5).isEmpty()); // the probes' series has none of them
    }

    void trafficLatencyMemoryIsBounded()
    {
        MetricsHub hub(DeploymentConfig{});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        hub.addTrafficLatencies(Colour::Blue, now, QList<double>(MetricsHub::kTrafficCapacity, 1000.0));
        hub.addTrafficLatencies(Colour::Blue, now, QList<double>(10, 1.0));
        const MetricWindow w = hub.window(Colour::Blue, 60);
        QCOMPARE(w.trafficLatencies.size(), MetricsHub::kTrafficCapacity); // the oldest 10 made room
        QCOMPARE(w.trafficLatencies.count(1.0), 10);
    }

    // The hosts' own counters (a DNS router counts nothing) say requests still reach a colour,
    // and nothing about errors: they are in no error rate and no gate's window.
    void hostCountsShowTrafficButNoErrorRate()
    {
        MetricsHub hub(DeploymentConfig{});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        hub.recordProbe(QStringLiteral("blue-1"), now - 1500, 2.0, false, 500); // unknown host: not counted
        hub.addHostCounts(Colour::Blue, now - 3000, 5000); // baseline
        QCOMPARE(hub.requestsReaching(Colour::Blue, 10), 0);
        hub.addHostCounts(Colour::Blue, now - 2000, 5012);
        hub.addHostCounts(Colour::Blue, now - 1000, 5012); // none in this second
        QCOMPARE(hub.requestsReaching(Colour::Blue, 10), 12);
        QCOMPARE(hub.requestsCountedByHosts(Colour::Blue, 10), 12);
        QCOMPARE(hub.requestsReaching(Colour::Green, 10), 0);
        QCOMPARE(hub.window(Colour::Blue, 10).routed, 0);
        QCOMPARE(hub.summary(Colour::Blue, 60).routed, 0);
        // A restarted host counts from 0: a new baseline, not a burst.
        hub.addHostCounts(Colour::Blue, now - 500, 3);
        QCOMPARE(hub.requestsReaching(Colour::Blue, 10), 12);
        // The router's own counts reach it too.
        hub.addRouterCounters(Colour::Blue, now - 400, 100, 0);
        hub.addRouterCounters(Colour::Blue, now - 300, 107, 1);
        QCOMPARE(hub.requestsReaching(Colour::Blue, 10), 19);
    }

    void errorSeriesCountsRealTraffic()
    {
        MetricsHub hub(DeploymentConfig{});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        hub.addRouterCounters(Colour::Blue, now - 5000, 0, 0);
        hub.addRouterCounters(Colour::Blue, now - 10, 100, 25);
        const QList<QPointF> points = hub.errorSeries(Colour::Blue, 60);
        QCOMPARE(points.size(), 1);
        QCOMPARE(points.first().y(), 25.0);
        QVERIFY(points.first().x() > -2 && points.first().x() <= 0);
        QVERIFY(hub.latencySeries(Colour::Blue, 60).isEmpty()); // latency comes from probes only
    }
};

QTEST_GUILESS_MAIN(TestMetricsHub)
#include "tst_metricshub.moc"
