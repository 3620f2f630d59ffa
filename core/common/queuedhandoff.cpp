#include "queuedhandoff.h"

#if defined(__SANITIZE_THREAD__)

#include <QCoreApplication>
#include <QThread>

#include <functional>
#include <mutex>

namespace greenlight {

namespace {

// One lock per receiving thread, found without a shared table (a table's own lock would order
// every poster with every other). Two threads sharing a slot only order more than Qt does.
std::recursive_mutex &lockFor(const QThread *thread)
{
    static std::recursive_mutex locks[251];
    return locks[std::hash<const void *>{}(thread) % std::size(locks)];
}

// Qt calls this on the receiving thread before it delivers any event there.
bool beforeDelivery(void **)
{
    const std::lock_guard taken(lockFor(QThread::currentThread()));
    return false; // Qt delivers the event as usual
}

} // namespace

QueuedHandOff::QueuedHandOff(const QThread *receiver) : m_lock(&lockFor(receiver))
{
    static const bool hooked = QInternal::registerCallback(QInternal::EventNotifyCallback, beforeDelivery);
    (void)hooked;
    static_cast<std::recursive_mutex *>(m_lock)->lock();
}

QueuedHandOff::~QueuedHandOff()
{
    static_cast<std::recursive_mutex *>(m_lock)->unlock();
}

} // namespace greenlight

#endif
