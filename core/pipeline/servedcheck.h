#pragma once

#include "common/canceltoken.h"
#include "common/colour.h"
#include "common/result.h"

#include <QSet>
#include <QString>

namespace greenlight {

struct DeploymentConfig;
class RouterAdapter;

// "Served through the router": `times` requests for `colour`'s version path at the frontend URL
// must all answer HTTP 200 with a body in `accepted`. Clients are followed where the router
// sends them now: with a DNS router, the connection goes to the address its own server answers
// (the machine's resolver may still hold the old answer), and the message says so. On success,
// the body served.
struct Served
{
    QString version;
    QString where; // "http://www.shop.test:8080/ (the router's DNS answers 127.0.0.12)"
};

[[nodiscard]] Result<Served> checkServedThroughRouter(const DeploymentConfig &config, RouterAdapter &router, Colour colour,
                                                      const QSet<QString> &accepted, int times, const CancelToken &cancel);

} // namespace greenlight
