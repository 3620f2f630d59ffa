// libFuzzer target: HAProxy's `show stat` CSV as the admin socket returns it, for a backend
// "app" with two servers a colour (the shape of tests/unit/tst_haproxystat.cpp and the lab).
#include "fuzzcheck.h"
#include "router/haproxyrouter.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace greenlight;
    static const QStringList blue{QStringLiteral("blue-1"), QStringLiteral("blue-2")};
    static const QStringList green{QStringLiteral("green-1"), QStringLiteral("green-2")};
    const QByteArray csv(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Result<RouterState> state = HaproxyRouter::parseStat(csv, QStringLiteral("app"), blue, green);
    if (state)
        fuzz::exercise(state.value());
    fuzz::checkRefusal(state);
    return 0;
}
