#pragma once

#include "common/colour.h"
#include "config/deploymentconfig.h"
#include "metrics/metricwindow.h"
#include "metrics/ringbuffer.h"
#include "model/waitprogress.h"

#include <QHash>
#include <QObject>
#include <QPointF>

#include <optional>

class QTimer;

namespace greenlight {

class Prober;

struct ProbeSample
{
    qint64 timeMs = 0; // ms since epoch
    double latencyMs = 0;
    bool ok = false;
    int host = -1; // index into the hub's host list
};

// Requests the router counted for a colour between two reads of its counters.
struct RouterSample
{
    qint64 timeMs = 0;
    qint64 requests = 0;
    qint64 errors = 0; // 5xx
};

// One real request's upstream time, as the router's access log gave it, at the read that found it.
struct TrafficSample
{
    qint64 timeMs = 0; // when the router was read
    double latencyMs = 0;
};

struct ColourSummary
{
    int samples = 0;        // probes
    qint64 routed = 0;      // requests the router counted
    qint64 routedErrors = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    double errorRate = 0; // 0..1, over probes and routed requests together
    int trafficSamples = 0; // real requests with an upstream time (the router's access log)
    double trafficP50Ms = 0;
    double trafficP95Ms = 0;
    double trafficP99Ms = 0;
};

// One host as its own probes see it: the last answer, and its error rate over a window.
struct HostHealth
{
    bool probed = false;  // false: no probe has come back yet
    qint64 timeMs = 0;    // of the last probe
    int status = 0;       // HTTP status of the last probe; 0: no answer
    bool ok = false;
    double latencyMs = 0;
    QString error;        // why the last probe failed, when it had no HTTP answer
    qint64 requests = 0;  // probes in the window
    double errorRate = 0; // 0..1 over the window
};

// Probes every host of both colours over HTTP (Prober: the gates' own client), and takes the router's own per-colour request
// and 5xx counters (HAProxy `show stat`, nginx's access log) as they are read. Keeps both in
// ring buffers sized for an hour, and the upstream times of real requests from the router's
// access log (nginx `access_log`) in a ring of the newest kTrafficCapacity, and answers in the gates' terms (MetricWindow): the summary,
// each gate's reading, and bucketed series for the charts (latency percentiles from the probes,
// error rate over probes and real traffic) over 2 min to 1 h.
class MetricsHub final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 1000;
    static constexpr int kKeepS = 3600;
    // Real requests' upstream times kept per colour (16 bytes each: 1 MiB). Beyond about 18
    // requests a second a colour's hour holds less than an hour: the newest requests win.
    static constexpr qsizetype kTrafficCapacity = 65536;

    explicit MetricsHub(const DeploymentConfig &config, QObject *parent = nullptr);
    ~MetricsHub() override;

    void start(int intervalMs = kDefaultIntervalMs);
    void stop();

    // A probe's result, as the timer's own probes record them (tests and benchmarks feed these).
    void recordProbe(const QString &host, qint64 timeMs, double latencyMs, bool ok, int status = 0, const QString &error = {});
    // The router's cumulative counters for a colour; the first reading (or one after a reset,
    // such as a router reload) is a baseline.
    void addRouterCounters(Colour c, qint64 timeMs, qint64 requests, qint64 errors);
    // Upstream times (ms) of the colour's real requests that a router read found in its access
    // log since the previous read (RouterState::colourUpstreamMs), taken at `timeMs`.
    void addTrafficLatencies(Colour c, qint64 timeMs, const QList<double> &latenciesMs);
    // The colour's hosts' own cumulative request counters, summed (`requests_path`, where the
    // router counts nothing): requests only, so they enter no error rate and no gate.
    void addHostCounts(Colour c, qint64 timeMs, qint64 requests);

    // The requests that reached the colour over the last `seconds`, by the router's counters or,
    // where it has none, the hosts' own: what shows a colour at 0 % still draining.
    [[nodiscard]] qint64 requestsReaching(Colour c, int seconds) const;
    // Of those, the ones the hosts counted themselves (addHostCounts).
    [[nodiscard]] qint64 requestsCountedByHosts(Colour c, int seconds) const;
    // The colour's requests over the last `seconds`, as a gate would judge them.
    [[nodiscard]] MetricWindow window(Colour c, int seconds) const;
    // Each configured gate's reading of the colour now (no streak: the hub does not judge).
    [[nodiscard]] QList<GateReading> gateReadings(Colour c) const;
    [[nodiscard]] ColourSummary summary(Colour c, int windowS) const;
    [[nodiscard]] HostHealth hostHealth(const QString &host, int windowS) const;

    // Width of one point of a series `seconds` long: 1 s up to 2 min, coarser beyond, so a
    // 1-hour chart stays 240 points.
    [[nodiscard]] static int bucketSeconds(int seconds);
    // One point per bucket over the last `seconds`: x = seconds ago (negative), y = the latency
    // percentile `quantile` (0..1) in ms of the probes that answered well.
    [[nodiscard]] QList<QPointF> latencySeries(Colour c, int seconds, double quantile = 0.95) const;
    // The same for several quantiles at once (one pass, one sort per bucket): a list per quantile.
    [[nodiscard]] QList<QList<QPointF>> latencySeries(Colour c, int seconds, const QList<double> &quantiles) const;
    // The same from real traffic: the router's per-request upstream times (addTrafficLatencies).
    // Empty where the router logs none. Gates with `source` "traffic" (or "both") judge these.
    [[nodiscard]] QList<QList<QPointF>> trafficLatencySeries(Colour c, int seconds, const QList<double> &quantiles) const;
    // Same, y = error rate in percent over probes and routed requests.
    [[nodiscard]] QList<QPointF> errorSeries(Colour c, int seconds) const;

Q_SIGNALS:
    void updated();

private:
    void probeAll();
    [[nodiscard]] const RingBuffer<ProbeSample> &probes(Colour c) const;
    [[nodiscard]] const RingBuffer<RouterSample> &routedSamples(Colour c) const;
    [[nodiscard]] const RingBuffer<TrafficSample> &traffic(Colour c) const;

    DeploymentConfig m_config;
    QStringList m_hostNames;
    QHash<QString, int> m_hostIndex;
    QList<HostHealth> m_last; // per host index
    QList<Colour> m_hostColour; // per host index
    Prober *m_prober = nullptr;
    QTimer *m_timer = nullptr;
    RingBuffer<ProbeSample> m_blue;
    RingBuffer<ProbeSample> m_green;
    RingBuffer<TrafficSample> m_blueTraffic{kTrafficCapacity};
    RingBuffer<TrafficSample> m_greenTraffic{kTrafficCapacity};
    RingBuffer<RouterSample> m_blueRouted{4096};
    RingBuffer<RouterSample> m_greenRouted{4096};
    std::optional<RouterSample> m_lastCounters[2]; // blue, green: cumulative, for deltas
    RingBuffer<RouterSample> m_blueCounted{4096};  // the hosts' own counts (addHostCounts)
    RingBuffer<RouterSample> m_greenCounted{4096};
    std::optional<RouterSample> m_lastHostCounts[2];
};

} // namespace greenlight
