#include "trafficrestore.h"

#include "common/canceltoken.h"
#include "router/routeradapter.h"

namespace greenlight {

TrafficRestore restoreTraffic(RouterAdapter &router, Colour live)
{
    const Result<RouterState> current = router.readState(CancelToken());
    if (current && current->carries(live, 100))
        return {true, true, {}};
    const Result<RouterState> restored = router.shift(live, 100, CancelToken());
    return {false, restored.ok(), restored ? QString() : restored.error()};
}

} // namespace greenlight
