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

void MetricWindow::addTrafficLatency(double latencyMs)
{
    trafficLatencies << latencyMs;
}

namespace {
double latencyOf(const QList<double> &latencies, GateConfig::Metric metric)
{
    switch (metric) {
    case GateConfig::Metric::ErrorRate: return 0;
    case GateConfig::Metric::P50Ms: return percentile(latencies, 0.50);
    case GateConfig::Metric::P95Ms: return percentile(latencies, 0.95);
    case GateConfig::Metric::P99Ms: return percentile(latencies, 0.99);
    }
    return 0;
}
} // namespace

double MetricWindow::trafficValue(GateConfig::Metric metric) const
{
    return metric == GateConfig::Metric::ErrorRate ? value(metric) : latencyOf(trafficLatencies, metric);
}

double MetricWindow::value(GateConfig::Metric metric) const
{
    switch (metric) {
    case GateConfig::Metric::ErrorRate: return requests > 0 ? static_cast<double>(errors) / static_cast<double>(requests) : 0;
    case GateConfig::Metric::P50Ms:
    case GateConfig::Metric::P95Ms:
    case GateConfig::Metric::P99Ms: return latencyOf(latencies, metric);
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
    if (gate.metric == GateConfig::Metric::ErrorRate)
        return r; // probes and routed requests together
    const auto side = [&](GateConfig::Source source) {
        GateReading s = r;
        const bool traffic = source == GateConfig::Source::Traffic;
        s.source = gateSourceName(source);
        s.value = traffic ? trafficValue(gate.metric) : value(gate.metric);
        s.requests = traffic ? trafficLatencies.size() : probes();
        s.routed = traffic ? s.requests : 0;
        return s;
    };
    if (gate.source != GateConfig::Source::Both)
        return side(gate.source);
    const GateReading fromProbes = side(GateConfig::Source::Probes);
    const GateReading fromTraffic = side(GateConfig::Source::Traffic);
    if (fromProbes.judged() != fromTraffic.judged())
        return fromProbes.judged() ? fromProbes : fromTraffic;
    if (!fromProbes.judged())
        return fromTraffic.requests > fromProbes.requests ? fromTraffic : fromProbes;
    return fromTraffic.value > fromProbes.value ? fromTraffic : fromProbes;
}

} // namespace greenlight
