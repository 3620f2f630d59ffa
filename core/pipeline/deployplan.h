#pragma once

#include "config/deploymentconfig.h"
#include "pipeline/stages/stage.h"

#include <QStringList>

namespace greenlight {

class RouterAdapter;

// Every command, host and router change a deploy would make, in order, nothing run
// (`greenlight plan`): preflight and lock, then the plan of each object of the deployment's
// StageSequence — the very objects a deploy runs — then unlock.
class DeployPlan final
{
public:
    using Step = PlanStep;

    [[nodiscard]] static QList<Step> build(const DeploymentConfig &config, const RouterAdapter &router, Colour live,
                                           const QString &version);
};

} // namespace greenlight
