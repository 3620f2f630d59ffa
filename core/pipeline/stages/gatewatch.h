#pragma once

#include "pipeline/stages/stage.h"

namespace greenlight {

struct StageContext;

// One watch of the gates: how long, under which names, and what it is part of.
struct GateWatch
{
    int seconds = 0;
    int noDataGraceS = 0;
    QString stage;
    QString step;
    int percent = -1;       // the new colour's share while it watches
    QString next;           // what follows the watch, for the countdown
    qint64 afterMs = 0;     // how much of the stage's watching comes after this one
};

// The gates watching the new colour carry its share, for `watch.seconds`: probes of every host
// and the router's counters, once a second, with the progress (time left, every gate's reading)
// reported after each check. A breach, a router unreadable for longer than the grace (no data is
// not good data) or a stop ends the watch as a failure, with why; putting traffic back is the
// sequence's job.
[[nodiscard]] StageResult watchGates(StageContext &context, const GateWatch &watch);

} // namespace greenlight
