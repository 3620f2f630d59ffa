#pragma once

#include "config/deploymentconfig.h"
#include "metrics/metricwindow.h"
#include "model/waitprogress.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// Watches the new colour against the deployment's gates. Fed by probe samples and by the
// router's cumulative request/5xx counters; each check compares every gate over its window,
// and a gate that stays over its threshold for its `consecutive` checks is a breach.
class GateEvaluator final
{
public:
    static constexpr int kDefaultNoDataGraceS = 10;
    static constexpr qsizetype kMaxTraffic = 65536;

    // `noDataGraceS`: how long the router's counters may stay unreadable before the watch
    // fails closed (no data is not good data).
    explicit GateEvaluator(QList<GateConfig> gates, int noDataGraceS = kDefaultNoDataGraceS)
        : m_gates(std::move(gates)), m_streaks(m_gates.size(), 0), m_graceMs(static_cast<qint64>(noDataGraceS) * 1000) {}

    void addProbe(qint64 timeMs, double latencyMs, bool ok);
    // Cumulative counters (as HAProxy reports them) of the new colour's servers.
    void addRouterCounters(qint64 timeMs, qint64 requests, qint64 errors);
    // Upstream times (ms) of the new colour's real requests the router logged since its last
    // read (RouterState::colourUpstreamMs), taken at `timeMs`. The newest kMaxTraffic are kept.
    void addTrafficLatencies(qint64 timeMs, const QList<double> &latenciesMs);
    // The router could not be read at `timeMs`: its counters are missing, not zero.
    void routerUnreadable(qint64 timeMs, const QString &why);

    // Why the watch must fail closed: the router's counters have been unreadable for longer than
    // the grace (counted from the first reading asked for). Empty while data flows.
    [[nodiscard]] std::optional<QString> noData(qint64 nowMs);

    // The breach, in words, once a gate has been over its threshold long enough.
    [[nodiscard]] std::optional<QString> check(qint64 nowMs);
    // What the last check saw, for the timeline: "error rate 0.0 % of 48, p99 3 ms".
    [[nodiscard]] const QString &lastReading() const { return m_lastReading; }
    // Why the router's counters are missing; empty while they flow.
    [[nodiscard]] const QString &routerError() const { return m_routerError; }
    // Every gate as the last check judged it, in the deployment file's order.
    [[nodiscard]] const QList<GateReading> &readings() const { return m_readings; }

private:
    struct Probe { qint64 timeMs; double latencyMs; bool ok; };
    struct Counts { qint64 timeMs; qint64 requests; qint64 errors; };
    struct Traffic { qint64 timeMs; double latencyMs; };

    [[nodiscard]] MetricWindow window(qint64 nowMs, int seconds) const;
    [[nodiscard]] static QString describe(GateConfig::Metric metric, double value);
    [[nodiscard]] static QString describe(const GateReading &reading);

    QList<GateConfig> m_gates;
    QList<int> m_streaks;
    QList<Probe> m_probes;
    QList<Counts> m_counts;     // deltas between router readings
    QList<Traffic> m_traffic;   // real requests' upstream times, bounded (kMaxTraffic)
    std::optional<Counts> m_lastCounters;
    QString m_lastReading;
    QList<GateReading> m_readings;
    qint64 m_graceMs;
    std::optional<qint64> m_firstAskMs;     // when the router was first read (or tried)
    std::optional<qint64> m_lastRouterMs;   // the last reading that came back
    QString m_routerError;                  // why the last reading did not; empty when it did
};

} // namespace greenlight
