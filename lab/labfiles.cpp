#include "labfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace greenlight::labfiles {

QByteArray sshdConfig(const Layout &l, const LabHost &host)
{
    const QString dir = l.root + QStringLiteral("/hosts/") + host.name;
    // An unprivileged sshd: only its own user can log in, with the lab's key.
    return QStringLiteral(
               "ListenAddress %1:%2\n"
               "HostKey %3/ssh_host_ed25519_key\n"
               "PidFile %3/sshd.pid\n"
               "AuthorizedKeysFile %4/authorized_keys\n"
               "AllowUsers %5\n"
               "UsePAM no\n"
               "StrictModes no\n"
               "PubkeyAuthentication yes\n"
               "PasswordAuthentication no\n"
               "KbdInteractiveAuthentication no\n"
               "PermitRootLogin no\n"
               "AllowTcpForwarding yes\n"
               "AllowStreamLocalForwarding yes\n"
               "AcceptEnv GL_*\n"
               "MaxStartups 200\n"
               "MaxSessions 100\n"
               "PrintMotd no\n"
               "LogLevel ERROR\n")
        .arg(host.address).arg(l.sshPort).arg(dir, l.root, l.user)
        .toUtf8();
}

QByteArray haproxyConfig(const Layout &l)
{
    QString servers;
    for (const LabHost &h : l.hosts) {
        if (h.colour == QLatin1String("router"))
            continue;
        const int weight = h.colour == QLatin1String("blue") ? 100 : 0;
        servers += QStringLiteral("    server %1 %2:%3 weight %4 check\n").arg(h.name, h.address).arg(l.appPort).arg(weight);
    }
    const QString tcpAdmin = l.router == RouterType::Command
                                 ? QStringLiteral("    stats socket ipv4@%1.10:%2 level admin\n").arg(l.subnet).arg(l.adminPort)
                                 : QString();
    return QStringLiteral(
               "global\n"
               "    stats socket %1/router/haproxy.sock mode 600 level admin\n"
               "%6"
               "    pidfile %1/router/haproxy.pid\n"
               "    maxconn 4096\n"
               // Access lines on HAProxy's stdout (the lab's haproxy.log): `access_log` for the
               // traffic latency of real requests. No syslog needed.
               "    log stdout format raw local0\n"
               "defaults\n"
               "    mode http\n"
               "    log global\n"
               "    option httplog\n"
               "    timeout connect 2s\n"
               "    timeout client 30s\n"
               "    timeout server 30s\n"
               "    timeout http-keep-alive 30s\n"
               "    option http-keep-alive\n"
               "frontend www\n"
               "    bind %2.10:%3\n"
               "    default_backend app\n"
               "backend app\n"
               "    balance %5\n"
               "    option httpchk GET /health\n"
               "    default-server inter 1s fall 2 rise 1\n"
               "%4")
        .arg(l.root, l.subnet).arg(l.appPort).arg(servers, l.balance, tcpAdmin)
        .toUtf8();
}

QByteArray deployScript()
{
    // Runs on a lab host over SSH: restarts that host's demo backend at a version.
    // Arguments arrive shell-quoted from Greenlight; they are only ever used quoted here.
    return R"SH(#!/bin/sh
# Greenlight lab deploy script: deploy HOST VERSION
set -eu
lab=$(cd "$(dirname "$0")/.." && pwd)
host=$1
version=$2
dir=$lab/hosts/$host
[ -d "$dir" ] || { echo "no such lab host: $host" >&2; exit 2; }
listen=$(cat "$dir/listen")
if [ -f "$dir/backend.pid" ]; then
    pid=$(cat "$dir/backend.pid")
    echo "stopping the backend of $host (pid $pid)"
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
fi
rm -f "$dir/backend.pid"
printf '%s\n' "$version" > "$dir/version"
echo "starting $host at version $version on $listen"
setsid "$lab/bin/greenlight-demo" serve --listen "$listen" --version "$version" --host "$host" \
    --state-dir "$dir" --owner-pid "$(cat "$lab/owner.pid")" >>"$dir/backend.log" 2>&1 </dev/null &
i=0
while [ ! -f "$dir/backend.pid" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
if [ ! -f "$dir/backend.pid" ]; then
    echo "the backend of $host did not start; its log ends with:" >&2
    tail -n 5 "$dir/backend.log" >&2
    exit 1
fi
echo "$host is up at version $version"
)SH";
}

