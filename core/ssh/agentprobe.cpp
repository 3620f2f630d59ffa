#include "agentprobe.h"

#include <QDeadlineTimer>

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace greenlight::agentprobe {

namespace {

constexpr unsigned char kRequestIdentities = 11;
constexpr unsigned char kIdentitiesAnswer = 12;
constexpr quint32 kMaxKeys = 10000;
constexpr quint32 kMaxReplyLength = 256 * 1024; // ssh-agent's own limit for a message

quint32 be32(const unsigned char *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

bool waitFor(int fd, short events, const QDeadlineTimer &deadline)
{
    for (;;) {
        pollfd p{fd, events, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::max<qint64>(0, deadline.remainingTime())));
        if (ready < 0 && errno == EINTR)
            continue;
        return ready > 0 && (p.revents & events);
    }
}

} // namespace

std::optional<int> identityCount(QByteArrayView reply)
{
    if (reply.size() < 9)
        return std::nullopt;
    const auto *p = reinterpret_cast<const unsigned char *>(reply.data());
    const quint32 length = be32(p);
    if (length < 5 || length > kMaxReplyLength || p[4] != kIdentitiesAnswer)
        return std::nullopt;
    const quint32 count = be32(p + 5);
    // Each key takes at least 8 bytes (two empty strings' lengths).
    if (count > kMaxKeys || quint64(count) * 8 > length - 5)
        return std::nullopt;
    return static_cast<int>(count);
}

Answer ask(int timeoutMs)
{
    const QByteArray path = qgetenv("SSH_AUTH_SOCK");
    if (path.isEmpty())
        return {std::nullopt, QStringLiteral("agent: none (SSH_AUTH_SOCK is not set)")};
    const QString where = QString::fromLocal8Bit(path);
    sockaddr_un address{};
    if (static_cast<std::size_t>(path.size()) >= sizeof(address.sun_path))
        return {std::nullopt, QStringLiteral("agent: none (SSH_AUTH_SOCK is too long)")};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.constData(), static_cast<std::size_t>(path.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return {std::nullopt, QStringLiteral("agent: none (no socket)")};
    const QDeadlineTimer deadline(timeoutMs);
    Answer out{std::nullopt, QStringLiteral("agent: none (nothing answers at %1)").arg(where)};
    const unsigned char request[5] = {0, 0, 0, 1, kRequestIdentities};
    unsigned char reply[9];
    std::size_t got = 0;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0 && waitFor(fd, POLLOUT, deadline)
        && ::send(fd, request, sizeof(request), MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof(request))) {
        while (got < sizeof(reply) && waitFor(fd, POLLIN, deadline)) {
            const ssize_t n = ::recv(fd, reply + got, sizeof(reply) - got, 0);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0)
                break;
            got += static_cast<std::size_t>(n);
        }
        const std::optional<int> count = identityCount(QByteArrayView(reinterpret_cast<const char *>(reply), static_cast<qsizetype>(got)));
        out = count ? Answer{count, QStringLiteral("agent: %1 key%2").arg(*count).arg(*count == 1 ? QString() : QStringLiteral("s"))}
                    : Answer{std::nullopt, QStringLiteral("agent: no answer at %1").arg(where)};
    }
    ::close(fd);
    return out;
}

} // namespace greenlight::agentprobe
