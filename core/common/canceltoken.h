#pragma once

#include <QList>

#include <atomic>
#include <memory>

namespace greenlight {

// Why a token was cancelled: the engine tells the operator which stop it honoured.
enum class CancelReason : int {
    None = 0,
    Operator,    // this process: Ctrl+C, the Abort button, a rollback started here
    RemoteAbort, // `greenlight abort` from anywhere, read from the lock on the router host
    LockLost,    // another operator broke this deploy's lock
    Shutdown,    // the program is closing
};

// Shared between the thread that asks for a cancel and the threads doing the work.
// A token can be linked to others: it then reads as cancelled when any of them is.
class CancelToken final
{
public:
    CancelToken() { m_flags.append(std::make_shared<std::atomic_int>(0)); }

    // The first reason given wins; later cancels keep it.
    void cancel(CancelReason reason = CancelReason::Operator) const
    {
        int expected = 0;
        m_flags.first()->compare_exchange_strong(expected, static_cast<int>(reason));
    }
    [[nodiscard]] bool isCancelled() const { return reason() != CancelReason::None; }
    [[nodiscard]] CancelReason reason() const
    {
        for (const auto &flag : m_flags) {
            if (const int r = flag->load(); r != 0)
                return static_cast<CancelReason>(r);
        }
        return CancelReason::None;
    }
    // A token cancelled by this one's cancel() and also by any cancel of `other`.
    [[nodiscard]] CancelToken linkedTo(const CancelToken &other) const
    {
        CancelToken linked = *this;
        linked.m_flags.append(other.m_flags);
        return linked;
    }

private:
    QList<std::shared_ptr<std::atomic_int>> m_flags;
};

} // namespace greenlight
