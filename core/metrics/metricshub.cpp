#include "metricshub.h"

#include "http/httpcheck.h"
#include "metrics/percentile.h"
#include "metrics/prober.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <optional>

namespace greenlight {

namespace {
constexpr int kProbeTimeoutMs = 2000;
constexpr int kMaxProbeThreads = 8;

// An hour of 1 Hz probes of every host of the colour; a faster timer keeps less than an hour.
qsizetype probeCapacity(const EnvironmentConfig &env)
{
    return std::max<qsizetype>(256, env.hosts.size() * MetricsHub::kKeepS * 1000 / MetricsHub::kDefaultIntervalMs);
}

// Index of the first sample (anything with a timeMs) at or after `sinceMs`; buffers are in time order.
template<typename Sample>
qsizetype firstSince(const RingBuffer<Sample> &buffer, qint64 sinceMs)
{
    qsizetype i = buffer.size();
    while (i > 0 && buffer.at(i - 1).timeMs >= sinceMs)
        --i;
    return i;
}

// Percentiles per bucket of the last `seconds` (x = seconds ago, negative) of the samples
// `latency` gives a value for.
template<typename Sample, typename Latency>
QList<QList<QPointF>> bucketedPercentiles(const RingBuffer<Sample> &samples, int seconds, const QList<double> &quantiles,
                                          Latency latency)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const int width = MetricsHub::bucketSeconds(seconds);
    const int count = std::max(1, seconds / width);
    QList<QList<double>> buckets(count);
    for (qsizetype i = firstSince(samples, now - seconds * 1000LL); i < samples.size(); ++i) {
        const qint64 age = (now - samples.at(i).timeMs) / (1000LL * width);
        const std::optional<double> ms = latency(samples.at(i));
        if (ms && age >= 0 && age < count)
            buckets[count - 1 - age].append(*ms);
    }
    QList<QList<QPointF>> series(quantiles.size());
    for (int i = 0; i < count; ++i) {
        QList<double> &bucket = buckets[i];
        if (bucket.isEmpty())
            continue;
        std::sort(bucket.begin(), bucket.end());
        for (qsizetype q = 0; q < quantiles.size(); ++q)
            series[q] << QPointF(static_cast<double>((i - count + 1) * width), percentileOfSorted(bucket, quantiles.at(q)));
    }
    return series;
}
} // namespace

MetricsHub::MetricsHub(const DeploymentConfig &config, QObject *parent)
    : QObject(parent), m_config(config), m_timer(new QTimer(this)),
      m_blue(probeCapacity(config.blue)), m_green(probeCapacity(config.green))
{
    for (const EnvironmentConfig *env : {&m_config.blue, &m_config.green}) {
        for (const QString &name : env->hosts) {
            m_hostIndex.insert(name, static_cast<int>(m_hostNames.size()));
            m_hostNames << name;
            m_hostColour << env->colour;
        }
    }
    m_last.resize(m_hostNames.size());
    m_prober = new Prober(static_cast<int>(std::min<qsizetype>(kMaxProbeThreads, m_hostNames.size())), this);
    connect(m_prober, &Prober::probed, this, [this](const QString &host, qint64 timeMs, double latencyMs, int status, const QString &error) {
        recordProbe(host, timeMs, latencyMs, status != 0 && HttpCheck::answeredWell(status), status, error);
    });
    connect(m_timer, &QTimer::timeout, this, &MetricsHub::probeAll);
}

MetricsHub::~MetricsHub() = default;

void MetricsHub::start(int intervalMs)
{
    m_timer->start(intervalMs);
    probeAll();
}

void MetricsHub::stop()
{
    m_timer->stop();
}

void MetricsHub::probeAll()
{
    for (const EnvironmentConfig *env : {&m_config.blue, &m_config.green}) {
        for (const QString &name : env->hosts) {
            if (const auto host = m_config.host(name))
                m_prober->probe(name, env->appUrl(host->address, env->versionPath), kProbeTimeoutMs);
        }
    }
}

