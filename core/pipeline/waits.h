#pragma once

#include "common/canceltoken.h"

#include <QThread>

namespace greenlight {

// Timings shared by the pipeline's checks.
constexpr int kHttpTimeoutMs = 2000; // one health, version or probe request
constexpr int kRetryPauseMs = 300;   // between two attempts of a check

// Sleeps up to `ms`, waking early when `cancel` is set.
inline void pause(int ms, const CancelToken &cancel)
{
    for (int waited = 0; waited < ms && !cancel.isCancelled(); waited += 20)
        QThread::msleep(20);
}

} // namespace greenlight
