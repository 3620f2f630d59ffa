#pragma once

#include "common/canceltoken.h"
#include "common/colour.h"
#include "common/result.h"

#include <QDateTime>

namespace greenlight {

struct DeploymentConfig;
class HostPool;
class RouterAdapter;
class RunReporter;

// The finish stage's clean-up command on every host of `old` (each to its own end: one failure
// does not stop the rest), only once the router confirms `old` has no traffic and its drain
// since `switchedAt` is over (OldColourDrain). Steps are reported under the "finish" stage.
[[nodiscard]] Status cleanUpOldColour(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, RunReporter &report,
                                      Colour old, const QDateTime &switchedAt, const CancelToken &cancel);

} // namespace greenlight
