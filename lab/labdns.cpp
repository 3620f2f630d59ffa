#include "labdns.h"

#include "lab/labprocess.h"
#include "dns/dnsclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QThread>
#include <QUdpSocket>

namespace greenlight::labdns {

namespace {

// Ends a server that did not come up and says why, with its log's last lines.
QProcess *failed(QProcess *process, const QString &what, const QString &log, QString *error)
{
    if (error)
        *error = QStringLiteral("%1 did not start: %2").arg(what, fileTail(log));
    endProcessGroup(process);
    delete process;
    return nullptr;
}

} // namespace

quint16 freePort(const QString &address)
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer tcp;
        if (!tcp.listen(QHostAddress(address), 0))
            continue;
        QUdpSocket udp;
        if (udp.bind(QHostAddress(address), tcp.serverPort()))
            return tcp.serverPort();
    }
    return 0;
}

QByteArray randomSecret()
{
    QByteArray bytes(32, '\0');
    for (char &b : bytes)
        b = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return bytes.toBase64();
}

Status writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

bool waitForAnswer(const QString &address, quint16 port, const QString &name, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        DnsQuery q;
        q.server = address;
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

Status writePdnsFiles(const PdnsSettings &s)
{
    const QString db = s.dir + QStringLiteral("/pdns.sqlite3");
    QProcess schema;
    schema.setStandardInputFile(QStringLiteral("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"));
    schema.start(QStringLiteral("sqlite3"), {db});
    if (!schema.waitForFinished(10000) || schema.exitCode() != 0)
        return Status::failure(QStringLiteral("cannot create PowerDNS's database %1 with sqlite3 (install pdns-backend-sqlite3 and sqlite3): %2")
                                   .arg(db, QString::fromLocal8Bit(schema.readAllStandardError()).trimmed()));
    const QByteArray address = s.address.toUtf8();
    const QByteArray conf = "launch=gsqlite3\ngsqlite3-database=" + db.toUtf8() + "\nlocal-address=" + address + "\nlocal-port="
                            + QByteArray::number(s.dnsPort) + "\napi=yes\napi-key=" + s.apiKey + "\nwebserver=yes\nwebserver-address=" + address
                            + "\nwebserver-port=" + QByteArray::number(s.apiPort) + "\nwebserver-allow-from=127.0.0.0/8\nenable-lua-records=yes\n"
                            "socket-dir=" + s.dir.toUtf8() + "\nguardian=no\ndaemon=no\ndisable-syslog=yes\nloglevel=4\n";
    return writeFile(s.dir + QStringLiteral("/pdns.conf"), conf);
}

QProcess *startPdns(const LabAccount &account, const QString &program, const PdnsSettings &s, QObject *parent, QString *error)
{
    const QString log = s.dir + QStringLiteral("/pdns.log");
    QProcess *p = startLabProcess(account, program, {QStringLiteral("--config-dir=") + s.dir}, log, parent);
    QElapsedTimer clock;
    clock.start();
    while (p->state() == QProcess::Running && clock.elapsed() < kLabStartTimeoutMs) {
        if (portAccepts(s.address, s.apiPort))
            return p;
        QThread::msleep(50);
    }
    return failed(p, QStringLiteral("PowerDNS"), log, error);
}

QString bindKeyFile(const BindSettings &s)
{
    return s.dir + QStringLiteral("/gl-key.conf");
}

Status writeBindFiles(const BindSettings &s)
{
    const QByteArray key = "key \"gl-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + s.secret + "\";\n};\n";
    const QByteArray d = s.dir.toUtf8();
    const QByteArray zone = s.zone.toUtf8();
    const QByteArray conf = "include \"" + bindKeyFile(s).toUtf8() + "\";\noptions {\n directory \"" + d + "\";\n listen-on port "
                            + QByteArray::number(s.dnsPort) + " { " + s.address.toUtf8() + "; };\n listen-on-v6 { none; };\n pid-file \"" + d
                            + "/named.pid\";\n session-keyfile \"" + d + "/session.key\";\n recursion no;\n dnssec-validation no;\n};\n"
                            "controls { };\nzone \"" + zone + "\" {\n type primary;\n file \"" + d + "/" + zone + ".db\";\n"
                            " update-policy { grant gl-key name " + s.updatable.toUtf8() + " ANY; };\n};\n";
    if (Status st = writeFile(bindKeyFile(s), key); !st)
        return st;
    if (Status st = writeFile(s.dir + QStringLiteral("/named.conf"), conf); !st)
        return st;
    return writeFile(s.dir + QLatin1Char('/') + s.zone + QStringLiteral(".db"), s.zoneBody);
}

QProcess *startBind(const LabAccount &account, const QString &program, const BindSettings &s, QObject *parent, QString *error)
{
    const QString log = s.dir + QStringLiteral("/named.log");
    QProcess *p = startLabProcess(account, program, {QStringLiteral("-g"), QStringLiteral("-c"), s.dir + QStringLiteral("/named.conf")}, log, parent);
    QElapsedTimer clock;
    clock.start();
    const QString nameServer = QStringLiteral("ns1.%1.").arg(s.zone);
    while (p->state() == QProcess::Running && clock.elapsed() < kLabStartTimeoutMs) {
        if (waitForAnswer(s.address, s.dnsPort, nameServer, 300))
            return p;
    }
    return failed(p, QStringLiteral("BIND (named)"), log, error);
}

} // namespace greenlight::labdns
