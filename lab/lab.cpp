#include "lab.h"

#include "lab/labdns.h"
#include "lab/labfiles.h"
#include "lab/labprocess.h"
#include "http/httpcheck.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QThread>
#include <QUrlQuery>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace greenlight {

namespace {

Status writeFile(const QString &path, const QByteArray &content, QFile::Permissions permissions = {})
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return Status::failure(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.close();
    if (permissions)
        file.setPermissions(permissions);
    return {};
}

Status keygen(const QString &path, const QString &comment)
{
    QProcess p;
    p.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                                           QString(), QStringLiteral("-C"), comment, QStringLiteral("-f"), path});
    if (!p.waitForFinished(10000) || p.exitCode() != 0)
        return Status::failure(QStringLiteral("ssh-keygen failed for %1: %2 (is openssh-client installed?)")
                                   .arg(path, QString::fromLocal8Bit(p.readAllStandardError()).trimmed()));
    return {};
}

} // namespace

Lab::Lab(QObject *parent) : QObject(parent) {}

Lab::~Lab()
{
    stop();
}

QString Lab::findDemoBinary()
{
    return LabPrograms::findDemo(QCoreApplication::applicationDirPath());
}

QString Lab::rootDir() const { return m_dir ? m_dir->path() : QString(); }
QString Lab::configPath() const { return rootDir() + QStringLiteral("/greenlight-lab.json"); }
QString Lab::hostDir(const QString &host) const { return rootDir() + QStringLiteral("/hosts/") + host; }
QString Lab::address(int lastOctet) const { return m_subnet + QLatin1Char('.') + QString::number(lastOctet); }
QString Lab::frontendUrl() const
{
    return QStringLiteral("http://%1:%2/").arg(labfiles::frontendHost(m_router, m_subnet)).arg(m_appPort);
}

QString Lab::dnsServer() const
{
    return labfiles::isDnsRouter(m_router) ? QStringLiteral("%1:%2").arg(labfiles::kDnsAddress).arg(m_dnsPort) : QString();
}

QList<RouterType> labRouterTypes()
{
    return {RouterType::Haproxy, RouterType::Nginx, RouterType::Command, RouterType::Pdns, RouterType::Rfc2136};
}

QStringList labRouterNames()
{
    QStringList names;
    for (const RouterType type : labRouterTypes())
        names << routerTypeName(type);
    return names;
}

Status Lab::pickAddresses()
{
    // A random 127.x.y.0/24 and random high ports, so that labs (and anything else on the
    // machine) do not collide. Every address/port pair is checked by binding it.
    auto *rng = QRandomGenerator::global();
    for (int attempt = 0; attempt < 30; ++attempt) {
        m_subnet = QStringLiteral("127.%1.%2").arg(rng->bounded(1, 255)).arg(rng->bounded(1, 255));
        m_sshPort = rng->bounded(20000, 40000);
        m_appPort = rng->bounded(40000, 60000);
        m_adminPort = m_appPort + 1;
        bool free = true;
        for (const LabHost &h : std::as_const(m_hosts)) {
            const int octet = h.address.section(QLatin1Char('.'), -1).toInt();
            for (int port : {m_sshPort, m_appPort, m_adminPort}) {
                QTcpServer probe;
                if (!probe.listen(QHostAddress(address(octet)), static_cast<quint16>(port)))
                    free = false;
            }
        }
        if (free)
            return {};
    }
    return Status::failure(QStringLiteral("no free loopback address and port pair found for the lab"));
}

