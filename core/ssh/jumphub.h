#pragma once

#include "common/result.h"
#include "ssh/jumptunnel.h"

#include <map>
#include <memory>
#include <mutex>

namespace greenlight {

// The tunnels of the process, by jump chain: hosts behind the same jump host share its
// session; a tunnel lives while a session uses it.
class JumpHub final
{
public:
    [[nodiscard]] static JumpHub &instance();
    // A stream to `settings`' host and port through its jump chain (settings.jumps), and the
    // tunnel that carries it (keep it while the stream is used).
    struct Stream
    {
        int fd = -1;
        std::shared_ptr<JumpTunnel> tunnel;
    };
    [[nodiscard]] Result<Stream> connect(const SshTarget &base, const ResolvedSsh &settings);

private:
    std::mutex m_mutex;
    std::map<QString, std::weak_ptr<JumpTunnel>> m_tunnels;
};

} // namespace greenlight
