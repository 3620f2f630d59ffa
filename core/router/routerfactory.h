#pragma once

#include "config/deploymentconfig.h"
#include "router/routeradapter.h"
#include "ssh/hostpool.h"

#include <memory>

namespace greenlight {

// The adapter for the deployment file's router type, on one SSH lane.
[[nodiscard]] std::unique_ptr<RouterAdapter> makeRouter(HostPool &pool, const DeploymentConfig &config, Lane lane);

} // namespace greenlight
