#include "routerstate.h"

#include <algorithm>
#include <limits>

namespace greenlight {

int serverWeight(int sharePercent, int servers, int otherServers, int liveWeight, int maxWeight)
{
    servers = std::max(servers, 1);
    otherServers = std::max(otherServers, 1);
    const int most = std::max(servers, otherServers);
    // The heaviest possible server (all traffic on the smaller colour) must stay under the cap.
    const int least = std::min(servers, otherServers);
    const int scale = std::min(liveWeight, maxWeight * least / most);
    const int weight = (std::max(scale, 1) * std::clamp(sharePercent, 0, 100) * most + 50 * servers) / (100 * servers);
    return sharePercent > 0 ? std::max(weight, 1) : 0;
}

qint64 RouterState::colourWeight(Colour c) const
{
    // 64 bits: weights come from outside (a custom read command may print any number).
    qint64 total = 0;
    for (const QString &name : c == Colour::Blue ? blueServers : greenServers)
        total += servers.value(name).weight;
    return total;
}

RouterState::Counts RouterState::colourCounts(Colour c) const
{
    // Saturating: counters come from outside, and a sum that wrapped would read as a drop.
    const auto add = [](qint64 &sum, qint64 n) {
        if (__builtin_add_overflow(sum, std::max<qint64>(n, 0), &sum))
            sum = std::numeric_limits<qint64>::max();
    };
    Counts counts;
    for (const QString &name : c == Colour::Blue ? blueServers : greenServers) {
        add(counts.requests, servers.value(name).totalRequests);
        add(counts.errors5xx, servers.value(name).errors5xx);
    }
    return counts;
}

QList<double> RouterState::colourUpstreamMs(Colour c) const
{
    QList<double> all;
    for (const QString &name : c == Colour::Blue ? blueServers : greenServers)
        all += upstreamMs.value(name);
    return all;
}

int RouterState::percent(Colour c) const
{
    const qint64 total = colourWeight(Colour::Blue) + colourWeight(Colour::Green);
    if (total <= 0)
        return 0;
    return static_cast<int>((colourWeight(c) * 100 + total / 2) / total);
}

std::optional<Colour> RouterState::liveColour() const
{
    const qint64 blue = colourWeight(Colour::Blue);
    const qint64 green = colourWeight(Colour::Green);
    if (blue > 0 && green == 0)
        return Colour::Blue;
    if (green > 0 && blue == 0)
        return Colour::Green;
    return std::nullopt;
}

bool RouterState::carries(Colour c, int wanted) const
{
    if (wanted >= 100)
        return liveColour() == c;
    if (wanted <= 0)
        return liveColour() == otherColour(c);
    return std::abs(percent(c) - wanted) <= 1;
}

QStringList RouterState::serversNotUp(Colour c) const
{
    QStringList out;
    for (const QString &name : c == Colour::Blue ? blueServers : greenServers) {
        const QString status = servers.value(name).status;
        if (status != QLatin1String("UP") && status != QLatin1String("no check"))
            out << QStringLiteral("%1 (%2)").arg(name, status);
    }
    return out;
}

QString RouterState::describe() const
{
    if (colourWeight(Colour::Blue) + colourWeight(Colour::Green) == 0)
        return QStringLiteral("no server has traffic weight");
    return QStringLiteral("blue %1% / green %2%").arg(percent(Colour::Blue)).arg(percent(Colour::Green));
}

} // namespace greenlight
