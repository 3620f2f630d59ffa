#include "colourweights.h"

namespace greenlight {

Result<ColourWeights> splitWeights(Colour colour, int percent, int maxWeight)
{
    if (percent < 0 || percent > 100 || maxWeight < 1)
        return Result<ColourWeights>::failure(QStringLiteral("%1 % is not a share of traffic (0..100)").arg(percent), ErrorCode::InvalidInput);
    const int target = (percent * maxWeight + 50) / 100;
    const int other = maxWeight - target;
    const ColourWeights w = colour == Colour::Blue ? ColourWeights{target, other} : ColourWeights{other, target};
    if (w.blue < 0 || w.blue > maxWeight || w.green < 0 || w.green > maxWeight || w.blue + w.green == 0)
        return Result<ColourWeights>::failure(QStringLiteral("weights blue %1 / green %2 are outside 0..%3 or both zero").arg(w.blue).arg(w.green).arg(maxWeight),
                                              ErrorCode::InvalidInput);
    return w;
}

RouterState stateFromColourWeights(const QStringList &blueHosts, const QStringList &greenHosts, qint64 blue, qint64 green,
                                   const std::function<QString(const QString &host)> &statusOf)
{
    RouterState state;
    state.blueServers = blueHosts;
    state.greenServers = greenHosts;
    const qint64 blueEach = blue * std::max<qsizetype>(1, greenHosts.size());
    const qint64 greenEach = green * std::max<qsizetype>(1, blueHosts.size());
    for (const QString &host : blueHosts)
        state.servers.insert(host, ServerState{host, static_cast<int>(blueEach), statusOf(host), 0, 0});
    for (const QString &host : greenHosts)
        state.servers.insert(host, ServerState{host, static_cast<int>(greenEach), statusOf(host), 0, 0});
    return state;
}

} // namespace greenlight
