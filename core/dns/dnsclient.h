#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "dns/dnsmessage.h"

#include <QString>

namespace greenlight {

// One DNS query over UDP to one server, blocking on a socket of the calling thread (no event
// loop), bounded by `timeoutMs` and the cancel token. `source` binds the query to a local
// address (tests ask from many 127.x addresses to see `pickwhashed` spread clients); empty:
// any. Answers from another address or port, or with another id, are ignored.
struct DnsQuery
{
    QString server;        // an IP address
    quint16 port = 53;
    QString name;          // any spelling; made canonical
    quint16 type = dns::kTypeA;
    QString source;        // optional local address
    int timeoutMs = 2000;
};

class DnsClient final
{
public:
    [[nodiscard]] static Result<DnsReply> ask(const DnsQuery &query, const CancelToken &cancel = {});
    // The addresses `query.name` has at `query.server`, asking it for A and following CNAMEs
    // (within the answer, or by asking again for the target; at most kMaxCnameHops). Fails on
    // an error rcode, a loop, or a name with no address.
    [[nodiscard]] static Result<QStringList> resolve(DnsQuery query, const CancelToken &cancel = {});
    static constexpr int kMaxCnameHops = 8;
};

} // namespace greenlight
