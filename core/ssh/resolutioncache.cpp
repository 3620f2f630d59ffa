#include "resolutioncache.h"

namespace greenlight {

ResolutionCache &ResolutionCache::instance()
{
    static ResolutionCache cache;
    return cache;
}

Result<ResolvedSsh> ResolutionCache::get(const QString &key, const std::function<Result<ResolvedSsh>()> &lookUp)
{
    std::unique_lock lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    // Stale answers go first, so the map stays as small as the hosts being connected.
    for (auto it = m_entries.begin(); it != m_entries.end();)
        it = !it->second.lookingUp && it->second.users == 0 && now - it->second.at >= kFresh ? m_entries.erase(it) : std::next(it);
    Entry &entry = m_entries[key]; // std::map: stays where it is while others are added
    ++entry.users;
    m_answered.wait(lock, [&] { return !entry.lookingUp; });
    --entry.users;
    if (entry.settings && std::chrono::steady_clock::now() - entry.at < kFresh)
        return *entry.settings;
    entry.lookingUp = true;
    lock.unlock();
    Result<ResolvedSsh> out = lookUp();
    lock.lock();
    entry.lookingUp = false;
    entry.at = std::chrono::steady_clock::now();
    if (out)
        entry.settings = out.value();
    else
        entry.settings.reset();
    lock.unlock();
    m_answered.notify_all();
    return out;
}

} // namespace greenlight
