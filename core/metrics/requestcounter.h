#pragma once

#include "common/canceltoken.h"
#include "common/result.h"

#include <QString>

namespace greenlight {

struct DeploymentConfig;

// A host's own count of the client requests it served, from its colour's `requests_path` (a
// decimal number; anything else is an error naming the host and what it answered). The drain
// before a clean-up and the traffic split of the routers without per-server counts (DNS) read it.
[[nodiscard]] Result<qint64> readRequestCount(const DeploymentConfig &config, const QString &host, int timeoutMs,
                                              const CancelToken &cancel = {});

} // namespace greenlight
