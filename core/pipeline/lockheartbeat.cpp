#include "lockheartbeat.h"

#include "pipeline/deploylock.h"

#include <chrono>

namespace greenlight {

LockHeartbeat::LockHeartbeat(DeployLock &lock, QString token, CancelToken run)
    : m_lock(lock), m_token(std::move(token)), m_run(std::move(run)), m_thread([this] { loop(); })
{
}

LockHeartbeat::~LockHeartbeat()
{
    {
        const std::lock_guard guard(m_mutex);
        m_stop = true;
    }
    m_stopBeat.cancel(CancelReason::Shutdown);
    m_wake.notify_all();
    m_thread.join();
}

void LockHeartbeat::setStage(const QString &stage)
{
    {
        const std::lock_guard guard(m_mutex);
        m_stage = stage;
        m_stageChanged = true;
    }
    m_wake.notify_all(); // a new stage is beaten at once, not at the next second
}

void LockHeartbeat::loop()
{
    std::unique_lock guard(m_mutex);
    while (!m_stop) {
        const QString stage = m_stage;
        guard.unlock();
        const Result<DeployLock::Signal> signal = m_lock.beat(m_token, stage, m_stopBeat);
        m_failedBeats = signal ? 0 : m_failedBeats + 1;
        if (signal && signal.value() == DeployLock::Signal::Abort)
            m_run.cancel(CancelReason::RemoteAbort);
        else if (signal && signal.value() == DeployLock::Signal::LockLost)
            m_run.cancel(CancelReason::LockLost);
        else if (signal && signal.value() == DeployLock::Signal::Promote)
            m_promoted = true;
        guard.lock();
        m_wake.wait_for(guard, std::chrono::milliseconds(kBeatMs), [this] { return m_stop || m_stageChanged; });
        m_stageChanged = false;
    }
}

} // namespace greenlight
