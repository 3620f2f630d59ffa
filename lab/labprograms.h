#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// Where the lab finds the programs it runs: the servers Debian packages install (sshd, HAProxy,
// nginx, PowerDNS, BIND) and the demo backend (greenlight-demo, which the package installs under
// <prefix>/libexec/greenlight/ and the build leaves in <build>/lab/demo/).
struct LabPrograms
{
    QString sshd;
    QString router; // haproxy; nginx, pdns_server or named for those routers
    QString demo;

    // The folders the servers are looked for in, in order.
    [[nodiscard]] static QStringList serverDirs();
    // Every server this router's lab needs, or one message naming each missing program and the
    // apt-get command that installs exactly those packages.
    [[nodiscard]] static Result<LabPrograms> findServers(RouterType router, const QStringList &dirs = serverDirs());
    // $GREENLIGHT_DEMO_BIN, else beside `appDir` as installed or as built, else on PATH; empty if none.
    [[nodiscard]] static QString findDemo(const QString &appDir);
};

} // namespace greenlight
