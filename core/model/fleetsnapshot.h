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
    QString routerStatus; // the router's view: UP, DOWN, MAINT, or "no check" (DNS routers check nothing)
    int weight = 0;
    // The host's own health check, asked only where the router checks nothing: empty when not
    // asked, else whether it answered HTTP 200.
    std::optional<bool> healthy;
    // The host's own count of the requests it served (`requests_path`), read where the router
    // counts nothing per server; it is in no error rate (it says nothing of errors).
    std::optional<qint64> requestsServed;

    // Healthy by the router's check, or by its own where the router has none.
    [[nodiscard]] bool isHealthy() const
    {
        return routerStatus == QLatin1String("UP") || (routerStatus == QLatin1String("no check") && healthy.value_or(false));
    }
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
