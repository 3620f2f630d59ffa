#pragma once

#include "common/colour.h"
#include "metrics/metricshub.h"
#include "model/fleetsnapshot.h"
#include "model/hoststatus.h"

#include <QAbstractTableModel>

namespace greenlight {

// The hosts of one colour: name, address, SSH state with its reason, version (marked when it
// differs from the colour's majority), HTTP health from the host's own probes (last answer and
// error rate over the window) and what the router thinks of each.
class HostsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Host, Address, Ssh, Version, Http, Errors, Router, ColumnCount };
    static constexpr int kHealthWindowS = 60;
    // A host error rate shown as high (red, ✖) from here; above 0 and below it: amber, ⚠.
    static constexpr double kHighErrorRate = 0.05;

    HostsModel(Colour colour, const QStringList &hosts, QObject *parent = nullptr);

    void setFleet(const FleetSnapshot &fleet);
    void setStatus(const QString &host, const HostStatus &status);
    // Each host's probes, from the hub (called with the charts' refresh).
    void setHealth(const MetricsHub &metrics);
    // Hosts whose version differs from the colour's majority.
    [[nodiscard]] QStringList drifted() const;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row
    {
        HostSnapshot snapshot;
        HostStatus ssh;
        HostHealth health;
    };
    [[nodiscard]] QString majorityVersion() const; // empty: none, or a tie
    [[nodiscard]] bool drifts(const Row &row, const QString &majority) const;
    [[nodiscard]] QVariant display(const Row &row, int column) const;
    [[nodiscard]] QVariant foreground(const Row &row, int column) const;
    [[nodiscard]] int rowOf(const QString &host) const;

    Colour m_colour;
    QList<Row> m_rows;
    bool m_routerKnown = false;
};

} // namespace greenlight
