#pragma once

#include "config/deploymentconfig.h"
#include "router/pdnsapi.h"
#include "router/pdnsrecord.h"
#include "router/routeradapter.h"

namespace greenlight {

// Weighted DNS through PowerDNS Authoritative: one LUA record (`pickwhashed` or `pickwrandom`)
// whose entries are the colours' host addresses, changed with one PATCH of the HTTP API
// (changetype REPLACE) from the operator's machine. Read back through the API, and confirmed
// with a DNS query to the server: it must answer an address that has weight. Every host keeps
// a weight entry (0 on the idle colour) and the live colour always has weight, so the record is
// never all zeros (which PowerDNS answers with SERVFAIL).
class PdnsRouter final : public RouterAdapter
{
public:
    explicit PdnsRouter(const DeploymentConfig &config);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;
    [[nodiscard]] Result<QString> frontendAddress(const QString &host, const CancelToken &cancel) override;
    // The record that sends `percent` of the traffic to `colour`.
    [[nodiscard]] PdnsPick pickFor(Colour colour, int percent) const;
    // The state a record describes (each entry's address mapped back to its host).
    [[nodiscard]] Result<RouterState> stateOf(const PdnsPick &pick) const;

protected:
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    RouterConfig m_router;
    QList<QPair<QString, QString>> m_blue; // host, address
    QList<QPair<QString, QString>> m_green;
    PdnsApi m_api;
};

} // namespace greenlight
