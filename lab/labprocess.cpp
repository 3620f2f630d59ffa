#include "labprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <grp.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace greenlight {

namespace {
constexpr int kStartTimeoutMs = 10000;
}

QProcess *startLabProcess(const LabAccount &account, const QString &program, const QStringList &arguments,
                          const QString &logFile, QObject *parent)
{
    auto *process = new QProcess(parent);
    process->setProgram(program);
    process->setArguments(arguments);
    process->setStandardInputFile(QProcess::nullDevice());
    process->setStandardOutputFile(logFile, QIODevice::Append);
    process->setStandardErrorFile(logFile, QIODevice::Append);
    const pid_t owner = ::getpid();
    const bool switchUser = account.switchUser;
    const uid_t uid = account.uid;
    const gid_t gid = account.gid;
    // Runs in the child between fork and exec: async-signal-safe calls only.
    process->setChildProcessModifier([=] {
        ::setsid();
        if (switchUser) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                ::_exit(126);
        }
        // After the uid change: changing credentials clears the parent-death signal.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != owner)
            ::_exit(0);
    });
    process->start();
    // Returned only once the program runs (exec done): until then the child is a copy of us,
    // and anything that looks for the lab's processes would miss it.
    process->waitForStarted(kStartTimeoutMs);
    return process;
}

// A zombie counts as gone: where PID 1 does not reap (containers), an orphan's zombie stays.
static bool alive(pid_t pid)
{
    if (::kill(pid, 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const auto paren = text.lastIndexOf(')');
    return paren < 0 || text.mid(paren + 2, 1) != "Z";
}

void endProcessGroup(QProcess *process, int graceMs)
{
    const auto group = static_cast<pid_t>(process->processId());
    if (group <= 0)
        return;
    ::kill(-group, SIGTERM);
    if (!process->waitForFinished(graceMs))
        ::kill(-group, SIGKILL);
    process->waitForFinished(500);
    ::kill(-group, SIGKILL); // session children that outlived the leader
}

void endPid(qint64 pid, int graceMs)
{
    if (pid <= 0)
        return;
    const auto p = static_cast<pid_t>(pid);
    ::kill(p, SIGTERM);
    QElapsedTimer clock;
    clock.start();
    while (alive(p) && clock.elapsed() < graceMs)
        QThread::msleep(10);
    if (alive(p))
        ::kill(p, SIGKILL);
}

QString fileTail(const QString &path, int lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QStringList all = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QStringLiteral(" | "));
}

bool portAccepts(const QString &address, int port)
{
    QTcpSocket socket;
    socket.connectToHost(address, static_cast<quint16>(port));
    return socket.waitForConnected(200);
}

} // namespace greenlight