Status Lab::start(const LabOptions &options)
{
    if (m_running)
        return Status::failure(QStringLiteral("the lab is already running"));
    if (options.hostsPerColour < 1 || options.hostsPerColour > LabOptions::kMaxHostsPerColour)
        return Status::failure(QStringLiteral("the lab has 1 to %1 hosts a colour").arg(LabOptions::kMaxHostsPerColour));
    const QString demo = options.demoBinary.isEmpty() ? findDemoBinary() : options.demoBinary;
    if (demo.isEmpty() || !QFile::exists(demo))
        return Status::failure(QStringLiteral("cannot find the lab's demo backend greenlight-demo (installed in <prefix>/libexec/greenlight/, "
                                              "built in <build>/lab/demo/; or set GREENLIGHT_DEMO_BIN)"));
    Result<LabPrograms> programs = LabPrograms::findServers(options.router);
    if (!programs)
        return Status::failure(programs.error());
    m_programs = std::move(programs).value();
    m_programs.demo = demo;
    Result<LabAccount> account = LabAccount::resolve();
    if (!account)
        return Status::failure(account.error());
    m_account = account.value();

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/greenlight-lab-XXXXXX"));
    if (!m_dir->isValid())
        return Status::failure(QStringLiteral("cannot create the lab folder: %1").arg(m_dir->errorString()));
    if (!labRouterTypes().contains(options.router))
        return Status::failure(QStringLiteral("the lab has no %1 router; it has %2").arg(routerTypeName(options.router), labRouterNames().join(QStringLiteral(", "))));
    m_router = options.router;

    m_hosts.clear();
    m_hosts << LabHost{QStringLiteral("router"), {}, QStringLiteral("router")};
    for (int i = 1; i <= options.hostsPerColour; ++i)
        m_hosts << LabHost{QStringLiteral("blue-%1").arg(i), {}, QStringLiteral("blue")};
    for (int i = 1; i <= options.hostsPerColour; ++i)
        m_hosts << LabHost{QStringLiteral("green-%1").arg(i), {}, QStringLiteral("green")};
    // Green from .51 up to 40 hosts a colour (what the docs and tests name), else right after blue.
    int blueOctet = 11;
    int greenOctet = options.hostsPerColour <= 40 ? 51 : blueOctet + options.hostsPerColour;
    for (LabHost &h : m_hosts) {
        const int octet = h.colour == QLatin1String("router") ? 10 : (h.colour == QLatin1String("blue") ? blueOctet++ : greenOctet++);
        h.address = QStringLiteral("127.0.0.%1").arg(octet); // subnet is filled in below
    }
    if (Status s = pickAddresses(); !s)
        return s;
    for (LabHost &h : m_hosts)
        h.address = address(h.address.section(QLatin1Char('.'), -1).toInt());
    if (labfiles::isDnsRouter(m_router)) {
        // The DNS server (UDP and TCP) and PowerDNS's API.
        m_dnsPort = labdns::freePort(labfiles::kDnsAddress);
        m_apiPort = labdns::freePort(labfiles::kDnsAddress);
        for (int attempt = 0; attempt < 10 && m_apiPort == m_dnsPort; ++attempt)
            m_apiPort = labdns::freePort(labfiles::kDnsAddress);
        if (m_dnsPort == 0 || m_apiPort == 0 || m_apiPort == m_dnsPort)
            return Status::failure(QStringLiteral("no free port for the lab's DNS server on %1").arg(labfiles::kDnsAddress));
    }

    m_running = true; // from here on, stop() cleans up whatever started
    Status s = writeFiles(options, demo);
    if (s)
        s = startHosts();
    if (s)
        s = startBackends(options);
    if (s)
        s = startRouter(options.router); // last: its first health checks find every backend up
    if (s && options.trafficRps > 0) {
        QStringList arguments{QStringLiteral("traffic"), QStringLiteral("--url"), frontendUrl(), QStringLiteral("--rps"),
                              QString::number(options.trafficRps), QStringLiteral("--owner-pid"), QString::number(::getpid())};
        // A DNS router: the traffic asks the lab's DNS server for the name, as a client would.
        if (labfiles::isDnsRouter(m_router))
            arguments << QStringLiteral("--resolve-via") << QStringLiteral("%1:%2").arg(labfiles::kDnsAddress).arg(m_dnsPort);
        m_processes << startLabProcess(m_account, rootDir() + QStringLiteral("/bin/greenlight-demo"), arguments,
                                       rootDir() + QStringLiteral("/traffic.log"), this);
    }
    if (!s)
        stop();
    return s;
}

