#pragma once

#include "common/result.h"
#include "ssh/sshresolved.h"
#include "ssh/sshtypes.h"

#include <functional>
#include <memory>

class QIODevice;
struct ssh_channel_struct;
struct ssh_session_struct;

namespace greenlight {

class JumpTunnel;

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
    // The settings of the last connect (empty before the first): where the session goes.
    [[nodiscard]] const ResolvedSsh &resolved() const { return m_resolved; }
    // user@host:port, and the jump hosts: how messages name this session's target.
    [[nodiscard]] QString describeTarget() const;

    // Resolves the target's settings (ssh_config with OpenSSH's semantics, then the deployment
    // file's fields), connects, checks the host key against known_hosts, authenticates.
    [[nodiscard]] Status connect(const StateSink &onState);
    // Connects with settings already resolved: through settings.jumps (JumpHub) when there
    // are any, else straight (or through settings.proxyCommand).
    [[nodiscard]] Status connectResolved(ResolvedSsh settings, const StateSink &onState);
    // The libssh session, for the SSH layer's own use on this session's thread (JumpTunnel).
    [[nodiscard]] ssh_session_struct *rawSession() const { return m_session.get(); }
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

    SshTarget m_target;
    ResolvedSsh m_resolved;
    std::shared_ptr<JumpTunnel> m_tunnel; // before m_session: the session goes first
    SshSessionHandle m_session;
};

} // namespace greenlight
