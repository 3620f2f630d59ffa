#pragma once

#include "config/deploymentconfig.h"
#include "model/waitprogress.h"

#include <QList>

namespace greenlight {

// The requests of one colour over one window, as a gate judges them: probes (latency when they
// answered well, an error when not), the requests the router counted (errors are its 5xx), and
// the router's per-request upstream times (its access log: real traffic's latency).
// The gates and the window's figures both come from here, so a figure on screen is one a gate
// could judge.
struct MetricWindow
{
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 routed = 0; // of the requests, counted by the router
    QList<double> latencies;        // of the probes that answered well
    QList<double> trafficLatencies; // the router's upstream times of real requests

    void addProbe(double latencyMs, bool ok);
    void addRouted(qint64 requestCount, qint64 errorCount);
    void addTrafficLatency(double latencyMs);

    [[nodiscard]] qint64 probes() const { return requests - routed; }
    // Error rate as a fraction (0 with no requests); latency percentiles in ms of the probes (0 with none).
    [[nodiscard]] double value(GateConfig::Metric metric) const;
    // A latency percentile in ms of real traffic (0 with none); the error rate as value().
    [[nodiscard]] double trafficValue(GateConfig::Metric metric) const;
    // The gate's reading of this window; `streak`: checks in a row it has been over. A latency
    // gate reads its source's latencies, and with source "both" the window that judges worse:
    // the one over (or nearer) its threshold of those with min_samples, else the fuller one.
    // The reading names the window it read (GateReading::source).
    [[nodiscard]] GateReading reading(const GateConfig &gate, int streak = 0) const;
};

} // namespace greenlight
