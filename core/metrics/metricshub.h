#pragma once

#include "common/colour.h"
#include "config/deploymentconfig.h"
#include "metrics/ringbuffer.h"

#include <QObject>
#include <QPointF>

class QNetworkAccessManager;
class QTimer;

namespace greenlight {

struct ProbeSample
{
    qint64 timeMs = 0; // ms since epoch
    double latencyMs = 0;
    bool ok = false;
};

struct ColourSummary
{
    int samples = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    double errorRate = 0; // 0..1
};

// Probes every host of both colours over HTTP, keeps the samples in bounded ring buffers and
// turns them into per-second latency and error-rate series for the charts and the gates.
class MetricsHub final : public QObject
{
    Q_OBJECT
public:
    explicit MetricsHub(const DeploymentConfig &config, QObject *parent = nullptr);
    ~MetricsHub() override;

    void start(int intervalMs = 500);
    void stop();

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

    DeploymentConfig m_config;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    RingBuffer<ProbeSample> m_blue{8192};
    RingBuffer<ProbeSample> m_green{8192};
};

} // namespace greenlight
