#pragma once

#include "model/pipelineevent.h"
#include "model/hoststatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStandardItemModel>

namespace greenlight {

// Every deploy and rollback of the session as a tree: run → stage → step (per host) → the
// host's output lines, each whole (the view wraps them; the tooltip and a copy carry them too).
// Running stages and steps show their elapsed time, ticking; a failed one is announced so the
// view can show and select it. Bounded: a run keeps at most kMaxLogLines lines.
class RunTimeline final : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Column { What, State, Duration, Detail, ColumnCount };
    static constexpr int kMaxLogLines = 5000;

    explicit RunTimeline(QObject *parent = nullptr);

    // A new top-level group: "Deploy 1.1.0 — 12:03:04".
    void beginRun(const QString &title);
    void addEvent(const PipelineEvent &event);
    void addLogLine(const QString &host, const QString &tag, OutputStream stream, const QString &line);

    // The row of a stage of the newest run ("deploy"), for views and tests.
    [[nodiscard]] QStandardItem *stageItem(const QString &stage) const;
    [[nodiscard]] QStandardItem *currentRun() const { return m_run; }
    // Writes the elapsed time into every running stage's and step's Duration (once a second).
    void tick();

Q_SIGNALS:
    void rowAppended(const QModelIndex &index);
    // A stage or step failed (the first of a run): the view scrolls to it and selects it.
    void failed(const QModelIndex &index);

private:
    [[nodiscard]] QList<QStandardItem *> makeRow(const QString &what) const;
    void setState(QStandardItem *first, StepState state, qint64 durationMs, const QString &detail);
    QStandardItem *stage(const QString &name);

    QStandardItem *m_run = nullptr;
    QHash<QString, QStandardItem *> m_stages;
    QHash<QString, QStandardItem *> m_steps;      // "stage|step|host"
    QHash<QString, QStandardItem *> m_stepByHost; // the newest step of a host, for its output lines
    QHash<QStandardItem *, QElapsedTimer> m_running; // running stages and steps, since when
    int m_logLines = 0;
    bool m_failureShown = false;
};

} // namespace greenlight