void MetricsHub::recordProbe(const QString &host, qint64 timeMs, double latencyMs, bool ok, int status, const QString &error)
{
    const auto index = m_hostIndex.constFind(host);
    if (index == m_hostIndex.constEnd())
        return;
    HostHealth &last = m_last[*index];
    last.probed = true;
    last.timeMs = timeMs;
    last.latencyMs = latencyMs;
    last.ok = ok;
    last.status = status;
    last.error = error;
    const ProbeSample sample{timeMs, latencyMs, ok, *index};
    (m_hostColour.at(*index) == Colour::Blue ? m_blue : m_green).push(sample);
    Q_EMIT updated();
}

const RingBuffer<ProbeSample> &MetricsHub::probes(Colour c) const
{
    return c == Colour::Blue ? m_blue : m_green;
}

const RingBuffer<RouterSample> &MetricsHub::routedSamples(Colour c) const
{
    return c == Colour::Blue ? m_blueRouted : m_greenRouted;
}

void MetricsHub::addRouterCounters(Colour c, qint64 timeMs, qint64 requests, qint64 errors)
{
    std::optional<RouterSample> &last = m_lastCounters[c == Colour::Blue ? 0 : 1];
    if (last && requests >= last->requests && errors >= last->errors && requests > last->requests)
        (c == Colour::Blue ? m_blueRouted : m_greenRouted).push({timeMs, requests - last->requests, errors - last->errors});
    last = RouterSample{timeMs, requests, errors};
    Q_EMIT updated();
}

const RingBuffer<TrafficSample> &MetricsHub::traffic(Colour c) const
{
    return c == Colour::Blue ? m_blueTraffic : m_greenTraffic;
}

void MetricsHub::addTrafficLatencies(Colour c, qint64 timeMs, const QList<double> &latenciesMs)
{
    if (latenciesMs.isEmpty())
        return;
    RingBuffer<TrafficSample> &buffer = c == Colour::Blue ? m_blueTraffic : m_greenTraffic;
    for (const double ms : latenciesMs)
        buffer.push({timeMs, ms});
    Q_EMIT updated();
}

void MetricsHub::addHostCounts(Colour c, qint64 timeMs, qint64 requests)
{
    std::optional<RouterSample> &last = m_lastHostCounts[c == Colour::Blue ? 0 : 1];
    if (last && requests > last->requests)
        (c == Colour::Blue ? m_blueCounted : m_greenCounted).push({timeMs, requests - last->requests, 0});
    last = RouterSample{timeMs, requests, 0};
    Q_EMIT updated();
}

qint64 MetricsHub::requestsReaching(Colour c, int seconds) const
{
    return window(c, seconds).routed + requestsCountedByHosts(c, seconds);
}

qint64 MetricsHub::requestsCountedByHosts(Colour c, int seconds) const
{
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - seconds * 1000LL;
    const RingBuffer<RouterSample> &samples = c == Colour::Blue ? m_blueCounted : m_greenCounted;
    qint64 total = 0;
    for (qsizetype i = firstSince(samples, since); i < samples.size(); ++i)
        total += samples.at(i).requests;
    return total;
}

MetricWindow MetricsHub::window(Colour c, int seconds) const
{
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - seconds * 1000LL;
    MetricWindow w;
    const RingBuffer<ProbeSample> &p = probes(c);
    for (qsizetype i = firstSince(p, since); i < p.size(); ++i)
        w.addProbe(p.at(i).latencyMs, p.at(i).ok);
    const RingBuffer<RouterSample> &r = routedSamples(c);
    for (qsizetype i = firstSince(r, since); i < r.size(); ++i)
        w.addRouted(r.at(i).requests, r.at(i).errors);
    const RingBuffer<TrafficSample> &t = traffic(c);
    for (qsizetype i = firstSince(t, since); i < t.size(); ++i)
        w.addTrafficLatency(t.at(i).latencyMs);
    return w;
}

QList<GateReading> MetricsHub::gateReadings(Colour c) const
{
    QList<GateReading> readings;
    for (const GateConfig &gate : m_config.gates)
        readings << window(c, gate.windowS).reading(gate);
    return readings;
}

