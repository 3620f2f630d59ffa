#pragma once

// Real DNS servers for the DNS routers' tests, started unprivileged on 127.0.0.1 high ports by
// the test and stopped by it: PowerDNS Authoritative (gsqlite3 backend, HTTP API, LUA records)
// and BIND (one dynamic zone, a TSIG key). Start loops are bounded; nothing outlives the test.

#include "dns/dnsclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUdpSocket>

namespace greenlight::test {

// A port free on 127.0.0.1 for both TCP and UDP right now.
inline quint16 freePort()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress::LocalHost, 0))
            continue;
        QUdpSocket udp;
        if (udp.bind(QHostAddress::LocalHost, tcp.serverPort()))
            return tcp.serverPort();
    }
    return 0;
}

inline bool writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

// Waits (at most `ms`) until the server answers a query for `name`.
inline bool waitForDns(quint16 port, const QString &name, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        DnsQuery q;
        q.server = QStringLiteral("127.0.0.1");
        q.port = port;
        q.name = name;
        q.type = dns::kTypeA;
        q.timeoutMs = 300;
        if (DnsClient::ask(q))
            return true;
        QThread::msleep(100);
    }
    return false;
}

struct DnsServer
{
    QString dir;
    QProcess process;
    quint16 dnsPort = 0;
    quint16 apiPort = 0;
    QString log;

    ~DnsServer() { stop(); }
    void stop()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(5000)) {
            process.kill();
            process.waitForFinished(2000);
        }
    }
    [[nodiscard]] QString output() { return QString::fromUtf8(process.readAll()).right(2000); }
};

// PowerDNS with zone `zone` (created through its API by the caller) and API key `key`.
inline bool startPdns(DnsServer &s, const QString &dir, const QByteArray &key)
{
    s.dir = dir;
    s.dnsPort = freePort();
    s.apiPort = freePort();
    const QString db = dir + QStringLiteral("/pdns.sqlite3");
    QProcess schema;
    schema.setStandardInputFile(QStringLiteral("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"));
    schema.start(QStringLiteral("sqlite3"), {db});
    if (!schema.waitForFinished(10000) || schema.exitCode() != 0)
        return false;
    const QByteArray conf = "launch=gsqlite3\ngsqlite3-database=" + db.toUtf8() + "\nlocal-address=127.0.0.1\nlocal-port="
                            + QByteArray::number(s.dnsPort) + "\napi=yes\napi-key=" + key + "\nwebserver=yes\nwebserver-address=127.0.0.1\n"
                            "webserver-port=" + QByteArray::number(s.apiPort) + "\nwebserver-allow-from=127.0.0.0/8\nenable-lua-records=yes\n"
                            "socket-dir=" + dir.toUtf8() + "\nguardian=no\ndaemon=no\ndisable-syslog=yes\nloglevel=4\n";
    if (!writeText(dir + QStringLiteral("/pdns.conf"), conf))
        return false;
    s.process.setProcessChannelMode(QProcess::MergedChannels);
    s.process.start(QStringLiteral("/usr/sbin/pdns_server"), {QStringLiteral("--config-dir=") + dir});
    if (!s.process.waitForStarted(5000))
        return false;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 15000 && s.process.state() == QProcess::Running) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, s.apiPort);
        if (probe.waitForConnected(200))
            return true;
        QThread::msleep(100);
    }
    return false;
}

// BIND with one dynamic zone `shop.test.`, updatable for www.shop.test. with key "gl-key".
inline bool startBind(DnsServer &s, const QString &dir, const QByteArray &secretBase64, const QByteArray &zoneBody)
{
    s.dir = dir;
    s.dnsPort = freePort();
    const QByteArray key = "key \"gl-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + secretBase64 + "\";\n};\n";
    const QByteArray d = dir.toUtf8();
    const QByteArray conf = "include \"" + d + "/gl-key.conf\";\noptions {\n directory \"" + d + "\";\n listen-on port "
                            + QByteArray::number(s.dnsPort) + " { 127.0.0.1; };\n listen-on-v6 { none; };\n pid-file \"" + d
                            + "/named.pid\";\n session-keyfile \"" + d + "/session.key\";\n recursion no;\n dnssec-validation no;\n};\n"
                            "controls { };\nzone \"shop.test\" {\n type primary;\n file \"" + d + "/shop.test.db\";\n"
                            " update-policy { grant gl-key name www.shop.test. ANY; };\n};\n";
    if (!writeText(dir + QStringLiteral("/gl-key.conf"), key) || !writeText(dir + QStringLiteral("/named.conf"), conf)
        || !writeText(dir + QStringLiteral("/shop.test.db"), zoneBody))
        return false;
    s.process.setProcessChannelMode(QProcess::MergedChannels);
    s.process.start(QStringLiteral("/usr/sbin/named"), {QStringLiteral("-g"), QStringLiteral("-c"), dir + QStringLiteral("/named.conf")});
    if (!s.process.waitForStarted(5000))
        return false;
    return waitForDns(s.dnsPort, QStringLiteral("ns1.shop.test."), 15000);
}

inline QByteArray randomSecret()
{
    QByteArray bytes(32, '\0');
    for (char &b : bytes)
        b = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return bytes.toBase64();
}

} // namespace greenlight::test