namespace {
QJsonObject routerObject(const Layout &l)
{
    QJsonObject router{
        {QStringLiteral("type"), routerTypeName(l.router)},
        {QStringLiteral("host"), QStringLiteral("router")},
        {QStringLiteral("frontend_url"), QStringLiteral("http://%1:%2/").arg(frontendHost(l.router, l.subnet)).arg(l.appPort)},
        {QStringLiteral("lock_path"), QString(l.root + QStringLiteral("/router/deploy.lock"))},
        {QStringLiteral("journal_path"), QString(l.root + QStringLiteral("/router/journal.jsonl"))},
    };
    switch (l.router) {
    case RouterType::Haproxy:
        router.insert(QStringLiteral("admin_socket"), QString(l.root + QStringLiteral("/router/haproxy.sock")));
        router.insert(QStringLiteral("backend"), QStringLiteral("app"));
        router.insert(QStringLiteral("access_log"), QString(l.root + QStringLiteral("/router/haproxy.log")));
        break;
    case RouterType::Nginx:
        router.insert(QStringLiteral("backend"), QStringLiteral("app"));
        router.insert(QStringLiteral("upstream_file"), QString(l.root + QStringLiteral("/router/upstream.conf")));
        router.insert(QStringLiteral("upstream_directives"), QJsonArray{QStringLiteral("keepalive 16")});
        router.insert(QStringLiteral("test_command"), nginxCommand(l, QStringLiteral("-t -q")));
        router.insert(QStringLiteral("reload_command"), nginxCommand(l, QStringLiteral("-s reload")));
        router.insert(QStringLiteral("pid_file"), QString(l.root + QStringLiteral("/router/nginx.pid")));
        router.insert(QStringLiteral("access_log"), QString(l.root + QStringLiteral("/router/access.log")));
        break;
    case RouterType::Command:
        router.insert(QStringLiteral("read_command"), QString(l.root + QStringLiteral("/bin/router-read")));
        router.insert(QStringLiteral("set_command"), QString(l.root + QStringLiteral("/bin/router-set {colour} {percent}")));
        break;
    case RouterType::Pdns:
    case RouterType::Rfc2136:
        insertDnsRouterKeys(l, router);
        break;
    case RouterType::Route53:
    case RouterType::Alb:
    case RouterType::Beanstalk: // not lab routers: labRouterTypes() does not offer them
        break;
    }
    return router;
}
} // namespace

QByteArray stopScript()
{
    // The finish stage's clean-up on a lab host: stops that host's demo backend.
    return R"SH(#!/bin/sh
# Greenlight lab clean-up script: stop HOST
set -eu
lab=$(cd "$(dirname "$0")/.." && pwd)
dir=$lab/hosts/$1
[ -d "$dir" ] || { echo "no such lab host: $1" >&2; exit 2; }
if [ -f "$dir/backend.pid" ]; then
    pid=$(cat "$dir/backend.pid")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    rm -f "$dir/backend.pid"
    echo "stopped the backend of $1 (pid $pid)"
else
    echo "the backend of $1 was not running"
fi
)SH";
}