ColourSummary MetricsHub::summary(Colour c, int windowS) const
{
    const MetricWindow w = window(c, windowS);
    ColourSummary s;
    s.samples = static_cast<int>(w.requests - w.routed);
    s.routed = w.routed;
    const qint64 probeErrors = s.samples - w.latencies.size();
    s.routedErrors = w.errors - probeErrors;
    s.p50Ms = w.value(GateConfig::Metric::P50Ms);
    s.p95Ms = w.value(GateConfig::Metric::P95Ms);
    s.p99Ms = w.value(GateConfig::Metric::P99Ms);
    s.errorRate = w.value(GateConfig::Metric::ErrorRate);
    s.trafficSamples = static_cast<int>(w.trafficLatencies.size());
    s.trafficP50Ms = w.trafficValue(GateConfig::Metric::P50Ms);
    s.trafficP95Ms = w.trafficValue(GateConfig::Metric::P95Ms);
    s.trafficP99Ms = w.trafficValue(GateConfig::Metric::P99Ms);
    return s;
}

HostHealth MetricsHub::hostHealth(const QString &host, int windowS) const
{
    const auto index = m_hostIndex.constFind(host);
    if (index == m_hostIndex.constEnd())
        return {};
    HostHealth h = m_last.at(*index);
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - windowS * 1000LL;
    const RingBuffer<ProbeSample> &p = probes(m_hostColour.at(*index));
    qint64 failed = 0;
    for (qsizetype i = firstSince(p, since); i < p.size(); ++i) {
        if (p.at(i).host != *index)
            continue;
        ++h.requests;
        failed += p.at(i).ok ? 0 : 1;
    }
    h.errorRate = h.requests > 0 ? static_cast<double>(failed) / static_cast<double>(h.requests) : 0;
    return h;
}

int MetricsHub::bucketSeconds(int seconds)
{
    return seconds <= 120 ? 1 : std::max(1, seconds / 240);
}

QList<QPointF> MetricsHub::latencySeries(Colour c, int seconds, double quantile) const
{
    return latencySeries(c, seconds, QList<double>{quantile}).first();
}

QList<QList<QPointF>> MetricsHub::latencySeries(Colour c, int seconds, const QList<double> &quantiles) const
{
    return bucketedPercentiles(probes(c), seconds, quantiles,
                               [](const ProbeSample &p) { return p.ok ? std::optional<double>(p.latencyMs) : std::nullopt; });
}

QList<QList<QPointF>> MetricsHub::trafficLatencySeries(Colour c, int seconds, const QList<double> &quantiles) const
{
    return bucketedPercentiles(traffic(c), seconds, quantiles, [](const TrafficSample &t) { return std::optional<double>(t.latencyMs); });
}

// Error rate per bucket over probes and the router's counts together. A router delta spans the
// time since the previous read; it is counted in the bucket it was read in.
QList<QPointF> MetricsHub::errorSeries(Colour c, int seconds) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 since = now - seconds * 1000LL;
    const int width = bucketSeconds(seconds);
    const int count = std::max(1, seconds / width);
    QList<qint64> total(count, 0);
    QList<qint64> failed(count, 0);
    const auto bucket = [&](qint64 timeMs) -> qsizetype {
        const qint64 age = (now - timeMs) / (1000LL * width);
        return age >= 0 && age < count ? count - 1 - age : -1;
    };
    const RingBuffer<ProbeSample> &p = probes(c);
    for (qsizetype i = firstSince(p, since); i < p.size(); ++i) {
        if (const qsizetype b = bucket(p.at(i).timeMs); b >= 0) {
            ++total[b];
            failed[b] += p.at(i).ok ? 0 : 1;
        }
    }
    const RingBuffer<RouterSample> &r = routedSamples(c);
    for (qsizetype i = firstSince(r, since); i < r.size(); ++i) {
        if (const qsizetype b = bucket(r.at(i).timeMs); b >= 0) {
            total[b] += r.at(i).requests;
            failed[b] += r.at(i).errors;
        }
    }
    QList<QPointF> points;
    for (int i = 0; i < count; ++i) {
        if (total.at(i) > 0)
            points << QPointF(static_cast<double>((i - count + 1) * width),
                              100.0 * static_cast<double>(failed.at(i)) / static_cast<double>(total.at(i)));
    }
    return points;
}

} // namespace greenlight
