#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/deploymentconfig.h"
#include "journal/journalrun.h"
#include "journal/journalshipper.h"
#include "pipeline/pipelineevent.h"
#include "ssh/sshtypes.h"

#include <QHash>

#include <functional>

namespace greenlight {

class HostPool;
class RouterAdapter;
class Journal;
class DeployLock;
class LockHeartbeat;

struct DeployOptions
{
    bool forceUnlock = false; // break a stale deploy lock
};

// One deployment, start to finish, on the calling (worker) thread:
// preflight → lock → pre-deploy hooks → migrate → deploy to the idle colour → verify → test
// traffic → shift traffic → bake → post-deploy hooks → finish. Every wait has a deadline,
// every step honours the cancel token, and traffic that moved is put back if a later step fails.
class PipelineRun final
{
public:
    using EventSink = std::function<void(const PipelineEvent &)>;

    PipelineRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal,
                EventSink sink, CancelToken cancel, DeployOptions options = {});

    [[nodiscard]] PipelineOutcome execute(const QString &version);

    // Runs the finish stage's clean-up command on every host of `old`, after the router confirms
    // it has no traffic (the finish stage, or `greenlight cleanup` once the warm window is over).
    [[nodiscard]] Status cleanUp(Colour old);
    // `greenlight cleanup`: cleans up the old colour of the last deploy once its warm window is
    // over (or at once with `ignoreWindow`), under the deploy lock.
    [[nodiscard]] PipelineOutcome executeCleanup(bool ignoreWindow);

    // The deploy command for one host, with placeholders replaced by shell-quoted values.
    [[nodiscard]] static QString expandCommand(const QString &pattern, const QString &version, const QString &host, Colour colour);

private:
    void emitEvent(PipelineEvent::Kind kind, const QString &stage, const QString &step, const QString &host, StepState state,
                   const QString &message = {}, qint64 durationMs = 0);
    [[nodiscard]] bool preflight(Colour &live);
    // Every host of both colours that cannot be logged in to and run a command, with why.
    [[nodiscard]] QStringList unreachableHosts(const QString &stage);
    [[nodiscard]] bool takeLock(DeployLock &lock, const QString &version);
    [[nodiscard]] bool runStages(Colour live, const QString &version);
    // Sends the journal's new records to the router host; a failure is said once, not per record.
    void shipJournal();
    // Notes a record that could not be written: said once in the timeline, and at the end.
    void journalFailed(const Status &written);
    [[nodiscard]] bool deploy(Colour idle, const QString &version);
    [[nodiscard]] bool verify(Colour idle, const QString &version);
    [[nodiscard]] bool verifyHost(const HostConfig &host, const EnvironmentConfig &env, const QString &version, qint64 deadline, QString &why) const;
    [[nodiscard]] bool shift(Colour live, Colour idle, const QString &version);
    [[nodiscard]] bool waitForRouterHealth(Colour idle, qint64 timeoutMs, QString &why);
    [[nodiscard]] bool verifyThroughRouter(Colour idle, const QString &version, QString &why);
    // Watches the new colour for `seconds` against the gates; on a breach or an abort puts
    // traffic back on `live` and returns false.
    [[nodiscard]] bool watch(Colour live, Colour idle, int seconds, int graceS, const QString &stage, const QString &step);
    [[nodiscard]] bool bake(Colour live, Colour idle);
    // True (and the outcome says so) once an operator stopped the deploy, here or from anywhere.
    [[nodiscard]] bool abortRequested();
    [[nodiscard]] bool waitForPromote(const QString &stage, int timeoutS);
    [[nodiscard]] bool migrate(Colour live, const QString &version);
    [[nodiscard]] bool testTraffic(Colour live, const QString &version);
    // One round of test requests to a host: empty when within the stage's limits, else why;
    // `reading` gets the counts either way.
    [[nodiscard]] QString sendTestRequests(const HostConfig &host, const EnvironmentConfig &env, const StageConfig &cfg, QString &reading);
    [[nodiscard]] bool finish(Colour live, const QString &version);
    [[nodiscard]] QString migrationMarker(const QString &version) const;
    [[nodiscard]] QHash<QString, QString> hookVariables(Colour live, const QString &version, const QString &stage) const;
    // One command (local or on a host) as a step of `stage`, its output streamed as log lines.
    [[nodiscard]] Status runCommandStep(const QString &stage, const QString &step, const HookConfig &command,
                                        const QHash<QString, QString> &variables);
    // Records `stage` as failed with `message` (or why it was stopped); returns false.
    bool failStage(const QString &stage, const QString &message, qint64 durationMs, ErrorCode code = ErrorCode::Failed);
    // Sets the outcome's failure (the stop's reason and code win over `code` once cancelled).
    void setFailure(const QString &stage, const QString &message, ErrorCode code);
    [[nodiscard]] bool runHooks(const QString &stage, const QList<HookConfig> &hooks, Colour live, const QString &version);
    // The hooks at one stage boundary ("before_verify", "after_shift"): a failure stops the
    // deploy, and puts traffic back once the shift began.
    [[nodiscard]] bool stageHooks(const QString &when, Colour live, const QString &version);
    void restoreTraffic(Colour live, const QString &why, const QString &stage, ErrorCode code);
    [[nodiscard]] const StageConfig &stageConfig(StageKind kind) const;
    [[nodiscard]] QString cancelledOr(const QString &message) const;

    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
    EventSink m_sink;
    CancelToken m_cancel;
    PipelineOutcome m_outcome;
    StageConfig m_defaultStage;
    DeployOptions m_options;
    JournalRun m_record;     // this run's records, each with its id; every write checked
    JournalShipper m_shipper; // to the router host, per stage and switch
    bool m_journalWarned = false;
    bool m_shiftStarted = false; // from the first weight change on, a failure puts traffic back
    bool m_shipWarned = false;
    LockHeartbeat *m_heartbeat = nullptr; // while the lock is held: carries promote and abort signals
};

} // namespace greenlight
