#pragma once

#include "ssh/hostpool.h"
#include "ssh/sshtypes.h"

#include <QList>
#include <QStringList>

#include <functional>

namespace greenlight {

struct FanoutPolicy
{
    int maxParallel = 0;      // commands in flight at once; 0: no bound beyond the batch
    int batchPercent = 100;   // rolling batches: this share of the hosts at a time (rounded up)
    bool stopOnFailure = true; // a failed batch stops the next ones from starting
};

struct FanoutResult
{
    QList<CommandResult> results; // one per host that ran, in the order of the host list
    QStringList skipped;          // hosts not started because an earlier batch failed
    [[nodiscard]] bool ok() const;
    [[nodiscard]] QStringList failedHosts() const;
};

// One step on many hosts: rolling batches, a concurrency bound, stop-on-failure or continue,
// a result per host. Blocking; call it from a worker thread, never the GUI thread.
class Fanout final
{
public:
    using RequestFor = std::function<CommandRequest(const QString &host)>;
    using Started = std::function<void(const QString &host, int batch)>;
    using Finished = std::function<void(const CommandResult &result)>;

    Fanout(HostPool &pool, FanoutPolicy policy) : m_pool(pool), m_policy(policy) {}

    [[nodiscard]] FanoutResult run(const QStringList &hosts, const RequestFor &requestFor, const Started &onStarted = {},
                                   const Finished &onFinished = {});

    // The batches `hosts` is split into under `batchPercent` (at least one host each).
    [[nodiscard]] static QList<QStringList> batches(const QStringList &hosts, int batchPercent);

private:
    HostPool &m_pool;
    FanoutPolicy m_policy;
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::FanoutResult)
