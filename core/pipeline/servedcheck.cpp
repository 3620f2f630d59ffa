#include "servedcheck.h"

#include "config/deploymentconfig.h"
#include "http/httpcheck.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"

#include <QUrl>

namespace greenlight {

Result<Served> checkServedThroughRouter(const DeploymentConfig &config, RouterAdapter &router, Colour colour,
                                        const QSet<QString> &accepted, int times, const CancelToken &cancel)
{
    const QString &frontend = config.router.frontendUrl;
    const Result<QString> address = router.frontendAddress(QUrl(frontend).host(), cancel);
    if (!address)
        return Result<Served>::failure(address.error(), address.code());
    const QString where = address->isEmpty() ? frontend : QStringLiteral("%1 (the router's DNS answers %2)").arg(frontend, address.value());
    const Result<QString> served
        = HttpCheck::expectServed(frontend, config.environment(colour).versionPath, accepted, times, kHttpTimeoutMs, cancel, address.value());
    if (!served)
        return Result<Served>::failure(address->isEmpty() ? served.error() : QStringLiteral("%1 (the router's DNS answer)").arg(served.error()));
    return Served{served.value(), where};
}

} // namespace greenlight
