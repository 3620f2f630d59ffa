#include "hostkeyreview.h"

#include <algorithm>

namespace greenlight {

HostKeyReview::Verdict HostKeyReview::consult(const NewHostKey &key)
{
    const std::lock_guard lock(m_mutex);
    const QString id = key.id();
    if (m_trusted.contains(id))
        return Verdict::Trusted;
    if (m_declined.contains(id))
        return Verdict::Declined;
    if (std::none_of(m_pending.cbegin(), m_pending.cend(), [&](const NewHostKey &k) { return k.id() == id; }))
        m_pending << key;
    return Verdict::Pending;
}

QList<NewHostKey> HostKeyReview::pending() const
{
    const std::lock_guard lock(m_mutex);
    return m_pending;
}

void HostKeyReview::answer(const QList<NewHostKey> &shown, const QList<NewHostKey> &trusted)
{
    const std::lock_guard lock(m_mutex);
    QSet<QString> yes;
    for (const NewHostKey &k : trusted)
        yes.insert(k.id());
    for (const NewHostKey &k : shown)
        (yes.contains(k.id()) ? m_trusted : m_declined).insert(k.id());
    m_pending.removeIf([&](const NewHostKey &k) { return m_trusted.contains(k.id()) || m_declined.contains(k.id()); });
}

} // namespace greenlight
