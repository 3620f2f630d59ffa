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

// One colour at a glance: LIVE or IDLE, its share of traffic, its version(s), its hosts and
// their state, and its live latency and error chart.
class ColourPanel final : public QFrame
{
    Q_OBJECT
public:
    ColourPanel(Colour colour, const QStringList &hosts, QWidget *parent = nullptr);

    void setFleet(const FleetSnapshot &fleet);
    void setHostStatus(const QString &host, const HostStatus &status);
    void updateMetrics(const MetricsHub &metrics);
    // This colour was live before the last deploy and stays up for rollback until `until`
    // (invalid: without a deadline); `warm` false once it was cleaned up or deployed to.
    void setWarm(bool warm, const QDateTime &until);

    [[nodiscard]] HostsModel *hostsModel() const { return m_hosts; }
    [[nodiscard]] QString headline() const;

private:
    Colour m_colour;
    QLabel *m_title;
    QLabel *m_badge;
    QLabel *m_detail;
    HostsModel *m_hosts;
    QTableView *m_table;
    TrafficChart *m_chart;
    QLabel *m_summary;
    bool m_warm = false;
    QDateTime m_warmUntil;
};

[[nodiscard]] QColor colourAccent(Colour colour);

} // namespace greenlight
