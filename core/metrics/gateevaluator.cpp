#include "gateevaluator.h"

#include <algorithm>

namespace greenlight {

namespace {
constexpr qint64 kKeepMs = 3600 * 1000; // the longest window a gate may ask for
} // namespace

void GateEvaluator::addProbe(qint64 timeMs, double latencyMs, bool ok)
{
    m_probes.append({timeMs, latencyMs, ok});
    while (!m_probes.isEmpty() && m_probes.first().timeMs < timeMs - kKeepMs)
        m_probes.removeFirst();
}

void GateEvaluator::addTrafficLatencies(qint64 timeMs, const QList<double> &latenciesMs)
{
    for (const double ms : latenciesMs)
        m_traffic.append({timeMs, ms});
    if (m_traffic.size() > kMaxTraffic)
        m_traffic.remove(0, m_traffic.size() - kMaxTraffic);
    while (!m_traffic.isEmpty() && m_traffic.first().timeMs < timeMs - kKeepMs)
        m_traffic.removeFirst();
}

void GateEvaluator::routerUnreadable(qint64 timeMs, const QString &why)
{
    if (!m_firstAskMs)
        m_firstAskMs = timeMs;
    m_routerError = why;
}

std::optional<QString> GateEvaluator::noData(qint64 nowMs)
{
    if (m_routerError.isEmpty() || !m_firstAskMs)
        return std::nullopt;
    const qint64 since = m_lastRouterMs.value_or(*m_firstAskMs);
    const qint64 silentMs = nowMs - since;
    m_lastReading = QStringLiteral("NO DATA from the router for %1 s (%2)").arg(QString::number(silentMs / 1000), m_routerError);
    if (silentMs <= m_graceMs)
        return std::nullopt;
    return QStringLiteral("no data: the router's counters could not be read for %1 s (grace %2 s): %3; failing closed")
        .arg(silentMs / 1000).arg(m_graceMs / 1000).arg(m_routerError);
}

void GateEvaluator::addRouterCounters(qint64 timeMs, qint64 requests, qint64 errors)
{
    if (!m_firstAskMs)
        m_firstAskMs = timeMs;
    m_lastRouterMs = timeMs;
    m_routerError.clear();
    // The first reading is a baseline; a counter that went backwards (router reload) restarts it.
    if (m_lastCounters && requests >= m_lastCounters->requests && errors >= m_lastCounters->errors)
        m_counts.append({timeMs, requests - m_lastCounters->requests, errors - m_lastCounters->errors});
    m_lastCounters = Counts{timeMs, requests, errors};
    while (!m_counts.isEmpty() && m_counts.first().timeMs < timeMs - kKeepMs)
        m_counts.removeFirst();
}

MetricWindow GateEvaluator::window(qint64 nowMs, int seconds) const
{
    MetricWindow w;
    const qint64 since = nowMs - static_cast<qint64>(seconds) * 1000;
    for (const Probe &p : m_probes) {
        if (p.timeMs >= since)
            w.addProbe(p.latencyMs, p.ok);
    }
    for (const Counts &c : m_counts) {
        if (c.timeMs >= since)
            w.addRouted(c.requests, c.errors);
    }
    for (const Traffic &t : m_traffic) {
        if (t.timeMs >= since)
            w.addTrafficLatency(t.latencyMs);
    }
    return w;
}

QString GateEvaluator::describe(GateConfig::Metric metric, double v)
{
    if (metric == GateConfig::Metric::ErrorRate)
        return QStringLiteral("error rate %1 %").arg(v * 100, 0, 'f', 1);
    return QStringLiteral("%1 %2 ms").arg(gateMetricName(metric).chopped(3)).arg(v, 0, 'f', 0);
}

// "error rate 1.5 %", "p99 900 ms", a latency gate's with its window: "traffic p99 900 ms".
QString GateEvaluator::describe(const GateReading &r)
{
    const QString text = describe(r.isRate() ? GateConfig::Metric::ErrorRate : GateConfig::Metric::P50Ms, r.value);
    if (r.isRate())
        return text;
    return QStringLiteral("%1%2 %3").arg(r.source.isEmpty() ? QString() : r.source + QLatin1Char(' '), r.metric.chopped(3),
                                          text.section(QLatin1Char(' '), 1));
}

std::optional<QString> GateEvaluator::check(qint64 nowMs)
{
    QStringList readings;
    std::optional<QString> breach;
    m_readings.clear();
    for (qsizetype i = 0; i < m_gates.size(); ++i) {
        const GateConfig &g = m_gates.at(i);
        GateReading r = window(nowMs, g.windowS).reading(g);
        readings << QStringLiteral("%1 over %2 s (%3 requests, %4 of them counted by the router)")
                        .arg(describe(r)).arg(g.windowS).arg(r.requests).arg(r.routed);
        m_streaks[i] = r.over() ? m_streaks.at(i) + 1 : 0;
        r.streak = m_streaks.at(i);
        m_readings << r;
        if (!breach && m_streaks.at(i) >= g.consecutive) {
            breach = QStringLiteral("gate breached: %1 > %2 over %3 s (%4 requests), %5 checks in a row")
                         .arg(describe(r), describe(g.metric, g.threshold).section(QLatin1Char(' '), -2))
                         .arg(g.windowS).arg(r.requests).arg(m_streaks.at(i));
        }
    }
    if (!m_routerError.isEmpty())
        readings.prepend(QStringLiteral("NO DATA from the router (%1)").arg(m_routerError));
    m_lastReading = readings.join(QStringLiteral("; "));
    return breach;
}

} // namespace greenlight
