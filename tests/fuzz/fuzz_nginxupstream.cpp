// libFuzzer target: the nginx upstream file read back from the router host (normally the one
// nginxupstream::render wrote, but anyone with a shell there can edit it).
#include "fuzzcheck.h"
#include "router/nginxupstream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    using nginxupstream::Server;
    static const QList<Server> servers{{QStringLiteral("blue-1"), QStringLiteral("10.0.0.1:8080"), Colour::Blue},
                                       {QStringLiteral("blue-2"), QStringLiteral("10.0.0.2:8080"), Colour::Blue},
                                       {QStringLiteral("green-1"), QStringLiteral("10.0.1.1:8080"), Colour::Green}};
    const QByteArray file(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<RouterState> state = nginxupstream::parse(file, QStringLiteral("app"), servers);
    if (state)
        fuzz::exercise(state.value());
    fuzz::checkRefusal(state);
    return 0;
}
