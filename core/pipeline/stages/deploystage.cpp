#include "deploystage.h"

#include "pipeline/commandtemplate.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"
#include "ssh/fanout.h"

namespace greenlight {

QString DeployStage::intent(const StageContext &context) const
{
    return QStringLiteral("%1 to %2 (%3 hosts)")
        .arg(context.version, colourName(context.idle()), QString::number(context.config.environment(context.idle()).hosts.size()));
}

QList<PlanStep> DeployStage::plan(const PlanContext &context) const
{
    const QString stage = name();
    const Colour idle = context.idle();
    const EnvironmentConfig &env = context.config.environment(idle);
    const QString how = QStringLiteral("batches of %1 %, %2 at once, %3 s deadline, %4 retries, %5 on failure")
                            .arg(QString::number(m_config.batchPercent),
                                 m_config.maxParallel > 0 ? QString::number(m_config.maxParallel) : QStringLiteral("all"),
                                 QString::number(m_config.timeoutS), QString::number(m_config.retries),
                                 m_config.continueOnFailure ? QStringLiteral("continue") : QStringLiteral("stop"));
    QList<PlanStep> steps{PlanStep{stage, QString(), how}};
    for (const QString &host : env.hosts)
        steps << PlanStep{stage, host, expandCommand(env.deployCommand, context.version, host, idle)};
    return steps;
}

StageResult DeployStage::run(StageContext &context)
{
    const QString stage = name();
    const Colour idle = context.idle();
    const EnvironmentConfig &env = context.config.environment(idle);
    const QString step = QStringLiteral("deploy ") + context.version;
    Fanout fanout(context.pool, FanoutPolicy{m_config.maxParallel, m_config.batchPercent, !m_config.continueOnFailure});
    const auto requestFor = [&](const QString &host) {
        CommandRequest request;
        request.command = expandCommand(env.deployCommand, context.version, host, idle);
        request.timeout = std::chrono::seconds(m_config.timeoutS);
        request.tag = QStringLiteral("deploy ") + host;
        request.cancel = context.cancel;
        return request;
    };
    QStringList pending = env.hosts;
    QStringList failures;
    QStringList skipped;
    for (int attempt = 0; attempt <= m_config.retries && !pending.isEmpty() && !context.cancel.isCancelled(); ++attempt) {
        const QString note = attempt > 0 ? QStringLiteral("retry %1 of %2").arg(attempt).arg(m_config.retries) : QString();
        const FanoutResult result = fanout.run(
            pending, requestFor, [&](const QString &host, int) { context.report.step(stage, step, host, StepState::Running, note); },
            [&](const CommandResult &r) {
                const StepState state = r.ok() ? StepState::Succeeded : (r.error == CommandError::Cancelled ? StepState::Cancelled : StepState::Failed);
                context.report.step(stage, step, r.host, state, r.summary(), r.durationMs);
            });
        pending = result.failedHosts() + result.skipped;
        skipped = result.skipped;
        failures.clear();
        for (const CommandResult &r : result.results) {
            if (!r.ok())
                failures << r.summary();
        }
    }
    for (const QString &host : std::as_const(skipped))
        context.report.step(stage, step, host, StepState::Skipped, QStringLiteral("an earlier batch failed"));
    if (pending.isEmpty())
        return StageResult::done();
    return StageResult::failed(ErrorCode::Failed, QStringLiteral("deploy failed on %1; traffic was not moved. %2")
                                                      .arg(pending.join(QStringLiteral(", ")), failures.join(QStringLiteral("; "))));
}

} // namespace greenlight
