#pragma once

#include "pipeline/stages/stage.h"

namespace greenlight {

struct StageContext;

// The gates watching the new colour carry its share, for `seconds`: probes of every host and
// the router's counters, once a second. A breach, a router unreadable for longer than
// `noDataGraceS` (no data is not good data) or a stop ends the watch as a failure, with why;
// putting traffic back is the sequence's job.
[[nodiscard]] StageResult watchGates(StageContext &context, int seconds, int noDataGraceS, const QString &stage, const QString &step);

} // namespace greenlight
