// PipelineRun, the part that touches live traffic: the shift, the manual promote gate, the
// gates watching the new colour, and putting traffic back when any of it fails.

#include "pipelinerun.h"

#include "journal/journal.h"
#include "metrics/gateevaluator.h"
#include "pipeline/deploylock.h"
#include "pipeline/httpcheck.h"
#include "pipeline/lockheartbeat.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>

namespace greenlight {

namespace {
constexpr int kRouterChecks = 6;
} // namespace

bool PipelineRun::waitForPromote(const QString &stage, int timeoutS)
{
    const QString step = QStringLiteral("waiting for promote");
    emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Running,
              QStringLiteral("the new colour is verified; promote to shift traffic (greenlight promote, or Promote in the window)"));
    QElapsedTimer clock;
    clock.start();
    // The heartbeat reads promote and abort from the lock every second; an abort cancels the token.
    const QDeadlineTimer deadline(static_cast<qint64>(timeoutS) * 1000);
    Woke woke = Woke::Deadline;
    while (!(m_heartbeat && m_heartbeat->promoted())) {
        woke = waitUntil(QDeadlineTimer(std::min<qint64>(deadline.remainingTime(), 100)), m_cancel);
        if (woke != Woke::Deadline || deadline.hasExpired())
            break;
    }
    if (m_heartbeat && m_heartbeat->promoted() && !m_cancel.isCancelled()) {
        emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Succeeded, QStringLiteral("promoted"), clock.elapsed());
        return true;
    }
    setFailure(stage, QStringLiteral("no promote within %1 s; traffic was not moved").arg(timeoutS), ErrorCode::TimedOut);
    emitEvent(PipelineEvent::Kind::Step, stage, step, {}, m_cancel.isCancelled() ? StepState::Cancelled : StepState::Failed,
              m_outcome.message, clock.elapsed());
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Failed, m_outcome.message, clock.elapsed());
    return false;
}

bool PipelineRun::watch(Colour live, Colour idle, int seconds, int graceS, const QString &stage, const QString &step)
{
    const EnvironmentConfig &env = m_config.environment(idle);
    GateEvaluator gates(m_config.gates, graceS);
    const QDeadlineTimer end(static_cast<qint64>(seconds) * 1000);
    QElapsedTimer clock;
    clock.start();
    qint64 nextCheckMs = 0;
    qint64 nextReportMs = 5000;
    emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Running,
              m_config.gates.isEmpty() ? QStringLiteral("no gates configured; waiting") : QStringLiteral("%1 gates watching").arg(m_config.gates.size()));
    while (!end.hasExpired()) {
        if (m_cancel.isCancelled()) {
            emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Cancelled, stopMessage(m_cancel.reason()), clock.elapsed());
            restoreTraffic(live, stopMessage(m_cancel.reason()), stage, ErrorCode::Aborted);
            return false;
        }
        for (const QString &name : env.hosts) {
            const auto host = m_config.host(name);
            const Result<HttpReply> r = HttpCheck::get(host->address, env.appPort, env.versionPath, kHttpTimeoutMs, m_cancel);
            gates.addProbe(QDateTime::currentMSecsSinceEpoch(), r ? static_cast<double>(r->elapsedMs) : kHttpTimeoutMs,
                           r && r->status == 200);
        }
        if (clock.elapsed() >= nextCheckMs) {
            nextCheckMs = clock.elapsed() + 1000;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (const Result<RouterState> state = m_router.readState(m_cancel)) {
                const RouterState::Counts counts = state->colourCounts(idle);
                gates.addRouterCounters(now, counts.requests, counts.errors5xx);
            } else if (!m_cancel.isCancelled()) {
                gates.routerUnreadable(now, state.error());
            }
            // No data is not good data: a router that cannot be read fails the watch after its grace.
            if (const std::optional<QString> silent = gates.noData(now)) {
                emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Failed, *silent, clock.elapsed());
                restoreTraffic(live, *silent, stage, ErrorCode::NoData);
                return false;
            }
            if (const std::optional<QString> breach = gates.check(now)) {
                emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Failed, *breach, clock.elapsed());
                restoreTraffic(live, *breach, stage, ErrorCode::GateBreach);
                return false;
            }
            if (clock.elapsed() >= nextReportMs && !m_config.gates.isEmpty()) {
                nextReportMs += 5000;
                emitEvent(PipelineEvent::Kind::Log, stage, step, {}, StepState::Running, gates.lastReading());
            }
        }
        (void)waitUntil(QDeadlineTimer(std::min<qint64>(kRetryPauseMs, end.remainingTime())), m_cancel);
    }
    emitEvent(PipelineEvent::Kind::Step, stage, step, {}, StepState::Succeeded, gates.lastReading(), clock.elapsed());
    return true;
}

