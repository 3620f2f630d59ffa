#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace greenlight {

class HistoryModel;

// The history tab: every deploy, switch and rollback, newest first, with a filter over all
// columns; Enter or a double-click opens the run in the timeline.
class HistoryView final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(HistoryModel *model, QWidget *parent = nullptr);

    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QLineEdit *filter() const { return m_filter; }
    // The run id of a row as shown (after the filter).
    [[nodiscard]] QString runIdAt(int row) const;

Q_SIGNALS:
    void openRun(const QString &runId);

private:
    HistoryModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
};

} // namespace greenlight
