#include "haproxyrouter.h"

#include <QList>

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kCommandTimeout{5000};
}

HaproxyRouter::HaproxyRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_router(config.router), m_blue(config.blue.hosts), m_green(config.green.hosts), m_lane(lane)
{
}

QString HaproxyRouter::describe() const
{
    return QStringLiteral("HAProxy %1 on %2 (%3)").arg(m_router.backend, m_router.host, m_router.adminSocket);
}

Result<QByteArray> HaproxyRouter::command(const QString &line, const CancelToken &cancel)
{
    CommandRequest request;
    request.kind = CommandRequest::Kind::UnixSocket;
    request.socketPath = m_router.adminSocket;
    request.input = line.toUtf8() + '\n';
    request.timeout = kCommandTimeout;
    request.cancel = cancel;
    QFuture<CommandResult> future = m_pool.run(m_router.host, request, m_lane);
    future.waitForFinished();
    const CommandResult result = future.result();
    if (result.error != CommandError::None)
        return Result<QByteArray>::failure(QStringLiteral("HAProxy on %1: %2").arg(m_router.host, result.errorMessage));
    return result.stdoutTail;
}

Result<RouterState> HaproxyRouter::parseStat(const QByteArray &csv, const QString &backend, const QStringList &blue,
                                             const QStringList &green)
{
    const QList<QByteArray> lines = csv.split('\n');
    if (lines.isEmpty() || !lines.first().startsWith("# "))
        return Result<RouterState>::failure(QStringLiteral("HAProxy answered something that is not `show stat` output: %1")
                                                .arg(QString::fromUtf8(csv.left(200)).trimmed()));
    const QList<QByteArray> header = lines.first().mid(2).split(',');
    const auto column = [&](const char *name) { return header.indexOf(QByteArray(name)); };
    const auto px = column("pxname"), sv = column("svname"), weight = column("weight"), status = column("status"),
               stot = column("stot"), err5 = column("hrsp_5xx");
    if (px < 0 || sv < 0 || weight < 0 || status < 0)
        return Result<RouterState>::failure(QStringLiteral("HAProxy `show stat` lacks the pxname/svname/weight/status columns"));

    RouterState state;
    state.blueServers = blue;
    state.greenServers = green;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).split(',');
        if (f.size() < header.size() || QString::fromUtf8(f.at(px)) != backend)
            continue;
        const QString name = QString::fromUtf8(f.at(sv));
        if (name == QLatin1String("BACKEND") || name == QLatin1String("FRONTEND"))
            continue;
        ServerState s;
        s.name = name;
        s.weight = f.at(weight).toInt();
        s.status = QString::fromUtf8(f.at(status));
        s.totalRequests = stot >= 0 ? f.at(stot).toLongLong() : 0;
        s.errors5xx = err5 >= 0 ? f.at(err5).toLongLong() : 0;
        state.servers.insert(name, s);
    }
    QStringList missing;
    for (const QString &name : blue + green) {
        if (!state.servers.contains(name))
            missing << name;
    }
    if (!missing.isEmpty())
        return Result<RouterState>::failure(QStringLiteral("HAProxy backend \"%1\" has no server named %2; server names must match host names")
                                                .arg(backend, missing.join(QStringLiteral(", "))));
    return state;
}

Result<RouterState> HaproxyRouter::readRouter(const CancelToken &cancel)
{
    const Result<QByteArray> out = command(QStringLiteral("show stat"), cancel);
    if (!out)
        return Result<RouterState>::failure(out.error());
    return parseStat(out.value(), m_router.backend, m_blue, m_green);
}

QString HaproxyRouter::weightCommand(Colour colour, int percent) const
{
    percent = std::clamp(percent, 0, 100);
    const QStringList &target = colour == Colour::Blue ? m_blue : m_green;
    const QStringList &other = colour == Colour::Blue ? m_green : m_blue;
    const auto size = [](const QStringList &l) { return static_cast<int>(l.size()); };
    const int targetWeight = serverWeight(percent, size(target), size(other), m_router.liveWeight);
    const int otherWeight = serverWeight(100 - percent, size(other), size(target), m_router.liveWeight);
    // One connection, one line: HAProxy runs the commands in order, target first.
    QStringList commands;
    for (const QString &server : target)
        commands << QStringLiteral("set weight %1/%2 %3").arg(m_router.backend, server).arg(targetWeight);
    for (const QString &server : other)
        commands << QStringLiteral("set weight %1/%2 %3").arg(m_router.backend, server).arg(otherWeight);
    return commands.join(QLatin1Char(';'));
}

Status HaproxyRouter::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    const Result<QByteArray> out = command(weightCommand(colour, percent), cancel);
    if (!out)
        return Status::failure(out.error());
    const QString refusal = QString::fromUtf8(out.value()).trimmed();
    if (!refusal.isEmpty())
        return Status::failure(QStringLiteral("HAProxy refused the weight change: %1").arg(refusal));
    return {};
}

QString HaproxyRouter::readBackSays() const
{
    return QStringLiteral("HAProxy reports");
}

} // namespace greenlight
