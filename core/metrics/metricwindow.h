#pragma once

#include "config/deploymentconfig.h"
#include "model/waitprogress.h"

#include <QList>

namespace greenlight {

// The requests of one colour over one window, as a gate judges them: probes (latency when they
// answered well, an error when not) and the requests the router counted (errors are its 5xx).
// The gates and the window's figures both come from here, so a figure on screen is one a gate
// could judge.
struct MetricWindow
{
    qint64 requests = 0;
    qint64 errors = 0;
    qint64 routed = 0; // of the requests, counted by the router
    QList<double> latencies;

    void addProbe(double latencyMs, bool ok);
    void addRouted(qint64 requestCount, qint64 errorCount);

    // Error rate as a fraction (0 with no requests); latency percentiles in ms (0 with none).
    [[nodiscard]] double value(GateConfig::Metric metric) const;
    // The gate's reading of this window; `streak`: checks in a row it has been over.
    [[nodiscard]] GateReading reading(const GateConfig &gate, int streak = 0) const;
};

} // namespace greenlight
