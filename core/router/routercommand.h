#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "ssh/hostpool.h"

#include <chrono>

namespace greenlight {

// Runs one shell command on the router host and waits for it (bounded by `timeout`). A failure
// to run it at all, or a non-zero exit, is an error that names `what` and quotes the command's
// last stderr line, so an operator reads what the router said.
[[nodiscard]] Result<QByteArray> runOnRouter(HostPool &pool, const QString &host, Lane lane, const QString &what,
                                             const QString &command, const QByteArray &input,
                                             std::chrono::milliseconds timeout, const CancelToken &cancel);

} // namespace greenlight
