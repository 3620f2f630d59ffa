#pragma once

#include "model/runrecord.h"

#include <QAbstractTableModel>
#include <QHash>

namespace greenlight {

// The deployment's history as the router host's journal tells it — every operator's deploys,
// switches and rollbacks, newest first: when, who, what, why, how long, how it ended. Keeps each
// run's records (bounded) so a run can be opened in the timeline.
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { When, Who, What, Why, Duration, Outcome, ColumnCount };
    static constexpr qsizetype kMaxRecords = 20000;

    explicit HistoryModel(QObject *parent = nullptr);

    void addRecords(const QList<RunRecord> &records);
    [[nodiscard]] QString runIdAt(int row) const;
    [[nodiscard]] QList<RunRecord> recordsOf(const QString &runId) const;
    [[nodiscard]] const QList<HistoryEntry> &entries() const { return m_entries; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<RunRecord> m_records; // oldest first
    QList<HistoryEntry> m_entries;
};

} // namespace greenlight
