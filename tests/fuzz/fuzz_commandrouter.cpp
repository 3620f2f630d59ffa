// libFuzzer target: what an operator's `read_command` prints on the router host
// ("<host or colour> <weight> [status]" a line), for two blue hosts and one green one.
#include "fuzzcheck.h"
#include "router/commandrouter.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    static const QStringList blue{QStringLiteral("blue-1"), QStringLiteral("blue-2")};
    static const QStringList green{QStringLiteral("green-1")};
    const QByteArray output(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<RouterState> state = CommandRouter::parseWeights(output, blue, green);
    if (state)
        fuzz::exercise(state.value());
    fuzz::checkRefusal(state);
    return 0;
}
