#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"
#include "lab/labaccount.h"
#include "lab/labprograms.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class QProcess;

namespace greenlight {

namespace labfiles {
struct Layout;
}

struct LabOptions
{
    static constexpr int kMaxHostsPerColour = 64; // 128 hosts: bench/ssh-fanout.sh 128
    int hostsPerColour = 2;
    QString liveVersion = QStringLiteral("1.0.0");   // on blue, which starts live
    QString idleVersion = QStringLiteral("0.9.0");   // on green, warm
    int trafficRps = 10;                             // 0: no synthetic traffic
    // HAProxy's balance algorithm. "static-rr" refuses weights other than 0 % and 100 % at run
    // time: tests use it to see how a refused router command is handled.
    QString balance = QStringLiteral("roundrobin");
    // The router: HAProxy through its runtime API; nginx through its upstream file and reload;
    // "command": the same HAProxy driven by two lab scripts through a custom-command router; or
    // the DNS routers, "pdns" (PowerDNS's API and a LUA record) and "rfc2136" (BIND, nsupdate):
    // then clients resolve www.lab.test at the lab's DNS server and reach the hosts directly.
    RouterType router = RouterType::Haproxy;
    QString demoBinary;                              // greenlight-demo; LabPrograms::findDemo by default
    // The console's lab: a weighted shift (10 → 50 → 100 %) and a bake, watched by an error-rate
    // and a p95 gate, so a first deploy shows the bake dashboard. Tests keep the quick pipeline.
    bool gatedPipeline = false;
};

struct LabHost
{
    QString name;
    QString address;
    QString colour; // "blue", "green" or "router"
};

// The routers the lab can start, in the order `greenlight lab --router` and `--lab-router` list them.
[[nodiscard]] QList<RouterType> labRouterTypes();
[[nodiscard]] QStringList labRouterNames();

// The local lab: real sshd hosts on their own 127.x.y.z addresses, a real HAProxy or nginx router
// (or PowerDNS or BIND answering the name the clients resolve),
// demo backends and light traffic, all in one private temporary folder. Everything it starts
// is ended by pid when it stops (or, by the kernel, if its owner dies).
class Lab final : public QObject
{
    Q_OBJECT
public:
    explicit Lab(QObject *parent = nullptr);
    ~Lab() override;

    // Blocking, bounded (a few seconds): sets everything up and writes the deployment file.
    [[nodiscard]] Status start(const LabOptions &options = {});
    void stop();

    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] QString configPath() const;
    [[nodiscard]] QString rootDir() const;
    [[nodiscard]] QString hostDir(const QString &host) const;
    [[nodiscard]] QString frontendUrl() const;
    [[nodiscard]] int appPort() const { return m_appPort; }
    // The DNS routers: "127.0.0.1:PORT", where frontendUrl()'s name is answered; else empty.
    [[nodiscard]] QString dnsServer() const;
    [[nodiscard]] const LabAccount &account() const { return m_account; }
    // Sets a demo backend's fault knobs, e.g. {"health": "fail"} or {"error_rate": "0.5"}.
    [[nodiscard]] Status setFault(const QString &host, const QHash<QString, QString> &knobs);

    // LabPrograms::findDemo from this program's folder.
    [[nodiscard]] static QString findDemoBinary();

private:
    [[nodiscard]] Status pickAddresses();
    [[nodiscard]] Status writeFiles(const LabOptions &options, const QString &demoBinary);
    [[nodiscard]] Status startHosts();
    [[nodiscard]] Status startBackends(const LabOptions &options);
    [[nodiscard]] Status startRouter(RouterType type);
    [[nodiscard]] Status startHaproxy();
    [[nodiscard]] Status startNginx();
    [[nodiscard]] Status startDns(RouterType type); // labdnsrouter.cpp
    [[nodiscard]] Status writeDnsFiles(const labfiles::Layout &layout);
    [[nodiscard]] Status runAsLabUser(const QString &program, const QStringList &arguments, int timeoutMs);
    [[nodiscard]] QString address(int lastOctet) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    LabAccount m_account;
    LabPrograms m_programs;        // sshd, the router's server, the demo backend
    QList<LabHost> m_hosts;
    QList<QProcess *> m_processes; // sshd, the router's server, traffic
    QString m_subnet;              // "127.x.y"
    int m_sshPort = 0;
    int m_appPort = 0;
    int m_adminPort = 0;           // HAProxy's runtime API over TCP, for the command router
    int m_dnsPort = 0;             // the DNS routers: PowerDNS's or BIND's port on labfiles::kDnsAddress
    int m_apiPort = 0;             // PowerDNS's HTTP API
    RouterType m_router = RouterType::Haproxy;
    bool m_running = false;
};

} // namespace greenlight
