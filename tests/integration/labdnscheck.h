#pragma once

// Shared by the DNS lab tests: what the lab's DNS server answers for the frontend's name, as a
// client asking it (from any loopback address) would see it.

#include "config/deploymentconfig.h"
#include "dns/dnsclient.h"
#include "http/httpcheck.h"
#include "integration/clirun.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace greenlight::test {

// The addresses the lab's DNS server answers for the frontend's name, asked from `source`.
inline QStringList answer(const DeploymentConfig &config, const QString &source = {})
{
    DnsQuery q;
    q.server = config.router.dnsServer;
    q.port = static_cast<quint16>(config.router.dnsPort);
    q.name = config.router.recordName;
    q.source = source;
    const Result<DnsReply> r = DnsClient::ask(q);
    return r ? r->values(config.router.recordName, dns::kTypeA) : QStringList{QStringLiteral("(error: %1)").arg(r.error())};
}

inline QStringList colourAddresses(const DeploymentConfig &config, Colour colour)
{
    QStringList addresses;
    for (const QString &name : config.environment(colour).hosts)
        addresses << config.host(name)->address;
    return addresses;
}

// What a client of the name is served: resolve at the lab's DNS server, connect to the answer.
inline QString servedVersion(const DeploymentConfig &config, int appPort)
{
    const QStringList addresses = answer(config);
    if (addresses.isEmpty())
        return QStringLiteral("(no answer)");
    const Result<HttpReply> r = HttpCheck::get(addresses.first(), appPort, QStringLiteral("/version"), 3000);
    return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
}

// How `clients` clients, each asking once from its own address (127.0.2.1, …), are answered.
struct DnsSplit
{
    int blue = 0;
    int green = 0;
    int other = 0;
    [[nodiscard]] int greenPercent() const { return (blue + green + other) > 0 ? green * 100 / (blue + green + other) : 0; }
};

inline DnsSplit splitOfClients(const DeploymentConfig &config, int clients)
{
    const QStringList blue = colourAddresses(config, Colour::Blue);
    const QStringList green = colourAddresses(config, Colour::Green);
    DnsSplit split;
    for (int i = 0; i < clients; ++i) {
        const QStringList a = answer(config, QStringLiteral("127.0.%1.%2").arg(2 + i / 250).arg(1 + i % 250));
        if (a.size() == 1 && blue.contains(a.first()))
            ++split.blue;
        else if (a.size() == 1 && green.contains(a.first()))
            ++split.green;
        else
            ++split.other;
    }
    return split;
}

// A client that kept blue's old answer: asks one blue host for "/" until stopped.
class StaleClient final
{
public:
    StaleClient(const QString &address, int port)
        : m_thread(QThread::create([this, address, port] {
              while (!m_stop.load()) {
                  (void)HttpCheck::get(address, port, QStringLiteral("/"), 1000);
                  QThread::msleep(100);
              }
          }))
    {
        m_thread->start();
    }
    ~StaleClient()
    {
        m_stop = true;
        m_thread->wait(5000);
    }

private:
    std::atomic_bool m_stop = false;
    std::unique_ptr<QThread> m_thread;
};

inline QJsonObject status(const QString &configPath)
{
    const Run run = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), configPath, QStringLiteral("--json")});
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

inline QString fileText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace greenlight::test
