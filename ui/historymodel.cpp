#include "historymodel.h"

#include "theme.h"

#include <QBrush>

namespace greenlight {

HistoryModel::HistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

void HistoryModel::addRecords(const QList<RunRecord> &records)
{
    beginResetModel();
    m_records += records;
    if (m_records.size() > kMaxRecords)
        m_records.remove(0, m_records.size() - kMaxRecords);
    m_entries = historyOf(m_records);
    endResetModel();
}

QString HistoryModel::runIdAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).runId : QString();
}

QList<RunRecord> HistoryModel::recordsOf(const QString &runId) const
{
    QList<RunRecord> out;
    for (const RunRecord &r : m_records) {
        if (r.runId == runId)
            out << r;
    }
    return out;
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When: return tr("When");
    case Who: return tr("Who");
    case What: return tr("What");
    case Why: return tr("Why");
    case Duration: return tr("Took");
    case Outcome: return tr("Outcome");
    default: return {};
    }
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const HistoryEntry &e = m_entries.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case When: return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case Who: return e.who;
        case What:
            return e.kind == HistoryEntry::Kind::Rollback ? tr("rollback %1").arg(e.what)
                   : e.kind == HistoryEntry::Kind::Switch ? tr("switch %1").arg(e.what)
                                                          : e.what;
        case Why: return e.why;
        case Duration: return e.durationMs < 0 ? QString() : QStringLiteral("%1 s").arg(static_cast<double>(e.durationMs) / 1000.0, 0, 'f', 1);
        case Outcome: return e.outcome;
        default: return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Outcome) {
        if (e.outcome == QLatin1String("succeeded") || e.outcome == QLatin1String("done"))
            return QBrush(Theme::colour(Theme::Role::Success));
        if (e.outcome == QLatin1String("failed"))
            return QBrush(Theme::colour(Theme::Role::Danger));
        if (e.outcome == QLatin1String("rolled back"))
            return QBrush(Theme::colour(Theme::Role::Warning));
        return QBrush(Theme::colour(Theme::Role::Info));
    }
    return {};
}

} // namespace greenlight
