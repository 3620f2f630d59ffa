#pragma once

#include "common/colour.h"
#include "common/result.h"
#include "router/routerstate.h"

#include <functional>

namespace greenlight {

// The two colours' weights on a service that weights whole colours (a Route 53 record per
// colour, an ALB target group per colour) with weights 0..maxWeight.
struct ColourWeights
{
    int blue = 0;
    int green = 0;
};

// `percent` % to `colour`, the rest to the other. Checked here, never left to the service: both
// within 0..maxWeight and never both zero.
[[nodiscard]] Result<ColourWeights> splitWeights(Colour colour, int percent, int maxWeight);

// A router state for colour weights: each host of a colour gets its colour's weight times the
// other colour's number of hosts, so the colours' shares are exactly the weights' (2 blue hosts
// and 1 green at 230 / 25: 230 each and 50). `statusOf` gives each host's status.
[[nodiscard]] RouterState stateFromColourWeights(const QStringList &blueHosts, const QStringList &greenHosts, qint64 blue, qint64 green,
                                                 const std::function<QString(const QString &host)> &statusOf);

} // namespace greenlight
