#include "commandrouter.h"

#include "common/shellquote.h"
#include "router/routercommand.h"

#include <algorithm>
#include <limits>

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kReadTimeout{5000};
constexpr std::chrono::milliseconds kSetTimeout{20000};
constexpr int kMaxWeight = 1000000; // a read command's weight: anything larger is a mistake, not a share
} // namespace

CommandRouter::CommandRouter(HostPool &pool, const DeploymentConfig &config, Lane lane)
    : m_pool(pool), m_router(config.router), m_blue(config.blue.hosts), m_green(config.green.hosts), m_lane(lane)
{
}

QString CommandRouter::describe() const
{
    return QStringLiteral("router commands on %1").arg(m_router.host);
}

Result<RouterState> CommandRouter::parseWeights(const QByteArray &output, const QStringList &blue, const QStringList &green)
{
    RouterState state;
    state.blueServers = blue;
    state.greenServers = green;
    // A colour line is that colour's share: its weight is spread so that the colours compare
    // as written ("blue 20" and "green 80" is 20 % / 80 % whatever the host counts).
    const auto multiple = static_cast<int>(std::max<qsizetype>(blue.size(), 1) * std::max<qsizetype>(green.size(), 1));
    bool byColour = false;
    bool byHost = false;
    const QStringList lines = QString::fromUtf8(output).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QStringList fields = line.simplified().split(QLatin1Char(' '));
        if (fields.isEmpty() || fields.first().isEmpty() || fields.first().startsWith(QLatin1Char('#')))
            continue;
        bool isNumber = false;
        const int weight = fields.value(1).toInt(&isNumber);
        if (fields.size() < 2 || !isNumber || weight < 0 || weight > kMaxWeight)
            return Result<RouterState>::failure(
                QStringLiteral("the read command printed \"%1\"; expected \"<host or colour> <weight from 0 to %2> [status]\"")
                    .arg(line.trimmed(), QString::number(kMaxWeight)));
        const QString status = fields.size() > 2 ? fields.mid(2).join(QLatin1Char(' ')) : QStringLiteral("no check");
        QStringList names;
        int each = weight;
        if (fields.first() == QLatin1String("blue") || fields.first() == QLatin1String("green")) {
            names = fields.first() == QLatin1String("blue") ? blue : green;
            each = names.isEmpty() ? 0 : static_cast<int>(std::min<qint64>(qint64{weight} * multiple / names.size(), std::numeric_limits<int>::max()));
            byColour = true;
        } else if (blue.contains(fields.first()) || green.contains(fields.first())) {
            names = {fields.first()};
            byHost = true;
        } else {
            return Result<RouterState>::failure(
                QStringLiteral("the read command names \"%1\", which is neither a colour nor a host of one").arg(fields.first()));
        }
        if (byColour && byHost)
            return Result<RouterState>::failure(QStringLiteral("the read command mixes host lines and colour lines; print one kind"));
        for (const QString &name : names)
            state.servers.insert(name, ServerState{name, each, status, 0, 0});
    }
    QStringList missing;
    for (const QString &name : blue + green) {
        if (!state.servers.contains(name))
            missing << name;
    }
    if (!missing.isEmpty())
        return Result<RouterState>::failure(QStringLiteral("the read command says nothing about %1").arg(missing.join(QStringLiteral(", "))));
    return state;
}

Result<RouterState> CommandRouter::readRouter(const CancelToken &cancel)
{
    const Result<QByteArray> out = runOnRouter(m_pool, m_router.host, m_lane, QStringLiteral("the router's read command"),
                                               m_router.readCommand, {}, kReadTimeout, cancel);
    if (!out)
        return Result<RouterState>::failure(out.error());
    return parseWeights(out.value(), m_blue, m_green);
}

QString CommandRouter::weightCommand(Colour colour, int percent) const
{
    percent = std::clamp(percent, 0, 100);
    const int blue = colour == Colour::Blue ? percent : 100 - percent;
    QString command = m_router.setCommand;
    command.replace(QLatin1String("{colour}"), shellQuote(colourName(colour)));
    command.replace(QLatin1String("{percent}"), QString::number(percent));
    command.replace(QLatin1String("{blue_percent}"), QString::number(blue));
    command.replace(QLatin1String("{green_percent}"), QString::number(100 - blue));
    return command;
}

Status CommandRouter::applyShift(Colour colour, int percent, const CancelToken &cancel)
{
    const Result<QByteArray> out = runOnRouter(m_pool, m_router.host, m_lane, QStringLiteral("the router's set command"),
                                               weightCommand(colour, percent), {}, kSetTimeout, cancel);
    if (!out)
        return Status::failure(out.error());
    return {};
}

QString CommandRouter::readBackSays() const
{
    return QStringLiteral("the router reports");
}

} // namespace greenlight
