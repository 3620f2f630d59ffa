#pragma once

#include "ssh/sshsession.h"

#include <memory>

class QIODevice;
struct ssh_channel_callbacks_struct;
struct ssh_session_struct;
struct ssh_channel_struct;

namespace greenlight {

// Drives one open channel to its end with libssh callbacks: writes the input, collects
// output into bounded tails, splits lines, and enforces the deadline and the cancel token.
class ChannelRunner final
{
public:
    // Installs the callbacks at once: create it before the channel is opened, so that output
    // arriving while the exec request is answered is not missed. `log`, when given, receives
    // every byte of output, unbounded, on disk.
    ChannelRunner(ssh_session_struct *session, ssh_channel_struct *channel, const CommandRequest &request,
                  const SshSession::LineSink &onLine, QIODevice *log);
    ~ChannelRunner();
    ChannelRunner(const ChannelRunner &) = delete;
    ChannelRunner &operator=(const ChannelRunner &) = delete;

    void run(CommandResult &result);

    // libssh callback entry points
    int onData(const char *data, uint32_t length, bool isStderr);
    void onExitStatus(int status) { m_exitStatus = status; m_haveExit = true; }
    void onExitSignal(const char *signal) { m_exitSignal = QString::fromUtf8(signal); m_haveExit = true; }
    void onEof() { m_eof = true; }
    void onClose() { m_closed = true; }

private:
    void flushLines(OutputStream stream, bool all);

    std::unique_ptr<ssh_channel_callbacks_struct> m_callbacks;
    ssh_session_struct *m_session;
    ssh_channel_struct *m_channel;
    const CommandRequest &m_request;
    const SshSession::LineSink &m_onLine;
    QIODevice *m_log;
    qint64 m_linesStreamed = 0;
    QByteArray m_tail[2];
    QByteArray m_partial[2];
    qint64 m_dropped = 0;
    int m_exitStatus = -1;
    QString m_exitSignal;
    bool m_haveExit = false;
    bool m_eof = false;
    bool m_closed = false;
};

} // namespace greenlight
