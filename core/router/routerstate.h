#pragma once

#include "common/colour.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

struct ServerState
{
    QString name;
    int weight = 0;
    QString status; // as the router reports it: UP, DOWN, MAINT, no check
    qint64 totalRequests = 0;
    qint64 errors5xx = 0;
};

// What the router says right now. The router is the source of truth for which colour is live.
// The weight of each server of a colour that should carry `sharePercent` of the traffic, when
// it has `servers` servers and the other colour `otherServers`. Weights are per server, so a
// colour with fewer servers gets proportionally more each: 10 % on 1 green server against 2
// blue ones is 20 vs 90 a server. Capped at `maxWeight` (HAProxy's is 256).
[[nodiscard]] int serverWeight(int sharePercent, int servers, int otherServers, int liveWeight, int maxWeight = 256);

struct RouterState
{
    QHash<QString, ServerState> servers;
    QStringList blueServers;
    QStringList greenServers;
    // By server: the upstream response times (ms) of the requests this read found in the
    // router's access log, oldest first, a bounded number a read (nginx `access_log`; none without).
    QHash<QString, QList<double>> upstreamMs;

    [[nodiscard]] qint64 colourWeight(Colour c) const;
    // The colour's servers' request and 5xx counters, summed (cumulative, as the router counts).
    struct Counts
    {
        qint64 requests = 0;
        qint64 errors5xx = 0;
    };
    [[nodiscard]] Counts colourCounts(Colour c) const;
    // The colour's servers' upstream times from this read (upstreamMs), together.
    [[nodiscard]] QList<double> colourUpstreamMs(Colour c) const;
    // Share of traffic on a colour, 0..100, by weight.
    [[nodiscard]] int percent(Colour c) const;
    // The colour that takes all traffic; nothing when traffic is split or no server has weight.
    [[nodiscard]] std::optional<Colour> liveColour() const;
    [[nodiscard]] QString describe() const; // "blue 100% / green 0%"
    // True when `c` gets `wanted` % of the traffic: all or none exactly, a split to within
    // 1 % (per-server weights are whole numbers).
    [[nodiscard]] bool carries(Colour c, int wanted) const;
    // Servers of a colour the router would not send traffic to now (DOWN, MAINT, or UP but
    // failing checks: "UP 1/2"), as "green-1 (DOWN)".
    [[nodiscard]] QStringList serversNotUp(Colour c) const;
};

} // namespace greenlight