bool PipelineRun::bake(Colour live, Colour idle)
{
    const QString stage = QStringLiteral("bake");
    const int seconds = stageConfig(StageKind::Bake).bakeS;
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running,
              QStringLiteral("%1 s on %2 with every request; %3 stays warm").arg(seconds).arg(colourName(idle), colourName(live)));
    QElapsedTimer clock;
    clock.start();
    if (!watch(live, idle, seconds, stageConfig(StageKind::Bake).noDataGraceS, stage, QStringLiteral("bake %1 s").arg(seconds)))
        return false;
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, {}, clock.elapsed());
    return true;
}

bool PipelineRun::waitForRouterHealth(Colour idle, qint64 timeoutMs, QString &why)
{
    // The router must see the new colour healthy (its own checks passed since the restart),
    // or weight moved to it lands on servers the router considers down.
    QElapsedTimer clock;
    clock.start();
    while (!m_cancel.isCancelled()) {
        const Result<RouterState> state = m_router.readState(m_cancel);
        if (!state) {
            why = state.error();
            return false;
        }
        const QStringList notUp = state->serversNotUp(idle);
        if (notUp.isEmpty())
            return true;
        why = QStringLiteral("the router does not see %1 healthy: %2").arg(colourName(idle), notUp.join(QStringLiteral(", ")));
        if (clock.elapsed() + kRetryPauseMs >= timeoutMs)
            return false;
        (void)pause(kRetryPauseMs, m_cancel);
    }
    why = stopMessage(m_cancel.reason());
    return false;
}

bool PipelineRun::verifyThroughRouter(Colour idle, const QString &version, QString &why)
{
    const Result<QString> served = HttpCheck::expectServed(m_config.router.frontendUrl, m_config.environment(idle).versionPath,
                                                           {version}, kRouterChecks, kHttpTimeoutMs, m_cancel);
    if (!served)
        why = QStringLiteral("%1, expected \"%2\"").arg(served.error(), version);
    return served.ok();
}

