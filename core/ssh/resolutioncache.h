#pragma once

#include "common/result.h"
#include "ssh/sshresolved.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace greenlight {

// Lookups of ssh_config (one `ssh -G` each, ~10 ms of CPU) shared for a few seconds by the
// sessions of the process: hosts connecting together ask once for the jump host they share,
// and a reconnect storm does not run one program per session. While one thread looks a key
// up, the others wanting it wait for that answer. Only successful lookups are kept.
class ResolutionCache final
{
public:
    static constexpr std::chrono::seconds kFresh{10};

    [[nodiscard]] static ResolutionCache &instance();
    [[nodiscard]] Result<ResolvedSsh> get(const QString &key, const std::function<Result<ResolvedSsh>()> &lookUp);

private:
    struct Entry
    {
        bool lookingUp = false;
        int users = 0; // threads waiting for this entry: it is not erased under them
        std::optional<ResolvedSsh> settings;
        std::chrono::steady_clock::time_point at;
    };
    std::mutex m_mutex;
    std::condition_variable m_answered;
    std::map<QString, Entry> m_entries;
};

} // namespace greenlight
