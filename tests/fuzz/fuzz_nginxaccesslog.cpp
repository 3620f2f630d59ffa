// libFuzzer target: a chunk of nginx's access log in the "greenlight" format
// ('$msec|$upstream_addr|$upstream_status|$upstream_response_time'), as NginxRouter follows it:
// counts, and each attempt's upstream time.
#include "fuzzcheck.h"
#include "router/nginxupstream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArray chunk(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QHash<QString, nginxupstream::Counts> counts;
    const qsizetype used = nginxupstream::countAccessLog(chunk, counts);
    fuzz::check(used >= 0 && used <= chunk.size(), "the whole lines counted lie inside the chunk");
    fuzz::check(used == 0 || chunk.at(used - 1) == '\n', "what is kept for the next read starts a line");
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        fuzz::check(!it.key().isEmpty(), "counts are kept by a server address");
        fuzz::check(it->requests >= 0 && it->errors5xx >= 0 && it->errors5xx <= it->requests, "5xx are some of the requests");
        fuzz::check(it->requests > 0 || !it->upstreamMs.isEmpty(), "a server is kept for a request or an attempt's time");
        fuzz::check(it->upstreamMs.size() <= nginxupstream::kMaxUpstreamSamples, "a server keeps a bounded number of times");
        for (const double ms : it->upstreamMs)
            fuzz::check(ms >= 0 && ms <= 86400.0 * 1000.0, "an upstream time is a duration no longer than a day");
    }
    // What the router does next: the rest of the chunk, counted again once its line is whole.
    QHash<QString, nginxupstream::Counts> rest;
    fuzz::check(nginxupstream::countAccessLog(chunk.mid(used), rest) == 0, "the rest holds no whole line");
    return 0;
}
