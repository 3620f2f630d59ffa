#include "hoststatus.h"

namespace greenlight {

QString hostStateName(HostState state)
{
    switch (state) {
    case HostState::Disconnected: return QStringLiteral("disconnected");
    case HostState::Connecting: return QStringLiteral("connecting");
    case HostState::Authenticating: return QStringLiteral("authenticating");
    case HostState::Ready: return QStringLiteral("ready");
    case HostState::Failed: return QStringLiteral("failed");
    }
    return {};
}

} // namespace greenlight
