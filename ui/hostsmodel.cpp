#include "hostsmodel.h"

#include <QBrush>
#include <QColor>

namespace greenlight {

HostsModel::HostsModel(Colour colour, const QStringList &hosts, QObject *parent) : QAbstractTableModel(parent), m_colour(colour)
{
    for (const QString &h : hosts) {
        Row row;
        row.snapshot.name = h;
        row.snapshot.colour = colour;
        m_rows << row;
    }
}

int HostsModel::rowOf(const QString &host) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).snapshot.name == host)
            return i;
    }
    return -1;
}

void HostsModel::setFleet(const FleetSnapshot &fleet)
{
    m_routerKnown = fleet.routerOk;
    for (const HostSnapshot &h : fleet.hosts) {
        const int row = rowOf(h.name);
        if (row >= 0)
            m_rows[row].snapshot = h;
    }
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void HostsModel::setStatus(const QString &host, const HostStatus &status)
{
    const int row = rowOf(host);
    if (row < 0)
        return;
    m_rows[row].ssh = status;
    Q_EMIT dataChanged(index(row, Ssh), index(row, Ssh));
}

int HostsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HostsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HostsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Host: return tr("Host");
    case Address: return tr("Address");
    case Ssh: return tr("SSH");
    case Version: return tr("Version");
    case Router: return tr("Router");
    default: return {};
    }
}

QVariant HostsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Row &row = m_rows.at(index.row());
    const HostSnapshot &h = row.snapshot;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Host: return h.name;
        case Address: return h.address;
        case Ssh: return hostStateName(row.ssh.state);
        case Version: return h.version.isEmpty() ? (h.versionError.isEmpty() ? QStringLiteral("…") : tr("unknown")) : h.version;
        case Router: return m_routerKnown ? tr("%1 · weight %2").arg(h.routerStatus).arg(h.weight) : tr("unknown");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Ssh && !row.ssh.reason.isEmpty())
            return row.ssh.reason;
        if (index.column() == Version && !h.versionError.isEmpty())
            return h.versionError;
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == Ssh) {
            switch (row.ssh.state) {
            case HostState::Ready: return QBrush(QColor(0x1e, 0x8e, 0x3e));
            case HostState::Failed: return QBrush(QColor(0xc6, 0x28, 0x28));
            default: return QBrush(QColor(0x75, 0x75, 0x75));
            }
        }
        if (index.column() == Router && m_routerKnown) {
            // "no check": the router (nginx, a custom one) has no health checks: neither good nor bad.
            if (h.routerStatus == QLatin1String("no check"))
                return QBrush(QColor(0x75, 0x75, 0x75));
            if (!h.routerStatus.startsWith(QLatin1String("UP")) || h.routerStatus.contains(QLatin1Char('/')))
                return QBrush(QColor(0xc6, 0x28, 0x28));
        }
    }
    return {};
}

} // namespace greenlight
