#include "finishstage.h"

#include "pipeline/commandtemplate.h"
#include "pipeline/oldcolourcleanup.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"

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
    for (const QString &host : context.config.environment(old).hosts)
        steps << PlanStep{name(), host, expandCommand(m_config.cleanupCommand, {}, host, old)};
    return steps;
}

StageResult FinishStage::run(StageContext &context)
{
    // `live` is the colour that was live before this deploy: now the old one.
    const Colour old = context.live;
    const QString oldName = colourName(old);
    if (keepsWarm()) {
        const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(m_config.keepWarmS);
        context.warmUntil = m_config.keepWarmS > 0 ? until : QDateTime();
        context.report.recorded(context.report.record().warmWindow(oldName, context.version, context.warmUntil, false));
        return StageResult::done(m_config.cleanupCommand.isEmpty()
                                     ? QStringLiteral("%1 stays warm for rollback (no clean-up configured)").arg(oldName)
                                     : QStringLiteral("%1 stays warm for rollback until %2 UTC; then `greenlight cleanup` stops it")
                                           .arg(oldName, until.toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
    }
    // No warm window: clean up now, once the router confirms the old colour has no traffic.
    const Status cleaned = cleanUpOldColour(context.config, context.pool, context.router, context.report, old, context.cancel);
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
