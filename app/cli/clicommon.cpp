#include "clicommon.h"

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

void addCommonOptions(QCommandLineParser &p)
{
    p.addOption({{QStringLiteral("c"), QStringLiteral("config")}, QStringLiteral("The deployment file."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per line on stdout.")});
    p.addOption({QStringLiteral("accept-new-host-keys"),
                 QStringLiteral("Record unknown host keys in known_hosts (changed keys are always refused).")});
    p.addHelpOption();
}

std::optional<Common> parseCommon(QCommandLineParser &parser, const QStringList &args, QTextStream &err)
{
    if (!parser.parse(args)) {
        err << "greenlight: " << parser.errorText() << '\n';
        return std::nullopt;
    }
    Common common;
    common.json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("accept-new-host-keys")))
        common.policy = HostKeyPolicy::AcceptNew;
    if (!parser.isSet(QStringLiteral("config"))) {
        err << "greenlight: --config FILE is required\n";
        return std::nullopt;
    }
    ConfigLoader loader;
    Result<DeploymentConfig> config = loader.loadFile(parser.value(QStringLiteral("config")));
    if (!config) {
        err << config.error() << '\n';
        return std::nullopt;
    }
    common.config = std::move(config).value();
    return common;
}

} // namespace greenlight
