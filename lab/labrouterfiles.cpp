// The lab's router files other than HAProxy's: nginx (main config and the upstream file
// Greenlight owns), the two scripts of the custom-command router, and the DNS routers' keys
// and BIND zone.

#include "labfiles.h"

#include "router/nginxupstream.h"

#include <QJsonArray>

namespace greenlight::labfiles {

QString nginxCommand(const Layout &l, const QString &action)
{
    const QString dir = l.root + QStringLiteral("/router");
    return QStringLiteral("%1 -p %2 -c %2/nginx.conf -e %2/nginx-error.log %3").arg(l.nginx, dir, action);
}

QByteArray nginxConfig(const Layout &l)
{
    // Unprivileged, in the foreground, everything under the lab's router folder.
    const QString dir = l.root + QStringLiteral("/router");
    return QStringLiteral(
               "daemon off;\n"
               "master_process on;\n"
               "worker_processes 1;\n"
               "pid %1/nginx.pid;\n"
               "error_log %1/nginx-error.log warn;\n"
               "events { worker_connections 4096; }\n"
               "http {\n"
               "    log_format greenlight '$msec|$upstream_addr|$upstream_status|$upstream_response_time';\n"
               "    access_log %1/access.log greenlight;\n"
               "    client_body_temp_path %1/tmp/body;\n"
               "    proxy_temp_path %1/tmp/proxy;\n"
               "    fastcgi_temp_path %1/tmp/fastcgi;\n"
               "    uwsgi_temp_path %1/tmp/uwsgi;\n"
               "    scgi_temp_path %1/tmp/scgi;\n"
               "    keepalive_timeout 30s;\n"
               "    include %1/upstream.conf;\n"
               "    server {\n"
               "        listen %2.10:%3;\n"
               "        location / {\n"
               "            proxy_pass http://app;\n"
               "            proxy_http_version 1.1;\n"
               "            proxy_set_header Connection \"\";\n"
               "        }\n"
               "    }\n"
               "}\n")
        .arg(dir, l.subnet)
        .arg(l.appPort)
        .toUtf8();
}

QByteArray nginxUpstream(const Layout &l)
{
    QList<nginxupstream::Server> servers;
    for (const LabHost &h : l.hosts) {
        if (h.colour == QLatin1String("router"))
            continue;
        servers.append({h.name, QStringLiteral("%1:%2").arg(h.address).arg(l.appPort),
                        h.colour == QLatin1String("blue") ? Colour::Blue : Colour::Green});
    }
    return nginxupstream::render(QStringLiteral("app"), servers, {QStringLiteral("keepalive 16")}, Colour::Blue, 100, 100);
}

QByteArray routerReadScript(const Layout &l)
{
    // Prints "<server> <weight> <status>" for the app backend, from HAProxy's `show stat`.
    return QStringLiteral(
               "#!/bin/bash\n"
               "# Greenlight lab: the custom-command router's read command.\n"
               "exec 3<>/dev/tcp/%1.10/%2 || { echo 'cannot reach the HAProxy runtime API' >&2; exit 1; }\n"
               "printf 'show stat\\n' >&3\n"
               "awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }\n"
               "         $1 == \"app\" && $2 != \"BACKEND\" { print $2, $col[\"weight\"], $col[\"status\"] }' <&3\n")
        .arg(l.subnet)
        .arg(l.adminPort)
        .toUtf8();
}

QByteArray routerSetScript(const Layout &l)
{
    QString blue;
    QString green;
    for (const LabHost &h : l.hosts) {
        if (h.colour == QLatin1String("blue"))
            blue += h.name + QLatin1Char(' ');
        else if (h.colour == QLatin1String("green"))
            green += h.name + QLatin1Char(' ');
    }
    // router-set COLOUR PERCENT: the target's servers first, in one request.
    return QStringLiteral(
               "#!/bin/bash\n"
               "# Greenlight lab: the custom-command router's set command.\n"
               "set -u\n"
               "colour=$1 percent=$2\n"
               "case $colour in blue) target='%3' other='%4' ;; green) target='%4' other='%3' ;;\n"
               "    *) echo \"unknown colour: $colour\" >&2; exit 2 ;; esac\n"
               "case $percent in ''|*[!0-9]*) echo \"not a percentage: $percent\" >&2; exit 2 ;; esac\n"
               "commands=''\n"
               "for s in $target; do commands=\"$commands;set weight app/$s $percent\"; done\n"
               "for s in $other; do commands=\"$commands;set weight app/$s $((100 - percent))\"; done\n"
               "exec 3<>/dev/tcp/%1.10/%2 || { echo 'cannot reach the HAProxy runtime API' >&2; exit 1; }\n"
               "printf '%s\\n' \"${commands#;}\" >&3\n"
               "answer=$(cat <&3)\n"
               "if [ -n \"$answer\" ]; then echo \"HAProxy: $answer\" >&2; exit 1; fi\n")
        .arg(l.subnet)
        .arg(l.adminPort)
        .arg(blue.trimmed(), green.trimmed())
        .toUtf8();
}

QString frontendHost(RouterType router, const QString &subnet)
{
    return isDnsRouter(router) ? QStringLiteral("%1.%2").arg(kRecord, kZone) : QStringLiteral("%1.10").arg(subnet);
}

void insertDnsRouterKeys(const Layout &l, QJsonObject &router)
{
    const QString &server = kDnsAddress;
    router.insert(QStringLiteral("server"), server);
    router.insert(QStringLiteral("port"), l.dnsPort);
    router.insert(QStringLiteral("zone"), kZone);
    router.insert(QStringLiteral("name"), kRecord);
    router.insert(QStringLiteral("ttl"), kDnsTtl);
    if (l.router == RouterType::Pdns) {
        router.insert(QStringLiteral("api_url"), QStringLiteral("http://%1:%2").arg(server).arg(l.apiPort));
        router.insert(QStringLiteral("api_key_file"), QString(l.root + QStringLiteral("/router/pdns-api.key")));
    } else {
        // An A record: each colour's host addresses, swapped all at once.
        router.insert(QStringLiteral("record_type"), QStringLiteral("A"));
        router.insert(QStringLiteral("tsig_key_file"), QString(l.root + QStringLiteral("/router/gl-key.conf")));
    }
}

QByteArray bindZone(const Layout &l)
{
    QByteArray zone = "$TTL 60\n@ IN SOA ns1 hostmaster 1 3600 600 86400 60\n@ IN NS ns1\nns1 IN A " + kDnsAddress.toUtf8() + '\n';
    for (const LabHost &h : l.hosts) {
        if (h.colour == QLatin1String("blue"))
            zone += kRecord.toUtf8() + ' ' + QByteArray::number(kDnsTtl) + " IN A " + h.address.toUtf8() + '\n';
    }
    return zone;
}

} // namespace greenlight::labfiles
