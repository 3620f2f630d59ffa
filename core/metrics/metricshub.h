#pragma once

#include "common/colour.h"
#include "config/deploymentconfig.h"
#include "metrics/ringbuffer.h"

#include <QObject>
#include <QPointF>

#include <optional>

class QNetworkAccessManager;
class QTimer;

namespace greenlight {

struct ProbeSample
{
    qint64 timeMs = 0; // ms since epoch
    double latencyMs = 0;
    bool ok = false;
};

// Requests the router counted for a colour between two reads of its counters.
struct RouterSample
{
    qint64 timeMs = 0;
    qint64 requests = 0;
    qint64 errors = 0; // 5xx
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
};

// Probes every host of both colours over HTTP, and takes the router's own per-colour request
// and 5xx counters (HAProxy `show stat`, nginx's access log) as they are read. Keeps both in
// bounded ring buffers and turns them into per-second latency (probes) and error-rate (probes
// and real traffic) series for the charts.
class MetricsHub final : public QObject
{
    Q_OBJECT
public:
    explicit MetricsHub(const DeploymentConfig &config, QObject *parent = nullptr);
    ~MetricsHub() override;

    void start(int intervalMs = 500);
    void stop();

    // The router's cumulative counters for a colour; the first reading (or one after a reset,
    // such as a router reload) is a baseline.
    void addRouterCounters(Colour c, qint64 timeMs, qint64 requests, qint64 errors);

    [[nodiscard]] ColourSummary summary(Colour c, int windowS) const;
    // One point per second over the last `seconds`: x = seconds ago (negative), y = p95 ms.
    [[nodiscard]] QList<QPointF> latencySeries(Colour c, int seconds) const;
    // Same, y = error rate in percent.
    [[nodiscard]] QList<QPointF> errorSeries(Colour c, int seconds) const;

Q_SIGNALS:
    void updated();

private:
    void probeAll();
    void record(Colour c, const ProbeSample &sample);
    [[nodiscard]] QList<ProbeSample> window(Colour c, qint64 sinceMs) const;
    [[nodiscard]] QList<RouterSample> routed(Colour c, qint64 sinceMs) const;

    DeploymentConfig m_config;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    RingBuffer<ProbeSample> m_blue{8192};
    RingBuffer<ProbeSample> m_green{8192};
    RingBuffer<RouterSample> m_blueRouted{2048};
    RingBuffer<RouterSample> m_greenRouted{2048};
    std::optional<RouterSample> m_lastCounters[2]; // blue, green: cumulative, for deltas
};

} // namespace greenlight
