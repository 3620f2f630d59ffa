#pragma once

#include "common/colour.h"
#include "common/result.h"

namespace greenlight {

class RouterAdapter;

// Putting every request back on the colour that was serving, after a shift failed part-way.
struct TrafficRestore
{
    bool untouched = false; // the router still sent everything to that colour: nothing changed
    bool restored = false;  // all traffic is on that colour now (also when untouched)
    QString error;          // why it could not be put back
};

// Reads the router first: a failed change that never reached it (a refused command, a file
// nginx rejected) is left alone. Runs whatever the stop: an abort must not stop the restore.
[[nodiscard]] TrafficRestore restoreTraffic(RouterAdapter &router, Colour live);

} // namespace greenlight
