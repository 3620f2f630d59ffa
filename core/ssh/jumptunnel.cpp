#include "jumptunnel.h"

#include "ssh/libsshruntime.h"
#include "ssh/sshsession.h"

#include <libssh/libssh.h>

#include <QByteArray>

#include <cerrno>
#include <chrono>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace greenlight {

namespace {
constexpr qsizetype kMaxBuffered = 256 * 1024; // per stream, from the jump host to the inner session
constexpr int kChunk = 32 * 1024;
constexpr int kIdlePollMs = 1000;
constexpr std::chrono::milliseconds kOpenSlice{50}; // how often a wait for the connect looks at its stop
} // namespace

struct JumpTunnel::Request
{
    QString host;
    int port = 0;
    bool done = false;
    int fd = -1;
    QString error;
};

struct JumpTunnel::Stream
{
    ssh_channel channel = nullptr;
    int local = -1;
    QByteArray toLocal; // read from the channel, not yet written to the socketpair
    bool remoteEof = false;
};

struct JumpTunnel::Hop
{
    explicit Hop(SshTarget target) : session(std::move(target)) {}
    SshSession session;
};

JumpTunnel::JumpTunnel(SshTarget base, ResolvedSsh hop) : m_base(std::move(base)), m_hop(std::move(hop))
{
    if (::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        m_state = State::Failed;
        m_error = QStringLiteral("cannot make a pipe: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return;
    }
    m_thread = std::thread(&JumpTunnel::run, this);
}

JumpTunnel::~JumpTunnel()
{
    {
        std::lock_guard lock(m_mutex);
        m_state = State::Stopping;
    }
    wake();
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    for (const int fd : m_wake) {
        if (fd >= 0)
            ::close(fd);
    }
}

void JumpTunnel::wake()
{
    if (m_wake[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(m_wake[1], &byte, 1);
    }
}

bool JumpTunnel::usable() const
{
    std::lock_guard lock(m_mutex);
    return m_state == State::Connecting || m_state == State::Ready;
}

Result<int> JumpTunnel::open(const QString &host, int port, const CancelToken &cancel, int timeoutMs)
{
    Request request;
    request.host = host;
    request.port = port;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs < 0 ? 0 : timeoutMs);
    std::unique_lock lock(m_mutex);
    // The connect is waited for in slices, each looking at the stop and the deadline.
    while (!m_changed.wait_for(lock, kOpenSlice, [&] { return m_state != State::Connecting; })) {
        if (cancel.isCancelled())
            return Result<int>::failure(QStringLiteral("cancelled while connecting to %1").arg(m_hop.endpoint()), ErrorCode::Aborted);
        if (timeoutMs >= 0 && std::chrono::steady_clock::now() >= deadline)
            return Result<int>::failure(QStringLiteral("%1 not connected within %2 ms").arg(m_hop.endpoint(), QString::number(timeoutMs)),
                                        ErrorCode::TimedOut);
    }
    if (m_state != State::Ready)
        return Result<int>::failure(m_error.isEmpty() ? QStringLiteral("jump host %1 is closing").arg(m_hop.endpoint()) : m_error,
                                    ErrorCode::Unreachable);
    m_requests.push_back(&request);
    wake();
    m_changed.wait(lock, [&] { return request.done; });
    if (request.fd < 0)
        return Result<int>::failure(request.error, ErrorCode::Unreachable);
    return request.fd;
}

void JumpTunnel::run()
{
    connectHop();
    bool ready = false;
    {
        std::lock_guard lock(m_mutex);
        ready = m_state == State::Ready;
    }
    if (ready)
        pump();
    // Whatever ended the pump: refuse what is queued, close every stream, then the session.
    {
        std::lock_guard lock(m_mutex);
        if (m_state != State::Stopping)
            m_state = State::Failed;
        if (m_error.isEmpty())
            m_error = QStringLiteral("the session to jump host %1 ended").arg(m_hop.endpoint());
        for (Request *r : m_requests) {
            r->error = m_error;
            r->done = true;
        }
        m_requests.clear();
    }
    m_changed.notify_all();
    while (!m_streams.empty())
        closeStream(m_streams.begin());
    m_session.reset();
    libsshruntime::releaseThreadState();
}

void JumpTunnel::connectHop()
{
    SshTarget target = m_base;
    target.hostName = m_hop.alias;
    m_session = std::make_unique<Hop>(target);
    const Status connected = m_session->session.connectResolved(m_hop, [](HostState) {});
    {
        std::lock_guard lock(m_mutex);
        if (m_state == State::Connecting) {
            m_state = connected ? State::Ready : State::Failed;
            if (!connected)
                m_error = QStringLiteral("jump host %1: %2").arg(m_hop.alias, connected.error());
        }
    }
    m_changed.notify_all();
}

void JumpTunnel::serve(Request &request)
{
    ssh_session session = m_session->session.rawSession();
    ssh_channel channel = ssh_channel_new(session);
    const QByteArray host = request.host.toUtf8();
    int rc = channel ? ssh_channel_open_forward(channel, host.constData(), request.port, "127.0.0.1", 0) : SSH_ERROR;
    // A refused forward can leave the call "successful" with the channel closed.
    if (rc != SSH_OK || !ssh_channel_is_open(channel)) {
        request.error = QStringLiteral("jump host %1 cannot reach %2:%3: %4")
                            .arg(m_hop.endpoint(), request.host, QString::number(request.port), QString::fromUtf8(ssh_get_error(session)));
        if (channel)
            ssh_channel_free(channel);
        return;
    }
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        request.error = QStringLiteral("cannot make a socket pair: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        ssh_channel_close(channel);
        ssh_channel_free(channel);
        return;
    }
    ::fcntl(ends[0], F_SETFL, ::fcntl(ends[0], F_GETFL) | O_NONBLOCK);
    auto stream = std::make_unique<Stream>();
    stream->channel = channel;
    stream->local = ends[0];
    m_streams.emplace(ends[0], std::move(stream));
    request.fd = ends[1];
}

void JumpTunnel::closeStream(std::map<int, std::unique_ptr<Stream>>::iterator it)
{
    Stream &s = *it->second;
    if (ssh_channel_is_open(s.channel)) {
        ssh_channel_send_eof(s.channel);
        ssh_channel_close(s.channel);
    }
    ssh_channel_free(s.channel);
    ::close(s.local);
    m_streams.erase(it);
}

void JumpTunnel::pump()
{
    ssh_session session = m_session->session.rawSession();
    std::vector<char> buffer(kChunk);
    std::vector<pollfd> fds;
    for (;;) {
        // Requests first: open the forwards asked for (on this thread, which owns the session).
        std::deque<Request *> requests;
        {
            std::lock_guard lock(m_mutex);
            if (m_state == State::Stopping)
                return;
            requests.swap(m_requests);
        }
        if (!requests.empty()) {
            for (Request *r : requests)
                serve(*r);
            {
                std::lock_guard lock(m_mutex);
                for (Request *r : requests)
                    r->done = true;
            }
            m_changed.notify_all();
        }
        if (!ssh_is_connected(session)) {
            std::lock_guard lock(m_mutex);
            m_error = QStringLiteral("the session to jump host %1 was lost: %2").arg(m_hop.endpoint(), QString::fromUtf8(ssh_get_error(session)));
            return;
        }

        // From the jump host: what its channels hold, into each stream's buffer and on.
        bool roomSomewhere = false;
        for (auto it = m_streams.begin(); it != m_streams.end();) {
            Stream &s = *it->second;
            while (s.toLocal.size() < kMaxBuffered) {
                const int n = ssh_channel_read_nonblocking(s.channel, buffer.data(), kChunk, 0);
                if (n > 0) {
                    s.toLocal.append(buffer.data(), n);
                    continue;
                }
                if (n < 0 || ssh_channel_is_eof(s.channel))
                    s.remoteEof = true;
                break;
            }
            while (!s.toLocal.isEmpty()) {
                const ssize_t w = ::send(s.local, s.toLocal.constData(), static_cast<size_t>(s.toLocal.size()), MSG_NOSIGNAL);
                if (w <= 0)
                    break;
                s.toLocal.remove(0, w);
            }
            roomSomewhere = roomSomewhere || s.toLocal.size() < kMaxBuffered;
            if (s.remoteEof && s.toLocal.isEmpty()) { // the far end closed: so does the inner session's
                const int fd = it->first;
                closeStream(it);
                it = m_streams.upper_bound(fd);
            } else {
                ++it;
            }
        }

        // Wait: the wake-up pipe, the jump session (when a stream can take more), each
        // socketpair (readable when the channel's window has room; writable when its buffer waits).
        fds.clear();
        fds.push_back({m_wake[0], POLLIN, 0});
        if (!m_streams.empty() && roomSomewhere)
            fds.push_back({ssh_get_fd(session), POLLIN, 0});
        for (const auto &[fd, s] : m_streams) {
            short events = 0;
            if (ssh_channel_window_size(s->channel) > 0)
                events |= POLLIN;
            if (!s->toLocal.isEmpty())
                events |= POLLOUT;
            fds.push_back({fd, events, 0});
        }
        const int ready = ::poll(fds.data(), fds.size(), kIdlePollMs);
        if (ready < 0 && errno != EINTR)
            return;
        char drain[64];
        while (::read(m_wake[0], drain, sizeof(drain)) > 0) {
        }

        // From the inner sessions: to the jump host, never more than the channel's window.
        for (const pollfd &p : fds) {
            const auto it = m_streams.find(p.fd);
            if (it == m_streams.end() || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            Stream &s = *it->second;
            const int room = static_cast<int>(std::min<uint32_t>(ssh_channel_window_size(s.channel), kChunk));
            if (room == 0) {
                if (!(p.revents & POLLIN)) // hung up with nothing left to read
                    closeStream(it);
                continue;
            }
            const ssize_t n = ::recv(s.local, buffer.data(), static_cast<size_t>(room), 0);
            if (n > 0) {
                if (ssh_channel_write(s.channel, buffer.data(), static_cast<uint32_t>(n)) != n)
                    closeStream(it);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                closeStream(it); // the inner session closed its end
            }
        }
    }
}

} // namespace greenlight
