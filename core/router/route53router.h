#pragma once

#include "config/deploymentconfig.h"
#include "router/awscli.h"
#include "router/colourweights.h"
#include "router/routeradapter.h"

namespace greenlight {

// Weighted DNS in Route 53 through the AWS CLI: two records of one name, SetIdentifier "blue"
// and "green", whose Weight (0..255) splits the answers. A change UPSERTs both in one batch
// (`change-resource-record-sets`), then polls `get-change` until INSYNC within
// change_timeout_s; read back with `list-resource-record-sets`.
class Route53Router final : public RouterAdapter
{
public:
    Route53Router(HostPool &pool, const DeploymentConfig &config, Lane lane);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;
    // The --change-batch JSON that gives the colours these weights.
    [[nodiscard]] QString changeBatch(const ColourWeights &weights) const;

    static constexpr int kMaxWeight = 255;

protected:
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    [[nodiscard]] QStringList changeArgs(const ColourWeights &weights) const;
    [[nodiscard]] Status waitInSync(const QString &changeId, const CancelToken &cancel) const;

    AwsCli m_cli;
    AwsRouterConfig m_aws;
    QStringList m_blueHosts;
    QStringList m_greenHosts;
};

} // namespace greenlight
