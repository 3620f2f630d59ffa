#include "hostworker.h"

#include "common/queuedhandoff.h"
#include "ssh/libsshruntime.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSemaphore>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

namespace greenlight {

namespace {
constexpr int kMaxBackoffMs = 30000;
}

HostWorker::HostWorker(SshTarget target, std::shared_ptr<QSemaphore> handshakes)
    : m_session(std::move(target)), m_reportTo(QThread::currentThread()), m_handshakes(std::move(handshakes))
{
}

HostWorker::~HostWorker()
{
    // The pool deletes a worker on its own thread as that thread finishes, before the pool's
    // QThread::wait() returns: the session goes first, then the thread's OpenSSL state.
    m_session.disconnect();
    if (thread() == QThread::currentThread())
        libsshruntime::releaseThreadState();
}

void HostWorker::start()
{
    m_keepaliveTimer = new QTimer(this);
    m_keepaliveTimer->setInterval(std::max(1, m_session.target().keepaliveS) * 1000);
    connect(m_keepaliveTimer, &QTimer::timeout, this, &HostWorker::onKeepalive);
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &HostWorker::connectHost);
}

void HostWorker::stop()
{
    m_wanted = false;
    m_keepaliveTimer->stop();
    m_reconnectTimer->stop();
    m_session.disconnect();
    setStatus(HostState::Disconnected);
}

void HostWorker::setStatus(HostState state, const QString &reason)
{
    // Where the session goes, once resolved (a failed resolve keeps the last route).
    const SshRoute route = m_session.resolved().port > 0 ? m_session.resolved().route() : m_status.route;
    if (m_status.state == state && m_status.reason == reason && m_status.route == route)
        return;
    m_status = {state, reason, route};
    reportStatus();
}

void HostWorker::reportStatus()
{
    const QueuedHandOff handOff(m_reportTo);
    Q_EMIT statusChanged(m_session.target().hostName, m_status);
}

void HostWorker::reportLine(const QString &host, const QString &tag, OutputStream stream, const QString &line)
{
    const QueuedHandOff handOff(m_reportTo);
    Q_EMIT outputLine(host, tag, stream, line);
}

void HostWorker::connectHost()
{
    m_wanted = true;
    ensureConnected();
}

bool HostWorker::ensureConnected()
{
    if (m_session.isConnected())
        return true;
    m_reconnectTimer->stop();
    setStatus(HostState::Connecting);
    m_handshakes->acquire();
    const Status connected = m_session.connect([this](HostState s) { setStatus(s); });
    m_handshakes->release();
    if (!connected) {
        setStatus(HostState::Failed, connected.error());
        scheduleReconnect();
        return false;
    }
    m_backoffMs = 1000;
    setStatus(HostState::Ready);
    // The deployment file's keepalive_s, else ssh_config's ServerAliveInterval.
    if (const int keepaliveS = m_session.resolved().serverAliveIntervalS; keepaliveS > 0) {
        m_keepaliveTimer->setInterval(keepaliveS * 1000);
        m_keepaliveTimer->start();
    }
    return true;
}

void HostWorker::scheduleReconnect()
{
    m_keepaliveTimer->stop();
    if (!m_wanted)
        return;
    m_reconnectTimer->start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
}

void HostWorker::onKeepalive()
{
    if (m_session.keepalive())
        return;
    m_session.disconnect();
    setStatus(HostState::Failed, QStringLiteral("connection lost; reconnecting"));
    scheduleReconnect();
}

std::unique_ptr<QFile> HostWorker::openCommandLog(const QString &host, const CommandRequest &request)
{
    // <XDG data>/greenlight/logs/<date>/<time>-<host>-<tag>.log: everything a command printed.
    const QDateTime now = QDateTime::currentDateTime();
    QString tag = request.tag;
    tag.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/greenlight/logs/")
                        + now.toString(QStringLiteral("yyyy-MM-dd"));
    QDir().mkpath(dir);
    auto file = std::make_unique<QFile>(QStringLiteral("%1/%2-%3-%4.log").arg(dir, now.toString(QStringLiteral("HHmmss.zzz")), host, tag));
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append))
        return nullptr;
    file->write(QStringLiteral("# %1 on %2 at %3\n").arg(request.command, host, now.toString(Qt::ISODateWithMs)).toUtf8());
    return file;
}

void HostWorker::execute(const CommandRequest &request, const std::shared_ptr<QPromise<CommandResult>> &promise)
{
    CommandResult result;
    if (request.cancel.isCancelled()) {
        result.host = m_session.target().hostName;
        result.error = CommandError::Cancelled;
        result.errorMessage = QStringLiteral("cancelled before it started");
    } else if (!ensureConnected()) {
        result.host = m_session.target().hostName;
        result.error = CommandError::Connect;
        result.errorMessage = m_status.reason;
    } else {
        const QString host = m_session.target().hostName;
        SshSession::LineSink sink;
        std::unique_ptr<QFile> log;
        if (!request.tag.isEmpty()) { // untagged requests (router API, version reads) are not log-worthy
            sink = [&](OutputStream stream, const QString &line) { reportLine(host, request.tag, stream, line); };
            log = openCommandLog(host, request);
        }
        result = m_session.run(request, sink, log.get());
        if (log)
            result.logFile = log->fileName();
        if (result.error == CommandError::ConnectionLost) {
            setStatus(HostState::Failed, result.errorMessage);
            scheduleReconnect();
        }
    }
    promise->start();
    promise->addResult(result);
    promise->finish();
}

} // namespace greenlight
