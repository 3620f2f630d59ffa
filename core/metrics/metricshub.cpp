#include "metricshub.h"

#include "metrics/percentile.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
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
            QUrl url;
            url.setScheme(QStringLiteral("http"));
            url.setHost(host->address);
            url.setPort(env->appPort);
            url.setPath(env->versionPath);
            QNetworkRequest request(url);
            request.setTransferTimeout(kProbeTimeoutMs);
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
                s.ok = reply->error() == QNetworkReply::NoError && status >= 200 && status < 400;
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

QList<ProbeSample> MetricsHub::window(Colour c, qint64 sinceMs) const
{
    const RingBuffer<ProbeSample> &buffer = c == Colour::Blue ? m_blue : m_green;
    QList<ProbeSample> out;
    for (qsizetype i = buffer.size() - 1; i >= 0; --i) {
        const ProbeSample &s = buffer.at(i);
        if (s.timeMs < sinceMs)
            break;
        out.prepend(s);
    }
    return out;
}

ColourSummary MetricsHub::summary(Colour c, int windowS) const
{
    const QList<ProbeSample> samples = window(c, QDateTime::currentMSecsSinceEpoch() - windowS * 1000LL);
    ColourSummary s;
    s.samples = static_cast<int>(samples.size());
    if (samples.isEmpty())
        return s;
    QList<double> latencies;
    int errors = 0;
    for (const ProbeSample &p : samples) {
        if (p.ok)
            latencies << p.latencyMs;
        else
            ++errors;
    }
    s.p50Ms = percentile(latencies, 0.50);
    s.p95Ms = percentile(latencies, 0.95);
    s.p99Ms = percentile(latencies, 0.99);
    s.errorRate = static_cast<double>(errors) / static_cast<double>(samples.size());
    return s;
}

static QList<QPointF> bucketed(const QList<ProbeSample> &samples, qint64 now, int seconds, bool errors)
{
    QList<QList<const ProbeSample *>> buckets(seconds);
    for (const ProbeSample &s : samples) {
        const auto age = (now - s.timeMs) / 1000;
        if (age >= 0 && age < seconds)
            buckets[seconds - 1 - age].append(&s);
    }
    QList<QPointF> points;
    for (int i = 0; i < seconds; ++i) {
        const auto &bucket = buckets.at(i);
        if (bucket.isEmpty())
            continue;
        double y = 0;
        if (errors) {
            const auto failed = std::count_if(bucket.cbegin(), bucket.cend(), [](const ProbeSample *s) { return !s->ok; });
            y = 100.0 * static_cast<double>(failed) / static_cast<double>(bucket.size());
        } else {
            QList<double> latencies;
            for (const ProbeSample *s : bucket)
                latencies << s->latencyMs;
            y = percentile(latencies, 0.95);
        }
        points << QPointF(i - seconds + 1, y);
    }
    return points;
}

QList<QPointF> MetricsHub::latencySeries(Colour c, int seconds) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return bucketed(window(c, now - seconds * 1000LL), now, seconds, false);
}

QList<QPointF> MetricsHub::errorSeries(Colour c, int seconds) const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return bucketed(window(c, now - seconds * 1000LL), now, seconds, true);
}

} // namespace greenlight
