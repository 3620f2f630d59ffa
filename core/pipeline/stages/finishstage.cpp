#include "finishstage.h"

#include "pipeline/commandtemplate.h"
#include "pipeline/oldcolourcleanup.h"
#include "pipeline/oldcolourdrain.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/waits.h"

namespace greenlight {

QString FinishStage::intent(const StageContext &context) const
{
    return keepsWarm() ? QStringLiteral("keep %1 warm for rollback").arg(colourName(context.live))
                       : QStringLiteral("clean up %1").arg(colourName(context.live));
}

QList<PlanStep> FinishStage::plan(const PlanContext &context) const
{
    const Colour old = context.live;
    if (keepsWarm()) {
        return {PlanStep{name(), QString(),
                         m_config.cleanupCommand.isEmpty()
                             ? QStringLiteral("%1 stays warm for rollback").arg(colourName(old))
                             : QStringLiteral("%1 stays warm for rollback for %2 s; `greenlight cleanup` after that")
                                   .arg(colourName(old), QString::number(m_config.keepWarmS))}};
    }
    QList<PlanStep> steps;
    if (context.config.router.drainS > 0)
        steps << PlanStep{name(), QString(), QStringLiteral("wait %1 s after the switch: clients may still hold %2's DNS address (TTL %3 s)")
                                                 .arg(context.config.router.drainS).arg(colourName(old)).arg(context.config.router.dnsTtl())};
    if (!context.config.environment(old).requestsPath.isEmpty())
        steps << PlanStep{name(), QString(), QStringLiteral("GET %1 on every %2 host, %3 s apart: no request in between")
                                                 .arg(context.config.environment(old).requestsPath, colourName(old))
                                                 .arg(OldColourDrain::kQuietS)};
    for (const QString &host : context.config.environment(old).hosts)
        steps << PlanStep{name(), host, expandCommand(m_config.cleanupCommand, {}, host, old)};
    return steps;
}

StageResult FinishStage::run(StageContext &context)
{
    // `live` is the colour that was live before this deploy: now the old one.
    const Colour old = context.live;
    const QString oldName = colourName(old);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const OldColourDrain drain(context.config, old, context.switchedAt.isValid() ? context.switchedAt : now);
    if (keepsWarm()) {
        // Kept warm at least while clients may still be sent to it (a DNS router's drain).
        const QDateTime until = std::max(now.addSecs(m_config.keepWarmS), drain.ends());
        context.warmUntil = m_config.keepWarmS > 0 || drain.msLeft() > 0 ? until : QDateTime();
        context.report.recorded(context.report.record().warmWindow(oldName, context.version, context.warmUntil, false));
        return StageResult::done(m_config.cleanupCommand.isEmpty()
                                     ? QStringLiteral("%1 stays warm for rollback (no clean-up configured)").arg(oldName)
                                     : QStringLiteral("%1 stays warm for rollback until %2 UTC; then `greenlight cleanup` stops it")
                                           .arg(oldName, until.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    }
    // No warm window: clean up now, once the router confirms the old colour has no traffic and
    // its drain is over. The drain is waited out here; recorded first, so that a stop during it
    // leaves a warm window that `greenlight cleanup` honours.
    if (drain.msLeft() > 0) {
        context.report.recorded(context.report.record().warmWindow(oldName, context.version, drain.ends(), false));
        const QString step = QStringLiteral("draining %1").arg(oldName);
        context.report.waiting(name(), step, {}, drain.pendingText(), drain.msLeft());
        if (waitUntil(QDeadlineTimer(drain.msLeft()), context.cancel) != Woke::Deadline) {
            const QString why = QStringLiteral("%1 during the drain; %2 is left running (`greenlight cleanup` after %3 UTC)")
                                    .arg(stopMessage(context.cancel.reason()), oldName, drain.ends().toString(QStringLiteral("HH:mm:ss")));
            context.report.step(name(), step, {}, StepState::Cancelled, why);
            return StageResult::failed(ErrorCode::Aborted, why);
        }
        context.report.step(name(), step, {}, StepState::Succeeded, QStringLiteral("the DNS drain is over"));
    }
    const Status cleaned = cleanUpOldColour(context.config, context.pool, context.router, context.report, old,
                                            context.switchedAt.isValid() ? context.switchedAt : now, context.cancel);
    if (!cleaned && m_config.continueOnFailure) {
        // on_failure "continue": the deploy is done; the clean-up is left for `greenlight cleanup`.
        context.report.recorded(context.report.record().warmWindow(oldName, context.version, QDateTime(), false));
        return StageResult::done(QStringLiteral("%1 (on_failure continue: %2 left running; `greenlight cleanup` retries)")
                                     .arg(cleaned.error(), oldName));
    }
    if (!cleaned)
        return StageResult::failed(cleaned.code(), QStringLiteral("%1; %2 is live and serving %3")
                                                       .arg(cleaned.error(), colourName(context.idle()), context.version));
    context.oldColourCleanedUp = true;
    context.report.recorded(context.report.record().warmWindow(oldName, context.version, QDateTime::currentDateTimeUtc(), true));
    return StageResult::done(QStringLiteral("%1 cleaned up").arg(oldName));
}

} // namespace greenlight
