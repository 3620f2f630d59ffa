#pragma once

// Shared by the fuzz targets: a check that stops the fuzzer (libFuzzer saves the input as a
// crash), and the questions the pipeline asks of every router read.

#include "router/routerstate.h"

#include <cstdio>
#include <cstdlib>

namespace greenlight::fuzz {

inline void check(bool holds, const char *what)
{
    if (holds)
        return;
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

// A state a parser accepted names every server it was asked about; the pipeline then reads
// shares, the live colour and unhealthy servers from it.
inline void exercise(const RouterState &state)
{
    for (const QString &name : state.blueServers + state.greenServers)
        check(state.servers.contains(name), "an accepted read has a state for every server of both colours");
    check(!state.describe().isEmpty(), "a state describes itself");
    for (const Colour c : {Colour::Blue, Colour::Green}) {
        (void)state.percent(c);
        (void)state.colourCounts(c);
        (void)state.serversNotUp(c);
        for (const int wanted : {0, 10, 50, 100})
            (void)state.carries(c, wanted);
    }
    (void)state.liveColour();
}

// A refusal is something an operator can read.
template<typename T>
void checkRefusal(const T &result)
{
    if (!result)
        check(!result.error().trimmed().isEmpty(), "a refused read says why");
}

} // namespace greenlight::fuzz
