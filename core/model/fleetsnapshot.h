#pragma once

#include "common/colour.h"
#include "router/routerstate.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>

#include <optional>

namespace greenlight {

struct HostSnapshot
{
    QString name;
    QString address;
    Colour colour = Colour::Blue;
    QString version;      // as the host's version command prints it
    QString versionError; // why the version could not be read
    QString routerStatus; // the router's view: UP, DOWN, MAINT
    int weight = 0;
};

// Everything the console knows about both colours at one moment, read from the router and
// the hosts, never assumed.
struct FleetSnapshot
{
    QDateTime readAt;
    bool routerOk = false;
    QString routerError;
    RouterState router;
    QList<HostSnapshot> hosts;

    [[nodiscard]] std::optional<Colour> liveColour() const { return routerOk ? router.liveColour() : std::nullopt; }
    [[nodiscard]] QStringList versions(Colour c) const;
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::FleetSnapshot)