bool PipelineRun::shift(Colour live, Colour idle, const QString &version)
{
    const QString stage = QStringLiteral("shift");
    const StageConfig &cfg = stageConfig(StageKind::Shift);
    const QList<int> weights = cfg.weights.isEmpty() ? QList<int>{100} : cfg.weights;
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running,
              QStringLiteral("%1 → %2").arg(colourName(live), colourName(idle)));
    QElapsedTimer clock;
    clock.start();
    const QString healthStep = QStringLiteral("router sees %1 healthy").arg(colourName(idle));
    emitEvent(PipelineEvent::Kind::Step, stage, healthStep, m_config.router.host, StepState::Running);
    QString unhealthy;
    if (!waitForRouterHealth(idle, static_cast<qint64>(cfg.timeoutS) * 1000, unhealthy)) {
        emitEvent(PipelineEvent::Kind::Step, stage, healthStep, m_config.router.host, StepState::Failed, unhealthy, clock.elapsed());
        setFailure(stage, QStringLiteral("%1; traffic was not moved").arg(unhealthy), ErrorCode::TimedOut);
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Failed, m_outcome.message, clock.elapsed());
        return false;
    }
    emitEvent(PipelineEvent::Kind::Step, stage, healthStep, m_config.router.host, StepState::Succeeded, {}, clock.elapsed());
    if (cfg.manualPromote && !waitForPromote(stage, cfg.promoteTimeoutS))
        return false;
    for (const int percent : weights) {
        const QString step = QStringLiteral("%1 %2%").arg(colourName(idle)).arg(percent);
        emitEvent(PipelineEvent::Kind::Step, stage, step, m_config.router.host, StepState::Running);
        QElapsedTimer stepClock;
        stepClock.start();
        m_shiftStarted = true;
        const Result<RouterState> after = m_router.shift(idle, percent, m_cancel);
        if (!after) {
            emitEvent(PipelineEvent::Kind::Step, stage, step, m_config.router.host, StepState::Failed, after.error(), stepClock.elapsed());
            restoreTraffic(live, after.error(), stage, ErrorCode::RefusedByRouter);
            return false;
        }
        emitEvent(PipelineEvent::Kind::Step, stage, step, m_config.router.host, StepState::Succeeded, after->describe(), stepClock.elapsed());
        if (m_cancel.isCancelled()) {
            restoreTraffic(live, stopMessage(m_cancel.reason()), stage, ErrorCode::Aborted);
            return false;
        }
        // Between steps, the gates watch the new colour carry its share.
        if (percent < 100 && cfg.bakeS > 0 && !watch(live, idle, cfg.bakeS, cfg.noDataGraceS, stage, QStringLiteral("bake at %1%").arg(percent)))
            return false;
    }
    QString why;
    emitEvent(PipelineEvent::Kind::Step, stage, QStringLiteral("served through the router"), {}, StepState::Running);
    if (!verifyThroughRouter(idle, version, why)) {
        emitEvent(PipelineEvent::Kind::Step, stage, QStringLiteral("served through the router"), {}, StepState::Failed, why);
        restoreTraffic(live, why, stage, ErrorCode::Failed);
        return false;
    }
    emitEvent(PipelineEvent::Kind::Step, stage, QStringLiteral("served through the router"), {}, StepState::Succeeded,
              QStringLiteral("%1 answers %2").arg(m_config.router.frontendUrl, version));
    journalFailed(m_record.switched(colourName(live), colourName(idle), version, QStringLiteral("deploy")));
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, {}, clock.elapsed());
    return true;
}

void PipelineRun::restoreTraffic(Colour live, const QString &why, const QString &stage, ErrorCode code)
{
    // The shift failed part-way: put every request back on the colour that was serving.
    // A fresh token: an abort must not stop the restore. When the failed change never reached
    // the router (a refused command, a file nginx rejected), the router is read and left alone.
    const Result<RouterState> current = m_router.readState(CancelToken());
    const bool untouched = current && current->carries(live, 100);
    const Result<RouterState> restored = untouched ? current : m_router.shift(live, 100, CancelToken());
    m_outcome.rolledBack = restored.ok();
    m_outcome.failedStage = stage;
    m_outcome.code = m_cancel.isCancelled() ? ErrorCode::Aborted : code;
    m_outcome.message = untouched ? QStringLiteral("%1 failed (%2); traffic never left %3: the router still sends it all there")
                                        .arg(stage, cancelledOr(why), colourName(live))
                      : restored ? QStringLiteral("%1 failed (%2); rolled back automatically: traffic is back on %3")
                                       .arg(stage, cancelledOr(why), colourName(live))
                                 : QStringLiteral("%1 failed (%2) and traffic could NOT be restored to %3: %4. Check the router now.")
                                       .arg(stage, why, colourName(live), restored.error());
    if (restored && !untouched)
        journalFailed(m_record.switched(colourName(otherColour(live)), colourName(live), {}, QStringLiteral("automatic rollback: ") + why));
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Failed, m_outcome.message, 0);
}

} // namespace greenlight
