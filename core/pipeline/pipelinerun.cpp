#include "pipelinerun.h"

#include "journal/journal.h"
#include "pipeline/deploylock.h"
#include "pipeline/lockheartbeat.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/stagesequence.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"
#include "ssh/fanout.h"
#include "ssh/hostpool.h"

#include <QElapsedTimer>

namespace greenlight {

namespace {
constexpr std::chrono::seconds kPreflightCommandTimeout{20}; // a connect (10 s) and one `true`
} // namespace

PipelineRun::PipelineRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal,
                         EventSink sink, CancelToken cancel, DeployOptions options)
    : m_config(config), m_pool(pool), m_router(router), m_journal(journal), m_cancel(std::move(cancel)), m_options(options),
      m_report(journal, &pool, config, std::move(sink))
{
}

void PipelineRun::fail(const QString &stage, const QString &message, ErrorCode code)
{
    m_outcome.failedStage = stage;
    m_outcome.message = m_cancel.isCancelled() ? stopMessage(m_cancel.reason()) : message;
    m_outcome.code = m_cancel.isCancelled() ? ErrorCode::Aborted : code;
}

PipelineOutcome PipelineRun::execute(const QString &version)
{
    m_outcome = {};
    m_outcome.version = version;
    // Nothing is lost silently: a deploy whose records cannot be written does not start.
    if (const Status writable = m_journal.checkWritable(); !writable) {
        fail(QStringLiteral("journal"), QStringLiteral("the journal cannot be written, so the deploy did not start: %1").arg(writable.error()),
             ErrorCode::JournalFailure);
        m_report.unrecordedStage(m_outcome.failedStage, StepState::Failed, m_outcome.message);
        return m_outcome;
    }
    const Result<Colour> live = preflight();
    if (!live)
        return m_outcome;
    DeployLock lock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath);
    if (const Status taken = takeLock(lock, version); !taken)
        return m_outcome;
    runStages(lock, live.value(), version);
    if (const Status lost = m_report.record().firstFailure(); !lost) {
        m_outcome.message += QStringLiteral(" — %1 journal record(s) could not be written locally (%2)")
                                 .arg(QString::number(m_report.record().failedRecords()), lost.error());
        if (m_outcome.succeeded)
            m_outcome.code = ErrorCode::JournalFailure;
    }
    m_report.recorded(m_report.record().end(m_outcome));
    const QString released = m_outcome.succeeded ? QStringLiteral("succeeded")
                             : m_cancel.isCancelled() ? QStringLiteral("aborted")
                                                      : QStringLiteral("failed");
    if (const Status unlocked = lock.release(released); !unlocked)
        m_report.stage(QStringLiteral("unlock"), StepState::Failed, unlocked.error(), 0, m_config.router.host);
    m_report.ship();
    return m_outcome;
}

void PipelineRun::runStages(DeployLock &lock, Colour live, const QString &version)
{
    const Colour idle = otherColour(live);
    m_outcome.fromColour = colourName(live);
    m_outcome.toColour = colourName(idle);
    // The start record is the proof the journal works: written before anything changes.
    if (const Status started = m_report.record().start(m_outcome.fromColour, m_outcome.toColour, version); !started) {
        fail(QStringLiteral("journal"), QStringLiteral("the journal cannot be written (%1); nothing was changed").arg(started.error()),
             ErrorCode::JournalFailure);
        return;
    }
    // The lock is held for the whole deployment, beating every second on its own lane.
    DeployLock beatLock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath, Lane::Control);
    LockHeartbeat heartbeat(beatLock, lock.token(), m_cancel);
    m_report.setHeartbeat(&heartbeat);
    StageContext context(m_config, m_pool, m_router, m_report, m_cancel, live, version);
    context.heartbeat = &heartbeat;
    StageSequence sequence = StageSequence::forDeployment(m_config);
    const StageSequence::End end = sequence.run(context, [this](Colour to) { return restoreTraffic(m_router, to); });
    m_report.setHeartbeat(nullptr);
    m_outcome.warmUntil = context.warmUntil;
    m_outcome.oldColourCleanedUp = context.oldColourCleanedUp;
    m_outcome.rolledBack = end.rolledBack;
    if (!end.succeeded) {
        m_outcome.failedStage = end.failedStage;
        m_outcome.code = end.code;
        m_outcome.message = end.message;
        return;
    }
    m_outcome.succeeded = true;
    m_outcome.code = ErrorCode::None;
    m_outcome.message = m_outcome.oldColourCleanedUp
                            ? QStringLiteral("%1 is live on %2; %3 was cleaned up").arg(version, colourName(idle), colourName(live))
                            : QStringLiteral("%1 is live on %2; %3 stays warm for rollback").arg(version, colourName(idle), colourName(live));
}

