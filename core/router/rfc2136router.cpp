#include "rfc2136router.h"

#include "dns/dnsclient.h"
#include "router/dnsfrontend.h"

#include <QElapsedTimer>
#include <QProcess>

namespace greenlight {

namespace {
constexpr int kUpdateTimeoutMs = 15000;
constexpr int kSliceMs = 50;

QStringList addressesOf(const DeploymentConfig &config, const QStringList &hosts)
{
    QStringList out;
    for (const QString &name : hosts)
        out << config.host(name).value_or(HostConfig{}).address;
    out.sort();
    out.removeDuplicates();
    return out;
}
} // namespace

Rfc2136Router::Rfc2136Router(const DeploymentConfig &config)
    : m_router(config.router), m_blueHosts(config.blue.hosts), m_greenHosts(config.green.hosts),
      m_blueAddresses(addressesOf(config, config.blue.hosts)), m_greenAddresses(addressesOf(config, config.green.hosts))
{
}

QString Rfc2136Router::describe() const
{
    return QStringLiteral("RFC 2136 update of %1 %2 on %3:%4").arg(m_router.recordName, typeName(), m_router.dnsServer).arg(m_router.dnsPort);
}

QString Rfc2136Router::typeName() const
{
    return m_router.recordCname ? QStringLiteral("CNAME") : QStringLiteral("A");
}

QStringList Rfc2136Router::valuesOf(Colour colour) const
{
    if (m_router.recordCname)
        return {colour == Colour::Blue ? m_router.blueTarget : m_router.greenTarget};
    return colour == Colour::Blue ? m_blueAddresses : m_greenAddresses;
}

QString Rfc2136Router::updateScript(Colour colour) const
{
    const QString &name = m_router.recordName;
    QStringList lines{QStringLiteral("server %1 %2").arg(m_router.dnsServer).arg(m_router.dnsPort), QStringLiteral("zone %1").arg(m_router.zone)};
    for (const QString &value : valuesOf(otherColour(colour)))
        lines << QStringLiteral("prereq yxrrset %1 %2 %3").arg(name, typeName(), value);
    lines << QStringLiteral("update delete %1 %2").arg(name, typeName());
    for (const QString &value : valuesOf(colour))
        lines << QStringLiteral("update add %1 %2 %3 %4").arg(name).arg(m_router.ttl).arg(typeName(), value);
    lines << QStringLiteral("send");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString Rfc2136Router::weightCommand(Colour colour, int percent) const
{
    if (percent > 0 && percent < 100)
        return QStringLiteral("(refused: an rfc2136 router moves all traffic at once, not %1 %)").arg(percent);
    const Colour live = percent >= 100 ? colour : otherColour(colour);
    return QStringLiteral("%1 -k %2 <<< '%3'").arg(m_router.nsupdateCommand, m_router.tsigKeyFile,
                                                   updateScript(live).trimmed().replace(QLatin1Char('\n'), QLatin1String("; ")));
}

Result<RouterState> Rfc2136Router::readRouter(const CancelToken &cancel)
{
    const quint16 type = m_router.recordCname ? dns::kTypeCname : dns::kTypeA;
    const Result<DnsReply> answer = DnsClient::ask(recordQuery(m_router, type), cancel);
    if (!answer)
        return Result<RouterState>::failure(answer.error(), ErrorCode::Unreachable);
    if (answer->rcode != dns::kRcodeNoError)
        return Result<RouterState>::failure(QStringLiteral("the DNS server answers %1 for %2 %3").arg(dns::rcodeName(answer->rcode), m_router.recordName, typeName()));
    QStringList values = answer->values(m_router.recordName, type);
    values.sort();
    std::optional<Colour> live;
    if (!values.isEmpty() && values == valuesOf(Colour::Blue))
        live = Colour::Blue;
    else if (!values.isEmpty() && values == valuesOf(Colour::Green))
        live = Colour::Green;
    if (!live)
        return Result<RouterState>::failure(QStringLiteral("%1 %2 is \"%3\", which is neither blue's (%4) nor green's (%5)")
                                                .arg(m_router.recordName, typeName(),
                                                     values.isEmpty() ? QStringLiteral("(nothing)") : values.join(QStringLiteral(" ")),
                                                     valuesOf(Colour::Blue).join(QStringLiteral(" ")), valuesOf(Colour::Green).join(QStringLiteral(" "))));
    RouterState state;
    state.blueServers = m_blueHosts;
    state.greenServers = m_greenHosts;
    for (const QString &host : m_blueHosts)
        state.servers.insert(host, ServerState{host, *live == Colour::Blue ? m_router.liveWeight : 0, QStringLiteral("no check"), 0, 0});
    for (const QString &host : m_greenHosts)
        state.servers.insert(host, ServerState{host, *live == Colour::Green ? m_router.liveWeight : 0, QStringLiteral("no check"), 0, 0});
    return state;
}

Status Rfc2136Router::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    if (percent > 0 && percent < 100)
        return Status::failure(QStringLiteral("an rfc2136 router moves all traffic at once; %1 % was asked").arg(percent));
    const Colour live = percent >= 100 ? colour : otherColour(colour);
    // Already there (a rollback that finds the change never happened): nothing to send.
    if (const Result<RouterState> now = readRouter(cancel); now && now->liveColour() == live)
        return {};
    QProcess process;
    process.start(m_router.nsupdateCommand, {QStringLiteral("-k"), m_router.tsigKeyFile});
    if (!process.waitForStarted(kUpdateTimeoutMs))
        return Status::failure(QStringLiteral("cannot run %1: %2").arg(m_router.nsupdateCommand, process.errorString()));
    process.write(updateScript(live).toUtf8());
    process.closeWriteChannel();
    QElapsedTimer clock;
    clock.start();
    while (!process.waitForFinished(kSliceMs)) {
        if (cancel.isCancelled() || clock.elapsed() >= kUpdateTimeoutMs) {
            process.kill();
            process.waitForFinished(1000);
            return Status::failure(cancel.isCancelled() ? QStringLiteral("nsupdate cancelled")
                                                        : QStringLiteral("nsupdate did not finish within %1 ms").arg(kUpdateTimeoutMs));
        }
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString said = QString::fromUtf8(process.readAllStandardError() + process.readAllStandardOutput()).trimmed().left(500);
        QString why = QStringLiteral("the DNS server refused the update of %1 (nsupdate exit %2): %3").arg(m_router.recordName).arg(process.exitCode()).arg(said);
        if (said.contains(QLatin1String("NXRRSET")))
            why += QStringLiteral(" — %1 %2 is no longer %3's value: someone else changed it; nothing was overwritten")
                       .arg(m_router.recordName, typeName(), colourName(otherColour(live)));
        return Status::failure(why);
    }
    return {};
}

Result<QString> Rfc2136Router::frontendAddress(const QString &host, const CancelToken &cancel)
{
    return dnsFrontendAddress(m_router, host, cancel);
}

QString Rfc2136Router::readBackSays() const
{
    return QStringLiteral("the DNS server reports");
}

} // namespace greenlight
