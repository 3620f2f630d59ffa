#include "nginxupstream.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <optional>

namespace greenlight::nginxupstream {

namespace {
const QString kHostTag = QStringLiteral("# greenlight host=");

int weightFor(const QList<Server> &servers, Colour server, Colour target, int percent, int liveWeight)
{
    const auto count = [&](Colour c) {
        return static_cast<int>(std::count_if(servers.cbegin(), servers.cend(), [c](const Server &s) { return s.colour == c; }));
    };
    const int share = server == target ? percent : 100 - percent;
    // nginx has no weight cap worth meeting; HAProxy's 256 keeps the two routers alike.
    return serverWeight(share, count(server), count(otherColour(server)), liveWeight);
}
} // namespace

QList<Server> servers(const DeploymentConfig &config)
{
    QList<Server> out;
    for (const Colour colour : {Colour::Blue, Colour::Green}) {
        const EnvironmentConfig &env = config.environment(colour);
        for (const QString &name : env.hosts) {
            const std::optional<HostConfig> host = config.host(name);
            out.append({name, QStringLiteral("%1:%2").arg(host ? host->address : name).arg(env.appPort), colour});
        }
    }
    return out;
}

QByteArray render(const QString &upstream, const QList<Server> &servers, const QStringList &directives, Colour colour,
                  int percent, int liveWeight)
{
    percent = std::clamp(percent, 0, 100);
    QString text = QStringLiteral("# Written by Greenlight on every traffic change: edits here are overwritten.\n"
                                  "# %1 %2%, %3 %4%.\n")
                       .arg(colourName(colour)).arg(percent).arg(colourName(otherColour(colour))).arg(100 - percent);
    text += QStringLiteral("upstream %1 {\n").arg(upstream);
    for (const Server &s : servers) {
        const int weight = weightFor(servers, s.colour, colour, percent, liveWeight);
        const QString parameters = weight > 0 ? QStringLiteral("weight=%1").arg(weight) : QStringLiteral("down");
        text += QStringLiteral("    server %1 %2;  %3%4 colour=%5\n").arg(s.address, parameters, kHostTag, s.host, colourName(s.colour));
    }
    for (const QString &directive : directives) {
        QString line = directive.trimmed();
        if (!line.endsWith(QLatin1Char(';')))
            line += QLatin1Char(';');
        text += QStringLiteral("    %1\n").arg(line);
    }
    text += QStringLiteral("}\n");
    return text.toUtf8();
}

Result<RouterState> parse(const QByteArray &file, const QString &upstream, const QList<Server> &servers)
{
    const QString text = QString::fromUtf8(file);
    const QRegularExpression blockStart(QStringLiteral("(^|\\n)\\s*upstream\\s+%1\\s*\\{").arg(QRegularExpression::escape(upstream)));
    const QRegularExpressionMatch start = blockStart.match(text);
    if (!start.hasMatch())
        return Result<RouterState>::failure(QStringLiteral("the upstream file has no \"upstream %1 { ... }\" block").arg(upstream));
    const qsizetype end = text.indexOf(QLatin1Char('}'), start.capturedEnd());
    if (end < 0)
        return Result<RouterState>::failure(QStringLiteral("the \"upstream %1\" block is not closed").arg(upstream));

    RouterState state;
    for (const Server &s : servers)
        (s.colour == Colour::Blue ? state.blueServers : state.greenServers) << s.host;
    const QRegularExpression serverLine(QStringLiteral("^\\s*server\\s+(\\S+)([^;]*);\\s*(#.*)?$"));
    const QStringList lines = text.mid(start.capturedEnd(), end - start.capturedEnd()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QRegularExpressionMatch m = serverLine.match(line);
        if (!m.hasMatch())
            continue;
        const QString address = m.captured(1);
        const QString comment = m.captured(3);
        QString host;
        if (const qsizetype tag = comment.indexOf(kHostTag); tag >= 0)
            host = comment.mid(tag + kHostTag.size()).section(QLatin1Char(' '), 0, 0);
        for (const Server &s : servers) {
            if (host.isEmpty() && s.address == address)
                host = s.host;
        }
        if (host.isEmpty())
            continue; // a server Greenlight does not manage
        ServerState server;
        server.name = host;
        // nginx (open source) has no active health checks: no status to report.
        server.status = QStringLiteral("no check");
        const QStringList parameters = m.captured(2).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const bool down = parameters.contains(QStringLiteral("down"));
        server.weight = down ? 0 : 1;
        for (const QString &p : parameters) {
            if (!down && p.startsWith(QLatin1String("weight=")))
                server.weight = p.mid(7).toInt();
        }
        state.servers.insert(host, server);
    }
    QStringList missing;
    for (const Server &s : servers) {
        if (!state.servers.contains(s.host))
            missing << QStringLiteral("%1 (%2)").arg(s.host, s.address);
    }
    if (!missing.isEmpty())
        return Result<RouterState>::failure(QStringLiteral("the \"upstream %1\" block has no server for %2")
                                                .arg(upstream, missing.join(QStringLiteral(", "))));
    return state;
}

namespace {
// "$upstream_response_time" in seconds ("0.004"), as milliseconds; nothing for "-" or garbage.
std::optional<double> upstreamTimeMs(const QByteArray &field)
{
    const QByteArray text = field.trimmed();
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 86400)
        return std::nullopt;
    return seconds * 1000.0;
}

// nginx lists every server tried ("a, b"), and groups for internal redirects ("a, b : c").
QList<QByteArray> attempts(const QByteArray &field)
{
    QByteArray flat = field;
    flat.replace(" : ", ",");
    return flat.split(',');
}

void addUpstreamTime(QHash<QString, Counts> &byAddress, const QByteArray &address, double ms)
{
    const QByteArray a = address.trimmed();
    if (a.isEmpty() || a == "-")
        return;
    QList<double> &times = byAddress[QString::fromLatin1(a)].upstreamMs;
    if (times.size() >= kMaxUpstreamSamples)
        times.removeFirst();
    times.append(ms);
}
} // namespace

