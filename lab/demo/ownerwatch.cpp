#include "ownerwatch.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

using namespace Qt::Literals::StringLiterals;

OwnerWatch::OwnerWatch(qint64 ownerPid, QObject *parent, std::chrono::milliseconds interval)
    : QObject(parent)
    , m_ownerPid(ownerPid)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &OwnerWatch::check);
}

void OwnerWatch::start()
{
    m_timer.start();
    QTimer::singleShot(0, this, &OwnerWatch::check);
}

bool OwnerWatch::processExists(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        return false;
    // A zombie no longer runs; treat it as gone when /proc says so (Linux).
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const qsizetype paren = line.lastIndexOf(')');
        if (paren >= 0 && line.size() > paren + 2 && line.at(paren + 2) == 'Z')
            return false;
    }
    return true;
}

void OwnerWatch::check()
{
    if (!m_timer.isActive() || processExists(m_ownerPid))
        return;
    m_timer.stop();
    Q_EMIT ownerGone(m_ownerPid);
}
