#pragma once

#include <QMetaType>
#include <QString>

namespace greenlight {

// How one host's SSH session stands, as the window and `status` show it.
enum class HostState { Disconnected, Connecting, Authenticating, Ready, Failed };
[[nodiscard]] QString hostStateName(HostState state);

struct HostStatus
{
    HostState state = HostState::Disconnected;
    QString reason; // why it failed, in words an operator can act on
};

// Which stream of a remote command a line came from.
enum class OutputStream { Stdout, Stderr };

} // namespace greenlight
