// Metric gates: a breach needs enough samples, a value over the threshold, and the
// configured number of checks in a row.

#include "metrics/gateevaluator.h"

#include <QtTest>

using namespace greenlight;

namespace {
GateConfig gate(GateConfig::Metric metric, double above, int windowS, int minSamples, int consecutive,
                GateConfig::Source source = GateConfig::Source::Both)
{
    GateConfig g;
    g.source = source;
    g.metric = metric;
    g.threshold = above;
    g.windowS = windowS;
    g.minSamples = minSamples;
    g.consecutive = consecutive;
    return g;
}
} // namespace

class TestGateEvaluator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorRateBreachesAfterConsecutiveChecks()
    {
        GateEvaluator e({gate(GateConfig::Metric::ErrorRate, 0.1, 10, 4, 3)});
        qint64 t = 1'000'000;
        for (int i = 0; i < 10; ++i)
            e.addProbe(t, 5, i % 2 == 0); // 50 % errors
        QVERIFY(!e.check(t));
        QVERIFY(!e.check(t + 1000));
        const auto breach = e.check(t + 2000);
        QVERIFY(breach);
        QVERIFY2(breach->contains(QStringLiteral("error rate 50.0 % > 10.0 % over 10 s (10 requests), 3 checks in a row")), qPrintable(*breach));
    }

    void aGoodCheckResetsTheStreak()
    {
        GateEvaluator e({gate(GateConfig::Metric::ErrorRate, 0.1, 1, 1, 2)});
        e.addProbe(1000, 5, false);
        QVERIFY(!e.check(1000));
        // The bad sample leaves the 1 s window; good ones arrive.
        e.addProbe(3000, 5, true);
        QVERIFY(!e.check(3000));
        e.addProbe(5000, 5, false);
        QVERIFY(!e.check(5000)); // a streak of one again, not two
    }

    void tooFewSamplesDoNotJudge()
    {
        GateEvaluator e({gate(GateConfig::Metric::ErrorRate, 0.01, 60, 20, 1)});
        for (int i = 0; i < 19; ++i)
            e.addProbe(1000 + i, 5, false);
        QVERIFY(!e.check(2000));
        e.addProbe(2000, 5, false);
        QVERIFY(e.check(2000));
    }

    void routerCountersCountRealTraffic()
    {
        GateEvaluator e({gate(GateConfig::Metric::ErrorRate, 0.05, 60, 100, 1)});
        e.addRouterCounters(1000, 5000, 10); // baseline: what happened before the window is not ours
        QVERIFY(!e.check(1000));
        e.addRouterCounters(2000, 5200, 40); // 200 requests, 30 errors: 15 %
        const auto breach = e.check(2000);
        QVERIFY(breach);
        QVERIFY2(breach->contains(QStringLiteral("error rate 15.0 %")), qPrintable(*breach));
        QVERIFY2(e.lastReading().contains(QStringLiteral("(200 requests, 200 of them counted by the router)")), qPrintable(e.lastReading()));
        e.addProbe(2500, 5, true); // a probe counts as a request, not as a router count
        (void)e.check(2500);
        QVERIFY2(e.lastReading().contains(QStringLiteral("(201 requests, 200 of them counted by the router)")), qPrintable(e.lastReading()));
    }

    void aRouterThatCannotBeReadIsNoDataAndFailsClosedAfterTheGrace()
    {
        GateEvaluator e({gate(GateConfig::Metric::ErrorRate, 0.05, 60, 1, 1)}, 10);
        e.addRouterCounters(1000, 100, 0);
        e.routerUnreadable(3000, QStringLiteral("HAProxy's admin socket: connection refused"));
        QVERIFY(!e.noData(5000)); // within the grace: said, not yet judged
        QVERIFY2(e.lastReading().startsWith(QStringLiteral("NO DATA from the router for 4 s")), qPrintable(e.lastReading()));
        (void)e.check(5000);
        QVERIFY2(e.lastReading().contains(QStringLiteral("NO DATA from the router")), qPrintable(e.lastReading())); // never "0.0 %" alone
        const auto closed = e.noData(11500); // 10.5 s since the last reading that came back
        QVERIFY(closed);
        QVERIFY2(closed->contains(QStringLiteral("could not be read for 10 s (grace 10 s): HAProxy's admin socket: connection refused")), qPrintable(*closed));
        // A reading that comes back again clears it.
        e.addRouterCounters(12000, 120, 0);
        QVERIFY(!e.noData(30000));
    }

    void aRouterNeverReadCountsFromTheFirstAttempt()
    {
        GateEvaluator e({}, 5);
        e.routerUnreadable(1000, QStringLiteral("timed out"));
        QVERIFY(!e.noData(5000));
        QVERIFY(e.noData(7000));
    }

    void latencyPercentileGate()
    {
        GateEvaluator e({gate(GateConfig::Metric::P99Ms, 500, 60, 10, 1)});
        for (int i = 0; i < 98; ++i)
            e.addProbe(1000, 10, true);
        e.addProbe(1000, 900, true);
        e.addProbe(1000, 950, true);
        const auto breach = e.check(1000);
        QVERIFY(breach);
        QVERIFY2(breach->contains(QStringLiteral("p99 900 ms > 500 ms")), qPrintable(*breach));
        GateEvaluator p50({gate(GateConfig::Metric::P50Ms, 500, 60, 10, 1)});
        for (int i = 0; i < 98; ++i)
            p50.addProbe(1000, 10, true);
        QVERIFY(!p50.check(1000));
    }

    // Fast probes, slow real traffic: a gate on traffic sees it, one on probes does not, and
    // "both" (the default) needs each window that has its min_samples to pass.
    void latencyGatesJudgeTheirSource()
    {
        const auto feed = [](GateEvaluator &e) {
            for (int i = 0; i < 30; ++i)
                e.addProbe(1000, 5, true);
            e.addTrafficLatencies(1000, QList<double>(40, 800.0));
        };
        GateEvaluator traffic({gate(GateConfig::Metric::P95Ms, 300, 60, 20, 1, GateConfig::Source::Traffic)});
        feed(traffic);
        const auto breach = traffic.check(1000);
        QVERIFY(breach);
        QVERIFY2(breach->contains(QStringLiteral("traffic p95 800 ms > 300 ms over 60 s (40 requests)")), qPrintable(*breach));
        QCOMPARE(traffic.readings().first().source, QStringLiteral("traffic"));
        QCOMPARE(traffic.readings().first().valueText(), QStringLiteral("800 ms of traffic"));

        GateEvaluator probes({gate(GateConfig::Metric::P95Ms, 300, 60, 20, 1, GateConfig::Source::Probes)});
        feed(probes);
        QVERIFY(!probes.check(1000));
        QVERIFY2(probes.lastReading().contains(QStringLiteral("probes p95 5 ms over 60 s (30 requests")), qPrintable(probes.lastReading()));

        GateEvaluator both({gate(GateConfig::Metric::P95Ms, 300, 60, 20, 1)});
        feed(both);
        const auto worse = both.check(1000);
        QVERIFY(worse);
        QVERIFY2(worse->contains(QStringLiteral("traffic p95 800 ms")), qPrintable(*worse));
    }

    // With source "both", a window short of min_samples does not judge: no traffic through the
    // router (or no access log) leaves the probes to judge alone, as before traffic latency.
    void bothJudgesOnlyWindowsWithEnoughSamples()
    {
        GateEvaluator e({gate(GateConfig::Metric::P99Ms, 300, 60, 20, 1)});
        for (int i = 0; i < 30; ++i)
            e.addProbe(1000, 5, true);
        e.addTrafficLatencies(1000, QList<double>(19, 900.0)); // one short of min_samples
        QVERIFY(!e.check(1000));
        QCOMPARE(e.readings().first().source, QStringLiteral("probes"));
        QVERIFY(e.readings().first().judged());

        GateEvaluator waiting({gate(GateConfig::Metric::P99Ms, 300, 60, 20, 1, GateConfig::Source::Traffic)});
        for (int i = 0; i < 30; ++i)
            waiting.addProbe(1000, 900, true); // probes are not what this gate reads
        waiting.addTrafficLatencies(1000, QList<double>(3, 5.0));
        QVERIFY(!waiting.check(1000));
        QCOMPARE(waiting.readings().first().valueText(), QStringLiteral("… (3 of 20 traffic requests)"));
    }

    void trafficOlderThanTheWindowIsNotJudged()
    {
        GateEvaluator e({gate(GateConfig::Metric::P50Ms, 300, 10, 5, 1, GateConfig::Source::Traffic)});
        e.addTrafficLatencies(1000, QList<double>(10, 900.0));
        QVERIFY(e.check(5000));
        GateEvaluator later({gate(GateConfig::Metric::P50Ms, 300, 10, 5, 1, GateConfig::Source::Traffic)});
        later.addTrafficLatencies(1000, QList<double>(10, 900.0));
        QVERIFY(!later.check(12000));
    }
};

QTEST_GUILESS_MAIN(TestGateEvaluator)
#include "tst_gateevaluator.moc"
