#include "shiftstage.h"

#include "pipeline/lockheartbeat.h"
#include "pipeline/runreporter.h"
#include "pipeline/servedcheck.h"
#include "pipeline/stages/gatewatch.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>

namespace greenlight {

namespace {
constexpr int kRouterChecks = 6; // requests through the router that must all reach the new version

// Where the router's reads and changes run, for the plan and the timeline: DNS routers are
// changed from this machine (their API, nsupdate), the others on the router host.
QString routerWhere(const RouterConfig &router)
{
    return router.changedFromHere() ? QStringLiteral("local") : router.host;
}
} // namespace

QList<int> ShiftStage::weights() const
{
    return m_config.weights.isEmpty() ? QList<int>{100} : m_config.weights;
}

QString ShiftStage::intent(const StageContext &context) const
{
    return QStringLiteral("%1 → %2").arg(colourName(context.live), colourName(context.idle()));
}

QList<PlanStep> ShiftStage::plan(const PlanContext &context) const
{
    const QString stage = name();
    const QString routerHost = routerWhere(context.config.router);
    const Colour idle = context.idle();
    QList<PlanStep> steps{PlanStep{stage, routerHost, QStringLiteral("wait until the router sees every %1 server UP").arg(colourName(idle))}};
    if (m_config.manualPromote)
        steps << PlanStep{stage, QString(), QStringLiteral("wait up to %1 s for an operator's promote").arg(m_config.promoteTimeoutS)};
    for (const int percent : weights()) {
        steps << PlanStep{stage, routerHost, context.router.weightCommand(idle, percent)};
        if (percent < 100 && m_config.bakeS > 0)
            steps << PlanStep{stage, QString(), QStringLiteral("watch the gates for %1 s").arg(m_config.bakeS)};
    }
    steps << PlanStep{stage, QString(),
                      QStringLiteral("GET %1 (via %2) answers \"%3\"%4")
                          .arg(context.config.router.frontendUrl, context.config.environment(idle).versionPath, context.version,
                               context.config.router.changedFromHere() ? QStringLiteral(", at the address the router's DNS server answers")
                                                                       : QString())};
    return steps;
}

QString ShiftStage::waitForRouterHealth(StageContext &context) const
{
    // The router must see the new colour healthy (its own checks passed since the restart),
    // or weight moved to it lands on servers the router considers down.
    const QDeadlineTimer deadline(static_cast<qint64>(m_config.timeoutS) * 1000);
    QString why;
    while (!context.cancel.isCancelled()) {
        const Result<RouterState> state = context.router.readState(context.cancel);
        if (!state)
            return state.error();
        const QStringList notUp = state->serversNotUp(context.idle());
        if (notUp.isEmpty())
            return {};
        why = QStringLiteral("the router does not see %1 healthy: %2").arg(colourName(context.idle()), notUp.join(QStringLiteral(", ")));
        if (deadline.remainingTime() <= kRetryPauseMs)
            return why;
        (void)pause(kRetryPauseMs, context.cancel);
    }
    return stopMessage(context.cancel.reason());
}

StageResult ShiftStage::waitForPromote(StageContext &context) const
{
    const QString step = QStringLiteral("waiting for promote");
    context.report.waiting(name(), step, {},
                           QStringLiteral("the new colour is verified; promote to shift traffic (greenlight promote, or Promote in the window)"),
                           static_cast<qint64>(m_config.promoteTimeoutS) * 1000);
    QElapsedTimer clock;
    clock.start();
    // The heartbeat reads promote and abort from the lock every second; an abort cancels the token.
    const QDeadlineTimer deadline(static_cast<qint64>(m_config.promoteTimeoutS) * 1000);
    const auto promoted = [&] { return context.heartbeat && context.heartbeat->promoted(); };
    while (!promoted() && !deadline.hasExpired()) {
        if (waitUntil(QDeadlineTimer(std::min<qint64>(deadline.remainingTime(), 100)), context.cancel) != Woke::Deadline)
            break;
    }
    if (promoted() && !context.cancel.isCancelled()) {
        context.report.step(name(), step, {}, StepState::Succeeded, QStringLiteral("promoted"), clock.elapsed());
        return StageResult::done();
    }
    const QString why = context.cancelledOr(QStringLiteral("no promote within %1 s; traffic was not moved").arg(m_config.promoteTimeoutS));
    context.report.step(name(), step, {}, context.cancel.isCancelled() ? StepState::Cancelled : StepState::Failed, why, clock.elapsed());
    return StageResult::failed(context.cancel.isCancelled() ? ErrorCode::Aborted : ErrorCode::TimedOut, why);
}

GateWatch ShiftStage::stepWatch(const StageContext &context, const QList<int> &steps, qsizetype index) const
{
    GateWatch watch;
    watch.seconds = m_config.bakeS;
    watch.noDataGraceS = m_config.noDataGraceS;
    watch.stage = name();
    watch.percent = steps.at(index);
    watch.step = QStringLiteral("bake at %1%").arg(watch.percent);
    watch.next = index + 1 < steps.size() ? QStringLiteral("%1 %2%").arg(colourName(context.idle())).arg(steps.at(index + 1))
                                          : QStringLiteral("served through the router");
    for (qsizetype later = index + 1; later < steps.size(); ++later) {
        if (steps.at(later) < 100)
            watch.afterMs += static_cast<qint64>(m_config.bakeS) * 1000;
    }
    return watch;
}

StageResult ShiftStage::run(StageContext &context)
{
    const QString stage = name();
    const Colour idle = context.idle();
    const QString routerHost = routerWhere(context.config.router);
    QElapsedTimer clock;
    clock.start();
    const QString healthStep = QStringLiteral("router sees %1 healthy").arg(colourName(idle));
    context.report.step(stage, healthStep, routerHost, StepState::Running);
    if (const QString unhealthy = waitForRouterHealth(context); !unhealthy.isEmpty()) {
        context.report.step(stage, healthStep, routerHost, StepState::Failed, unhealthy, clock.elapsed());
        return StageResult::failed(ErrorCode::TimedOut, QStringLiteral("%1; traffic was not moved").arg(unhealthy));
    }
    context.report.step(stage, healthStep, routerHost, StepState::Succeeded, {}, clock.elapsed());
    if (m_config.manualPromote) {
        if (const StageResult promoted = waitForPromote(context); !promoted.ok())
            return promoted;
    }
    const QList<int> steps = weights();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const int percent = steps.at(i);
        const QString step = QStringLiteral("%1 %2%").arg(colourName(idle), QString::number(percent));
        context.report.step(stage, step, routerHost, StepState::Running);
        QElapsedTimer stepClock;
        stepClock.start();
        context.trafficMoved = true; // a change may reach the router even when its answer is lost
        const Result<RouterState> after = context.router.shift(idle, percent, context.cancel);
        if (!after) {
            context.report.step(stage, step, routerHost, StepState::Failed, after.error(), stepClock.elapsed());
            return StageResult::failed(ErrorCode::RefusedByRouter, after.error());
        }
        context.report.step(stage, step, routerHost, StepState::Succeeded, after->describe(), stepClock.elapsed());
        context.report.ship(); // where traffic is reaches the router host's copy at once
        if (context.cancel.isCancelled())
            return StageResult::failed(ErrorCode::Aborted, stopMessage(context.cancel.reason()));
        // Between steps, the gates watch the new colour carry its share.
        if (percent < 100 && m_config.bakeS > 0) {
            const StageResult watched = watchGates(context, stepWatch(context, steps, i));
            if (!watched.ok())
                return watched;
        }
    }
    const QString servedStep = QStringLiteral("served through the router");
    context.report.step(stage, servedStep, {}, StepState::Running);
    const Result<Served> served = checkServedThroughRouter(context.config, context.router, idle, {context.version}, kRouterChecks, context.cancel);
    if (!served) {
        const QString why = QStringLiteral("%1, expected \"%2\"").arg(served.error(), context.version);
        context.report.step(stage, servedStep, {}, StepState::Failed, why);
        return StageResult::failed(ErrorCode::Failed, why);
    }
    context.report.step(stage, servedStep, {}, StepState::Succeeded, QStringLiteral("%1 answers %2").arg(served->where, served->version));
    context.switchedAt = QDateTime::currentDateTimeUtc();
    context.report.recorded(context.report.record().switched(colourName(context.live), colourName(idle), context.version,
                                                             QStringLiteral("deploy")));
    return StageResult::done();
}

} // namespace greenlight
