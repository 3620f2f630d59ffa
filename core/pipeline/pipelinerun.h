#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "config/deploymentconfig.h"
#include "model/pipelineevent.h"
#include "pipeline/runreporter.h"

namespace greenlight {

class HostPool;
class RouterAdapter;
class Journal;
class DeployLock;

struct DeployOptions
{
    bool forceUnlock = false; // break a stale deploy lock
};

// One deployment, start to finish, on the calling (worker) thread: the journal is writable,
// preflight (the router read, every host of both colours reached), the lock taken and kept
// alive by a heartbeat, then the deployment's StageSequence, then the lock released with how
// it ended. Every wait has a deadline, every step honours the cancel token (a local stop, or
// `greenlight abort` read from the lock), and traffic that moved is put back if a later step fails.
class PipelineRun final
{
public:
    using EventSink = RunReporter::EventSink;

    PipelineRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal,
                EventSink sink, CancelToken cancel, DeployOptions options = {});

    [[nodiscard]] PipelineOutcome execute(const QString &version);

private:
    // The router read and every host reached: the colour that is live, or why not.
    [[nodiscard]] Result<Colour> preflight();
    // Every host of both colours that cannot be logged in to and run a command, with why.
    [[nodiscard]] QStringList unreachableHosts(const QString &stage);
    [[nodiscard]] Status takeLock(DeployLock &lock, const QString &version);
    // The stages, under the lock, with the heartbeat beating.
    void runStages(DeployLock &lock, Colour live, const QString &version);
    // The outcome's failure, with the stop's reason and code once stopped.
    void fail(const QString &stage, const QString &message, ErrorCode code);

    const DeploymentConfig &m_config;
    HostPool &m_pool;
    RouterAdapter &m_router;
    Journal &m_journal;
    CancelToken m_cancel;
    DeployOptions m_options;
    RunReporter m_report; // events, this run's journal records, the router host's copy
    PipelineOutcome m_outcome;
};

} // namespace greenlight
