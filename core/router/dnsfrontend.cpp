#include "dnsfrontend.h"

#include "config/deploymentconfig.h"
#include "dns/dnsclient.h"

namespace greenlight {

namespace {
constexpr int kDnsTimeoutMs = 3000; // one query to the router's server
} // namespace

DnsQuery recordQuery(const RouterConfig &router, quint16 type)
{
    DnsQuery query;
    query.server = router.dnsServer;
    query.port = static_cast<quint16>(router.dnsPort);
    query.name = router.recordName;
    query.type = type;
    query.timeoutMs = kDnsTimeoutMs;
    return query;
}

Result<QString> dnsFrontendAddress(const RouterConfig &router, const QString &host, const CancelToken &cancel)
{
    if (dns::canonicalName(host) != router.recordName)
        return QString();
    const Result<QStringList> addresses = DnsClient::resolve(recordQuery(router, dns::kTypeA), cancel);
    if (!addresses)
        return Result<QString>::failure(QStringLiteral("cannot resolve the frontend %1 at the router's server: %2").arg(host, addresses.error()),
                                        ErrorCode::Unreachable);
    return addresses->first();
}

} // namespace greenlight