namespace {
// The console's lab: shift 10 → 50 → 100 % with 15 s of watching after each partial step, then a
// 20 s bake, under an error-rate gate and a p95 gate.
void gate(QJsonObject &root, bool rfc2136)
{
    QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
    // rfc2136 swaps a name all at once: its only step is 100 %.
    const QJsonArray weights = rfc2136 ? QJsonArray{100} : QJsonArray{10, 50, 100};
    pipeline.replace(2, QJsonObject{{QStringLiteral("stage"), QStringLiteral("shift")}, {QStringLiteral("weights"), weights},
                                    {QStringLiteral("bake_s"), 15}});
    pipeline.insert(3, QJsonObject{{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 20}});
    root.insert(QStringLiteral("pipeline"), pipeline);
    root.insert(QStringLiteral("gates"), QJsonArray{
        QJsonObject{{QStringLiteral("metric"), QStringLiteral("error_rate")}, {QStringLiteral("above"), 0.02},
                    {QStringLiteral("window_s"), 15}, {QStringLiteral("min_samples"), 10}, {QStringLiteral("consecutive"), 3}},
        QJsonObject{{QStringLiteral("metric"), QStringLiteral("p95_ms")}, {QStringLiteral("above"), 250},
                    {QStringLiteral("window_s"), 15}, {QStringLiteral("min_samples"), 10}, {QStringLiteral("consecutive"), 3}},
    });
}
} // namespace

QByteArray deploymentFile(const Layout &l)
{
    QJsonObject hosts;
    QJsonArray blue;
    QJsonArray green;
    for (const LabHost &h : l.hosts) {
        hosts.insert(h.name, QJsonObject{{QStringLiteral("address"), h.address}, {QStringLiteral("port"), l.sshPort}});
        if (h.colour == QLatin1String("blue"))
            blue.append(h.name);
        else if (h.colour == QLatin1String("green"))
            green.append(h.name);
    }
    const auto environment = [&](const QJsonArray &members) {
        QJsonObject env{
            {QStringLiteral("hosts"), members},
            {QStringLiteral("app_port"), l.appPort},
            {QStringLiteral("health_path"), QStringLiteral("/health")},
            {QStringLiteral("version_path"), QStringLiteral("/version")},
            {QStringLiteral("version_command"), QStringLiteral("cat %1/hosts/{host}/version").arg(l.root)},
            {QStringLiteral("deploy_command"), QStringLiteral("%1/bin/deploy {host} {version}").arg(l.root)},
        };
        // A DNS router counts nothing per host: the demo backends count their own page requests,
        // for the traffic split and the drain before a clean-up.
        if (l.router == RouterType::Pdns || l.router == RouterType::Rfc2136)
            env.insert(QStringLiteral("requests_path"), QStringLiteral("/__lab/requests"));
        return env;
    };
    QJsonObject root{
        {QStringLiteral("name"), QStringLiteral("lab")},
        {QStringLiteral("journal"), QString(l.root + QStringLiteral("/journal.jsonl"))},
        {QStringLiteral("ssh"), QJsonObject{
             {QStringLiteral("user"), l.user},
             {QStringLiteral("identity_file"), QString(l.root + QStringLiteral("/client_key"))},
             {QStringLiteral("known_hosts"), QString(l.root + QStringLiteral("/known_hosts"))},
             {QStringLiteral("connect_timeout_s"), 5},
             {QStringLiteral("keepalive_s"), 10},
             {QStringLiteral("use_ssh_config"), false},
         }},
        {QStringLiteral("hosts"), hosts},
        {QStringLiteral("environments"), QJsonObject{{QStringLiteral("blue"), environment(blue)},
                                                     {QStringLiteral("green"), environment(green)}}},
        {QStringLiteral("router"), routerObject(l)},
        {QStringLiteral("pipeline"), QJsonArray{
             QJsonObject{{QStringLiteral("stage"), QStringLiteral("deploy")}, {QStringLiteral("timeout_s"), 30}},
             QJsonObject{{QStringLiteral("stage"), QStringLiteral("verify")}, {QStringLiteral("timeout_s"), 20}},
             // PowerDNS weights a name: one step at half, then all.
             QJsonObject{{QStringLiteral("stage"), QStringLiteral("shift")},
                         {QStringLiteral("weights"), l.router == RouterType::Pdns ? QJsonArray{50, 100} : QJsonArray{100}}},
             QJsonObject{{QStringLiteral("stage"), QStringLiteral("finish")}, {QStringLiteral("keep_warm_s"), 1800},
                         {QStringLiteral("cleanup_command"), QStringLiteral("%1/bin/stop {host}").arg(l.root)}},
         }},
    };
    if (l.gatedPipeline)
        gate(root, l.router == RouterType::Rfc2136);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace greenlight::labfiles
