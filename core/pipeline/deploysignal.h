#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "pipeline/deploylock.h"

#include <chrono>

namespace greenlight {

// `greenlight promote` and `greenlight abort`, confirmed: raises the signal in the lock of the
// running deploy, then waits (bounded) until that deploy acknowledges it. An abort is confirmed
// only once the deploy has let go of its lock (traffic put back, the run over), a promote once
// the deploy read it. No deploy running, a stale lock or no acknowledgement in time: a failure.
class DeploySignal final
{
public:
    explicit DeploySignal(DeployLock &lock) : m_lock(lock) {}

    // What the deploy did, for the operator; a failure says why it could not be confirmed.
    [[nodiscard]] Result<QString> send(DeployLock::Signal signal, std::chrono::milliseconds timeout, const CancelToken &cancel);

private:
    DeployLock &m_lock;
};

} // namespace greenlight
