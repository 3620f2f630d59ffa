#pragma once

#include "config/deploymentconfig.h"
#include "router/routeradapter.h"

namespace greenlight {

// All-at-once DNS switching through a dynamic update (RFC 2136) signed with a TSIG key:
// `nsupdate -k KEYFILE` on the operator's machine, with a prerequisite on the other colour's
// value (a compare-and-swap: if someone else changed the record, the server answers NXRRSET
// and nothing changes). Read back with a DNS query to the server. A name cannot be weighted:
// only 0 % and 100 % are accepted (the config reader refuses weighted steps).
class Rfc2136Router final : public RouterAdapter
{
public:
    explicit Rfc2136Router(const DeploymentConfig &config);

    [[nodiscard]] QString describe() const override;
    [[nodiscard]] QString weightCommand(Colour colour, int percent) const override;
    [[nodiscard]] Result<QString> frontendAddress(const QString &host, const CancelToken &cancel) override;
    // The nsupdate script that makes `colour` live if the record is still the other colour's.
    [[nodiscard]] QString updateScript(Colour colour) const;

protected:
    [[nodiscard]] Result<RouterState> readRouter(const CancelToken &cancel) override;
    [[nodiscard]] Status applyShift(Colour colour, int percent, const CancelToken &cancel) override;
    [[nodiscard]] QString readBackSays() const override;

private:
    [[nodiscard]] QStringList valuesOf(Colour colour) const; // sorted, canonical
    [[nodiscard]] QString typeName() const;

    RouterConfig m_router;
    QStringList m_blueHosts;
    QStringList m_greenHosts;
    QStringList m_blueAddresses;
    QStringList m_greenAddresses;
};

} // namespace greenlight
