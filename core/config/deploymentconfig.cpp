#include "deploymentconfig.h"

namespace greenlight {

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
    case StageKind::Deploy: return QStringLiteral("deploy");
    case StageKind::Verify: return QStringLiteral("verify");
    case StageKind::Shift: return QStringLiteral("shift");
    case StageKind::Bake: return QStringLiteral("bake");
    }
    return {};
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

} // namespace greenlight
