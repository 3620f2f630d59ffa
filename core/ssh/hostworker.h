#pragma once

#include "ssh/sshsession.h"

#include <QObject>
#include <QPromise>

#include <memory>

class QFile;
class QSemaphore;
class QThread;
class QTimer;

namespace greenlight {

// Owns one host's SSH session on its own thread: connects, keeps the session alive,
// reconnects with backoff, and runs queued commands one at a time.
class HostWorker final : public QObject
{
    Q_OBJECT
public:
    // `handshakes` bounds how many sessions of the pool connect at once (key exchange is CPU work).
    // Made on the thread that receives its signals (the pool's).
    HostWorker(SshTarget target, std::shared_ptr<QSemaphore> handshakes);
    ~HostWorker() override;

    // Called through queued invocations only: they run on the worker's thread.
    void start();
    void connectHost();
    void execute(const CommandRequest &request, const std::shared_ptr<QPromise<CommandResult>> &promise);
    void stop();

Q_SIGNALS:
    void statusChanged(const QString &host, const greenlight::HostStatus &status);
    void outputLine(const QString &host, const QString &tag, greenlight::OutputStream stream, const QString &line);

private:
    bool ensureConnected();
    [[nodiscard]] static std::unique_ptr<QFile> openCommandLog(const QString &host, const CommandRequest &request);
    void setStatus(HostState state, const QString &reason = {});
    void onKeepalive();
    void scheduleReconnect();
    // Sends statusChanged / outputLine to the pool's thread (QueuedHandOff).
    void reportStatus();
    void reportLine(const QString &host, const QString &tag, OutputStream stream, const QString &line);

    SshSession m_session;
    const QThread *m_reportTo; // the thread our signals are queued to
    std::shared_ptr<QSemaphore> m_handshakes;
    HostStatus m_status;
    QTimer *m_keepaliveTimer = nullptr;
    QTimer *m_reconnectTimer = nullptr;
    int m_backoffMs = 1000;
    bool m_wanted = false; // the pool asked for this host to stay connected
};

} // namespace greenlight
