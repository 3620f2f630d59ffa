#include "deploymentconfig.h"

#include "common/weburl.h"

namespace greenlight {

QUrl EnvironmentConfig::appUrl(const QString &address, const QString &path) const
{
    return webUrl(appScheme, address, appPort, path);
}

std::optional<HostConfig> DeploymentConfig::host(const QString &hostName) const
{
    for (const HostConfig &h : hosts) {
        if (h.name == hostName)
            return h;
    }
    return std::nullopt;
}

std::optional<Colour> DeploymentConfig::colourOfHost(const QString &hostName) const
{
    if (blue.hosts.contains(hostName))
        return Colour::Blue;
    if (green.hosts.contains(hostName))
        return Colour::Green;
    return std::nullopt;
}

QStringList DeploymentConfig::allHostNames() const
{
    QStringList names;
    for (const HostConfig &h : hosts)
        names << h.name;
    return names;
}

const StageConfig *DeploymentConfig::stage(StageKind kind) const
{
    for (const StageConfig &s : pipeline) {
        if (s.kind == kind)
            return &s;
    }
    return nullptr;
}

QString stageKindName(StageKind kind)
{
    switch (kind) {
    case StageKind::Migrate: return QStringLiteral("migrate");
    case StageKind::Deploy: return QStringLiteral("deploy");
    case StageKind::Verify: return QStringLiteral("verify");
    case StageKind::TestTraffic: return QStringLiteral("test_traffic");
    case StageKind::Shift: return QStringLiteral("shift");
    case StageKind::Bake: return QStringLiteral("bake");
    case StageKind::Finish: return QStringLiteral("finish");
    }
    return {};
}

QStringList stageKindNames()
{
    QStringList names;
    for (const StageKind kind : kStageKinds)
        names << stageKindName(kind);
    return names;
}

QString routerTypeName(RouterType type)
{
    switch (type) {
    case RouterType::Haproxy: return QStringLiteral("haproxy");
    case RouterType::Nginx: return QStringLiteral("nginx");
    case RouterType::Command: return QStringLiteral("command");
    case RouterType::Pdns: return QStringLiteral("pdns");
    case RouterType::Rfc2136: return QStringLiteral("rfc2136");
    case RouterType::Route53: return QStringLiteral("route53");
    case RouterType::Alb: return QStringLiteral("alb");
    case RouterType::Beanstalk: return QStringLiteral("beanstalk");
    }
    return {};
}

bool RouterConfig::changedFromHere() const
{
    switch (type) {
    case RouterType::Haproxy:
    case RouterType::Nginx:
    case RouterType::Command: return false;
    case RouterType::Pdns:
    case RouterType::Rfc2136:
    case RouterType::Route53:
    case RouterType::Alb:
    case RouterType::Beanstalk: return true;
    }
    return false;
}

int RouterConfig::dnsTtl() const
{
    constexpr int kBeanstalkCnameTtlS = 60;
    switch (type) {
    case RouterType::Pdns:
    case RouterType::Rfc2136: return ttl;
    case RouterType::Route53: return aws.recordTtl;
    case RouterType::Beanstalk: return kBeanstalkCnameTtlS;
    case RouterType::Haproxy:
    case RouterType::Nginx:
    case RouterType::Command:
    case RouterType::Alb: break;
    }
    return 0;
}

bool RouterConfig::countsRequests() const
{
    return type == RouterType::Haproxy || (type == RouterType::Nginx && !accessLog.isEmpty());
}

std::optional<RouterType> routerTypeFromName(const QString &name)
{
    for (const RouterType type : {RouterType::Haproxy, RouterType::Nginx, RouterType::Command, RouterType::Pdns, RouterType::Rfc2136,
                                   RouterType::Route53, RouterType::Alb, RouterType::Beanstalk}) {
        if (routerTypeName(type) == name)
            return type;
    }
    return std::nullopt;
}

QString gateMetricName(GateConfig::Metric metric)
{
    switch (metric) {
    case GateConfig::Metric::ErrorRate: return QStringLiteral("error_rate");
    case GateConfig::Metric::P50Ms: return QStringLiteral("p50_ms");
    case GateConfig::Metric::P95Ms: return QStringLiteral("p95_ms");
    case GateConfig::Metric::P99Ms: return QStringLiteral("p99_ms");
    }
    return {};
}

QString gateSourceName(GateConfig::Source source)
{
    switch (source) {
    case GateConfig::Source::Both: return QStringLiteral("both");
    case GateConfig::Source::Traffic: return QStringLiteral("traffic");
    case GateConfig::Source::Probes: return QStringLiteral("probes");
    }
    return {};
}

} // namespace greenlight
