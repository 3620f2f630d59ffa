#pragma once

#include "lab/lab.h"

#include <QByteArray>
#include <QJsonObject>

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
    int dnsPort = 0;  // the DNS routers: PowerDNS's or BIND's port on kDnsAddress
    int apiPort = 0;  // PowerDNS's HTTP API
};

// The DNS routers' name: kRecord in kZone, answered by the lab's PowerDNS or BIND.
inline const QString kZone = QStringLiteral("lab.test");
inline const QString kRecord = QStringLiteral("www");
inline constexpr int kDnsTtl = 5;
// Where the lab's DNS server listens: BIND listens only on an interface's own address, and
// 127.x.y.10 is not one (lo has 127.0.0.1/8), so both servers use 127.0.0.1 and a free port.
inline const QString kDnsAddress = QStringLiteral("127.0.0.1");
[[nodiscard]] inline bool isDnsRouter(RouterType type) { return type == RouterType::Pdns || type == RouterType::Rfc2136; }
// www.lab.test for the DNS routers, else the router host's address (subnet.10).
[[nodiscard]] QString frontendHost(RouterType router, const QString &subnet);

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
// The DNS routers: their deployment file keys, and BIND's zone (the name on blue's addresses).
void insertDnsRouterKeys(const Layout &layout, QJsonObject &router);
[[nodiscard]] QByteArray bindZone(const Layout &layout);

} // namespace greenlight::labfiles
