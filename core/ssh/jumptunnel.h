#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "ssh/sshresolved.h"
#include "ssh/sshtypes.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace greenlight {

// One SSH session to a jump host (ProxyJump), on a thread of its own, shared by every session
// that goes through it. libssh 0.10 cannot run a session over a channel, so each stream
// through the jump host is a direct-tcpip channel (ssh_channel_open_forward) pumped to one end
// of a socketpair; the other end is handed out, for the inner session's SSH_OPTIONS_FD.
// The thread waits in poll() on the socketpairs, the jump session's socket and a wake-up pipe.
class JumpTunnel final
{
public:
    // Starts connecting at once (over `via`, the hop before, when there is one).
    JumpTunnel(SshTarget base, ResolvedSsh hop);
    ~JumpTunnel();
    JumpTunnel(const JumpTunnel &) = delete;
    JumpTunnel &operator=(const JumpTunnel &) = delete;

    // A stream to host:port as the jump host sees it: the caller owns the fd (libssh closes
    // it with its session). Waits for the jump session's connect (giving up at the stop or
    // after `timeoutMs`, when given), then for the forward.
    [[nodiscard]] Result<int> open(const QString &host, int port, const CancelToken &cancel = {}, int timeoutMs = -1);
    // Connected, or still connecting: worth sharing.
    [[nodiscard]] bool usable() const;
    [[nodiscard]] const ResolvedSsh &hop() const { return m_hop; }

private:
    struct Request;
    struct Stream;
    void run();
    void connectHop();
    void serve(Request &request);
    void pump();
    void closeStream(std::map<int, std::unique_ptr<Stream>>::iterator it);
    void wake();

    const SshTarget m_base;
    const ResolvedSsh m_hop;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    enum class State { Connecting, Ready, Failed, Stopping } m_state = State::Connecting;
    QString m_error;
    std::deque<Request *> m_requests;
    int m_wake[2] = {-1, -1};
    // Only the tunnel's thread touches these.
    struct Hop;
    std::unique_ptr<Hop> m_session;
    std::map<int, std::unique_ptr<Stream>> m_streams; // by local fd
    std::thread m_thread;
};

} // namespace greenlight