qsizetype countAccessLog(const QByteArray &chunk, QHash<QString, Counts> &byAddress)
{
    const qsizetype whole = chunk.lastIndexOf('\n') + 1;
    qsizetype from = 0;
    while (from < whole) {
        const qsizetype eol = chunk.indexOf('\n', from);
        const qsizetype length = eol - from;
        const QList<QByteArray> fields = length > kMaxLineBytes ? QList<QByteArray>() : chunk.mid(from, length).split('|');
        from = eol + 1;
        if (fields.size() < 3)
            continue;
        // "$upstream_addr" and "$upstream_status" list every server tried: "a, b" and "502, 200"
        // (and "a : b" across an internal redirect).
        const QList<QByteArray> addresses = attempts(fields.at(1));
        const QByteArray address = addresses.last().trimmed();
        bool isNumber = false;
        const int status = attempts(fields.at(2)).last().trimmed().toInt(&isNumber);
        if (address.isEmpty() || address == "-" || !isNumber)
            continue;
        Counts &c = byAddress[QString::fromLatin1(address)];
        ++c.requests;
        if (status >= 500)
            ++c.errors5xx;
        if (fields.size() < 4)
            continue;
        // "$upstream_response_time": one time per server tried, in the same order.
        const QList<QByteArray> times = attempts(fields.at(3));
        if (addresses.size() == times.size()) {
            for (qsizetype i = 0; i < addresses.size(); ++i) {
                if (const std::optional<double> ms = upstreamTimeMs(times.at(i)))
                    addUpstreamTime(byAddress, addresses.at(i), *ms);
            }
        } else if (const std::optional<double> ms = upstreamTimeMs(times.last())) {
            addUpstreamTime(byAddress, address, *ms);
        }
    }
    return whole;
}

} // namespace greenlight::nginxupstream
