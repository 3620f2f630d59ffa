#pragma once

// Real DNS servers for the DNS routers, unprivileged on a loopback address and high ports:
// PowerDNS Authoritative (gsqlite3 backend, HTTP API, LUA records) for "type": "pdns", and BIND
// (one dynamic zone, a TSIG key) for "type": "rfc2136". The lab runs them beside its hosts;
// tst_dnsrouters runs them alone. Files first (before the lab hands its folder over), then the
// server, started as the lab account and waited for within kLabStartTimeoutMs.

#include "common/result.h"
#include "lab/labaccount.h"

#include <QByteArray>
#include <QString>

class QObject;
class QProcess;

namespace greenlight::labdns {

// Where Debian puts them (the lab finds them through LabPrograms).
inline const QString kPdnsProgram = QStringLiteral("/usr/sbin/pdns_server");
inline const QString kBindProgram = QStringLiteral("/usr/sbin/named");

struct PdnsSettings
{
    QString dir;      // pdns.conf, pdns.sqlite3, pdns.log
    QString address;  // listens here: DNS (UDP and TCP) and the HTTP API
    quint16 dnsPort = 0;
    quint16 apiPort = 0;
    QByteArray apiKey;
};

struct BindSettings
{
    QString dir;      // named.conf, the zone file, the key file, named.log
    QString address;
    quint16 dnsPort = 0;
    QString zone;     // "shop.test"
    QString updatable; // the one name the key may change: "www.shop.test."
    QByteArray secret; // base64 HMAC-SHA256 secret of the key "gl-key"
    QByteArray zoneBody;
};

// A port free on `address` for both TCP and UDP right now; 0 if none was found.
[[nodiscard]] quint16 freePort(const QString &address);
// 32 random bytes, base64: a TSIG secret (or, made URL-safe, an API key).
[[nodiscard]] QByteArray randomSecret();
[[nodiscard]] Status writeFile(const QString &path, const QByteArray &content);

// The gsqlite3 database (from the package's schema) and pdns.conf.
[[nodiscard]] Status writePdnsFiles(const PdnsSettings &settings);
// Started once its HTTP API accepts connections; nullptr and `error` set if it did not.
[[nodiscard]] QProcess *startPdns(const LabAccount &account, const QString &program, const PdnsSettings &settings, QObject *parent, QString *error);

// named.conf, the key file (bindKeyFile) and the zone file.
[[nodiscard]] Status writeBindFiles(const BindSettings &settings);
[[nodiscard]] QString bindKeyFile(const BindSettings &settings);
// Started once it answers for the zone's name server; nullptr and `error` set if it did not.
[[nodiscard]] QProcess *startBind(const LabAccount &account, const QString &program, const BindSettings &settings, QObject *parent, QString *error);

// True once `address`:`port` answers a query for `name` (waits at most `ms`).
[[nodiscard]] bool waitForAnswer(const QString &address, quint16 port, const QString &name, int ms);

} // namespace greenlight::labdns
