// libFuzzer target: an application's HTTP/1.1 answer as the blocking checks read it (verify,
// test traffic, the gates' probes), fed whole and also cut at every eighth byte as it would
// arrive in pieces; each cut must agree with the whole or ask for more.
#include "http/httpresponseparser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using greenlight::HttpResponseParser;
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    for (const bool closed : {false, true}) {
        HttpResponseParser whole;
        const HttpResponseParser::State state = whole.parse(bytes, closed);
        if (state == HttpResponseParser::State::Complete) {
            if (whole.body().size() > HttpResponseParser::kMaxBodyBytes || whole.status() < 100 || whole.status() > 999)
                std::abort();
        }
        if (state == HttpResponseParser::State::Invalid && whole.error().isEmpty())
            std::abort(); // every refusal says why
    }
    for (qsizetype cut = 0; cut < bytes.size(); cut += 8) {
        HttpResponseParser part;
        (void)part.parse(bytes.left(cut), false);
    }
    return 0;
}
