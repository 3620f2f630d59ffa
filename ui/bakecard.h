#pragma once

#include "model/waitprogress.h"

#include <QFrame>

class QLabel;
class QTableWidget;

namespace greenlight {

// The bake at a glance, while the gates watch the new colour carry traffic: time left in this
// step and in the stage, what comes next, and each gate's live value against its threshold,
// with its window, its request count and how many checks in a row it has been over. After a
// breach it stays, red, as the explanation of the rollback, until the next run begins.
class BakeCard final : public QFrame
{
    Q_OBJECT
public:
    enum Column { Gate, Value, Threshold, Window, Requests, InARow, ColumnCount };

    explicit BakeCard(QWidget *parent = nullptr);

    void setProgress(const WaitProgress &progress);
    // The wait ended well: the card says so and stops counting.
    void finished(const QString &how);
    // A new run: the card hides until its first wait.
    void reset();

    [[nodiscard]] const WaitProgress &progress() const { return m_progress; }
    [[nodiscard]] QString headline() const;
    [[nodiscard]] QString countdown() const;
    [[nodiscard]] bool breached() const { return !m_progress.verdict.isEmpty(); }
    [[nodiscard]] QTableWidget *gateTable() const { return m_gates; }

private:
    void paint(const QString &role);
    void fillGates();

    QLabel *m_headline;
    QLabel *m_countdown;
    QLabel *m_next;
    QTableWidget *m_gates;
    WaitProgress m_progress;
};

[[nodiscard]] QString minutesAndSeconds(qint64 ms);

} // namespace greenlight
