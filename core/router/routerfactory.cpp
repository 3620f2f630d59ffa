#include "routerfactory.h"

#include "router/commandrouter.h"
#include "router/haproxyrouter.h"
#include "router/nginxrouter.h"

namespace greenlight {

std::unique_ptr<RouterAdapter> makeRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
{
    switch (config.router.type) {
    case RouterType::Haproxy: return std::make_unique<HaproxyRouter>(pool, config, lane);
    case RouterType::Nginx: return std::make_unique<NginxRouter>(pool, config, lane);
    case RouterType::Command: return std::make_unique<CommandRouter>(pool, config, lane);
    }
    return std::make_unique<HaproxyRouter>(pool, config, lane);
}

} // namespace greenlight
