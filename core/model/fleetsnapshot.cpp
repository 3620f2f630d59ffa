#include "fleetsnapshot.h"

namespace greenlight {

QStringList FleetSnapshot::versions(Colour c) const
{
    QStringList out;
    for (const HostSnapshot &h : hosts) {
        if (h.colour == c && !h.version.isEmpty() && !out.contains(h.version))
            out << h.version;
    }
    return out;
}

} // namespace greenlight
