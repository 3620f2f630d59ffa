#include "bakestage.h"

#include "pipeline/stages/gatewatch.h"
#include "pipeline/stages/stagecontext.h"

namespace greenlight {

QString BakeStage::intent(const StageContext &context) const
{
    return QStringLiteral("%1 s on %2 with every request; %3 stays warm")
        .arg(QString::number(m_config.bakeS), colourName(context.idle()), colourName(context.live));
}

QList<PlanStep> BakeStage::plan(const PlanContext &context) const
{
    return {PlanStep{name(), QString(),
                     QStringLiteral("watch %1 gates for %2 s; a breach puts all traffic back on %3")
                         .arg(QString::number(context.config.gates.size()), QString::number(m_config.bakeS), colourName(context.live))}};
}

StageResult BakeStage::run(StageContext &context)
{
    GateWatch watch;
    watch.seconds = m_config.bakeS;
    watch.noDataGraceS = m_config.noDataGraceS;
    watch.stage = name();
    watch.step = QStringLiteral("bake %1 s").arg(m_config.bakeS);
    watch.percent = 100;
    watch.next = QStringLiteral("done: %1 keeps all traffic, %2 stays warm").arg(colourName(context.idle()), colourName(context.live));
    return watchGates(context, watch);
}

} // namespace greenlight
