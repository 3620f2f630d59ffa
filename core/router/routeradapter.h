#pragma once

#include "common/canceltoken.h"
#include "common/colour.h"
#include "common/result.h"
#include "router/routerstate.h"

#include <QMutex>

namespace greenlight {

// A router that splits traffic between the colours. Calls block (with deadlines) and must not
// be made on the GUI thread; each adapter instance uses one SSH lane. Thread-safe: the fleet
// refresh, the recovery check and a rollback may share an adapter, so every read and change
// runs under one lock (an adapter keeps state between reads, e.g. nginx's access-log offset).
class RouterAdapter
{
public:
    virtual ~RouterAdapter() = default;
    [[nodiscard]] virtual QString describe() const = 0;
    [[nodiscard]] Result<RouterState> readState(const CancelToken &cancel);
    // Sends `percent` of traffic to `colour` and the rest to the other colour (applyShift), then
    // reads the router back and fails unless it carries what was asked. Every router is
    // confirmed the same way.
    [[nodiscard]] Result<RouterState> shift(Colour colour, int percent, const CancelToken &cancel);
    // What `shift` would send to the router, for `greenlight plan`.
    [[nodiscard]] virtual QString weightCommand(Colour colour, int percent) const = 0;
    // The address a client asking for the frontend's `host` is sent to now, by the router's own
    // answer (DNS routers ask their server); empty: connect to `host` as usual (the router is
    // the frontend: HAProxy, nginx). The "served through the router" checks connect there.
    [[nodiscard]] virtual Result<QString> frontendAddress(const QString &host, const CancelToken &cancel);

protected:
    // Reads the router; called under the adapter's lock.
    [[nodiscard]] virtual Result<RouterState> readRouter(const CancelToken &cancel) = 0;
    // Makes the change (under the adapter's lock); `percent` is already within 0..100. Raises the target before lowering
    // the other, so that no moment has zero capacity.
    [[nodiscard]] virtual Status applyShift(Colour colour, int percent, const CancelToken &cancel) = 0;
    // Who answered the read-back, for its error: "HAProxy reports".
    [[nodiscard]] virtual QString readBackSays() const = 0;

private:
    QMutex m_mutex;
};

} // namespace greenlight
