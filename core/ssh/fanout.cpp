#include "fanout.h"

#include <QFuture>
#include <QSemaphore>

namespace greenlight {

bool FanoutResult::ok() const
{
    return skipped.isEmpty() && failedHosts().isEmpty();
}

QStringList FanoutResult::failedHosts() const
{
    QStringList failed;
    for (const CommandResult &r : results) {
        if (!r.ok())
            failed << r.host;
    }
    return failed;
}

QList<QStringList> Fanout::batches(const QStringList &hosts, int batchPercent)
{
    const int percent = std::clamp(batchPercent, 1, 100);
    const qsizetype size = std::max<qsizetype>(1, (hosts.size() * percent + 99) / 100);
    QList<QStringList> out;
    for (qsizetype i = 0; i < hosts.size(); i += size)
        out << hosts.mid(i, size);
    return out;
}

FanoutResult Fanout::run(const QStringList &hosts, const RequestFor &requestFor, const Started &onStarted,
                         const Finished &onFinished)
{
    FanoutResult result;
    QHash<QString, CommandResult> byHost;
    const QList<QStringList> groups = batches(hosts, m_policy.batchPercent);
    bool failed = false;
    for (qsizetype b = 0; b < groups.size(); ++b) {
        if (failed && m_policy.stopOnFailure) {
            result.skipped << groups.at(b);
            continue;
        }
        const QStringList &batch = groups.at(b);
        const qsizetype limit = m_policy.maxParallel > 0 ? m_policy.maxParallel : batch.size();
        QList<QPair<QString, QFuture<CommandResult>>> inFlight;
        QSemaphore finished; // released on the host's thread as each command completes
        qsizetype next = 0;
        while (next < batch.size() || !inFlight.isEmpty()) {
            while (next < batch.size() && inFlight.size() < limit) {
                const QString &host = batch.at(next++);
                if (onStarted)
                    onStarted(host, static_cast<int>(b));
                inFlight.append({host, m_pool.run(host, requestFor(host)).then(QtFuture::Launch::Sync, [&finished](CommandResult r) {
                                     finished.release();
                                     return r;
                                 })});
            }
            // Every command ends by its own deadline, so this wait is bounded.
            finished.acquire();
            finished.release();
            for (qsizetype i = 0; i < inFlight.size();) {
                if (!inFlight.at(i).second.isFinished()) {
                    ++i;
                    continue;
                }
                const CommandResult r = inFlight.at(i).second.result();
                byHost.insert(inFlight.at(i).first, r);
                failed = failed || !r.ok();
                if (onFinished)
                    onFinished(r);
                inFlight.removeAt(i);
                finished.acquire();
            }
        }
    }
    for (const QString &host : hosts) {
        if (byHost.contains(host))
            result.results << byHost.value(host);
    }
    return result;
}

} // namespace greenlight
