#include "deployplan.h"

#include "pipeline/stagesequence.h"
#include "router/routeradapter.h"

namespace greenlight {

QList<DeployPlan::Step> DeployPlan::build(const DeploymentConfig &config, const RouterAdapter &router, Colour live,
                                          const QString &version)
{
    const QString &routerHost = config.router.host;
    const QString lock = config.router.lockPath.isEmpty() ? QStringLiteral(".greenlight/locks/<name>.lock") : config.router.lockPath;
    QList<Step> plan;
    plan << Step{QStringLiteral("preflight"), routerHost,
                 QStringLiteral("read %1: %2 is live, so %3 receives %4")
                     .arg(router.describe(), colourName(live), colourName(otherColour(live)), version)};
    plan << Step{QStringLiteral("preflight"), QString(),
                 QStringLiteral("log in to every host of both colours and run `true` (host keys checked)")};
    plan << Step{QStringLiteral("lock"), routerHost, QStringLiteral("take the deploy lock %1").arg(lock)};
    plan += StageSequence::forDeployment(config).plan(PlanContext{config, router, live, version});
    plan << Step{QStringLiteral("unlock"), routerHost, QStringLiteral("release the deploy lock %1").arg(lock)};
    return plan;
}

} // namespace greenlight
