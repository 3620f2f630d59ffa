#include "metricshub.h"

#include "http/httpcheck.h"
#include "metrics/percentile.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace greenlight {

namespace {
constexpr int kProbeTimeoutMs = 2000;
} // namespace

MetricsHub::MetricsHub(const DeploymentConfig &config, QObject *parent)
    : QObject(parent), m_config(config), m_network(new QNetworkAccessManager(this)), m_timer(new QTimer(this))
{
    m_network->setProxy(QNetworkProxy::NoProxy); // as the gates' probes: straight to the host
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
            const auto host = m_config.host(name);
            if (!host)
                continue;
            // The gates' own request and verdict: the charts show what a gate would judge.
            const QNetworkRequest request = HttpCheck::request(HttpCheck::url(host->address, env->appPort, env->versionPath), kProbeTimeoutMs);
            auto clock = std::make_shared<QElapsedTimer>();
            clock->start();
            QNetworkReply *reply = m_network->get(request);
            const Colour colour = env->colour;
            connect(reply, &QNetworkReply::finished, this, [this, reply, clock, colour] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                ProbeSample s;
                s.timeMs = QDateTime::currentMSecsSinceEpoch();
                s.latencyMs = static_cast<double>(clock->nsecsElapsed()) / 1e6;
                s.ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid() && HttpCheck::answeredWell(status);
                record(colour, s);
            });
        }
    }
}

void MetricsHub::record(Colour c, const ProbeSample &sample)
{
    (c == Colour::Blue ? m_blue : m_green).push(sample);
    Q_EMIT updated();
}

namespace {
// The samples (anything with a timeMs) from `sinceMs` on, oldest first; buffers are in time order.
template<typename Sample>
QList<Sample> since(const RingBuffer<Sample> &buffer, qint64 sinceMs)
{
    QList<Sample> out;
    for (qsizetype i = buffer.size() - 1; i >= 0 && buffer.at(i).timeMs >= sinceMs; --i)
        out.prepend(buffer.at(i));
    return out;
}
} // namespace

QList<ProbeSample> MetricsHub::window(Colour c, qint64 sinceMs) const
{
    return since(c == Colour::Blue ? m_blue : m_green, sinceMs);
}

void MetricsHub::addRouterCounters(Colour c, qint64 timeMs, qint64 requests, qint64 errors)
{
    std::optional<RouterSample> &last = m_lastCounters[c == Colour::Blue ? 0 : 1];
    if (last && requests >= last->requests && errors >= last->errors && requests > last->requests)
        (c == Colour::Blue ? m_blueRouted : m_greenRouted).push({timeMs, requests - last->requests, errors - last->errors});
    last = RouterSample{timeMs, requests, errors};
    Q_EMIT updated();
}

QList<RouterSample> MetricsHub::routed(Colour c, qint64 sinceMs) const
{
    return since(c == Colour::Blue ? m_blueRouted : m_greenRouted, sinceMs);
}

ColourSummary MetricsHub::summary(Colour c, int windowS) const
{
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - windowS * 1000LL;
    const QList<ProbeSample> samples = window(c, since);
    ColourSummary s;
    s.samples = static_cast<int>(samples.size());
    for (const RouterSample &r : routed(c, since)) {
        s.routed += r.requests;
        s.routedErrors += r.errors;
    }
    QList<double> latencies;
    qint64 errors = s.routedErrors;
    for (const ProbeSample &p : samples) {
        if (p.ok)
            latencies << p.latencyMs;
        else
            ++errors;
    }
    s.p50Ms = percentile(latencies, 0.50);
    s.p95Ms = percentile(latencies, 0.95);
    s.p99Ms = percentile(latencies, 0.99);
    const qint64 total = s.samples + s.routed;
    s.errorRate = total > 0 ? static_cast<double>(errors) / static_cast<double>(total) : 0;
    return s;
}

namespace {

QList<QPointF> latencyPoints(const QList<ProbeSample> &samples, qint64 now, int seconds)
{
    QList<QList<double>> buckets(seconds);
    for (const ProbeSample &s : samples) {
        const auto age = (now - s.timeMs) / 1000;
        if (age >= 0 && age < seconds)
            buckets[seconds - 1 - age].append(s.latencyMs);
    }
    QList<QPointF> points;
    for (int i = 0; i < seconds; ++i) {
        if (!buckets.at(i).isEmpty())
            points << QPointF(i - seconds + 1, percentile(buckets.at(i), 0.95));
    }
    return points;
}

// Error rate per second over probes and the router's counts together. A router delta spans the
// time since the previous read; it is counted in the second it was read.
QList<QPointF> errorPoints(const QList<ProbeSample> &samples, const QList<RouterSample> &routed, qint64 now, int seconds)
{
    QList<qint64> total(seconds, 0);
    QList<qint64> failed(seconds, 0);
    const auto bucket = [&](qint64 timeMs) -> qsizetype {
        const auto age = (now - timeMs) / 1000;
        return age >= 0 && age < seconds ? seconds - 1 - age : -1;
    };
    for (const ProbeSample &s : samples) {
        if (const qsizetype b = bucket(s.timeMs); b >= 0) {
            ++total[b];
            failed[b] += s.ok ? 0 : 1;
        }
    }
    for (const RouterSample &r : routed) {
        if (const qsizetype b = bucket(r.timeMs); b >= 0) {
            total[b] += r.requests;
            failed[b] += r.errors;
        }
    }
    QList<QPointF> points;
    for (int i = 0; i < seconds; ++i) {
        if (total.at(i) > 0)
            points << QPointF(i - seconds + 1, 100.0 * static_cast<double>(failed.at(i)) / static_cast<double>(total.at(i)));
    }
    return points;
}

} // namespace

QList<QPointF> MetricsHub::latencySeries(Colour c, int seconds) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return latencyPoints(window(c, now - seconds * 1000LL), now, seconds);
}

QList<QPointF> MetricsHub::errorSeries(Colour c, int seconds) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 since = now - seconds * 1000LL;
    return errorPoints(window(c, since), routed(c, since), now, seconds);
}

} // namespace greenlight
