#pragma once

#include "config/deploymentconfig.h"
#include "router/accesslogtail.h"
#include "router/nginxupstream.h"
#include "router/routeradapter.h"
#include "ssh/hostpool.h"

#include <optional>

namespace greenlight {

// nginx as the router. nginx (open source) has no runtime API, so Greenlight owns one upstream
// file on the router host and changes traffic by rewriting it whole: write beside it, rename it
// into place (atomic), `nginx -t`, reload. A file nginx rejects is replaced by the previous one
// before anything reloads, and the error quotes nginx.
//
// What a reload costs: new workers take new connections at once; old workers finish their
// requests in flight and close idle keep-alive connections. A client that sends on such a
// connection just as it closes sees the connection end without an answer (wrk counts these as
// read errors; browsers and most HTTP clients retry idempotent requests). bench/nginx-switch.sh
// measures it.
//
// The live colour is read back from the file. Per-server request and 5xx counts come from an
// access log in the "greenlight" format, followed over SSH from where the last read stopped.
class NginxRouter final : public RouterAdapter
{
public:
    NginxRouter(HostPool &pool, const DeploymentConfig &config, Lane lane);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;

protected:
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    [[nodiscard]] QString readScript() const;
    [[nodiscard]] QString switchScript() const;
    void followAccessLog(const QByteArray &section);

    HostPool &m_pool;
    RouterConfig m_router;
    QList<nginxupstream::Server> m_servers;
    Lane m_lane;
    std::optional<AccessLogTail> m_log; // `access_log`, when configured
    QHash<QString, nginxupstream::Counts> m_counts; // by "address:port", since this adapter started
};

} // namespace greenlight
