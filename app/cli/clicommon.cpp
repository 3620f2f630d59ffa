#include "clicommon.h"

#include "cli/argtext.h"
#include "cli/verbtable.h"
#include "cli/verbargs.h"
#include "common/versiontext.h"
#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "http/httpcheck.h"

#include <QEventLoop>
#include <QFileInfo>

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
    args.addText(QStringLiteral("config"), QStringLiteral("FILE"),
                 QStringLiteral("The deployment file (without it: ./greenlight.json, else $GREENLIGHT_CONFIG)."),
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

ConfigChoice chooseConfig(const QString &option)
{
    if (!option.isEmpty())
        return {option, QStringLiteral("option")};
    if (QFileInfo::exists(QString::fromLatin1(kDefaultConfigFile)))
        return {QStringLiteral("./") + QString::fromLatin1(kDefaultConfigFile), QStringLiteral("cwd")};
    const QString fromEnvironment = qEnvironmentVariable(kConfigVariable);
    if (!fromEnvironment.isEmpty())
        return {fromEnvironment, QStringLiteral("environment")};
    return {};
}

Result<Common> loadCommon(const VerbArgs &args)
{
    const ConfigChoice choice = chooseConfig(args.isSet(QStringLiteral("config")) ? args.value(QStringLiteral("config")) : QString());
    if (choice.path.isEmpty()) {
        return Result<Common>::failure(QStringLiteral("no deployment file: --config FILE is required when there is no ./%1 here "
                                                      "and %2 is not set")
                                           .arg(QString::fromLatin1(kDefaultConfigFile), QString::fromLatin1(kConfigVariable)));
    }
    ConfigLoader loader;
    Result<DeploymentConfig> config = loader.loadFile(choice.path);
    if (!config) {
        const QString from = choice.source == QLatin1String("cwd") ? QStringLiteral(" (found in this folder; --config FILE chooses another)")
                             : choice.source == QLatin1String("environment") ? QStringLiteral(" (from $%1)").arg(QString::fromLatin1(kConfigVariable))
                                                                             : QString();
        return Result<Common>::failure(config.error() + from);
    }
    if (!config->tlsCaFile.isEmpty()) {
        if (const Status trusted = HttpCheck::trustCertificates(config->tlsCaFile); !trusted)
            return Result<Common>::failure(QStringLiteral("%1: %2").arg(choice.path, trusted.error()));
    }
    Common common{std::move(config).value(), args.isSet(QStringLiteral("json")), HostKeyPolicy::Strict, choice.path, choice.source};
    if (args.isSet(QStringLiteral("accept-new-host-keys")))
        common.policy = HostKeyPolicy::AcceptNew;
    return common;
}

} // namespace greenlight
