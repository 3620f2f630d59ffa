// libFuzzer target: a DNS answer as the DNS routers' read-backs receive it over UDP from the
// server (PowerDNS or BIND, or anything answering on that port): names with compression
// pointers, A and CNAME records, rcodes. An accepted answer has bounded names and values.
#include "dns/dnsmessage.h"
#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArray message(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<DnsReply> reply = dns::parseReply(message);
    if (reply) {
        fuzz::check(reply->rcode >= 0 && reply->rcode <= 15, "an rcode is four bits");
        for (const DnsRecord &r : reply->answers) {
            fuzz::check(r.name.size() <= 255 && r.value.size() <= 255, "names are at most 255 bytes");
            fuzz::check(r.name.endsWith(QLatin1Char('.')), "an owner name ends with a dot");
            (void)reply->values(r.name, r.type);
            (void)dns::typeName(r.type);
        }
        (void)dns::rcodeName(reply->rcode);
    }
    fuzz::checkRefusal(reply);
    return 0;
}
