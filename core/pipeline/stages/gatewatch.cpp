#include "gatewatch.h"

#include "metrics/gateevaluator.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>

namespace greenlight {

namespace {
constexpr qint64 kCheckEveryMs = 1000;
constexpr qint64 kReportEveryMs = 5000;
} // namespace

StageResult watchGates(StageContext &context, const GateWatch &watch)
{
    const QString &stage = watch.stage;
    const QString &step = watch.step;
    const Colour idle = context.idle();
    const EnvironmentConfig &env = context.config.environment(idle);
    const QList<GateConfig> &gateConfigs = context.config.gates;
    GateEvaluator gates(gateConfigs, watch.noDataGraceS);
    const qint64 totalMs = static_cast<qint64>(watch.seconds) * 1000;
    const QDeadlineTimer end(totalMs);
    QElapsedTimer clock;
    clock.start();
    qint64 nextCheckMs = 0;
    qint64 nextReportMs = kReportEveryMs;
    context.report.waiting(stage, step, {},
                           gateConfigs.isEmpty() ? QStringLiteral("no gates configured; waiting")
                                                 : QStringLiteral("%1 gates watching").arg(gateConfigs.size()),
                           totalMs);
    WaitProgress progress;
    progress.stage = stage;
    progress.step = step;
    progress.totalMs = totalMs;
    progress.percent = watch.percent;
    progress.next = watch.next;
    const auto reportProgress = [&](const QString &noData, const QString &verdict) {
        progress.elapsedMs = std::min(clock.elapsed(), totalMs);
        progress.stageLeftMs = progress.leftMs() + watch.afterMs;
        progress.gates = gates.readings();
        progress.noData = noData;
        progress.verdict = verdict;
        context.report.progress(progress);
    };
    const auto fail = [&](ErrorCode code, const QString &why) {
        if (code != ErrorCode::Aborted)
            reportProgress(gates.routerError(), why); // the last word of the card: why it failed
        context.report.step(stage, step, {}, code == ErrorCode::Aborted ? StepState::Cancelled : StepState::Failed, why, clock.elapsed());
        return StageResult::failed(code, why);
    };
    while (!end.hasExpired()) {
        if (context.cancel.isCancelled())
            return fail(ErrorCode::Aborted, stopMessage(context.cancel.reason()));
        for (const QString &name : env.hosts) {
            const auto host = context.config.host(name);
            const Result<HttpReply> r = hostHttpGet(name, env.appUrl(host->address, env.versionPath), kHttpTimeoutMs, context.cancel);
            gates.addProbe(QDateTime::currentMSecsSinceEpoch(), r ? r->elapsedMs : kHttpTimeoutMs, r && HttpCheck::answeredWell(r->status));
        }
        if (clock.elapsed() >= nextCheckMs) {
            nextCheckMs = clock.elapsed() + kCheckEveryMs;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (const Result<RouterState> state = context.router.readState(context.cancel)) {
                const RouterState::Counts counts = state->colourCounts(idle);
                gates.addRouterCounters(now, counts.requests, counts.errors5xx);
                gates.addTrafficLatencies(now, state->colourUpstreamMs(idle));
            } else if (!context.cancel.isCancelled()) {
                gates.routerUnreadable(now, state.error());
            }
            if (const std::optional<QString> silent = gates.noData(now))
                return fail(ErrorCode::NoData, *silent);
            if (const std::optional<QString> breach = gates.check(now))
                return fail(ErrorCode::GateBreach, *breach);
            reportProgress(gates.routerError(), {});
            if (clock.elapsed() >= nextReportMs && !gateConfigs.isEmpty()) {
                nextReportMs += kReportEveryMs;
                context.report.log(stage, step, {}, gates.lastReading());
            }
        }
        (void)waitUntil(QDeadlineTimer(std::min<qint64>(kRetryPauseMs, end.remainingTime())), context.cancel);
    }
    context.report.step(stage, step, {}, StepState::Succeeded, gates.lastReading(), clock.elapsed());
    return StageResult::done();
}

} // namespace greenlight
