#include "channelrunner.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <QElapsedTimer>
#include <QIODevice>

#include <memory>

namespace greenlight {

namespace {

constexpr qsizetype kTailBytes = 256 * 1024;
constexpr qsizetype kMaxLineBytes = 64 * 1024;
constexpr int kPollSliceMs = 20;
// Past this many lines a command's output is no longer streamed line by line (the window and
// the terminal would drown); the tails and the log file still get everything.
constexpr qint64 kMaxStreamedLines = 5000;

ChannelRunner *runnerOf(void *userdata) { return static_cast<ChannelRunner *>(userdata); }

int dataCallback(ssh_session, ssh_channel, void *data, uint32_t len, int isStderr, void *userdata)
{
    return runnerOf(userdata)->onData(static_cast<const char *>(data), len, isStderr != 0);
}
void eofCallback(ssh_session, ssh_channel, void *userdata) { runnerOf(userdata)->onEof(); }
void closeCallback(ssh_session, ssh_channel, void *userdata) { runnerOf(userdata)->onClose(); }
void exitStatusCallback(ssh_session, ssh_channel, int status, void *userdata) { runnerOf(userdata)->onExitStatus(status); }
void exitSignalCallback(ssh_session, ssh_channel, const char *signal, int, const char *, const char *, void *userdata)
{
    runnerOf(userdata)->onExitSignal(signal);
}

struct EventDeleter
{
    void operator()(ssh_event_struct *e) const { ssh_event_free(e); }
};

} // namespace

ChannelRunner::ChannelRunner(ssh_session session, ssh_channel channel, const CommandRequest &request,
                             const SshSession::LineSink &onLine, QIODevice *log)
    : m_callbacks(std::make_unique<ssh_channel_callbacks_struct>()), m_session(session), m_channel(channel), m_request(request),
      m_onLine(onLine), m_log(log)
{
    *m_callbacks = {};
    m_callbacks->userdata = this;
    m_callbacks->channel_data_function = dataCallback;
    m_callbacks->channel_eof_function = eofCallback;
    m_callbacks->channel_close_function = closeCallback;
    m_callbacks->channel_exit_status_function = exitStatusCallback;
    m_callbacks->channel_exit_signal_function = exitSignalCallback;
    ssh_callbacks_init(m_callbacks.get());
    ssh_set_channel_callbacks(m_channel, m_callbacks.get());
}

ChannelRunner::~ChannelRunner()
{
    ssh_remove_channel_callbacks(m_channel, m_callbacks.get());
}

int ChannelRunner::onData(const char *data, uint32_t length, bool isStderr)
{
    const int index = isStderr ? 1 : 0;
    const QByteArray chunk(data, static_cast<qsizetype>(length));
    if (m_log)
        m_log->write(chunk); // both streams interleaved as they arrive, like a terminal
    QByteArray &tail = m_tail[index];
    tail += chunk;
    if (tail.size() > kTailBytes) {
        m_dropped += tail.size() - kTailBytes;
        tail.remove(0, tail.size() - kTailBytes);
    }
    if (m_onLine) {
        m_partial[index] += chunk;
        flushLines(isStderr ? OutputStream::Stderr : OutputStream::Stdout, false);
    }
    return static_cast<int>(length);
}

void ChannelRunner::flushLines(OutputStream stream, bool all)
{
    QByteArray &partial = m_partial[stream == OutputStream::Stderr ? 1 : 0];
    qsizetype start = 0;
    const auto emitLine = [this, stream](const QString &line) {
        ++m_linesStreamed;
        if (m_linesStreamed < kMaxStreamedLines)
            m_onLine(stream, line);
        else if (m_linesStreamed == kMaxStreamedLines)
            m_onLine(stream, QStringLiteral("[greenlight: output continues; the rest is in the log file]"));
    };
    for (qsizetype nl = partial.indexOf('\n'); nl >= 0; nl = partial.indexOf('\n', start)) {
        emitLine(QString::fromUtf8(partial.constData() + start, nl - start));
        start = nl + 1;
    }
    partial.remove(0, start);
    if ((all && !partial.isEmpty()) || partial.size() > kMaxLineBytes) {
        emitLine(QString::fromUtf8(partial));
        partial.clear();
    }
}

void ChannelRunner::run(CommandResult &result)
{
    QElapsedTimer clock;
    clock.start();

    const bool isExec = m_request.kind == CommandRequest::Kind::Exec;
    if (!m_request.input.isEmpty()) {
        if (ssh_channel_write(m_channel, m_request.input.constData(), static_cast<uint32_t>(m_request.input.size())) == SSH_ERROR) {
            result.error = CommandError::ConnectionLost;
            result.errorMessage = QStringLiteral("could not send the request: %1").arg(QString::fromUtf8(ssh_get_error(m_session)));
        }
    }
    if (isExec && result.error == CommandError::None)
        ssh_channel_send_eof(m_channel);

    std::unique_ptr<ssh_event_struct, EventDeleter> event(ssh_event_new());
    ssh_event_add_session(event.get(), m_session);

    const qint64 deadlineMs = m_request.timeout.count();
    while (result.error == CommandError::None) {
        const bool finished = m_closed || (m_eof && (!isExec || m_haveExit));
        if (finished)
            break;
        if (m_request.cancel.isCancelled()) {
            result.error = CommandError::Cancelled;
            result.errorMessage = QStringLiteral("cancelled after %1 s").arg(static_cast<double>(clock.elapsed()) / 1000.0, 0, 'f', 1);
            break;
        }
        if (clock.elapsed() >= deadlineMs) {
            result.error = CommandError::TimedOut;
            result.errorMessage = QStringLiteral("timed out after %1 s").arg(static_cast<double>(deadlineMs) / 1000.0, 0, 'f', 1);
            break;
        }
        if (ssh_event_dopoll(event.get(), kPollSliceMs) == SSH_ERROR || !ssh_is_connected(m_session)) {
            result.error = CommandError::ConnectionLost;
            result.errorMessage = QStringLiteral("connection lost: %1").arg(QString::fromUtf8(ssh_get_error(m_session)));
        }
    }
    ssh_event_remove_session(event.get(), m_session);

    if (isExec && (result.error == CommandError::TimedOut || result.error == CommandError::Cancelled))
        ssh_channel_request_send_signal(m_channel, "TERM"); // ends the remote process where the server allows it

    if (m_onLine) {
        flushLines(OutputStream::Stdout, true);
        flushLines(OutputStream::Stderr, true);
    }
    result.stdoutTail = m_tail[0];
    result.stderrTail = m_tail[1];
    result.droppedBytes = m_dropped;
    result.exitCode = isExec ? m_exitStatus : (result.error == CommandError::None ? 0 : -1);
    result.exitSignal = m_exitSignal;
    if (isExec && result.error == CommandError::None && !m_haveExit) {
        result.error = CommandError::ConnectionLost;
        result.errorMessage = QStringLiteral("the channel closed without an exit status");
    }
    result.durationMs = clock.elapsed();
}

} // namespace greenlight
