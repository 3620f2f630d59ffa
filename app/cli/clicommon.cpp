#include "clicommon.h"

#include "cli/argtext.h"
#include "cli/verbtable.h"
#include "cli/verbargs.h"
#include "common/versiontext.h"
#include "config/configloader.h"
#include "controller/deploymentcontroller.h"

#include <QEventLoop>

namespace greenlight {

std::optional<Colour> readLiveColour(DeploymentController &controller, QString &why)
{
    QEventLoop wait;
    QObject::connect(&controller, &DeploymentController::fleetChanged, &wait, &QEventLoop::quit);
    controller.connectHosts(0);
    wait.exec();
    const FleetSnapshot &fleet = controller.fleet();
    if (!fleet.routerOk)
        why = fleet.routerError;
    else if (!fleet.liveColour())
        why = QStringLiteral("traffic is split (%1)").arg(fleet.router.describe());
    return fleet.liveColour();
}

void addCommonOptions(VerbArgs &args)
{
    args.addText(QStringLiteral("config"), QStringLiteral("FILE"), QStringLiteral("The deployment file (required)."),
                 QStringLiteral("the path of a deployment file"), {}, QStringLiteral("c"));
    args.addFlag(QStringLiteral("json"), QStringLiteral("One JSON object per line on stdout."));
    args.addFlag(QStringLiteral("accept-new-host-keys"),
                 QStringLiteral("Record unknown host keys in known_hosts (changed keys are always refused)."));
}

QString versionArgumentProblem(const QString &version)
{
    if (const QString problem = versionProblem(version); !problem.isEmpty())
        return QStringLiteral("VERSION: %1 (got %2)").arg(problem, shown(version));
    if (isVerb(version))
        return QStringLiteral("VERSION: %1 is a command, not a version (one command at a time)").arg(shown(version));
    return {};
}

Result<Common> loadCommon(const VerbArgs &args)
{
    if (!args.isSet(QStringLiteral("config")))
        return Result<Common>::failure(QStringLiteral("--config FILE is required (the deployment file)"));
    ConfigLoader loader;
    Result<DeploymentConfig> config = loader.loadFile(args.value(QStringLiteral("config")));
    if (!config)
        return Result<Common>::failure(config.error());
    Common common{std::move(config).value(), args.isSet(QStringLiteral("json")), HostKeyPolicy::Strict};
    if (args.isSet(QStringLiteral("accept-new-host-keys")))
        common.policy = HostKeyPolicy::AcceptNew;
    return common;
}

} // namespace greenlight
