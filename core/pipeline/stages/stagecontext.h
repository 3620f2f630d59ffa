#pragma once

#include "common/canceltoken.h"
#include "common/colour.h"
#include "common/result.h"
#include "config/deploymentconfig.h"

#include <QDateTime>
#include <QHash>
#include <QString>

namespace greenlight {

class HostPool;
class RouterAdapter;
class RunReporter;
class LockHeartbeat;

// What every stage of one deploy shares: the deployment, the hosts and the router, where
// events go, the stop, who is live and what is going out — and what the run has done so far.
struct StageContext
{
    StageContext(const DeploymentConfig &deployment, HostPool &hosts, RouterAdapter &routerAdapter, RunReporter &reporter,
                 CancelToken stop, Colour liveColour, QString newVersion)
        : config(deployment), pool(hosts), router(routerAdapter), report(reporter), cancel(std::move(stop)), live(liveColour),
          version(std::move(newVersion))
    {
    }

    const DeploymentConfig &config;
    HostPool &pool;
    RouterAdapter &router;
    RunReporter &report;
    CancelToken cancel;
    Colour live = Colour::Blue; // live before this deploy: the colour traffic goes back to
    QString version;
    LockHeartbeat *heartbeat = nullptr; // carries promote and abort while the lock is held

    bool trafficMoved = false;       // from the first weight change on
    bool oldColourCleanedUp = false; // the finish stage cleaned up `live`
    QDateTime warmUntil;             // the finish stage keeps `live` warm until then
    QDateTime switchedAt;            // when all traffic was proven on the new colour

    [[nodiscard]] Colour idle() const { return otherColour(live); }
    // GL_DEPLOYMENT, GL_VERSION, GL_FROM_COLOUR, GL_TO_COLOUR, GL_HOSTS, GL_OPERATOR, GL_STAGE.
    [[nodiscard]] QHash<QString, QString> hookVariables(const QString &stage) const;
    // One command (local or on a host) as a step of `stage`, its output streamed as log lines.
    [[nodiscard]] Status runCommand(const QString &stage, const QString &step, const HookConfig &command,
                                    const QHash<QString, QString> &variables);
    // `message`, or why the run was stopped once it was.
    [[nodiscard]] QString cancelledOr(const QString &message) const;
};

} // namespace greenlight
