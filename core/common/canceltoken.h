#pragma once

#include <QList>

#include <atomic>
#include <memory>

namespace greenlight {

// Shared between the thread that asks for a cancel and the threads doing the work.
// A token can be linked to others: it then reads as cancelled when any of them is.
class CancelToken final
{
public:
    CancelToken() { m_flags.append(std::make_shared<std::atomic_bool>(false)); }

    void cancel() const { m_flags.first()->store(true); }
    [[nodiscard]] bool isCancelled() const
    {
        for (const auto &flag : m_flags) {
            if (flag->load())
                return true;
        }
        return false;
    }
    // A token cancelled by this one's cancel() and also by any cancel of `other`.
    [[nodiscard]] CancelToken linkedTo(const CancelToken &other) const
    {
        CancelToken linked = *this;
        linked.m_flags.append(other.m_flags);
        return linked;
    }

private:
    QList<std::shared_ptr<std::atomic_bool>> m_flags;
};

} // namespace greenlight
