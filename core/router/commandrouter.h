#pragma once

#include "config/deploymentconfig.h"
#include "router/routeradapter.h"
#include "ssh/hostpool.h"

namespace greenlight {

// Any router an operator can drive from a shell on the router host: a cloud load balancer's
// CLI, a service mesh, a script. `read_command` prints one line per host (or per colour):
// "<name> <weight> [status]"; `set_command` moves traffic, with {colour} {percent}
// {blue_percent} {green_percent} replaced by shell-quoted values, and exits non-zero when the
// router refused. Every change is read back.
class CommandRouter final : public RouterAdapter
{
public:
    CommandRouter(HostPool &pool, const DeploymentConfig &config, Lane lane);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;

    // Parses the read command's output. A colour name gives every host of the colour that weight.
    [[nodiscard]] static Result<RouterState> parseWeights(const QByteArray &output, const QStringList &blue, const QStringList &green);

protected:
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    HostPool &m_pool;
    RouterConfig m_router;
    QStringList m_blue;
    QStringList m_green;
    Lane m_lane;
};

} // namespace greenlight
