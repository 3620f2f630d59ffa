#include "prober.h"

#include "common/queuedhandoff.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"

#include <QDateTime>

namespace greenlight {

Prober::Prober(int maxThreads, QObject *parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(std::max(1, maxThreads));
    m_pool.setExpiryTimeout(-1); // probes come every second: keep the threads
}

Prober::~Prober()
{
    m_cancel.cancel();
    m_pool.waitForDone(); // no probe posts to a prober that is gone
}

void Prober::probe(const QString &host, const QUrl &url, int timeoutMs)
{
    if (m_inFlight.contains(host))
        return;
    m_inFlight.insert(host);
    const CancelToken cancel = m_cancel;
    m_pool.start([this, host, url, timeoutMs, cancel] {
        const Result<HttpReply> r = hostHttpGet(host, url, timeoutMs, cancel);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const double latencyMs = r ? r->elapsedMs : static_cast<double>(timeoutMs);
        const int status = r ? r->status : 0;
        // The host's row says why; the URL is the host's own, so it is left out.
        const QString prefix = url.toDisplayString() + QStringLiteral(": ");
        const QString error = r ? QString() : r.error().startsWith(prefix) ? r.error().mid(prefix.size()) : r.error();
        postQueued(this, [this, host, now, latencyMs, status, error] { finished(host, now, latencyMs, status, error); });
    });
}

void Prober::finished(const QString &host, qint64 timeMs, double latencyMs, int status, const QString &error)
{
    m_inFlight.remove(host);
    Q_EMIT probed(host, timeMs, latencyMs, status, error);
}

} // namespace greenlight
