#include "hostsmodel.h"

#include "theme.h"

#include <QBrush>
#include <QColor>
#include <QHash>

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
    case Http: return tr("HTTP");
    case Errors: return tr("Errors (%1 s)").arg(kHealthWindowS);
    case Router: return tr("Router");
    default: return {};
    }
}

void HostsModel::setHealth(const MetricsHub &metrics)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const QVariant http = display(row, Http);
        const QVariant errors = display(row, Errors);
        row.health = metrics.hostHealth(row.snapshot.name, kHealthWindowS);
        // Only rows whose text changed are repainted: the tables cost nothing between changes.
        if (display(row, Http) != http || display(row, Errors) != errors)
            Q_EMIT dataChanged(index(i, Http), index(i, Errors));
    }
}

QString HostsModel::majorityVersion() const
{
    QHash<QString, int> counts;
    for (const Row &row : m_rows) {
        if (!row.snapshot.version.isEmpty())
            ++counts[row.snapshot.version];
    }
    QString best;
    bool tied = false;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (best.isEmpty() || it.value() > counts.value(best)) {
            best = it.key();
            tied = false;
        } else if (it.value() == counts.value(best)) {
            tied = true;
        }
    }
    return tied ? QString() : best; // a tie has no majority
}

bool HostsModel::drifts(const Row &row, const QString &majority) const
{
    if (row.snapshot.version.isEmpty())
        return false;
    if (!majority.isEmpty())
        return row.snapshot.version != majority;
    // No majority: every host is odd as soon as two versions are seen.
    for (const Row &other : m_rows) {
        if (!other.snapshot.version.isEmpty() && other.snapshot.version != row.snapshot.version)
            return true;
    }
    return false;
}

QStringList HostsModel::drifted() const
{
    const QString majority = majorityVersion();
    QStringList out;
    for (const Row &row : m_rows) {
        if (drifts(row, majority))
            out << row.snapshot.name;
    }
    return out;
}

QVariant HostsModel::display(const Row &row, int column) const
{
    const HostSnapshot &h = row.snapshot;
    const HostHealth &health = row.health;
    switch (column) {
    case Host: return h.name;
    case Address: return h.address;
    case Ssh:
        // The reason is part of the cell, not only of its tooltip: an operator reads it at a glance.
        return row.ssh.reason.isEmpty() || row.ssh.state != HostState::Failed
                   ? hostStateName(row.ssh.state)
                   : QStringLiteral("%1: %2").arg(hostStateName(row.ssh.state), row.ssh.reason);
    case Version:
        if (h.version.isEmpty())
            return h.versionError.isEmpty() ? QStringLiteral("…") : tr("unknown");
        if (const QString majority = majorityVersion(); drifts(row, majority))
            return majority.isEmpty() ? tr("⚠ %1 (drift: versions differ)").arg(h.version) : tr("⚠ %1 (drift: colour runs %2)").arg(h.version, majority);
        return h.version;
    case Http:
        if (!health.probed)
            return QStringLiteral("…");
        if (health.status == 0)
            return tr("✖ %1").arg(health.error.isEmpty() ? tr("no answer") : health.error);
        return QStringLiteral("%1 %2 · %3 ms").arg(health.ok ? QStringLiteral("✔") : QStringLiteral("✖")).arg(health.status)
            .arg(health.latencyMs, 0, 'f', 0);
    case Errors:
        if (health.requests == 0)
            return QStringLiteral("…");
        // A symbol as well as the colour: amber and green look alike to many eyes.
        return tr("%1%2 % of %3")
            .arg(health.errorRate >= kHighErrorRate ? QStringLiteral("✖ ") : (health.errorRate > 0 ? QStringLiteral("⚠ ") : QString()))
            .arg(health.errorRate * 100, 0, 'f', 1)
            .arg(health.requests);
    case Router: return m_routerKnown ? tr("%1 · weight %2").arg(h.routerStatus).arg(h.weight) : tr("unknown");
    default: return {};
    }
}

QVariant HostsModel::foreground(const Row &row, int column) const
{
    const HostSnapshot &h = row.snapshot;
    switch (column) {
    case Ssh:
        switch (row.ssh.state) {
        case HostState::Ready: return QBrush(Theme::colour(Theme::Role::Success));
        case HostState::Failed: return QBrush(Theme::colour(Theme::Role::Danger));
        default: return QBrush(Theme::colour(Theme::Role::Muted));
        }
    case Version:
        if (drifts(row, majorityVersion()))
            return QBrush(Theme::colour(Theme::Role::Warning));
        return {};
    case Http:
        if (!row.health.probed)
            return QBrush(Theme::colour(Theme::Role::Muted));
        return QBrush(Theme::colour(row.health.ok ? Theme::Role::Success : Theme::Role::Danger));
    case Errors:
        if (row.health.requests > 0 && row.health.errorRate > 0)
            return QBrush(Theme::colour(row.health.errorRate >= kHighErrorRate ? Theme::Role::Danger : Theme::Role::Warning));
        return {};
    case Router:
        if (!m_routerKnown)
            return {};
        // "no check": the router (nginx, a custom one) has no health checks: neither good nor bad.
        if (h.routerStatus == QLatin1String("no check"))
            return QBrush(Theme::colour(Theme::Role::Muted));
        if (!h.routerStatus.startsWith(QLatin1String("UP")) || h.routerStatus.contains(QLatin1Char('/')))
            return QBrush(Theme::colour(Theme::Role::Danger));
        return {};
    default: return {};
    }
}

QVariant HostsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case Qt::ForegroundRole: return foreground(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Ssh && !row.ssh.reason.isEmpty())
            return row.ssh.reason;
        if (index.column() == Version && !row.snapshot.versionError.isEmpty())
            return row.snapshot.versionError;
        if (index.column() == Http && !row.health.error.isEmpty())
            return row.health.error;
        return {};
    default: return {};
    }
}

} // namespace greenlight
