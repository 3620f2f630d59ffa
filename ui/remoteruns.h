#pragma once

#include "model/runrecord.h"

#include <QDateTime>
#include <QObject>

namespace greenlight {

class HistoryModel;
class RunObserver;
class RunTimeline;

// What the router host's journal says happened: every record goes to the history; the runs
// started elsewhere (the CLI, another console) since the window opened also appear live in the
// timeline, marked on the charts, and announced — so the window never shows a stale picture of
// a rollback it did not make.
class RemoteRuns final : public QObject
{
    Q_OBJECT
public:
    RemoteRuns(RunTimeline *timeline, HistoryModel *history, RunObserver *observer, QObject *parent = nullptr);

    void add(const QList<RunRecord> &records);
    // Opens a run of the history in the timeline (its records replayed when it has no group yet).
    void open(const QString &runId);

Q_SIGNALS:
    // A run elsewhere ended or moved traffic: the window reads the router again and says so.
    void changedElsewhere(const QString &what);
    void opened(const QString &runId);

private:
    void show(const RunRecord &record);
    [[nodiscard]] static QString titleOf(const RunRecord &first);

    RunTimeline *m_timeline;
    HistoryModel *m_history;
    RunObserver *m_observer;
    QDateTime m_since = QDateTime::currentDateTimeUtc().addSecs(-5);
};

} // namespace greenlight
