#pragma once

#include "common/canceltoken.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace greenlight {

class DeployLock;

// The running deploy's pulse, on its own thread: once a second it writes the time and the
// current stage into the lock on the router host (so `status` anywhere can tell a live deploy
// from a dead one), and reads the operators' signals there. An abort (or the lock taken from
// us) cancels the run's token at once, so every wait of the engine wakes; a promote is kept
// for the promote gate. Stopped and joined by the destructor, before the lock is released.
class LockHeartbeat final
{
public:
    static constexpr int kBeatMs = 1000;

    // `lock` must outlive this object; use one on the Control lane, so a long command on the
    // Work lane never delays a beat.
    LockHeartbeat(DeployLock &lock, QString token, CancelToken run);
    ~LockHeartbeat();
    LockHeartbeat(const LockHeartbeat &) = delete;
    LockHeartbeat &operator=(const LockHeartbeat &) = delete;

    void setStage(const QString &stage);
    [[nodiscard]] bool promoted() const { return m_promoted.load(); }
    // Beats that failed in a row (the router host unreachable); 0 when the last one landed.
    [[nodiscard]] int failedBeats() const { return m_failedBeats.load(); }

private:
    void loop();

    DeployLock &m_lock;
    const QString m_token;
    CancelToken m_run;
    CancelToken m_stopBeat; // cancels a beat in flight when we stop
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    QString m_stage;
    bool m_stageChanged = false;
    std::atomic_bool m_promoted = false;
    std::atomic_int m_failedBeats = 0;
    std::thread m_thread;
};

} // namespace greenlight
