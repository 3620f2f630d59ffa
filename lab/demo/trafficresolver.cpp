#include "trafficresolver.h"

#include "dns/dnsclient.h"

#include <algorithm>
#include <utility>

using namespace greenlight;

namespace {
constexpr qint64 kMinTtlMs = 1000;
constexpr int kLookupTimeoutMs = 1000;
}

TrafficResolver::TrafficResolver(QString server, quint16 port, QString name)
    : m_server(std::move(server)), m_port(port), m_name(dns::canonicalName(name))
{
}

QString TrafficResolver::next()
{
    if (!m_askedAt.isValid() || m_askedAt.elapsed() >= m_ttlMs)
        resolve();
    if (m_addresses.isEmpty())
        return {};
    return m_addresses.at(m_turn++ % m_addresses.size());
}

void TrafficResolver::resolve()
{
    DnsQuery query;
    query.server = m_server;
    query.port = m_port;
    query.name = m_name;
    query.type = dns::kTypeA;
    query.timeoutMs = kLookupTimeoutMs;
    const Result<DnsReply> reply = DnsClient::ask(query);
    // Counted from the answer (or the timeout): a lookup that takes its whole timeout is not
    // asked again at once.
    m_askedAt.start();
    m_ttlMs = kMinTtlMs; // a failed lookup is retried after a second
    if (!reply) {
        m_lastError = reply.error();
        return;
    }
    QStringList addresses;
    quint32 ttl = 0;
    for (const DnsRecord &record : reply->answers) {
        if (record.type != dns::kTypeA)
            continue;
        addresses << record.value;
        ttl = addresses.size() == 1 ? record.ttl : std::min(ttl, record.ttl);
    }
    if (addresses.isEmpty()) {
        m_lastError = QStringLiteral("%1 has no A record at %2:%3 (rcode %4)").arg(m_name, m_server).arg(m_port).arg(reply->rcode);
        return;
    }
    m_addresses = addresses;
    m_ttlMs = std::max<qint64>(kMinTtlMs, qint64(ttl) * 1000);
    m_lastError.clear();
}
