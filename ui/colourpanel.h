#pragma once

#include "common/colour.h"
#include "model/fleetsnapshot.h"
#include "model/hoststatus.h"
#include "metrics/metricshub.h"

#include <QDateTime>
#include <QFrame>

class QLabel;
class QTableView;

namespace greenlight {

class HostsModel;
class TrafficChart;
struct ChartMarker;

// One colour at a glance: LIVE or IDLE, its share of traffic, its version(s), its hosts and
// their state, and its live latency and error chart.
class ColourPanel final : public QFrame
{
    Q_OBJECT
public:
    ColourPanel(Colour colour, const QStringList &hosts, QWidget *parent = nullptr);

    void setFleet(const FleetSnapshot &fleet);
    void setHostStatus(const QString &host, const HostStatus &status);
    // The chart, the hosts' health and the summary from the hub: the summary gives each gate's
    // reading over the gate's own window, the figure the gate would judge.
    void updateMetrics(const MetricsHub &metrics);
    void setChartWindow(int seconds);
    void setMarkers(const QList<ChartMarker> &markers);
    // This colour was live before the last deploy and stays up for rollback until `until`
    // (invalid: without a deadline); `warm` false once it was cleaned up or deployed to.
    void setWarm(bool warm, const QDateTime &until);

    [[nodiscard]] HostsModel *hostsModel() const { return m_hosts; }
    [[nodiscard]] TrafficChart *chart() const { return m_chart; }
    [[nodiscard]] QString metricsSummary() const;
    [[nodiscard]] QString headline() const;

private:
    // "2.0.0 · 0 % of traffic · draining: 12 requests in the last 10 s"
    void showDetail();

    static constexpr int kDrainWindowS = 10;

    Colour m_colour;
    QLabel *m_title;
    QLabel *m_badge;
    QLabel *m_detail;
    HostsModel *m_hosts;
    QTableView *m_table;
    TrafficChart *m_chart;
    QLabel *m_summary;
    bool m_warm = false;
    bool m_thresholdsShown = false;
    qint64 m_seriesDrawnMs = 0; // when the chart's series were last recomputed (updateMetrics)
    int m_seriesWindowS = 0;    // over which window
    QDateTime m_warmUntil;
    QString m_version;
    int m_percent = -1;     // of traffic, by the router; -1: unknown
    qint64 m_draining = 0;  // requests that still reached this colour, at 0 %, in the last kDrainWindowS
};

} // namespace greenlight
