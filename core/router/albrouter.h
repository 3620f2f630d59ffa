#pragma once

#include "config/deploymentconfig.h"
#include "router/awscli.h"
#include "router/colourweights.h"
#include "router/routeradapter.h"

namespace greenlight {

// An Application Load Balancer's listener through the AWS CLI: its default action forwards to
// two target groups (blue's and green's) with weights 0..999 (`elbv2 modify-listener`, optional
// target-group stickiness). Greenlight owns that default action and rewrites it whole. Read back
// with `describe-listeners` (the weights) and `describe-target-health` (each host's target, by
// its address: healthy is UP).
class AlbRouter final : public RouterAdapter
{
public:
    AlbRouter(HostPool &pool, const DeploymentConfig &config, Lane lane);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;
    // The --default-actions JSON that forwards with these weights.
    [[nodiscard]] QString defaultActions(const ColourWeights &weights) const;

    static constexpr int kMaxWeight = 999;

protected:
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    [[nodiscard]] QStringList modifyArgs(const ColourWeights &weights) const;

    AwsCli m_cli;
    AwsRouterConfig m_aws;
    QStringList m_blueHosts;
    QStringList m_greenHosts;
    QHash<QString, QString> m_addressOf; // host → its address (the target id of an ip target)
};

} // namespace greenlight
