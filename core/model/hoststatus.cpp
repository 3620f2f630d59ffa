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

QString SshRoute::describe() const
{
    const QString host = address.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(address) : address;
    const QString target = QStringLiteral("%1@%2:%3").arg(user, host, QString::number(port));
    return jumps.isEmpty() ? target : QStringLiteral("%1 via %2").arg(target, jumps.join(QStringLiteral(", ")));
}

} // namespace greenlight
