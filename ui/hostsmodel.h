#pragma once

#include "common/colour.h"
#include "model/fleetsnapshot.h"
#include "model/hoststatus.h"

#include <QAbstractTableModel>

namespace greenlight {

// The hosts of one colour: name, address, SSH state (with the failure reason), version and
// what the router thinks of each.
class HostsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Host, Address, Ssh, Version, Router, ColumnCount };

    HostsModel(Colour colour, const QStringList &hosts, QObject *parent = nullptr);

    void setFleet(const FleetSnapshot &fleet);
    void setStatus(const QString &host, const HostStatus &status);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row
    {
        HostSnapshot snapshot;
        HostStatus ssh;
    };
    [[nodiscard]] int rowOf(const QString &host) const;

    Colour m_colour;
    QList<Row> m_rows;
    bool m_routerKnown = false;
};

} // namespace greenlight
