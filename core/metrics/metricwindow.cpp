#include "metricwindow.h"

#include "metrics/percentile.h"

namespace greenlight {

void MetricWindow::addProbe(double latencyMs, bool ok)
{
    ++requests;
    if (ok)
        latencies << latencyMs;
    else
        ++errors;
}

void MetricWindow::addRouted(qint64 requestCount, qint64 errorCount)
{
    requests += requestCount;
    routed += requestCount;
    errors += errorCount;
}

double MetricWindow::value(GateConfig::Metric metric) const
{
    switch (metric) {
    case GateConfig::Metric::ErrorRate: return requests > 0 ? static_cast<double>(errors) / static_cast<double>(requests) : 0;
    case GateConfig::Metric::P50Ms: return percentile(latencies, 0.50);
    case GateConfig::Metric::P95Ms: return percentile(latencies, 0.95);
    case GateConfig::Metric::P99Ms: return percentile(latencies, 0.99);
    }
    return 0;
}

GateReading MetricWindow::reading(const GateConfig &gate, int streak) const
{
    GateReading r;
    r.metric = gateMetricName(gate.metric);
    r.value = value(gate.metric);
    r.threshold = gate.threshold;
    r.windowS = gate.windowS;
    r.requests = requests;
    r.routed = routed;
    r.minSamples = gate.minSamples;
    r.streak = streak;
    r.consecutive = gate.consecutive;
    return r;
}

} // namespace greenlight
