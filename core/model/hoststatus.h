#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace greenlight {

// How one host's SSH session stands, as the window and `status` show it.
enum class HostState { Disconnected, Connecting, Authenticating, Ready, Failed };
[[nodiscard]] QString hostStateName(HostState state);

// Where a host's SSH session really goes once ssh_config was applied: user@address:port,
// through the jump hosts (each "user@address:port", first hop first).
struct SshRoute
{
    QString user;
    QString address;
    int port = 0; // 0: not resolved yet
    QStringList jumps;
    QString source; // what resolved it: "ssh -G", "libssh", "deployment file"

    [[nodiscard]] bool isResolved() const { return port > 0; }
    // "deploy@10.0.1.1:22" or "deploy@10.0.1.1:22 via ops@bastion:22"
    [[nodiscard]] QString describe() const;
    [[nodiscard]] bool operator==(const SshRoute &) const = default;
};

struct HostStatus
{
    HostState state = HostState::Disconnected;
    QString reason; // why it failed, in words an operator can act on
    SshRoute route; // empty until the host's settings were resolved
};

// Which stream of a remote command a line came from.
enum class OutputStream { Stdout, Stderr };

} // namespace greenlight
