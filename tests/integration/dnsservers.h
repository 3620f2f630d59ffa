#pragma once

// Real DNS servers for the DNS routers' tests, started unprivileged on 127.0.0.1 high ports by
// the test and stopped by it, through the lab's own code (lab/labdns.h): PowerDNS Authoritative
// (gsqlite3 backend, HTTP API, LUA records) and BIND (one dynamic zone, a TSIG key).

#include "lab/labdns.h"
#include "lab/labprocess.h"

#include <QProcess>

namespace greenlight::test {

inline bool writeText(const QString &path, const QByteArray &text)
{
    return labdns::writeFile(path, text).ok();
}

inline QByteArray randomSecret()
{
    return labdns::randomSecret();
}

// One server, run as this test's own account and ended with the test.
struct DnsServer
{
    QProcess *process = nullptr;
    quint16 dnsPort = 0;
    quint16 apiPort = 0;
    QString error;

    ~DnsServer() { stop(); }
    void stop()
    {
        if (!process)
            return;
        endProcessGroup(process);
        delete process;
        process = nullptr;
    }
    [[nodiscard]] QString output() const { return error; }
};

// PowerDNS with no zone yet (the test creates it through the API) and API key `key`.
inline bool startPdns(DnsServer &s, const QString &dir, const QByteArray &key)
{
    const QString local = QStringLiteral("127.0.0.1");
    const labdns::PdnsSettings settings{dir, local, labdns::freePort(local), labdns::freePort(local), key};
    s.dnsPort = settings.dnsPort;
    s.apiPort = settings.apiPort;
    if (const Status written = labdns::writePdnsFiles(settings); !written) {
        s.error = written.error();
        return false;
    }
    s.process = labdns::startPdns(LabAccount{}, labdns::kPdnsProgram, settings, nullptr, &s.error);
    return s.process != nullptr;
}

// BIND with one dynamic zone `shop.test.`, updatable for www.shop.test. with key "gl-key" (gl-key.conf in `dir`).
inline bool startBind(DnsServer &s, const QString &dir, const QByteArray &secretBase64, const QByteArray &zoneBody)
{
    const QString local = QStringLiteral("127.0.0.1");
    const labdns::BindSettings settings{dir, local, labdns::freePort(local), QStringLiteral("shop.test"), QStringLiteral("www.shop.test."),
                                        secretBase64, zoneBody};
    s.dnsPort = settings.dnsPort;
    if (const Status written = labdns::writeBindFiles(settings); !written) {
        s.error = written.error();
        return false;
    }
    s.process = labdns::startBind(LabAccount{}, labdns::kBindProgram, settings, nullptr, &s.error);
    return s.process != nullptr;
}

} // namespace greenlight::test
