#include "hookstage.h"

#include "pipeline/stages/stagecontext.h"

namespace greenlight {

namespace {
QString whereOf(const HookConfig &hook)
{
    return hook.host.isEmpty() ? QStringLiteral("local") : hook.host;
}
} // namespace

QString HookStage::intent(const StageContext &) const
{
    return QStringLiteral("%1 hooks").arg(m_hooks.size());
}

QList<PlanStep> HookStage::plan(const PlanContext &) const
{
    QList<PlanStep> steps;
    for (const HookConfig &hook : m_hooks)
        steps << PlanStep{m_when, whereOf(hook), hook.command};
    return steps;
}

StageResult HookStage::run(StageContext &context)
{
    const QHash<QString, QString> variables = context.hookVariables(m_when);
    for (const HookConfig &hook : m_hooks) {
        const Status ran = context.runCommand(m_when, hook.command, hook, variables);
        if (ran)
            continue;
        if (m_when == QLatin1String("post-deploy"))
            return StageResult::failed(ran.code(), QStringLiteral("%1; %2 %3 is live and serving")
                                                       .arg(ran.error(), colourName(context.idle()), context.version));
        if (m_when == QLatin1String("pre-deploy"))
            return StageResult::failed(ran.code(), QStringLiteral("%1; nothing was deployed and traffic was not moved").arg(ran.error()));
        return StageResult::failed(ran.code(), context.trafficMoved ? ran.error() : QStringLiteral("%1; traffic was not moved").arg(ran.error()));
    }
    return StageResult::done();
}

} // namespace greenlight
