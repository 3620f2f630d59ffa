#pragma once

#include "lab/lab.h"

#include <QByteArray>

namespace greenlight::labfiles {

struct Layout
{
    QString root;
    QString subnet;
    int sshPort = 0;
    int appPort = 0;
    QString user;
    QList<LabHost> hosts;
    QString balance = QStringLiteral("roundrobin");
    RouterType router = RouterType::Haproxy;
    int adminPort = 0;
    bool gatedPipeline = false;
    QString nginx = QStringLiteral("/usr/sbin/nginx"); // the router's nginx program, for its reload command
};

[[nodiscard]] QByteArray sshdConfig(const Layout &layout, const LabHost &host);
[[nodiscard]] QByteArray haproxyConfig(const Layout &layout);
[[nodiscard]] QByteArray deployScript();
[[nodiscard]] QByteArray stopScript();
// nginx as the router: its main config, and the upstream file Greenlight owns (blue live).
[[nodiscard]] QByteArray nginxConfig(const Layout &layout);
[[nodiscard]] QByteArray nginxUpstream(const Layout &layout);
[[nodiscard]] QString nginxCommand(const Layout &layout, const QString &action);
// The custom-command router's two scripts, driving HAProxy's runtime API over TCP.
[[nodiscard]] QByteArray routerReadScript(const Layout &layout);
[[nodiscard]] QByteArray routerSetScript(const Layout &layout);
[[nodiscard]] QByteArray deploymentFile(const Layout &layout);

} // namespace greenlight::labfiles
