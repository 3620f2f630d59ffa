#include "pdnsrouter.h"

#include "dns/dnsclient.h"
#include "router/dnsfrontend.h"

#include <QUrlQuery>

#include <algorithm>

namespace greenlight {

namespace {
constexpr int kApiTimeoutMs = 10000;
constexpr int kMaxWeight = 1000;

QList<QPair<QString, QString>> addressesOf(const DeploymentConfig &config, const QStringList &hosts)
{
    QList<QPair<QString, QString>> out;
    for (const QString &name : hosts)
        out.append({name, config.host(name).value_or(HostConfig{}).address});
    return out;
}
} // namespace

PdnsRouter::PdnsRouter(const DeploymentConfig &config)
    : m_router(config.router), m_blue(addressesOf(config, config.blue.hosts)), m_green(addressesOf(config, config.green.hosts)),
      m_api(config.router.apiUrl, config.router.apiKeyFile, config.router.apiKeyEnv)
{
}

QString PdnsRouter::describe() const
{
    return QStringLiteral("PowerDNS LUA record %1 (%2) via %3").arg(m_router.recordName, m_router.pickHashed ? QStringLiteral("hashed") : QStringLiteral("random"), m_router.apiUrl);
}

PdnsPick PdnsRouter::pickFor(Colour colour, int percent) const
{
    percent = std::clamp(percent, 0, 100);
    const auto &target = colour == Colour::Blue ? m_blue : m_green;
    const auto &other = colour == Colour::Blue ? m_green : m_blue;
    const auto size = [](const auto &l) { return static_cast<int>(l.size()); };
    const int targetWeight = serverWeight(percent, size(target), size(other), m_router.liveWeight, kMaxWeight);
    const int otherWeight = serverWeight(100 - percent, size(other), size(target), m_router.liveWeight, kMaxWeight);
    PdnsPick pick;
    pick.hashed = m_router.pickHashed;
    pick.ttl = m_router.ttl;
    // Blue first, then green, always every host: the record reads the same way at every step.
    for (const auto &[host, address] : m_blue)
        pick.entries << PdnsPick::Entry{colour == Colour::Blue ? targetWeight : otherWeight, address};
    for (const auto &[host, address] : m_green)
        pick.entries << PdnsPick::Entry{colour == Colour::Green ? targetWeight : otherWeight, address};
    return pick;
}

QString PdnsRouter::weightCommand(Colour colour, int percent) const
{
    const PdnsPick pick = pickFor(colour, percent);
    return QStringLiteral("PATCH %1 (REPLACE) %2 %3 LUA %4").arg(m_api.zoneUrl(m_router.zone), m_router.recordName).arg(pick.ttl).arg(pick.content());
}

Result<RouterState> PdnsRouter::stateOf(const PdnsPick &pick) const
{
    RouterState state;
    for (const auto &[host, address] : m_blue)
        state.blueServers << host;
    for (const auto &[host, address] : m_green)
        state.greenServers << host;
    for (const auto &[host, address] : m_blue + m_green)
        state.servers.insert(host, ServerState{host, 0, QStringLiteral("no check"), 0, 0});
    for (const PdnsPick::Entry &e : pick.entries) {
        bool known = false;
        for (const auto &[host, address] : m_blue + m_green) {
            if (address == e.address) {
                state.servers[host].weight += e.weight;
                known = true;
            }
        }
        if (!known)
            return Result<RouterState>::failure(QStringLiteral("the LUA record %1 answers %2, which is no host of either colour; "
                                                               "Greenlight owns this record, fix it by hand or deploy again")
                                                    .arg(m_router.recordName, e.address));
    }
    if (pick.hashed != m_router.pickHashed)
        return Result<RouterState>::failure(QStringLiteral("the LUA record %1 uses %2, the deployment file says \"pick\": \"%3\"")
                                                .arg(m_router.recordName, pick.hashed ? QStringLiteral("pickwhashed") : QStringLiteral("pickwrandom"),
                                                     m_router.pickHashed ? QStringLiteral("hashed") : QStringLiteral("random")));
    return state;
}

Result<RouterState> PdnsRouter::readRouter(const CancelToken &cancel)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("rrset_name"), m_router.recordName);
    query.addQueryItem(QStringLiteral("rrset_type"), QStringLiteral("LUA"));
    const Result<PdnsApi::Reply> reply
        = m_api.request("GET", PdnsApi::zonePath(m_router.zone) + QLatin1Char('?') + query.toString(QUrl::FullyEncoded), {}, kApiTimeoutMs, cancel);
    if (!reply)
        return Result<RouterState>::failure(reply.error(), ErrorCode::Unreachable);
    if (reply->status != 200)
        return Result<RouterState>::failure(QStringLiteral("the PowerDNS API answered HTTP %1 for zone %2: %3")
                                                .arg(reply->status).arg(m_router.zone, QString::fromUtf8(reply->body.left(300)).trimmed()));
    const Result<PdnsPick> pick = PdnsPick::fromRrsetJson(reply->body, m_router.recordName);
    if (!pick)
        return Result<RouterState>::failure(pick.error());
    Result<RouterState> state = stateOf(pick.value());
    if (!state)
        return state;
    // The API holds the record; the server must also answer it: one query, whose address must
    // be one that has weight (a record the server cannot evaluate answers SERVFAIL).
    const Result<DnsReply> answer = DnsClient::ask(recordQuery(m_router, dns::kTypeA), cancel);
    if (!answer)
        return Result<RouterState>::failure(answer.error(), ErrorCode::Unreachable);
    const QStringList addresses = answer->values(m_router.recordName, dns::kTypeA);
    const QStringList weighted = pick->addressesWithWeight();
    if (answer->rcode != dns::kRcodeNoError || addresses.isEmpty())
        return Result<RouterState>::failure(QStringLiteral("PowerDNS holds %1 for %2 but its DNS server answers %3 with %4 address(es)")
                                                .arg(state->describe(), m_router.recordName, dns::rcodeName(answer->rcode))
                                                .arg(addresses.size()));
    for (const QString &a : addresses) {
        if (!weighted.contains(a))
            return Result<RouterState>::failure(QStringLiteral("PowerDNS's DNS server answers %1 for %2, an address the record gives no weight (%3)")
                                                    .arg(a, m_router.recordName, state->describe()));
    }
    return state;
}

Status PdnsRouter::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    const PdnsPick pick = pickFor(colour, percent);
    if (pick.totalWeight() <= 0) // cannot happen (one colour always has weight); never write it
        return Status::failure(QStringLiteral("refusing to write a LUA record without weight"));
    const Result<PdnsApi::Reply> reply = m_api.request("PATCH", PdnsApi::zonePath(m_router.zone), pick.patchBody(m_router.recordName),
                                                       kApiTimeoutMs, cancel);
    if (!reply)
        return Status::failure(reply.error());
    if (reply->status != 204 && reply->status != 200)
        return Status::failure(QStringLiteral("the PowerDNS API refused the change (HTTP %1): %2")
                                   .arg(reply->status).arg(QString::fromUtf8(reply->body.left(300)).trimmed()));
    return {};
}

Result<QString> PdnsRouter::frontendAddress(const QString &host, const CancelToken &cancel)
{
    return dnsFrontendAddress(m_router, host, cancel);
}

QString PdnsRouter::readBackSays() const
{
    return QStringLiteral("PowerDNS reports");
}

} // namespace greenlight
