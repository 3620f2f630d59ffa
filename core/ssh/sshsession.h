#pragma once

#include "common/result.h"
#include "ssh/sshtypes.h"

#include <functional>
#include <memory>

class QIODevice;
struct ssh_channel_struct;
struct ssh_session_struct;

namespace greenlight {

struct SshSessionDeleter
{
    void operator()(ssh_session_struct *session) const;
};
using SshSessionHandle = std::unique_ptr<ssh_session_struct, SshSessionDeleter>;

// One libssh session. Blocking calls, every one bounded by a timeout; it belongs to the thread
// that created it (libssh sessions and channels are not thread-safe).
class SshSession final
{
public:
    using LineSink = std::function<void(OutputStream, const QString &line)>;
    using StateSink = std::function<void(HostState)>;

    explicit SshSession(SshTarget target);
    ~SshSession();
    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;

    [[nodiscard]] const SshTarget &target() const { return m_target; }
    [[nodiscard]] bool isConnected() const;

    // Connects, checks the host key against known_hosts, authenticates.
    [[nodiscard]] Status connect(const StateSink &onState);
    void disconnect();
    // Sends a keepalive; false when the connection is gone.
    [[nodiscard]] bool keepalive();

    // Runs a command (or a request on a forwarded unix socket) to completion, the deadline or
    // a cancel, streaming complete output lines to `onLine` as they arrive.
    // `log` (optional) receives the whole output.
    [[nodiscard]] CommandResult run(const CommandRequest &request, const LineSink &onLine, QIODevice *log = nullptr);

private:
    [[nodiscard]] Status applyOptions();
    [[nodiscard]] Status verifyHostKey();
    [[nodiscard]] Status authenticate();
    [[nodiscard]] Status open(ssh_channel_struct *channel, const CommandRequest &request);
    [[nodiscard]] QString lastError() const;
    [[nodiscard]] int effectivePort() const;

    SshTarget m_target;
    SshSessionHandle m_session;
};

} // namespace greenlight
