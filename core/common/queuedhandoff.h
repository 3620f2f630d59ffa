#pragma once

#include <QMetaObject>
#include <QObject>

#include <utility>

class QThread;

namespace greenlight {

// For ThreadSanitizer builds (scripts/sanitize.sh tsan): tells TSan the order Qt's posted-event
// queue keeps. Debian's Qt is not instrumented, and Qt 6 locks a thread's posted-event list with
// a futex TSan cannot see: a value handed to another thread by a queued signal or
// QMetaObject::invokeMethod looks unordered with its use there, and two threads posting to one
// thread look as if they grew its list at once.
//
// Held around such a post, a QueuedHandOff holds a lock standing for the receiving thread's
// list; every event delivered on a thread first takes that thread's lock (an event hook the
// first QueuedHandOff installs). That is what Qt does with its own lock, so no order is invented.
// Hold it around posts only, never around code that waits or delivers events. In any other
// build it is empty and costs nothing.
class [[nodiscard]] QueuedHandOff final
{
public:
#if defined(__SANITIZE_THREAD__)
    explicit QueuedHandOff(const QThread *receiver);
    ~QueuedHandOff();
#else
    explicit QueuedHandOff(const QThread *) {}
#endif
    QueuedHandOff(const QueuedHandOff &) = delete;
    QueuedHandOff &operator=(const QueuedHandOff &) = delete;

#if defined(__SANITIZE_THREAD__)
private:
    void *m_lock;
#endif
};

// Queues `call` (a member function of `receiver`, or a functor) to run on `receiver`'s thread,
// the hand-off told to ThreadSanitizer: every queued call across threads goes through here.
template<typename Receiver, typename Call>
void postQueued(Receiver *receiver, Call &&call)
{
    const QueuedHandOff handOff(receiver->thread());
    QMetaObject::invokeMethod(receiver, std::forward<Call>(call), Qt::QueuedConnection);
}

} // namespace greenlight
