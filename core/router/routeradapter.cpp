#include "routeradapter.h"

#include <algorithm>

namespace greenlight {

Result<RouterState> RouterAdapter::shift(Colour colour, int percent, const CancelToken &cancel)
{
    percent = std::clamp(percent, 0, 100);
    if (const Status applied = applyShift(colour, percent, cancel); !applied)
        return Result<RouterState>::failure(applied.error());
    Result<RouterState> after = readState(cancel);
    if (!after)
        return after;
    if (!after->carries(colour, percent))
        return Result<RouterState>::failure(QStringLiteral("%1 %2 after asking for %3 %4%")
                                                .arg(readBackSays(), after->describe(), colourName(colour)).arg(percent));
    return after;
}

} // namespace greenlight
