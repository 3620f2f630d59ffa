#pragma once

// Shared by the ssh_config tests: files, what OpenSSH's own client does with the same file,
// and where this process's TCP connections go.

#include "ssh/sshtypes.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QtEndian>

namespace greenlight::test {

inline bool writeText(const QString &path, const QString &text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(text.toUtf8()) == text.toUtf8().size();
}

// "server_ip server_port" of the session, as sshd sees it ($SSH_CONNECTION).
inline QString serverEnd(const QByteArray &sshConnection)
{
    const QStringList parts = QString::fromUtf8(sshConnection).trimmed().split(QLatin1Char(' '));
    return parts.size() == 4 ? parts.at(2) + QLatin1Char(' ') + parts.at(3) : QStringLiteral("(%1)").arg(QString::fromUtf8(sshConnection));
}

// What OpenSSH's own client does with the same file.
inline QString viaOpenSsh(const QString &configFile, const QString &alias, const QString &command)
{
    QProcess ssh;
    ssh.setStandardInputFile(QProcess::nullDevice());
    ssh.start(QStringLiteral("ssh"), {QStringLiteral("-F"), configFile, QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), alias, command});
    if (!ssh.waitForFinished(20000) || ssh.exitCode() != 0)
        return QStringLiteral("(ssh failed: %1)").arg(QString::fromUtf8(ssh.readAllStandardError()));
    return QString::fromUtf8(ssh.readAllStandardOutput());
}

// TCP connections of this process to address:port (its sockets in /proc/self/fd, matched
// in /proc/net/tcp): 0 when a session to there went through a jump host.
inline int ourConnectionsTo(const QString &address, int port)
{
    QSet<QString> inodes;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System)) {
        const QString link = QFile::symLinkTarget(fds.filePath(fd));
        if (link.contains(QLatin1String("socket:[")))
            inodes.insert(link.section(QLatin1Char('['), 1).chopped(1));
    }
    const QHostAddress host(address);
    const quint32 ip = host.toIPv4Address();
    // /proc/net/tcp: remote "0100007F:1F90", the address as its network-order bytes read as a number.
    const QString remote = QStringLiteral("%1:%2").arg(qToBigEndian(ip), 8, 16, QLatin1Char('0'))
                               .arg(port, 4, 16, QLatin1Char('0')).toUpper();
    QFile table(QStringLiteral("/proc/net/tcp"));
    if (!table.open(QIODevice::ReadOnly))
        return -1;
    int count = 0;
    for (const QByteArray &line : table.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() > 9 && QString::fromLatin1(f.at(2)) == remote && f.at(3) == "01" && inodes.contains(QString::fromLatin1(f.at(9))))
            ++count;
    }
    return count;
}

inline CommandRequest execRequest(const QString &command)
{
    CommandRequest r;
    r.command = command;
    r.timeout = std::chrono::seconds(10);
    return r;
}

} // namespace greenlight::test
