#include "routerfactory.h"

#include "router/albrouter.h"
#include "router/beanstalkrouter.h"
#include "router/commandrouter.h"
#include "router/haproxyrouter.h"
#include "router/nginxrouter.h"
#include "router/pdnsrouter.h"
#include "router/rfc2136router.h"
#include "router/route53router.h"

namespace greenlight {

std::unique_ptr<RouterAdapter> makeRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
{
    switch (config.router.type) {
    case RouterType::Haproxy: return std::make_unique<HaproxyRouter>(pool, config, lane);
    case RouterType::Nginx: return std::make_unique<NginxRouter>(pool, config, lane);
    case RouterType::Command: return std::make_unique<CommandRouter>(pool, config, lane);
    // The DNS routers talk to their servers from this machine, not over SSH.
    case RouterType::Pdns: return std::make_unique<PdnsRouter>(config);
    case RouterType::Rfc2136: return std::make_unique<Rfc2136Router>(config);
    // The AWS routers run the AWS CLI on this machine.
    case RouterType::Route53: return std::make_unique<Route53Router>(pool, config, lane);
    case RouterType::Alb: return std::make_unique<AlbRouter>(pool, config, lane);
    case RouterType::Beanstalk: return std::make_unique<BeanstalkRouter>(pool, config, lane);
    }
    return std::make_unique<HaproxyRouter>(pool, config, lane);
}

} // namespace greenlight
