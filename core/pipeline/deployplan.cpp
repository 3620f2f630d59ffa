#include "deployplan.h"

#include "pipeline/pipelinerun.h"
#include "router/routeradapter.h"

namespace greenlight {

QList<DeployPlan::Step> DeployPlan::build(const DeploymentConfig &config, const RouterAdapter &router, Colour live,
                                          const QString &version)
{
    const Colour idle = otherColour(live);
    const EnvironmentConfig &env = config.environment(idle);
    const QString routerHost = config.router.host;
    const QString lock = config.router.lockPath.isEmpty() ? QStringLiteral(".greenlight/locks/<name>.lock") : config.router.lockPath;
    QList<Step> plan;
    plan << Step{QStringLiteral("preflight"), routerHost,
                 QStringLiteral("read %1: %2 is live, so %3 receives %4").arg(router.describe(), colourName(live), colourName(idle), version)};
    plan << Step{QStringLiteral("lock"), routerHost, QStringLiteral("take the deploy lock %1").arg(lock)};
    const auto hooks = [&](const QString &stage, const QList<HookConfig> &list) {
        for (const HookConfig &hook : list)
            plan << Step{stage, hook.host.isEmpty() ? QStringLiteral("local") : hook.host, hook.command};
    };
    hooks(QStringLiteral("pre-deploy"), config.preDeployHooks);
    bool postHooksPlanned = false;
    QString after; // the after_ hooks of the stage before this one
    for (const StageConfig &stage : config.pipeline) {
        if (!after.isEmpty())
            hooks(after, config.stageHooks.value(after));
        if (stage.kind == StageKind::Finish) {
            hooks(QStringLiteral("post-deploy"), config.postDeployHooks); // they run before finish
            postHooksPlanned = true;
        }
        const QString before = QStringLiteral("before_") + stageKindName(stage.kind);
        hooks(before, config.stageHooks.value(before));
        after = QStringLiteral("after_") + stageKindName(stage.kind);
        switch (stage.kind) {
        case StageKind::Migrate: {
            const QString where = stage.host.isEmpty() ? QStringLiteral("local") : stage.host;
            plan << Step{QStringLiteral("migrate"), routerHost, QStringLiteral("skip if %1 was already migrated (recorded on the router host)").arg(version)};
            plan << Step{QStringLiteral("migrate"), where, QStringLiteral("backup: %1").arg(stage.backupCommand)};
            plan << Step{QStringLiteral("migrate"), where, QStringLiteral("migration: %1 (never re-run, never undone by a rollback)").arg(stage.command)};
            break;
        }
        case StageKind::TestTraffic:
            for (const QString &host : env.hosts) {
                plan << Step{QStringLiteral("test traffic"), host,
                             QStringLiteral("%1 GETs of %2 on http://%3:%4; at most %5 % errors%6")
                                 .arg(stage.requests).arg(stage.paths.join(QStringLiteral(", ")), config.host(host)->address).arg(env.appPort)
                                 .arg(stage.maxErrorRate * 100)
                                 .arg(stage.maxP95Ms > 0 ? QStringLiteral(", p95 at most %1 ms").arg(stage.maxP95Ms) : QString())};
            }
            if (!stage.smokeCommand.isEmpty())
                plan << Step{QStringLiteral("test traffic"), stage.host.isEmpty() ? QStringLiteral("local") : stage.host,
                             QStringLiteral("smoke test: %1 (GL_TARGET_URLS set to %2's hosts)").arg(stage.smokeCommand, colourName(idle))};
            break;
        case StageKind::Finish:
            if (stage.keepWarmS > 0 || stage.cleanupCommand.isEmpty()) {
                plan << Step{QStringLiteral("finish"), QString(),
                             stage.cleanupCommand.isEmpty() ? QStringLiteral("%1 stays warm for rollback").arg(colourName(live))
                                                            : QStringLiteral("%1 stays warm for rollback for %2 s; `greenlight cleanup` after that")
                                                                  .arg(colourName(live)).arg(stage.keepWarmS)};
            } else {
                for (const QString &host : config.environment(live).hosts)
                    plan << Step{QStringLiteral("finish"), host, PipelineRun::expandCommand(stage.cleanupCommand, {}, host, live)};
            }
            break;
        case StageKind::Deploy: {
            const QString how = QStringLiteral("batches of %1 %, %2 at once, %3 s deadline, %4 retries, %5 on failure")
                                    .arg(stage.batchPercent)
                                    .arg(stage.maxParallel > 0 ? QString::number(stage.maxParallel) : QStringLiteral("all"))
                                    .arg(stage.timeoutS).arg(stage.retries)
                                    .arg(stage.continueOnFailure ? QStringLiteral("continue") : QStringLiteral("stop"));
            plan << Step{QStringLiteral("deploy"), QString(), how};
            for (const QString &host : env.hosts)
                plan << Step{QStringLiteral("deploy"), host, PipelineRun::expandCommand(env.deployCommand, version, host, idle)};
            break;
        }
        case StageKind::Verify:
            for (const QString &host : env.hosts) {
                plan << Step{QStringLiteral("verify"), host,
                             QStringLiteral("GET http://%1:%2%3 answers 200 and %4 answers \"%5\" (within %6 s)")
                                 .arg(config.host(host)->address).arg(env.appPort).arg(env.healthPath, env.versionPath, version)
                                 .arg(stage.timeoutS)};
            }
            break;
        case StageKind::Shift:
            plan << Step{QStringLiteral("shift"), routerHost, QStringLiteral("wait until the router sees every %1 server UP").arg(colourName(idle))};
            for (const int percent : stage.weights) {
                plan << Step{QStringLiteral("shift"), routerHost, router.weightCommand(idle, percent)};
                if (percent < 100 && stage.bakeS > 0)
                    plan << Step{QStringLiteral("shift"), QString(), QStringLiteral("watch the gates for %1 s").arg(stage.bakeS)};
            }
            plan << Step{QStringLiteral("shift"), QString(),
                         QStringLiteral("GET %1 (via %2) answers \"%3\"").arg(config.router.frontendUrl, env.versionPath, version)};
            break;
        case StageKind::Bake:
            plan << Step{QStringLiteral("bake"), QString(),
                         QStringLiteral("watch %1 gates for %2 s; a breach puts all traffic back on %3")
                             .arg(config.gates.size()).arg(stage.bakeS).arg(colourName(live))};
            break;
        }
    }
    if (!after.isEmpty())
        hooks(after, config.stageHooks.value(after));
    if (!postHooksPlanned)
        hooks(QStringLiteral("post-deploy"), config.postDeployHooks);
    plan << Step{QStringLiteral("unlock"), routerHost, QStringLiteral("release the deploy lock %1").arg(lock)};
    return plan;
}

} // namespace greenlight
