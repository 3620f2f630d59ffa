#pragma once

#include "common/canceltoken.h"

#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QUrl>

namespace greenlight {

// Probes hosts over HTTP for the charts and the per-host health, with the very client the gates
// use (HttpCheck's blocking GET, on a small pool of its own threads): the same request, the same
// verdict and the same clock, so a latency on screen is one a gate would have measured, and the
// window's own event loop (busy drawing) never adds to it. One probe per host in flight at a time:
// a host that does not answer is not asked again until its timeout.
class Prober final : public QObject
{
    Q_OBJECT
public:
    explicit Prober(int maxThreads, QObject *parent = nullptr);
    ~Prober() override; // cancels and waits for the probes in flight

    void probe(const QString &host, const QUrl &url, int timeoutMs);

Q_SIGNALS:
    // On the prober's thread. `status` 0: no HTTP answer (then `error` says why).
    void probed(const QString &host, qint64 timeMs, double latencyMs, int status, const QString &error);

private:
    void finished(const QString &host, qint64 timeMs, double latencyMs, int status, const QString &error);

    QThreadPool m_pool;
    CancelToken m_cancel;
    QSet<QString> m_inFlight;
};

} // namespace greenlight
