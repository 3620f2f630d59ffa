// libFuzzer target: a chunk of HAProxy's `option httplog` lines (raw or behind a syslog header,
// mixed with HAProxy's own messages), as HaproxyRouter follows `access_log` for upstream times.
#include "fuzzcheck.h"
#include "router/haproxyhttplog.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    const QByteArray chunk(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QHash<QString, QList<double>> times;
    const qsizetype used = haproxyhttplog::readHttpLog(chunk, QStringLiteral("app"), times);
    fuzz::check(used >= 0 && used <= chunk.size(), "the whole lines read lie inside the chunk");
    fuzz::check(used == 0 || chunk.at(used - 1) == '\n', "what is kept for the next read starts a line");
    for (auto it = times.cbegin(); it != times.cend(); ++it) {
        fuzz::check(!it.key().isEmpty() && it.key() != QLatin1String("<NOSRV>"), "times are kept by a server's name");
        fuzz::check(!it->isEmpty() && it->size() <= haproxyhttplog::kMaxUpstreamSamples, "a server keeps a bounded number of times");
        for (const double ms : *it)
            fuzz::check(ms >= 0 && ms < 1e9, "a time is a non-negative count of milliseconds");
    }
    QHash<QString, QList<double>> rest;
    fuzz::check(haproxyhttplog::readHttpLog(chunk.mid(used), QStringLiteral("app"), rest) == 0, "the rest holds no whole line");
    return 0;
}
