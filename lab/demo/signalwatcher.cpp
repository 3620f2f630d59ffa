#include "signalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

int pipeFds[2] = {-1, -1};

extern "C" void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const auto written = ::write(pipeFds[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
}

SignalWatcher::~SignalWatcher()
{
    for (int signalNumber : std::as_const(m_installed))
        std::signal(signalNumber, SIG_DFL);
    delete m_notifier;
    if (m_ownsPipe) {
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        pipeFds[0] = pipeFds[1] = -1;
    }
}

bool SignalWatcher::install(std::initializer_list<int> signalNumbers, QString *error)
{
    if (pipeFds[0] >= 0) {
        *error = u"a signal watcher is already installed"_s;
        return false;
    }
    if (::pipe2(pipeFds, O_CLOEXEC | O_NONBLOCK) != 0) {
        *error = u"cannot create signal pipe: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_ownsPipe = true;
    m_notifier = new QSocketNotifier(pipeFds[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::drain);

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signalNumber : signalNumbers) {
        if (::sigaction(signalNumber, &action, nullptr) != 0) {
            *error = u"cannot install handler for signal %1: %2"_s.arg(
                QString::number(signalNumber), QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        m_installed.append(signalNumber);
    }
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}

void SignalWatcher::drain()
{
    unsigned char buffer[64];
    for (;;) {
        const ssize_t count = ::read(pipeFds[0], buffer, sizeof buffer);
        if (count <= 0)
            break;
        for (ssize_t i = 0; i < count; ++i)
            Q_EMIT signalReceived(buffer[i]);
    }
}