Status PipelineRun::takeLock(DeployLock &lock, const QString &version)
{
    const QString stage = QStringLiteral("lock");
    const QString &host = m_config.router.host;
    m_report.stage(stage, StepState::Running,
                   m_options.forceUnlock ? QStringLiteral("breaking the lock first if it is dead (its heartbeat is stale)") : QString(), 0, host);
    QElapsedTimer clock;
    clock.start();
    const Status taken = lock.acquire(version, m_options.forceUnlock, m_cancel);
    if (!taken) {
        fail(stage, taken.error(), taken.code());
        m_report.stage(stage, StepState::Failed, m_outcome.message, clock.elapsed(), host);
        return taken;
    }
    m_report.stage(stage, StepState::Succeeded, QStringLiteral("%1 on %2").arg(lock.path(), host), clock.elapsed(), host);
    return {};
}

Result<Colour> PipelineRun::preflight()
{
    const QString stage = QStringLiteral("preflight");
    m_report.stage(stage, StepState::Running);
    QElapsedTimer clock;
    clock.start();
    const Result<RouterState> state = m_router.readState(m_cancel);
    if (!state) {
        fail(stage, QStringLiteral("cannot read the router: %1").arg(state.error()), ErrorCode::Unreachable);
    } else if (!state->liveColour()) {
        fail(stage, QStringLiteral("traffic is split (%1); finish or roll back the running shift first").arg(state->describe()),
             ErrorCode::SplitTraffic);
    } else if (const QStringList faults = unreachableHosts(stage); !faults.isEmpty()) {
        fail(stage, QStringLiteral("%1 of %2 hosts cannot be used; nothing was changed. %3")
                        .arg(QString::number(faults.size()), QString::number(m_config.blue.hosts.size() + m_config.green.hosts.size()),
                             faults.join(QStringLiteral("; "))),
             ErrorCode::Unreachable);
    } else {
        const Colour live = *state->liveColour();
        m_report.stage(stage, StepState::Succeeded,
                       QStringLiteral("%1 is live (%2); every host answers; deploying to %3")
                           .arg(colourName(live), state->describe(), colourName(otherColour(live))),
                       clock.elapsed());
        return live;
    }
    m_report.stage(stage, StepState::Failed, m_outcome.message, clock.elapsed());
    return Result<Colour>::failure(m_outcome.message, m_outcome.code);
}

QStringList PipelineRun::unreachableHosts(const QString &stage)
{
    // Preflight sees everything before anything changes: every host of both colours is logged
    // in to (host keys checked) and runs a command — the new colour's for the deploy, the live
    // colour's for a rollback. Every host at fault is named, with its reason.
    QStringList faults;
    const QStringList hosts = m_config.blue.hosts + m_config.green.hosts;
    const FanoutResult result = Fanout(m_pool, FanoutPolicy{0, 100, false}).run(hosts, [&](const QString &) {
        CommandRequest request;
        request.command = QStringLiteral("true");
        request.timeout = kPreflightCommandTimeout;
        request.cancel = m_cancel;
        return request;
    });
    for (const CommandResult &r : result.results) {
        if (r.ok())
            continue;
        faults << r.summary(); // names the host
        m_report.step(stage, QStringLiteral("reach"), r.host, StepState::Failed,
                      r.error != CommandError::None ? r.errorMessage : r.summary(), r.durationMs);
    }
    return faults;
}

} // namespace greenlight
