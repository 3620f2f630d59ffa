#pragma once

#include "common/colour.h"

#include <QHash>
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
struct RouterState
{
    QHash<QString, ServerState> servers;
    QStringList blueServers;
    QStringList greenServers;

    [[nodiscard]] int colourWeight(Colour c) const;
    // Share of traffic on a colour, 0..100, by weight.
    [[nodiscard]] int percent(Colour c) const;
    // The colour that takes all traffic; nothing when traffic is split or no server has weight.
    [[nodiscard]] std::optional<Colour> liveColour() const;
    [[nodiscard]] QString describe() const; // "blue 100% / green 0%"
    // Servers of a colour the router would not send traffic to now (DOWN, MAINT, or UP but
    // failing checks: "UP 1/2"), as "green-1 (DOWN)".
    [[nodiscard]] QStringList serversNotUp(Colour c) const;
};

} // namespace greenlight
