#pragma once

#include "config/deploymentconfig.h"
#include "router/accesslogtail.h"
#include "router/routeradapter.h"
#include "ssh/hostpool.h"

#include <optional>

namespace greenlight {

// HAProxy through its runtime API: the admin socket on the router host is reached through an
// SSH forward to the unix socket (nothing to install on the host). Weight changes are atomic per
// server and keep established connections, so a switch drops no request. With `access_log`, a
// file of `option httplog` lines on the router host is followed over SSH for each request's
// server response time (haproxyhttplog); the counters stay `show stat`'s.
class HaproxyRouter final : public RouterAdapter
{
public:
    HaproxyRouter(HostPool &pool, const DeploymentConfig &config, Lane lane);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;

    // The runtime-API line that sends `percent` of traffic to `colour` (target raised first).
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;

    // Parses `show stat` CSV output into per-server state for our backend.
    [[nodiscard]] static Result<RouterState> parseStat(const QByteArray &csv, const QString &backend,
                                                       const QStringList &blue, const QStringList &green);

protected:
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    [[nodiscard]] Result<QByteArray> command(const QString &line, const CancelToken &cancel);
    void followAccessLog(RouterState &state, const CancelToken &cancel);

    HostPool &m_pool;
    RouterConfig m_router;
    QStringList m_blue;
    QStringList m_green;
    Lane m_lane;
    std::optional<AccessLogTail> m_log; // `access_log`, when configured
};

} // namespace greenlight
