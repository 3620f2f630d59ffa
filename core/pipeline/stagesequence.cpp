#include "stagesequence.h"

#include "config/deploymentconfig.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/bakestage.h"
#include "pipeline/stages/deploystage.h"
#include "pipeline/stages/finishstage.h"
#include "pipeline/stages/hookstage.h"
#include "pipeline/stages/migratestage.h"
#include "pipeline/stages/shiftstage.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/stages/testtrafficstage.h"
#include "pipeline/stages/verifystage.h"
#include "pipeline/waits.h"

#include <QElapsedTimer>

namespace greenlight {

namespace {
std::unique_ptr<Stage> makeStage(const StageConfig &config)
{
    switch (config.kind) {
    case StageKind::Migrate: return std::make_unique<MigrateStage>(config);
    case StageKind::Deploy: return std::make_unique<DeployStage>(config);
    case StageKind::Verify: return std::make_unique<VerifyStage>(config);
    case StageKind::TestTraffic: return std::make_unique<TestTrafficStage>(config);
    case StageKind::Shift: return std::make_unique<ShiftStage>(config);
    case StageKind::Bake: return std::make_unique<BakeStage>(config);
    case StageKind::Finish: return std::make_unique<FinishStage>(config);
    }
    return nullptr;
}
} // namespace

StageSequence StageSequence::forDeployment(const DeploymentConfig &config)
{
    Stages stages;
    const auto hooks = [&](const QString &when, const QList<HookConfig> &list) {
        if (!list.isEmpty())
            stages.push_back(std::make_unique<HookStage>(when, list));
    };
    hooks(QStringLiteral("pre-deploy"), config.preDeployHooks);
    bool postDeployHooks = false;
    for (const StageConfig &stage : config.pipeline) {
        if (stage.kind == StageKind::Finish) {
            hooks(QStringLiteral("post-deploy"), config.postDeployHooks);
            postDeployHooks = true;
        }
        const QString name = stageKindName(stage.kind);
        hooks(QStringLiteral("before_") + name, config.stageHooks.value(QStringLiteral("before_") + name));
        stages.push_back(makeStage(stage));
        hooks(QStringLiteral("after_") + name, config.stageHooks.value(QStringLiteral("after_") + name));
    }
    if (!postDeployHooks)
        hooks(QStringLiteral("post-deploy"), config.postDeployHooks);
    return StageSequence(std::move(stages));
}

QList<PlanStep> StageSequence::plan(const PlanContext &context) const
{
    QList<PlanStep> steps;
    for (const std::unique_ptr<Stage> &stage : m_stages)
        steps += stage->plan(context);
    return steps;
}

StageSequence::End StageSequence::run(StageContext &context, const RestoreTraffic &restore)
{
    for (const std::unique_ptr<Stage> &stage : m_stages) {
        // A stop between two stages ends the deploy before the next one starts.
        if (context.cancel.isCancelled())
            return fail(context, *stage, StageResult::failed(ErrorCode::Aborted, stopMessage(context.cancel.reason())), 0, restore);
        context.report.stage(stage->name(), StepState::Running, stage->intent(context));
        QElapsedTimer clock;
        clock.start();
        const StageResult result = stage->run(context);
        if (!result.ok())
            return fail(context, *stage, result, clock.elapsed(), restore);
        context.report.stage(stage->name(), StepState::Succeeded, result.message, clock.elapsed());
    }
    return End{true, {}, ErrorCode::None, {}, false};
}

StageSequence::End StageSequence::fail(StageContext &context, const Stage &stage, const StageResult &result, qint64 durationMs,
                                       const RestoreTraffic &restore)
{
    End end;
    end.failedStage = stage.name();
    const bool stopped = context.cancel.isCancelled();
    end.code = stopped ? ErrorCode::Aborted : result.code;
    const QString why = context.cancelledOr(result.message);
    if (!context.trafficMoved || context.oldColourCleanedUp || !stage.restoresTrafficOnFailure()) {
        end.message = why;
        context.report.stage(end.failedStage, stopped ? StepState::Cancelled : StepState::Failed, end.message, durationMs);
        return end;
    }
    const QString live = colourName(context.live);
    const TrafficRestore back = restore(context.live);
    end.rolledBack = back.restored;
    end.message = back.untouched ? QStringLiteral("%1 failed (%2); traffic never left %3: the router still sends it all there")
                                       .arg(end.failedStage, why, live)
                  : back.restored ? QStringLiteral("%1 failed (%2); rolled back automatically: traffic is back on %3")
                                        .arg(end.failedStage, why, live)
                                  : QStringLiteral("%1 failed (%2) and traffic could NOT be restored to %3: %4. Check the router now.")
                                        .arg(end.failedStage, why, live, back.error);
    if (back.restored && !back.untouched)
        context.report.recorded(context.report.record().switched(colourName(context.idle()), live, {},
                                                                 QStringLiteral("automatic rollback: ") + why));
    context.report.stage(end.failedStage, StepState::Failed, end.message, durationMs);
    return end;
}

} // namespace greenlight
