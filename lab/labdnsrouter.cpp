// The lab's DNS routers: PowerDNS (zone made through its API, then the LUA record written by the
// pdns router itself, all on blue) or BIND (a dynamic zone whose A record holds blue's
// addresses), on 127.0.0.1 and a free port. Ready once the router reads blue live.

#include "lab.h"

#include "lab/labdns.h"
#include "lab/labfiles.h"
#include "config/configloader.h"
#include "router/pdnsapi.h"
#include "router/routerfactory.h"
#include "ssh/hostpool.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace greenlight {

namespace {

labdns::PdnsSettings pdnsSettings(const QString &root, const QString &address, int dnsPort, int apiPort)
{
    return {root + QStringLiteral("/router"), address, static_cast<quint16>(dnsPort), static_cast<quint16>(apiPort), {}};
}

labdns::BindSettings bindSettings(const QString &root, const QString &address, int dnsPort)
{
    return {root + QStringLiteral("/router"), address, static_cast<quint16>(dnsPort), labfiles::kZone,
            QStringLiteral("%1.%2.").arg(labfiles::kRecord, labfiles::kZone), {}, {}};
}

// The zone, made through the API as an operator would.
Status createPdnsZone(const DeploymentConfig &config)
{
    PdnsApi api(config.router.apiUrl, config.router.apiKeyFile, {});
    const QJsonObject zone{{QStringLiteral("name"), QString(labfiles::kZone + QLatin1Char('.'))},
                           {QStringLiteral("kind"), QStringLiteral("Native")},
                           {QStringLiteral("nameservers"), QJsonArray{QStringLiteral("ns1.%1.").arg(labfiles::kZone)}}};
    const Result<PdnsApi::Reply> created =
        api.request("POST", QStringLiteral("/api/v1/servers/localhost/zones"), QJsonDocument(zone).toJson(), 5000, {});
    if (!created || created->status != 201)
        return Status::failure(QStringLiteral("PowerDNS did not create the zone %1: %2").arg(labfiles::kZone, created ? created->bodyText() : created.error()));
    return {};
}

} // namespace

Status Lab::writeDnsFiles(const labfiles::Layout &layout)
{
    if (m_router == RouterType::Pdns) {
        labdns::PdnsSettings settings = pdnsSettings(rootDir(), labfiles::kDnsAddress, m_dnsPort, m_apiPort);
        // URL-safe: the key goes in a header and a config line as it is.
        settings.apiKey = labdns::randomSecret().left(32).replace('/', 'x').replace('+', 'y');
        const QString keyFile = settings.dir + QStringLiteral("/pdns-api.key");
        if (Status s = labdns::writeFile(keyFile, settings.apiKey + '\n'); !s)
            return s;
        QFile::setPermissions(keyFile, QFile::ReadOwner | QFile::WriteOwner);
        return labdns::writePdnsFiles(settings);
    }
    labdns::BindSettings settings = bindSettings(rootDir(), labfiles::kDnsAddress, m_dnsPort);
    settings.secret = labdns::randomSecret();
    settings.zoneBody = labfiles::bindZone(layout);
    return labdns::writeBindFiles(settings);
}

Status Lab::startDns(RouterType type)
{
    QString error;
    QProcess *server = type == RouterType::Pdns
                           ? labdns::startPdns(m_account, m_programs.router, pdnsSettings(rootDir(), labfiles::kDnsAddress, m_dnsPort, m_apiPort), this, &error)
                           : labdns::startBind(m_account, m_programs.router, bindSettings(rootDir(), labfiles::kDnsAddress, m_dnsPort), this, &error);
    if (!server)
        return Status::failure(error);
    m_processes << server;

    ConfigLoader loader;
    Result<DeploymentConfig> config = loader.loadFile(configPath());
    if (!config)
        return Status::failure(QStringLiteral("the lab's deployment file does not load: %1").arg(config.error()));
    if (type == RouterType::Pdns) {
        if (Status s = createPdnsZone(config.value()); !s)
            return s;
    }
    HostPool pool({}, {}); // the DNS routers talk to their server, not over SSH
    const std::unique_ptr<RouterAdapter> router = makeRouter(pool, config.value(), Lane::Control);
    // pdns: the router writes its LUA record with all of it on blue; rfc2136: the zone has blue's.
    const Result<RouterState> state = type == RouterType::Pdns ? router->shift(Colour::Blue, 100, {}) : router->readState({});
    if (!state)
        return Status::failure(QStringLiteral("the lab's %1 router does not read blue live: %2").arg(routerTypeName(type), state.error()));
    if (state->liveColour() != Colour::Blue)
        return Status::failure(QStringLiteral("the lab's %1 router reads %2, not blue live").arg(routerTypeName(type), state->describe()));
    return {};
}

} // namespace greenlight
