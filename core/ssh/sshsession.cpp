#include "sshsession.h"

#include "ssh/channelrunner.h"
#include "ssh/hostkeycheck.h"
#include "ssh/jumphub.h"
#include "ssh/sshconfigresolver.h"
#include "ssh/sshauthenticator.h"

#include <libssh/libssh.h>


namespace greenlight {

namespace {

struct ChannelDeleter
{
    void operator()(ssh_channel_struct *channel) const
    {
        if (ssh_channel_is_open(channel))
            ssh_channel_close(channel);
        ssh_channel_free(channel);
    }
};
using ChannelHandle = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;

} // namespace

void SshSessionDeleter::operator()(ssh_session_struct *session) const
{
    if (ssh_is_connected(session))
        ssh_disconnect(session);
    ssh_free(session);
}

SshSession::SshSession(SshTarget target) : m_target(std::move(target)) {}

SshSession::~SshSession() = default;

bool SshSession::isConnected() const
{
    return m_session && ssh_is_connected(m_session.get());
}

QString SshSession::describeTarget() const
{
    return m_resolved.route().describe();
}

QString SshSession::lastError() const
{
    return m_session ? QString::fromUtf8(ssh_get_error(m_session.get())) : QString();
}

Status SshSession::applyOptions()
{
    // Everything comes from the resolved settings: libssh must not read ssh_config again.
    ssh_session s = m_session.get();
    bool process = false;
    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &process);
    const ResolvedSsh &r = m_resolved;
    if (ssh_options_set(s, SSH_OPTIONS_HOST, r.hostName.toUtf8().constData()) != SSH_OK)
        return Status::failure(QStringLiteral("libssh refused the host name %1: %2").arg(r.hostName, lastError()), ErrorCode::InvalidInput);
    const unsigned int port = static_cast<unsigned int>(r.port);
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    ssh_options_set(s, SSH_OPTIONS_USER, r.user.toUtf8().constData());
    const long timeout = std::max(1, r.connectTimeoutS);
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
    // New keys are written to the first file; libssh 0.10 reads one user file.
    ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, r.userKnownHostsFiles.value(0).toLocal8Bit().constData());
    if (!r.proxyCommand.isEmpty())
        ssh_options_set(s, SSH_OPTIONS_PROXYCOMMAND, r.proxyCommand.toLocal8Bit().constData());
    int noDelay = 1;
    ssh_options_set(s, SSH_OPTIONS_NODELAY, &noDelay);
    return {};
}

Status SshSession::connect(const StateSink &onState)
{
    disconnect();
    Result<ResolvedSsh> resolved = SshConfigResolver().resolve(m_target);
    if (!resolved)
        return Status::failure(QStringLiteral("%1: %2").arg(m_target.hostName, resolved.error()), resolved.code());
    return connectResolved(std::move(resolved).value(), onState);
}

Status SshSession::connectResolved(ResolvedSsh settings, const StateSink &onState)
{
    disconnect();
    m_resolved = std::move(settings);
    m_session.reset(ssh_new());
    if (!m_session)
        return Status::failure(QStringLiteral("libssh could not create a session"));
    if (Status s = applyOptions(); !s)
        return s;

    onState(HostState::Connecting);
    if (!m_resolved.jumps.empty()) {
        // Through the jump hosts' shared session: a direct-tcpip channel behind a socketpair.
        Result<JumpHub::Stream> stream = JumpHub::instance().connect(m_target, m_resolved);
        if (!stream) {
            m_session.reset();
            return Status::failure(QStringLiteral("cannot connect to %1 (%2): %3").arg(m_target.hostName, describeTarget(), stream.error()),
                                   ErrorCode::Unreachable);
        }
        m_tunnel = stream->tunnel;
        const socket_t fd = stream->fd;
        ssh_options_set(m_session.get(), SSH_OPTIONS_FD, &fd); // libssh closes it with the session
    }
    if (ssh_connect(m_session.get()) != SSH_OK) {
        const QString why = lastError();
        disconnect();
        return Status::failure(QStringLiteral("cannot connect to %1 (%2): %3").arg(m_target.hostName, describeTarget(), why),
                               ErrorCode::Unreachable);
    }
    if (Status s = verifyHostKey(); !s) {
        disconnect();
        return s;
    }
    onState(HostState::Authenticating);
    if (Status s = authenticate(); !s) {
        disconnect();
        return s;
    }
    return {};
}

void SshSession::disconnect()
{
    m_session.reset();
    m_tunnel.reset();
}

bool SshSession::keepalive()
{
    if (!isConnected())
        return false;
    return ssh_send_ignore(m_session.get(), "keepalive") == SSH_OK && isConnected();
}

Status SshSession::verifyHostKey()
{
    return HostKeyCheck(m_session.get(), m_target, m_resolved).run();
}

Status SshSession::authenticate()
{
    return SshAuthenticator(m_session.get(), m_target, m_resolved).run();
}

CommandResult SshSession::run(const CommandRequest &request, const LineSink &onLine, QIODevice *log)
{
    CommandResult result;
    result.host = m_target.hostName;
    if (!isConnected()) {
        result.error = CommandError::Connect;
        result.errorMessage = QStringLiteral("not connected");
        return result;
    }
    ChannelHandle channel(ssh_channel_new(m_session.get()));
    if (!channel) {
        result.error = CommandError::Channel;
        result.errorMessage = QStringLiteral("cannot create a channel: %1").arg(lastError());
        return result;
    }
    {
        // Callbacks first: output can arrive while the exec request is still being answered.
        ChannelRunner runner(m_session.get(), channel.get(), request, onLine, log);
        if (const Status opened = open(channel.get(), request); !opened) {
            result.error = isConnected() ? CommandError::Channel : CommandError::ConnectionLost;
            result.errorMessage = opened.error();
        } else {
            runner.run(result);
        }
    }
    channel.reset(); // before the session: freeing a session frees its channels
    if (result.error == CommandError::ConnectionLost)
        disconnect();
    return result;
}

Status SshSession::open(ssh_channel_struct *channel, const CommandRequest &request)
{
    int rc = SSH_ERROR;
    if (request.kind == CommandRequest::Kind::Exec) {
        rc = ssh_channel_open_session(channel);
        if (rc == SSH_OK)
            rc = ssh_channel_request_exec(channel, request.command.toUtf8().constData());
        if (rc != SSH_OK)
            return Status::failure(QStringLiteral("cannot start the command: %1").arg(lastError()));
        return {};
    }
    QString where;
    if (request.kind == CommandRequest::Kind::UnixSocket) {
        where = request.socketPath;
        rc = ssh_channel_open_forward_unix(channel, request.socketPath.toUtf8().constData(), "127.0.0.1", 0);
    } else {
        where = QStringLiteral("%1:%2").arg(request.forwardHost, QString::number(request.forwardPort));
        rc = ssh_channel_open_forward(channel, request.forwardHost.toUtf8().constData(), request.forwardPort, "127.0.0.1", 0);
    }
    // A refused forward can leave the call "successful" with the channel closed.
    if (rc != SSH_OK || !ssh_channel_is_open(channel))
        return Status::failure(QStringLiteral("cannot reach %1 from %2: %3").arg(where, m_target.hostName, lastError()));
    return {};
}

} // namespace greenlight
