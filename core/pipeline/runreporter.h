#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"
#include "journal/journalrun.h"
#include "journal/journalshipper.h"
#include "model/pipelineevent.h"

#include <functional>
#include <optional>

namespace greenlight {

class Journal;
class HostPool;
class LockHeartbeat;

// Where a run's events go: the sink (the window's timeline, the CLI's printer), the run's
// journal records (every write checked; a failure is said once, and at the end), the router
// host's copy of the journal (at every stage event), and the heartbeat's stage. One per run,
// on the run's thread.
class RunReporter final
{
public:
    using EventSink = std::function<void(const PipelineEvent &)>;

    // `pool` null: the records stay local (tests of the sequence without a router host).
    RunReporter(Journal &journal, HostPool *pool, const DeploymentConfig &config, EventSink sink);

    void stage(const QString &stage, StepState state, const QString &message = {}, qint64 durationMs = 0, const QString &host = {});
    void step(const QString &stage, const QString &step, const QString &host, StepState state, const QString &message = {},
              qint64 durationMs = 0);
    // A step that starts a wait of at most `waitMs` (a bake, a promote gate): a Running step
    // event that says how long, so a printer can count down.
    void waiting(const QString &stage, const QString &step, const QString &host, const QString &message, qint64 waitMs);
    void log(const QString &stage, const QString &step, const QString &host, const QString &line);
    // A wait's progress, once a second: to the sink only (it is superseded a second later).
    void progress(const WaitProgress &progress);
    // A warning for the operator only (no record): the journal or its shipping failing.
    void warn(const QString &message);
    // A stage's end that cannot be recorded (the journal itself is what failed): the sink only.
    void unrecordedStage(const QString &stage, StepState state, const QString &message);

    // A record written beside the events (start, switch, warm window, end): a failure is said once.
    void recorded(const Status &written);
    [[nodiscard]] JournalRun &record() { return m_record; }
    [[nodiscard]] Journal &journal() { return m_journal; }
    // Sends the records the router host's copy lacks; a failure is said once, not per record.
    void ship();
    void setHeartbeat(LockHeartbeat *heartbeat) { m_heartbeat = heartbeat; }

private:
    void send(const PipelineEvent &event);

    Journal &m_journal;
    EventSink m_sink;
    JournalRun m_record;
    std::optional<JournalShipper> m_shipper;
    LockHeartbeat *m_heartbeat = nullptr;
    bool m_journalWarned = false;
    bool m_shipWarned = false;
};

} // namespace greenlight
