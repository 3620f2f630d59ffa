#include "dnsrouterreader.h"

#include "dns/dnsmessage.h"

#include <QHostAddress>
#include <QUrl>

namespace greenlight {

namespace {

QString canonicalIn(ObjectReader &r, const char *key, const QString &value, const QString &zone)
{
    if (value.isEmpty())
        return {};
    // A name without a final dot is relative to the zone unless it already ends in it.
    QString full = value;
    if (!value.endsWith(QLatin1Char('.')) && !zone.isEmpty()) {
        const QString bare = zone.left(zone.size() - 1);
        if (value.compare(bare, Qt::CaseInsensitive) != 0 && !value.endsWith(QLatin1Char('.') + bare, Qt::CaseInsensitive))
            full = value + QLatin1Char('.') + bare;
    }
    const QString canonical = dns::canonicalName(full);
    if (canonical.isEmpty())
        r.problem(r.pointerOf(key), QStringLiteral("\"%1\" is not a DNS name (labels of letters, digits, '-' and '_', 63 bytes each)").arg(value));
    return canonical;
}

} // namespace

void readDnsRouterKeys(ObjectReader &r, RouterConfig &c, const std::function<QString(const QString &)> &resolvePath)
{
    const bool pdns = c.type == RouterType::Pdns;
    const bool rfc = c.type == RouterType::Rfc2136;
    const bool dnsType = pdns || rfc;
    c.dnsServer = r.string("server", dnsType);
    c.dnsPort = r.integer("port", 1, 65535, c.dnsPort);
    const QString zone = r.string("zone", dnsType);
    const QString name = r.string("name", dnsType);
    c.ttl = r.integer("ttl", 1, 86400, c.ttl);
    c.apiUrl = r.string("api_url", pdns);
    c.apiKeyFile = resolvePath(r.string("api_key_file", false));
    c.apiKeyEnv = r.string("api_key_env", false);
    const QString pick = r.string("pick", false, QStringLiteral("hashed"));
    const QString recordType = r.string("record_type", false, QStringLiteral("CNAME"));
    const QString blueTarget = r.string("blue_target", false);
    const QString greenTarget = r.string("green_target", false);
    c.tsigKeyFile = resolvePath(r.string("tsig_key_file", rfc));
    c.nsupdateCommand = r.string("nsupdate_command", false, c.nsupdateCommand);

    if (!dnsType)
        return;
    c.zone = dns::canonicalName(zone);
    if (!zone.isEmpty() && c.zone.isEmpty())
        r.problem(r.pointerOf("zone"), QStringLiteral("\"%1\" is not a DNS name").arg(zone));
    c.recordName = canonicalIn(r, "name", name, c.zone);
    if (!c.recordName.isEmpty() && !c.zone.isEmpty() && c.recordName != c.zone && !c.recordName.endsWith(QLatin1Char('.') + c.zone))
        r.problem(r.pointerOf("name"), QStringLiteral("\"%1\" is not inside the zone \"%2\"").arg(c.recordName, c.zone));
    if (!c.dnsServer.isEmpty() && QHostAddress(c.dnsServer).protocol() != QAbstractSocket::IPv4Protocol)
        r.problem(r.pointerOf("server"), QStringLiteral("expected the DNS server's IPv4 address, found \"%1\"").arg(c.dnsServer));
    if (pdns) {
        const QUrl url(c.apiUrl);
        if (!c.apiUrl.isEmpty() && (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()))
            r.problem(r.pointerOf("api_url"), QStringLiteral("expected an http:// URL, found \"%1\"").arg(c.apiUrl));
        if (c.apiKeyFile.isEmpty() == c.apiKeyEnv.isEmpty())
            r.problem(QStringLiteral("/router"), QStringLiteral("give the API key as exactly one of \"api_key_file\" or \"api_key_env\" (never the key itself)"));
        if (pick != QLatin1String("hashed") && pick != QLatin1String("random"))
            r.problem(r.pointerOf("pick"), QStringLiteral("expected \"hashed\" or \"random\", found \"%1\"").arg(pick));
        c.pickHashed = pick != QLatin1String("random");
    }
    if (rfc) {
        if (recordType != QLatin1String("CNAME") && recordType != QLatin1String("A"))
            r.problem(r.pointerOf("record_type"), QStringLiteral("expected \"CNAME\" or \"A\", found \"%1\"").arg(recordType));
        c.recordCname = recordType != QLatin1String("A");
        if (c.recordCname) {
            c.blueTarget = canonicalIn(r, "blue_target", blueTarget, c.zone);
            c.greenTarget = canonicalIn(r, "green_target", greenTarget, c.zone);
            for (const char *key : {"blue_target", "green_target"}) {
                if ((key[0] == 'b' ? blueTarget : greenTarget).isEmpty())
                    r.problem(r.pointerOf(key), QStringLiteral("required for \"record_type\": \"CNAME\" (the name each colour's record points at)"));
            }
            if (!c.blueTarget.isEmpty() && c.blueTarget == c.greenTarget)
                r.problem(r.pointerOf("green_target"), QStringLiteral("the same as blue_target; the colours must differ"));
        }
    }
}

void checkDnsRouter(const DeploymentConfig &config, const QString &weightsPointer, ProblemList &problems)
{
    const RouterConfig &c = config.router;
    const bool addresses = c.type == RouterType::Pdns || (c.type == RouterType::Rfc2136 && !c.recordCname);
    if (addresses) {
        for (const EnvironmentConfig *env : {&config.blue, &config.green}) {
            for (qsizetype i = 0; i < env->hosts.size(); ++i) {
                const std::optional<HostConfig> host = config.host(env->hosts.at(i));
                if (host && QHostAddress(host->address).protocol() != QAbstractSocket::IPv4Protocol)
                    problems.add(QStringLiteral("/hosts/%1/address").arg(host->name),
                                 QStringLiteral("the %1 router answers this host's address in an A record: it must be an IPv4 address, found \"%2\"")
                                     .arg(routerTypeName(c.type), host->address));
            }
        }
    }
    if (c.type != RouterType::Rfc2136)
        return;
    const StageConfig *shift = config.stage(StageKind::Shift);
    if (shift && shift->weights != QList<int>{100})
        problems.add(weightsPointer.isEmpty() ? QStringLiteral("/pipeline") : weightsPointer,
                     QStringLiteral("an rfc2136 router moves all traffic at once (DNS cannot weight a name); use \"weights\": [100], or a pdns router for steps"));
}

} // namespace greenlight
