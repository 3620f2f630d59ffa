#pragma once

#include "model/newhostkey.h"

#include <QList>
#include <QSet>

#include <mutex>

namespace greenlight {

// The unknown host keys of one console, reviewed together (HostKeyPolicy::Review): a session
// that meets one does not ask on its own; it records the key here and fails, and once every
// host has tried, the operator sees one list and trusts all, some or none. The sessions of a
// trusted key then connect again and write it (once, hashed as their ssh_config says). A key
// is trusted by address and fingerprint: if the host presents another key on the retry, that
// one is new and waits for review in turn. Thread-safe: sessions consult it from their threads.
class HostKeyReview final
{
public:
    enum class Verdict { Pending, Trusted, Declined };
    // What the review says of a key a session met; Pending records it for the next review.
    [[nodiscard]] Verdict consult(const NewHostKey &key);
    // The keys waiting for an answer, in the order they were met.
    [[nodiscard]] QList<NewHostKey> pending() const;
    // The operator's answer to the keys `shown`: those in `trusted` are written by their
    // sessions' next connect; the others are declined for the life of the console. Keys met
    // since the list was shown stay pending: nobody has seen them.
    void answer(const QList<NewHostKey> &shown, const QList<NewHostKey> &trusted);

private:
    mutable std::mutex m_mutex;
    QList<NewHostKey> m_pending;
    QSet<QString> m_trusted;
    QSet<QString> m_declined;
};

} // namespace greenlight
