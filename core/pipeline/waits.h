#pragma once

#include "common/canceltoken.h"

#include <QDeadlineTimer>
#include <QString>
#include <QThread>

namespace greenlight {

// Timings shared by the pipeline's checks.
constexpr int kHttpTimeoutMs = 2000; // one health, version or probe request
constexpr int kRetryPauseMs = 300;   // between two attempts of a check
constexpr int kWakeCheckMs = 20;     // how often a wait looks at its token

// How a wait ended.
enum class Woke {
    Deadline,    // the time ran out
    Cancelled,   // this process stopped it (Ctrl+C, the Abort button, a rollback, shutdown)
    RemoteAbort, // `greenlight abort`, read from the lock on the router host by the heartbeat
    LockLost,    // another operator broke this deploy's lock
};

[[nodiscard]] inline Woke wokeFor(CancelReason reason)
{
    switch (reason) {
    case CancelReason::RemoteAbort: return Woke::RemoteAbort;
    case CancelReason::LockLost: return Woke::LockLost;
    case CancelReason::None: return Woke::Deadline;
    case CancelReason::Operator:
    case CancelReason::Shutdown: break;
    }
    return Woke::Cancelled;
}

// The one wait of the engine. Every bake, retry pause, promote gate and poll sleeps here: it
// wakes at once on a local cancel and on a remote abort (the deploy's heartbeat reads the abort
// from the lock at least once a second and cancels the token), and on its deadline; it says which.
[[nodiscard]] inline Woke waitUntil(const QDeadlineTimer &deadline, const CancelToken &cancel)
{
    while (!cancel.isCancelled()) {
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return Woke::Deadline;
        QThread::msleep(static_cast<unsigned long>(left < 0 ? kWakeCheckMs : std::min<qint64>(left, kWakeCheckMs)));
    }
    return wokeFor(cancel.reason());
}

[[nodiscard]] inline Woke pause(int ms, const CancelToken &cancel)
{
    return waitUntil(QDeadlineTimer(ms), cancel);
}

// What the operator reads when a stop was honoured.
[[nodiscard]] inline QString stopMessage(CancelReason reason)
{
    switch (reason) {
    case CancelReason::RemoteAbort: return QStringLiteral("aborted by an operator (greenlight abort)");
    case CancelReason::LockLost: return QStringLiteral("stopped: another operator broke this deploy's lock");
    case CancelReason::Shutdown: return QStringLiteral("stopped: Greenlight is closing");
    case CancelReason::Operator:
    case CancelReason::None: break;
    }
    return QStringLiteral("aborted by the operator");
}

} // namespace greenlight
