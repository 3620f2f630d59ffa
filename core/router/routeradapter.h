#pragma once

#include "common/canceltoken.h"
#include "common/colour.h"
#include "common/result.h"
#include "router/routerstate.h"

namespace greenlight {

// A router that splits traffic between the colours. Calls block (with deadlines) and must not
// be made on the GUI thread; each adapter instance uses one SSH lane.
class RouterAdapter
{
public:
    virtual ~RouterAdapter() = default;
    [[nodiscard]] virtual QString describe() const = 0;
    [[nodiscard]] virtual Result<RouterState> readState(const CancelToken &cancel) = 0;
    // Sends `percent` of traffic to `colour` and the rest to the other colour (applyShift), then
    // reads the router back and fails unless it carries what was asked. Every router is
    // confirmed the same way.
    [[nodiscard]] Result<RouterState> shift(Colour colour, int percent, const CancelToken &cancel);
    // What `shift` would send to the router, for `greenlight plan`.
    [[nodiscard]] virtual QString weightCommand(Colour colour, int percent) const = 0;

protected:
    // Makes the change; `percent` is already within 0..100. Raises the target before lowering
    // the other, so that no moment has zero capacity.
    [[nodiscard]] virtual Status applyShift(Colour colour, int percent, const CancelToken &cancel) = 0;
    // Who answered the read-back, for its error: "HAProxy reports".
    [[nodiscard]] virtual QString readBackSays() const = 0;
};

} // namespace greenlight
