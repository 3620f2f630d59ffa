#include "hostpool.h"

#include "common/queuedhandoff.h"
#include "ssh/hosthttp.h"
#include "ssh/hostworker.h"

#include <QPromise>
#include <QSemaphore>
#include <QThread>

namespace greenlight {

namespace {
constexpr int kHandshakesPerCore = 2;
}

HostPool::HostPool(const QList<SshTarget> &targets, const QStringList &controlHosts, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<HostStatus>();
    qRegisterMetaType<CommandResult>();
    qRegisterMetaType<OutputStream>();
    // Handshakes are CPU work on both ends; past a few per core they only slow each other
    // (and the GUI thread) down.
    m_handshakes = std::make_shared<QSemaphore>(std::max(2, QThread::idealThreadCount() * kHandshakesPerCore));
    for (const SshTarget &t : targets) {
        m_status.insert(t.hostName, HostStatus{});
        m_work.insert(t.hostName, startWorker(t, true));
        if (controlHosts.contains(t.hostName))
            m_control.insert(t.hostName, startWorker(t, false));
    }
    m_httpRoutes = HostHttpRoutes::instance().add(targets);
}

HostPool::~HostPool()
{
    HostHttpRoutes::instance().remove(m_httpRoutes);
    cancelAll();
    for (auto *lanes : {&m_work, &m_control}) {
        for (const Slot &slot : std::as_const(*lanes)) {
            postQueued(slot.worker, &HostWorker::stop);
            slot.thread->quit();
        }
    }
    for (auto *lanes : {&m_work, &m_control}) {
        for (const Slot &slot : std::as_const(*lanes))
            slot.thread->wait();
    }
}

HostPool::Slot HostPool::startWorker(const SshTarget &target, bool reportStatus)
{
    Slot slot;
    slot.thread = new QThread(this);
    slot.thread->setObjectName(QStringLiteral("ssh:") + target.hostName);
    slot.worker = new HostWorker(target, m_handshakes);
    slot.worker->moveToThread(slot.thread);
    connect(slot.thread, &QThread::finished, slot.worker, &QObject::deleteLater);
    if (reportStatus) {
        connect(slot.worker, &HostWorker::statusChanged, this, [this](const QString &host, const HostStatus &s) {
            {
                QMutexLocker lock(&m_mutex);
                m_status.insert(host, s);
            }
            Q_EMIT hostStatusChanged(host, s);
        });
    }
    connect(slot.worker, &HostWorker::outputLine, this, &HostPool::outputLine);
    slot.thread->start();
    postQueued(slot.worker, &HostWorker::start);
    return slot;
}

void HostPool::connectAll()
{
    for (auto *lanes : {&m_work, &m_control}) {
        for (const Slot &slot : std::as_const(*lanes))
            postQueued(slot.worker, &HostWorker::connectHost);
    }
}

QFuture<CommandResult> HostPool::run(const QString &host, CommandRequest request, Lane lane)
{
    auto promise = std::make_shared<QPromise<CommandResult>>();
    QFuture<CommandResult> future = promise->future();
    const auto &lanes = lane == Lane::Control && m_control.contains(host) ? m_control : m_work;
    const auto it = lanes.constFind(host);
    if (it == lanes.cend()) {
        CommandResult unknown;
        unknown.host = host;
        unknown.error = CommandError::Connect;
        unknown.errorMessage = QStringLiteral("no such host in the deployment file");
        promise->start();
        promise->addResult(unknown);
        promise->finish();
        return future;
    }
    {
        QMutexLocker lock(&m_mutex);
        request.cancel = request.cancel.linkedTo(m_shutdown);
    }
    HostWorker *worker = it->worker;
    postQueued(worker, [worker, request, promise] { worker->execute(request, promise); });
    return future;
}

HostStatus HostPool::status(const QString &host) const
{
    QMutexLocker lock(&m_mutex);
    return m_status.value(host);
}

void HostPool::cancelAll()
{
    QMutexLocker lock(&m_mutex);
    m_shutdown.cancel();
    m_shutdown = CancelToken(); // later commands get a fresh token
}

} // namespace greenlight
