#pragma once

#include "model/hoststatus.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace greenlight {

// One host's effective SSH settings, as OpenSSH computes them from ssh_config (`ssh -G`), with
// the deployment file's explicit fields applied on top. Paths are absolute (~ and %d expanded).
struct ResolvedSsh
{
    QString alias;    // what was looked up: the deployment file's address, or a jump's host
    QString hostName; // where to connect (HostName)
    QString user;
    int port = 22;
    QStringList identityFiles;
    bool identitiesOnly = false;
    QStringList userKnownHostsFiles; // the first is where new keys are written
    QString strictHostKeyChecking;   // "yes", "no", "accept-new", "ask" (as ssh_config says it)
    bool hashKnownHosts = false;
    QStringList proxyJump;           // hop specs ([user@]host[:port]), first hop first
    QString proxyCommand;            // raw, with %h %p %r for libssh to expand
    int serverAliveIntervalS = 0;    // 0: none
    int connectTimeoutS = 0;         // 0: none
    QString source;                  // "ssh -G", "libssh" or "deployment file"
    QStringList warnings;            // said once to the operator (e.g. the libssh fallback)
    std::vector<ResolvedSsh> jumps;  // proxyJump resolved, first hop first; each has no jumps of its own

    // "user@host:port"
    [[nodiscard]] QString endpoint() const
    {
        const QString host = hostName.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(hostName) : hostName;
        return QStringLiteral("%1@%2:%3").arg(user, host, QString::number(port));
    }
    [[nodiscard]] SshRoute route() const
    {
        SshRoute r{user, hostName, port, {}, source};
        for (const ResolvedSsh &j : jumps)
            r.jumps << j.endpoint();
        return r;
    }
};

} // namespace greenlight
