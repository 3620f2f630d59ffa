#include "oldcolourcleanup.h"

#include "config/deploymentconfig.h"
#include "pipeline/commandtemplate.h"
#include "pipeline/oldcolourdrain.h"
#include "pipeline/runreporter.h"
#include "router/routeradapter.h"
#include "ssh/fanout.h"

namespace greenlight {

Status cleanUpOldColour(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, RunReporter &report, Colour old,
                        const QDateTime &switchedAt, const CancelToken &cancel)
{
    static const StageConfig defaults;
    const StageConfig &cfg = config.stage(StageKind::Finish) ? *config.stage(StageKind::Finish) : defaults;
    const Result<RouterState> state = router.readState(cancel);
    if (!state)
        return Status::failure(QStringLiteral("cannot read the router before clean-up: %1").arg(state.error()), state.code());
    if (state->colourWeight(old) > 0)
        return Status::failure(QStringLiteral("not cleaning up %1: the router still sends it traffic (%2)").arg(colourName(old), state->describe()),
                               ErrorCode::SplitTraffic);
    const QString stage = stageKindName(StageKind::Finish);
    // Where the hosts count requests, the drain's check takes kQuietS: shown as a wait.
    const bool counted = !config.environment(old).requestsPath.isEmpty();
    const QString quiet = QStringLiteral("no requests reach %1").arg(colourName(old));
    if (counted)
        report.waiting(stage, quiet, {}, QStringLiteral("every %1 host's request count, %2 s apart").arg(colourName(old)).arg(OldColourDrain::kQuietS),
                       OldColourDrain::kQuietS * 1000LL);
    const Status drained = OldColourDrain(config, old, switchedAt).check(cancel);
    if (counted)
        report.step(stage, quiet, {}, drained ? StepState::Succeeded : StepState::Failed,
                    drained ? QStringLiteral("none in the last %1 s").arg(OldColourDrain::kQuietS) : drained.error());
    if (!drained)
        return drained;
    const QString step = QStringLiteral("clean up");
    const FanoutResult result = Fanout(pool, FanoutPolicy{0, 100, false}).run(
        config.environment(old).hosts,
        [&](const QString &host) {
            CommandRequest request;
            request.command = expandCommand(cfg.cleanupCommand, {}, host, old);
            request.timeout = std::chrono::seconds(cfg.timeoutS);
            request.tag = QStringLiteral("cleanup %1").arg(host);
            request.cancel = cancel;
            return request;
        },
        [&](const QString &host, int) { report.step(stage, step, host, StepState::Running); },
        [&](const CommandResult &r) {
            report.step(stage, step, r.host, r.ok() ? StepState::Succeeded : StepState::Failed, r.ok() ? QString() : r.summary(), r.durationMs);
        });
    QStringList failed;
    for (const CommandResult &r : result.results) {
        if (!r.ok())
            failed << r.summary();
    }
    if (!failed.isEmpty())
        return Status::failure(QStringLiteral("clean-up failed on %1").arg(failed.join(QStringLiteral("; "))));
    return {};
}

} // namespace greenlight
