#pragma once

#include "common/canceltoken.h"
#include "common/httpvia.h"
#include "model/hoststatus.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <memory>

namespace greenlight {

enum class HostKeyPolicy {
    Strict,    // unknown keys are refused (headless default)
    AcceptNew, // unknown keys are written to known_hosts; changed keys are still refused
    Review,    // unknown keys wait for the operator's review of all of them (SshInteraction::hostKeys()); changed keys are still refused
};

class SshInteraction;

// Everything needed to open one SSH session, resolved from the deployment file.
struct SshTarget
{
    QString hostName; // the name in the deployment file
    QString address;
    int port = 0; // 0: from ssh_config, else 22
    QString user;
    QString identityFile;
    QString knownHostsFile;
    int connectTimeoutS = 10;
    int keepaliveS = 15;
    bool connectTimeoutSet = false; // the deployment file names it: it wins over ssh_config's ConnectTimeout
    bool keepaliveSet = false;      // the same for ServerAliveInterval
    bool useSshConfig = true;
    QString sshConfigFile; // empty: ~/.ssh/config
    HostKeyPolicy hostKeyPolicy = HostKeyPolicy::Strict;
    std::shared_ptr<SshInteraction> interaction; // passphrases, prompts, unknown host keys; may be null
    HttpVia httpVia = HttpVia::Auto; // how HTTP checks reach the host (ssh/hosthttp.h)
};

struct CommandRequest
{
    // Exec runs a command; UnixSocket and TcpForward open a forward from the host (to a unix
    // socket on it, or to host:port as seen from it), send `input`, and read until closed.
    enum class Kind { Exec, UnixSocket, TcpForward };
    Kind kind = Kind::Exec;
    QString command;     // Exec: the remote command line
    QString socketPath;  // UnixSocket: the remote socket to forward to
    QString forwardHost; // TcpForward: destination, resolved on the remote host
    int forwardPort = 0;
    QByteArray input;    // written to the channel first (forwards: the request)
    std::chrono::milliseconds timeout{30000};
    QString tag;         // output lines are streamed, under this tag ("deploy blue-1"), only when set
    CancelToken cancel;
};

enum class CommandError { None, Connect, Channel, TimedOut, Cancelled, ConnectionLost };

struct CommandResult
{
    QString host;
    CommandError error = CommandError::None;
    QString errorMessage;
    int exitCode = -1;
    QString exitSignal;
    QByteArray stdoutTail; // the last bytes of stdout, bounded
    QByteArray stderrTail;
    qint64 droppedBytes = 0; // output that did not fit in the tails
    QString logFile;         // the whole output, when the request was tagged
    qint64 durationMs = 0;

    [[nodiscard]] bool ok() const { return error == CommandError::None && exitCode == 0 && exitSignal.isEmpty(); }
    // One line an operator can act on: "blue-1: exit 3: <last stderr line>"
    [[nodiscard]] QString summary() const;
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::HostStatus)
Q_DECLARE_METATYPE(greenlight::CommandResult)
Q_DECLARE_METATYPE(greenlight::OutputStream)