Status Lab::writeFiles(const LabOptions &options, const QString &demo)
{
    const QString root = rootDir();
    for (const QString &sub : {QStringLiteral("bin"), QStringLiteral("router"), QStringLiteral("router/tmp")})
        QDir(root).mkpath(sub);
    for (const LabHost &h : std::as_const(m_hosts))
        QDir(root).mkpath(QStringLiteral("hosts/") + h.name);

    labfiles::Layout layout{root, m_subnet, m_sshPort, m_appPort, m_account.name, m_hosts, options.balance, options.router, m_adminPort,
                             options.gatedPipeline};
    layout.dnsPort = m_dnsPort;
    layout.apiPort = m_apiPort;
    if (options.router == RouterType::Nginx)
        layout.nginx = m_programs.router;
    if (Status s = writeFile(root + QStringLiteral("/owner.pid"), QByteArray::number(::getpid()) + '\n'); !s)
        return s;
    if (Status s = keygen(root + QStringLiteral("/client_key"), QStringLiteral("greenlight-lab-client")); !s)
        return s;
    QFile pub(root + QStringLiteral("/client_key.pub"));
    if (!pub.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("cannot read the lab client key"));
    if (Status s = writeFile(root + QStringLiteral("/authorized_keys"), pub.readAll()); !s)
        return s;

    QByteArray knownHosts;
    for (const LabHost &h : std::as_const(m_hosts)) {
        const QString dir = hostDir(h.name);
        if (Status s = keygen(dir + QStringLiteral("/ssh_host_ed25519_key"), h.name); !s)
            return s;
        QFile hostPub(dir + QStringLiteral("/ssh_host_ed25519_key.pub"));
        if (!hostPub.open(QIODevice::ReadOnly))
            return Status::failure(QStringLiteral("cannot read the host key of %1").arg(h.name));
        const QList<QByteArray> parts = hostPub.readAll().trimmed().split(' ');
        knownHosts += QStringLiteral("[%1]:%2 ").arg(h.address).arg(m_sshPort).toUtf8() + parts.value(0) + ' ' + parts.value(1) + '\n';
        if (Status s = writeFile(dir + QStringLiteral("/sshd_config"), labfiles::sshdConfig(layout, h)); !s)
            return s;
        if (h.colour != QLatin1String("router")) {
            if (Status s = writeFile(dir + QStringLiteral("/listen"), QStringLiteral("%1:%2\n").arg(h.address).arg(m_appPort).toUtf8()); !s)
                return s;
        }
    }
    if (Status s = writeFile(root + QStringLiteral("/known_hosts"), knownHosts); !s)
        return s;
    const auto executable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup;
    QList<QPair<QString, QByteArray>> routerFiles;
    if (options.router == RouterType::Nginx) {
        routerFiles = {{QStringLiteral("/router/nginx.conf"), labfiles::nginxConfig(layout)},
                       {QStringLiteral("/router/upstream.conf"), labfiles::nginxUpstream(layout)}};
    } else if (!labfiles::isDnsRouter(options.router)) {
        routerFiles = {{QStringLiteral("/router/haproxy.cfg"), labfiles::haproxyConfig(layout)}};
    }
    for (const auto &[path, content] : std::as_const(routerFiles)) {
        if (Status s = writeFile(root + path, content); !s)
            return s;
    }
    if (labfiles::isDnsRouter(options.router)) {
        if (Status s = writeDnsFiles(layout); !s)
            return s;
    }
    if (options.router == RouterType::Command) {
        if (Status s = writeFile(root + QStringLiteral("/bin/router-read"), labfiles::routerReadScript(layout), executable); !s)
            return s;
        if (Status s = writeFile(root + QStringLiteral("/bin/router-set"), labfiles::routerSetScript(layout), executable); !s)
            return s;
    }
    if (Status s = writeFile(root + QStringLiteral("/bin/deploy"), labfiles::deployScript(), executable); !s)
        return s;
    if (Status s = writeFile(root + QStringLiteral("/bin/stop"), labfiles::stopScript(), executable); !s)
        return s;
    const QString demoTarget = root + QStringLiteral("/bin/greenlight-demo");
    if (!QFile::copy(demo, demoTarget))
        return Status::failure(QStringLiteral("cannot copy %1 into the lab").arg(demo));
    QFile::setPermissions(demoTarget, executable);
    if (Status s = writeFile(configPath(), labfiles::deploymentFile(layout)); !s)
        return s;

    if (m_account.switchUser) {
        // The lab's hosts run as the lab account: hand it the folder.
        QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        const auto handOver = [this](const QString &path) -> Status {
            if (::chown(QFile::encodeName(path).constData(), m_account.uid, m_account.gid) == 0)
                return {};
            return Status::failure(QStringLiteral("cannot hand %1 to the lab account: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
        };
        if (Status s = handOver(root); !s)
            return s;
        while (it.hasNext()) {
            if (Status s = handOver(it.next()); !s)
                return s;
        }
    }
    return {};
}

Status Lab::startHosts()
{
    QList<QPair<LabHost, QProcess *>> started;
    for (const LabHost &h : std::as_const(m_hosts)) {
        const QString dir = hostDir(h.name);
        QProcess *p = startLabProcess(m_account, m_programs.sshd,
                                      {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), dir + QStringLiteral("/sshd_config")},
                                      dir + QStringLiteral("/sshd.log"), this);
        m_processes << p;
        started.append({h, p});
    }
    QElapsedTimer clock;
    clock.start();
    for (const auto &[host, process] : std::as_const(started)) {
        while (!portAccepts(host.address, m_sshPort)) {
            if (process->state() == QProcess::NotRunning || clock.elapsed() > kLabStartTimeoutMs)
                return Status::failure(QStringLiteral("sshd of %1 did not start: %2").arg(host.name, fileTail(hostDir(host.name) + QStringLiteral("/sshd.log"))));
            QThread::msleep(20);
        }
    }
    return {};
}

Status Lab::startBackends(const LabOptions &options)
{
    // The same deploy script the pipeline runs over SSH, run here as the lab account.
    QList<QPair<QString, QProcess *>> running;
    for (const LabHost &h : std::as_const(m_hosts)) {
        if (h.colour == QLatin1String("router"))
            continue;
        const QString version = h.colour == QLatin1String("blue") ? options.liveVersion : options.idleVersion;
        QProcess *p = startLabProcess(m_account, rootDir() + QStringLiteral("/bin/deploy"), {h.name, version},
                                      hostDir(h.name) + QStringLiteral("/deploy.log"), this);
        running.append({h.name, p});
    }
    Status result;
    for (const auto &[name, p] : std::as_const(running)) {
        if (!p->waitForFinished(kLabStartTimeoutMs) || p->exitCode() != 0) {
            if (result)
                result = Status::failure(QStringLiteral("the demo backend of %1 did not start: %2")
                                             .arg(name, fileTail(hostDir(name) + QStringLiteral("/deploy.log"))));
        }
        delete p;
    }
    return result;
}

void Lab::stop()
{
    if (!m_running)
        return;
    m_running = false;
    for (QProcess *p : std::as_const(m_processes)) {
        if (p->processId() > 0)
            ::kill(-static_cast<pid_t>(p->processId()), SIGTERM);
    }
    for (QProcess *p : std::as_const(m_processes)) {
        endProcessGroup(p);
        delete p;
    }
    m_processes.clear();
    for (const LabHost &h : std::as_const(m_hosts)) {
        QFile pidFile(hostDir(h.name) + QStringLiteral("/backend.pid"));
        if (pidFile.open(QIODevice::ReadOnly))
            endPid(pidFile.readAll().trimmed().toLongLong());
    }
    m_dir.reset();
}

Status Lab::setFault(const QString &host, const QHash<QString, QString> &knobs)
{
    QString address;
    for (const LabHost &h : std::as_const(m_hosts)) {
        if (h.name == host)
            address = h.address;
    }
    if (address.isEmpty())
        return Status::failure(QStringLiteral("no lab host named %1").arg(host));
    QUrlQuery query;
    for (auto it = knobs.cbegin(); it != knobs.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    const Result<HttpReply> r = HttpCheck::get(address, m_appPort, QStringLiteral("/__lab/faults?") + query.toString(QUrl::FullyEncoded), 3000);
    if (!r)
        return Status::failure(r.error());
    if (r->status != 200)
        return Status::failure(QStringLiteral("%1 refused the fault: HTTP %2 %3").arg(host).arg(r->status).arg(r->bodyText()));
    return {};
}

} // namespace greenlight
