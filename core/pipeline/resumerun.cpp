#include "resumerun.h"

#include "journal/journal.h"
#include "journal/journalshipper.h"
#include "pipeline/deploylock.h"
#include "pipeline/pipelinerun.h"
#include "pipeline/recoverycheck.h"
#include "pipeline/rollback.h"
#include "pipeline/servedcheck.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"

namespace greenlight {

namespace {
constexpr int kServedChecks = 6;
const QString kStage = QStringLiteral("resume");
} // namespace

ResumeRun::ResumeRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal, EventSink sink,
                     CancelToken cancel)
    : m_config(config), m_pool(pool), m_router(router), m_journal(journal), m_sink(std::move(sink)), m_cancel(std::move(cancel))
{
}

void ResumeRun::say(StepState state, const QString &message)
{
    if (!m_sink)
        return;
    PipelineEvent e;
    e.kind = PipelineEvent::Kind::Stage;
    e.stage = kStage;
    e.state = state;
    e.message = message;
    m_sink(e);
}

PipelineOutcome ResumeRun::fail(const QString &message, ErrorCode code)
{
    PipelineOutcome outcome;
    outcome.failedStage = kStage;
    outcome.code = code;
    outcome.message = message;
    say(StepState::Failed, message);
    return outcome;
}

Status ResumeRun::breakDeadLock()
{
    // Taken over (only a dead lock can be) and let go.
    DeployLock lock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath);
    if (const Status taken = lock.acquire(QStringLiteral("resume"), true, m_cancel); !taken)
        return taken;
    return lock.release(QStringLiteral("resumed"));
}

void ResumeRun::close(const QString &runId, const PipelineOutcome &outcome, const QString &how)
{
    if (!runId.isEmpty()) {
        PipelineOutcome ended = outcome;
        ended.message = how;
        if (const Status written = JournalRun(m_journal, m_config.name, runId).end(ended); !written)
            say(StepState::Failed, QStringLiteral("JOURNAL: %1").arg(written.error()));
    }
    (void)breakDeadLock(); // none left is fine: the deploy let go before it died
    // The end (and an undo's switch) reach the router host's copy now, not at the next deploy.
    if (const Status shipped = JournalShipper(m_pool, m_config, Lane::Work).ship(m_journal); !shipped)
        say(StepState::Failed, QStringLiteral("JOURNAL: %1").arg(shipped.error()));
}

PipelineOutcome ResumeRun::clearDeadLock(const RecoveryReport &report)
{
    // No journal says what the dead deploy did: only the router does. Traffic on one colour is
    // a state a deploy can start from; a split is left for the operator to settle first.
    const Result<RouterState> router = m_router.readState(m_cancel);
    if (!router)
        return fail(QStringLiteral("cannot read the router: %1; the dead lock was left alone").arg(router.error()), ErrorCode::Unreachable);
    if (!router->liveColour())
        return fail(QStringLiteral("%1 Traffic is split (%2): the dead lock was left alone.").arg(report.summary, router->describe()),
                    ErrorCode::SplitTraffic);
    if (const Status broken = breakDeadLock(); !broken)
        return fail(broken.error(), broken.code());
    PipelineOutcome outcome;
    outcome.succeeded = true;
    outcome.message = QStringLiteral("cleared the dead lock (%1); nothing moved: %2").arg(report.lockHolder, router->describe());
    say(StepState::Succeeded, outcome.message);
    return outcome;
}

PipelineOutcome ResumeRun::execute(bool undo)
{
    say(StepState::Running, undo ? QStringLiteral("undoing the deploy that was cut short") : QStringLiteral("finishing the deploy that was cut short"));
    const RecoveryReport report = RecoveryCheck(m_config, m_pool, m_router, m_journal).run(m_cancel);
    if (report.running)
        return fail(QStringLiteral("%1 Nothing to resume.").arg(report.summary), ErrorCode::LockHeld);
    if (report.deadLock)
        return clearDeadLock(report);
    if (!report.interrupted)
        return fail(QStringLiteral("no deploy was cut short: nothing to resume"), ErrorCode::Failed);
    const std::optional<Colour> from = colourFromName(report.fromColour);
    const std::optional<Colour> to = colourFromName(report.toColour);
    if (!from || !to)
        return fail(QStringLiteral("the journal's record of the cut-short deploy names no colours"), ErrorCode::Failed);
    const std::optional<DeploySummary> last = m_journal.lastDeploy(m_config.name);
    const QString runId = last ? last->runId : QString();
    const Result<RouterState> router = m_router.readState(m_cancel);
    if (!router)
        return fail(QStringLiteral("cannot read the router: %1; nothing was changed").arg(router.error()), ErrorCode::Unreachable);
    say(StepState::Running, QStringLiteral("the deploy of %1 from %2 to %3 was cut short during %4; the router says %5")
                                .arg(report.version, report.fromColour, report.toColour,
                                     report.lastStage.isEmpty() ? QStringLiteral("its start") : report.lastStage, router->describe()));

    // Undo, or a split to finish: all traffic back on the colour that served before, proven.
    if (undo || (!router->carries(*from, 100) && !router->carries(*to, 100))) {
        if (!router->carries(*from, 100)) {
            const PipelineOutcome back = Rollback(m_config, m_router, m_journal, m_sink)
                                             .execute(*from, QStringLiteral("resume: back to %1 before %2").arg(report.fromColour, undo ? QStringLiteral("closing the cut-short deploy") : QStringLiteral("deploying again")));
            if (!back.succeeded)
                return fail(back.message, ErrorCode::RefusedByRouter);
        }
        if (undo) {
            PipelineOutcome outcome;
            outcome.succeeded = true;
            outcome.rolledBack = true;
            outcome.version = report.version;
            outcome.fromColour = report.toColour;
            outcome.toColour = report.fromColour;
            outcome.message = QStringLiteral("undone: all traffic is on %1; the deploy of %2 is closed").arg(report.fromColour, report.version);
            close(runId, outcome, QStringLiteral("undone by greenlight resume --undo"));
            say(StepState::Succeeded, outcome.message);
            return outcome;
        }
    }

    // The shift had finished: check what the router serves, and close the deploy as done.
    if (router->carries(*to, 100)) {
        const Result<Served> served = checkServedThroughRouter(m_config, m_router, *to, {report.version}, kServedChecks, m_cancel);
        if (!served)
            return fail(QStringLiteral("all traffic is on %1, but %2 expected \"%3\"; roll back with greenlight rollback")
                            .arg(report.toColour, served.error(), report.version),
                        ErrorCode::Failed);
        PipelineOutcome outcome;
        outcome.succeeded = true;
        outcome.version = report.version;
        outcome.fromColour = report.fromColour;
        outcome.toColour = report.toColour;
        outcome.message = QStringLiteral("%1 is live on %2 (the cut-short deploy's shift had finished); %3 stays warm for rollback")
                              .arg(report.version, report.toColour, report.fromColour);
        close(runId, outcome, QStringLiteral("finished by greenlight resume"));
        say(StepState::Succeeded, outcome.message);
        return outcome;
    }

    // Traffic is on the old colour: the whole deploy again (its steps are safe to repeat, a
    // migration already applied is not re-run), breaking the dead lock.
    PipelineOutcome superseded;
    superseded.version = report.version;
    close(runId, superseded, QStringLiteral("superseded: greenlight resume deploys %1 again").arg(report.version));
    return PipelineRun(m_config, m_pool, m_router, m_journal, m_sink, m_cancel, DeployOptions{true}).execute(report.version);
}

} // namespace greenlight
