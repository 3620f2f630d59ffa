#include "remoteruns.h"

#include "historymodel.h"
#include "runobserver.h"
#include "runtimeline.h"

namespace greenlight {

RemoteRuns::RemoteRuns(RunTimeline *timeline, HistoryModel *history, RunObserver *observer, QObject *parent)
    : QObject(parent), m_timeline(timeline), m_history(history), m_observer(observer)
{
}

QString RemoteRuns::titleOf(const RunRecord &first)
{
    const QString who = first.operatorName.isEmpty() ? tr("someone") : first.operatorName;
    if (first.kind == RunRecord::Kind::Start)
        return tr("Deploy %1 — by %2").arg(first.version, who);
    if (first.kind == RunRecord::Kind::Event && first.event.stage == QLatin1String("rollback"))
        return tr("Rollback — by %1").arg(who);
    if (first.kind == RunRecord::Kind::Event && first.event.stage == QLatin1String("cleanup"))
        return tr("Clean-up — by %1").arg(who);
    return tr("Run — by %1").arg(who);
}

void RemoteRuns::add(const QList<RunRecord> &records)
{
    m_history->addRecords(records);
    for (const RunRecord &r : records) {
        if (r.begunHere) {
            m_timeline->tagCurrentRun(r.runId); // the window's own run: already in the timeline
            continue;
        }
        if (r.time.isValid() && r.time < m_since)
            continue; // before the window opened: the history has it
        show(r);
    }
}

void RemoteRuns::show(const RunRecord &r)
{
    if (!m_timeline->resumeRun(r.runId)) {
        m_timeline->beginRun(titleOf(r), r.runId, r.time);
        if (r.kind == RunRecord::Kind::Start)
            m_observer->mark(tr("deploy %1 (%2)").arg(r.version, r.operatorName), false);
    }
    switch (r.kind) {
    case RunRecord::Kind::Event:
        m_timeline->addEvent(r.event);
        return;
    case RunRecord::Kind::Switch:
        if (r.isRollback())
            m_observer->mark(tr("rollback (%1)").arg(r.operatorName), true);
        Q_EMIT changedElsewhere(tr("%1 by %2: traffic %3 → %4").arg(r.isRollback() ? tr("Rollback") : tr("Switch"), r.operatorName, r.from, r.to));
        return;
    case RunRecord::Kind::End:
        Q_EMIT changedElsewhere(tr("Deploy %1 by %2 %3: %4")
                                    .arg(r.version, r.operatorName,
                                         r.succeeded ? tr("SUCCEEDED") : r.rolledBack ? tr("ROLLED BACK") : tr("FAILED"), r.message));
        return;
    default: return;
    }
}

void RemoteRuns::open(const QString &runId)
{
    if (runId.isEmpty())
        return;
    if (!m_timeline->runItem(runId)) {
        const QList<RunRecord> records = m_history->recordsOf(runId);
        if (records.isEmpty())
            return;
        QStandardItem *previous = m_timeline->currentRun();
        m_timeline->beginRun(titleOf(records.first()) + tr(" (from the journal)"), runId, records.first().time);
        for (const RunRecord &r : records) {
            if (r.kind == RunRecord::Kind::Event)
                m_timeline->addEvent(r.event);
        }
        // Events of a run in progress keep going to it, not to the one just opened.
        if (previous)
            m_timeline->setCurrentRun(previous);
    }
    Q_EMIT opened(runId);
}

} // namespace greenlight
