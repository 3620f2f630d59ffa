#include "cleanuprun.h"

#include "journal/journal.h"
#include "pipeline/deploylock.h"
#include "pipeline/lockheartbeat.h"
#include "pipeline/oldcolourcleanup.h"
#include "pipeline/oldcolourdrain.h"
#include "pipeline/waits.h"

#include <QElapsedTimer>

namespace greenlight {

namespace {
const QString kStage = QStringLiteral("cleanup");
} // namespace

CleanupRun::CleanupRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal,
                       RunReporter::EventSink sink, CancelToken cancel)
    : m_config(config), m_pool(pool), m_router(router), m_journal(journal), m_cancel(std::move(cancel)),
      m_report(journal, &pool, config, std::move(sink))
{
}

PipelineOutcome CleanupRun::failed(const QString &message, ErrorCode code, qint64 durationMs)
{
    PipelineOutcome outcome;
    outcome.failedStage = kStage;
    outcome.code = m_cancel.isCancelled() ? ErrorCode::Aborted : code;
    outcome.message = m_cancel.isCancelled() ? stopMessage(m_cancel.reason()) : message;
    m_report.stage(kStage, m_cancel.isCancelled() ? StepState::Cancelled : StepState::Failed, outcome.message, durationMs);
    m_report.ship();
    return outcome;
}

PipelineOutcome CleanupRun::execute(bool ignoreWindow)
{
    m_report.stage(kStage, StepState::Running);
    QElapsedTimer clock;
    clock.start();
    const std::optional<Journal::WarmWindow> warm = m_journal.lastWarmWindow(m_config.name);
    if (!warm)
        return failed(QStringLiteral("the journal has no finished deploy whose old colour is still warm; nothing to clean up"),
                      ErrorCode::Failed, clock.elapsed());
    const std::optional<Colour> old = colourFromName(warm->colour);
    if (!old)
        return failed(QStringLiteral("the journal's warm-window record names no colour"), ErrorCode::Failed, clock.elapsed());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (warm->until.isValid() && warm->until > now && !ignoreWindow)
        return failed(QStringLiteral("%1 stays warm for rollback until %2 UTC (%3 min left); --now cleans up anyway")
                          .arg(colourName(*old), warm->until.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                               QString::number((now.secsTo(warm->until) + 59) / 60)),
                      ErrorCode::Failed, clock.elapsed());
    // Clients may still be sent to it (a DNS router's drain): --now does not skip this.
    if (const OldColourDrain drain(m_config, *old, warm->since); drain.msLeft() > 0)
        return failed(QStringLiteral("not cleaning up %1 yet: %2; --now does not skip a drain").arg(colourName(*old), drain.pendingText()),
                      ErrorCode::Failed, clock.elapsed());
    // Under the deploy lock: never while a deploy is putting a new version on that colour.
    DeployLock lock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath);
    if (const Status taken = lock.acquire(QStringLiteral("cleanup of %1").arg(colourName(*old)), false, m_cancel); !taken)
        return failed(taken.error(), taken.code(), clock.elapsed());
    Status cleaned;
    {
        // Beating like a deploy's: a clean-up longer than the stale limit is never taken for dead.
        DeployLock beatLock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath, Lane::Control);
        LockHeartbeat heartbeat(beatLock, lock.token(), m_cancel);
        heartbeat.setStage(QStringLiteral("cleanup"));
        cleaned = cleanUpOldColour(m_config, m_pool, m_router, m_report, *old, warm->since, m_cancel);
    }
    (void)lock.release();
    if (!cleaned)
        return failed(cleaned.error(), cleaned.code(), clock.elapsed());
    m_report.recorded(m_report.record().warmWindow(colourName(*old), warm->version, QDateTime::currentDateTimeUtc(), true));
    PipelineOutcome outcome;
    outcome.succeeded = true;
    outcome.oldColourCleanedUp = true;
    outcome.message = QStringLiteral("%1 cleaned up; a rollback to it now needs a deploy first").arg(colourName(*old));
    m_report.stage(kStage, StepState::Succeeded, outcome.message, clock.elapsed());
    m_report.ship();
    return outcome;
}

} // namespace greenlight
