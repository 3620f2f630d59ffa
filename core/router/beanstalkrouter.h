#pragma once

#include "config/deploymentconfig.h"
#include "router/awscli.h"
#include "router/routeradapter.h"

namespace greenlight {

// Elastic Beanstalk's blue/green: two environments, and the one that holds `live_cname` takes
// the traffic. A change swaps their CNAMEs (`elasticbeanstalk swap-environment-cnames`, all at
// once: the config reader refuses weighted steps), then polls `describe-environments` until the
// wanted environment holds the live CNAME and both are Ready, within change_timeout_s.
class BeanstalkRouter final : public RouterAdapter
{
public:
    BeanstalkRouter(HostPool &pool, const DeploymentConfig &config, Lane lane);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;

protected:
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    // The state, and whether both environments are Ready (a swap in progress is not).
    struct Read
    {
        RouterState state;
        bool ready = false;
        QString statuses; // "shop-blue Ready, shop-green Updating"
    };
    [[nodiscard]] Result<Read> read(const CancelToken &cancel) const;
    [[nodiscard]] QStringList swapArgs() const;

    AwsCli m_cli;
    AwsRouterConfig m_aws;
    QStringList m_blueHosts;
    QStringList m_greenHosts;
    int m_liveWeight = 100;
};

} // namespace greenlight
