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

    // A new top-level group: "Deploy 1.1.0 — 12:03:04"; `runId`: the journal's id, when known.
    // Events go to the newest run until another is begun or resumed.
    void beginRun(const QString &title, const QString &runId = {}, const QDateTime &startedAt = {});
    // The group of the run with this journal id; null when the timeline has none.
    [[nodiscard]] QStandardItem *runItem(const QString &runId) const;
    // Makes an existing run's group the one events go to; false when there is none.
    bool resumeRun(const QString &runId);
    // Makes `run` (a group of this timeline) the one events go to.
    void setCurrentRun(QStandardItem *run) { if (m_index.contains(run)) m_run = run; }
    // Gives the newest run its journal id, once known (this process's own runs).
    void tagCurrentRun(const QString &runId);
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

    // Where a run's rows are, to add its next events.
    struct RunIndex
    {
        QString runId;
        QHash<QString, QStandardItem *> stages;
        QHash<QString, QStandardItem *> steps;      // "stage|step|host"
        QHash<QString, QStandardItem *> stepByHost; // the newest step of a host, for its output lines
        int logLines = 0;
        bool failureShown = false;
    };
    [[nodiscard]] RunIndex &current() { return m_index[m_run]; }

    QStandardItem *m_run = nullptr;
    QHash<QStandardItem *, RunIndex> m_index;
    QHash<QStandardItem *, QElapsedTimer> m_running; // running stages and steps of every run, since when
};

} // namespace greenlight
