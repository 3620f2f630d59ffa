#include "sshinteraction.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QStringList>

#include <array>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace greenlight {

namespace {

constexpr int kAskTimeoutMs = 120000;
constexpr std::size_t kMaxAnswerBytes = 1024; // OpenSSH reads an askpass answer into as much

class Fd final
{
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    ~Fd() { close(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd;
};

// Reads what the program writes to `fd` until it closes it, the buffer is full, or the deadline.
std::size_t readAnswer(int fd, std::array<char, kMaxAnswerBytes> &buffer, const QDeadlineTimer &deadline)
{
    std::size_t length = 0;
    while (length < buffer.size()) {
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::max<qint64>(0, deadline.remainingTime())));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break;
        const ssize_t got = ::read(fd, buffer.data() + length, buffer.size() - length);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        length += static_cast<std::size_t>(got);
    }
    return length;
}

} // namespace

std::optional<Secret> SshInteraction::keyPassphrase(const QString &host, const QString &keyFile)
{
    std::optional<QString> text = passphrase(host, keyFile);
    if (!text)
        return std::nullopt;
    return Secret::takeText(*text);
}

QString AskpassInteraction::program()
{
    const QString own = qEnvironmentVariable("GREENLIGHT_ASKPASS");
    return own.isEmpty() ? qEnvironmentVariable("SSH_ASKPASS") : own;
}

QStringList AskpassInteraction::environmentVariables()
{
    return {QStringLiteral("GREENLIGHT_ASKPASS"), QStringLiteral("SSH_ASKPASS"), QStringLiteral("SSH_ASKPASS_REQUIRE")};
}

std::optional<Secret> AskpassInteraction::ask(const QString &prompt)
{
    const QString askpass = program();
    if (askpass.isEmpty())
        return std::nullopt;
    // The answer comes through a pipe of our own (close-on-exec, so no other child inherits
    // it): QProcess would keep it in buffers of its own that are freed without being wiped.
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0)
        return std::nullopt;
    Fd readEnd(ends[0]);
    Fd writeEnd(ends[1]);
    const int childOut = writeEnd.get();
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    p.setStandardOutputFile(QProcess::nullDevice());
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel); // its complaints reach the operator, as with ssh
    p.setChildProcessModifier([childOut] {
        if (childOut == STDOUT_FILENO)
            ::fcntl(childOut, F_SETFD, 0);
        else
            ::dup2(childOut, STDOUT_FILENO);
    });
    p.start(askpass, {prompt});
    writeEnd.close();
    if (!p.waitForStarted())
        return std::nullopt;

    const QDeadlineTimer deadline(kAskTimeoutMs);
    std::array<char, kMaxAnswerBytes> buffer;
    const std::size_t length = readAnswer(readEnd.get(), buffer, deadline);
    readEnd.close(); // more than we read: the program gets EPIPE, as from ssh
    std::optional<Secret> out;
    if (p.waitForFinished(static_cast<int>(std::max<qint64>(0, deadline.remainingTime()))) && p.exitStatus() == QProcess::NormalExit
        && p.exitCode() == 0) {
        std::size_t line = 0;
        while (line < length && buffer[line] != '\n' && buffer[line] != '\r')
            ++line;
        out.emplace(QByteArrayView(buffer.data(), static_cast<qsizetype>(line)));
    } else {
        p.kill();
        p.waitForFinished(1000);
    }
    wipeMemory(buffer.data(), buffer.size());
    return out;
}

std::optional<Secret> AskpassInteraction::keyPassphrase(const QString &host, const QString &keyFile)
{
    return ask(QStringLiteral("Enter passphrase for %1 (connecting to %2): ").arg(keyFile, host));
}

std::optional<QString> AskpassInteraction::passphrase(const QString &host, const QString &keyFile)
{
    const std::optional<Secret> secret = keyPassphrase(host, keyFile);
    return secret ? std::optional<QString>(QString::fromUtf8(secret->c_str(), static_cast<qsizetype>(secret->size()))) : std::nullopt;
}

std::optional<QString> AskpassInteraction::answer(const QString &host, const QString &prompt, bool)
{
    const std::optional<Secret> secret = ask(QStringLiteral("%1: %2").arg(host, prompt));
    return secret ? std::optional<QString>(QString::fromUtf8(secret->c_str(), static_cast<qsizetype>(secret->size()))) : std::nullopt;
}

} // namespace greenlight
