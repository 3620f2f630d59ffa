#include "haproxyrouter.h"

#include "router/haproxyhttplog.h"
#include "router/routercommand.h"

#include <QList>

#include <algorithm>
#include <optional>

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kCommandTimeout{5000};
// HAProxy's own cap on a server's weight.
constexpr qint64 kMaxStatWeight = 256;
// A counter beyond 2^53 is not one a real HAProxy reached; refusing it keeps every sum exact.
constexpr qint64 kMaxStatCounter = qint64(1) << 53;

// A `show stat` field that must be a count: digits only. HAProxy leaves counters empty where
// they do not apply (hrsp_5xx in TCP mode), which reads as 0 when `emptyIsZero`.
std::optional<qint64> statNumber(const QByteArray &field, bool emptyIsZero)
{
    if (field.isEmpty())
        return emptyIsZero ? std::optional<qint64>(0) : std::nullopt;
    if (field.size() > 16 || !std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const qint64 n = field.toLongLong();
    return n <= kMaxStatCounter ? std::optional<qint64>(n) : std::nullopt;
}
} // namespace

HaproxyRouter::HaproxyRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_router(config.router), m_blue(config.blue.hosts), m_green(config.green.hosts), m_lane(lane)
{
    if (!m_router.accessLog.isEmpty())
        m_log.emplace(m_router.accessLog);
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
        s.status = QString::fromUtf8(f.at(status));
        const std::optional<qint64> w = statNumber(f.at(weight), false);
        const std::optional<qint64> requests = stot >= 0 ? statNumber(f.at(stot), true) : 0;
        const std::optional<qint64> errors = err5 >= 0 ? statNumber(f.at(err5), true) : 0;
        if (!w || *w > kMaxStatWeight || !requests || !errors)
            return Result<RouterState>::failure(QStringLiteral("HAProxy `show stat` line for server %1 has a weight or counter that is not a count: %2")
                                                    .arg(name, QString::fromUtf8(lines.at(i).left(200))));
        s.weight = static_cast<int>(*w);
        s.totalRequests = *requests;
        s.errors5xx = *errors;
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
    Result<RouterState> parsed = parseStat(out.value(), m_router.backend, m_blue, m_green);
    if (!parsed || !m_log)
        return parsed;
    RouterState state = std::move(parsed).value();
    followAccessLog(state, cancel);
    return state;
}

// The access log adds times to a read, never fails it: the counters and weights are what the
// read is for. A log that cannot be read leaves the gates on traffic without samples (their
// reading says "… of traffic requests") until it can.
void HaproxyRouter::followAccessLog(RouterState &state, const CancelToken &cancel)
{
    const Result<QByteArray> out = runOnRouter(m_pool, m_router.host, m_lane, QStringLiteral("reading HAProxy's access log"),
                                               m_log->script(), {}, kCommandTimeout, cancel);
    if (!out)
        return;
    const qsizetype marker = out->lastIndexOf(AccessLogTail::marker());
    if (marker < 0)
        return;
    QHash<QString, QList<double>> times;
    m_log->take(out->mid(marker + AccessLogTail::marker().size()), [&](const QByteArray &chunk) {
        return haproxyhttplog::readHttpLog(chunk, m_router.backend, times);
    });
    for (auto it = times.cbegin(); it != times.cend(); ++it) {
        if (state.servers.contains(it.key()))
            state.upstreamMs.insert(it.key(), it.value());
    }
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
