#pragma once

#include "ssh/sshtypes.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>

#include <memory>

class QSemaphore;
class QThread;

namespace greenlight {

class HostWorker;

// Lanes are independent sessions to the same host: rollback has its own warm session to the
// router, so it never queues behind a pipeline step.
enum class Lane { Work, Control };

// Keeps one SSH session per host (and lane) open, each on its own thread. Thread-safe:
// `run` may be called from any thread; results come back as futures of value types. While it
// lives, its hosts' HTTP checks follow their `http_via` (HostHttpRoutes).
class HostPool final : public QObject
{
    Q_OBJECT
public:
    // `controlHosts` also get a Control lane (the router host).
    HostPool(const QList<SshTarget> &targets, const QStringList &controlHosts, QObject *parent = nullptr);
    ~HostPool() override;

    void connectAll();
    [[nodiscard]] QFuture<CommandResult> run(const QString &host, CommandRequest request, Lane lane = Lane::Work);
    [[nodiscard]] HostStatus status(const QString &host) const;
    // Cancels every command in flight or queued; used on shutdown and by emergency stop.
    void cancelAll();

Q_SIGNALS:
    void hostStatusChanged(const QString &host, const greenlight::HostStatus &status);
    void outputLine(const QString &host, const QString &tag, greenlight::OutputStream stream, const QString &line);

private:
    struct Slot
    {
        QThread *thread = nullptr;
        HostWorker *worker = nullptr;
    };
    Slot startWorker(const SshTarget &target, bool reportStatus);

    QHash<QString, Slot> m_work;
    QHash<QString, Slot> m_control;
    mutable QMutex m_mutex;
    QHash<QString, HostStatus> m_status;
    std::shared_ptr<QSemaphore> m_handshakes;
    CancelToken m_shutdown;
    quint64 m_httpRoutes = 0; // its hosts' routes for HTTP checks (ssh/hosthttp.h)
};

} // namespace greenlight
