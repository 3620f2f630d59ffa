#pragma once

#include "common/result.h"
#include "config/deploymentconfig.h"
#include "ssh/hostpool.h"

#include <QElapsedTimer>

#include <chrono>

namespace greenlight {

class Journal;

// Keeps the journal's copy on the router host (where every operator's deployments meet) up to
// date, record by record: call shipPending() after each record, and a kill -9 loses from that
// copy at most the record in flight. What was shipped is remembered beside the local journal
// (<journal>.shipped), so the next process sends what a killed one did not. The router host
// appends only the lines its copy does not have yet (under flock, after ending a torn last
// line), so a retry after a timeout never duplicates a record. Blocking; worker threads. One
// object per thread: shippers in several threads or processes may ship one journal at once
// (the router host's flock and skip keep one copy of each line).
class JournalShipper final
{
public:
    static constexpr std::chrono::milliseconds kShipTimeout{5000};
    // After a failed ship, calls within this pause fail at once: a router host that is down
    // must not stall every record of a deploy behind a timeout.
    static constexpr std::chrono::milliseconds kRetryPause{5000};

    JournalShipper(HostPool &pool, const DeploymentConfig &config, Lane lane);

    // Sends every complete record of this deployment that the router host's copy does not have
    // yet, within `timeout`. On failure the records stay queued for the next call.
    [[nodiscard]] Status shipPending(const Journal &journal, std::chrono::milliseconds timeout = kShipTimeout);
    // The old name, for callers that shipped at stage ends.
    [[nodiscard]] Status ship(const Journal &journal) { return shipPending(journal); }

    [[nodiscard]] QString remotePath() const { return m_path; }
    // Where the router host keeps the copy: the configured path, or one per deployment name.
    [[nodiscard]] static QString remotePathFor(const DeploymentConfig &config);
    // The shell command that appends stdin's lines the copy at `remotePath` lacks.
    [[nodiscard]] static QString appendCommand(const QString &remotePath);

private:
    // Complete lines from `from` on (at most kMaxBatchBytes), those of this deployment kept.
    struct Batch
    {
        qint64 end = 0;     // the offset just past the last complete line read
        QByteArray lines;   // what goes to the router host
        int records = 0;
    };
    [[nodiscard]] Batch readBatch(const QString &localPath, qint64 from) const;
    [[nodiscard]] qint64 loadOffset(const QString &localPath, qint64 size) const;
    void saveOffset(const QString &localPath, qint64 offset) const;
    [[nodiscard]] Status send(const Batch &batch, std::chrono::milliseconds budget);
    [[nodiscard]] QString offsetKey() const;

    HostPool &m_pool;
    QString m_host;
    QString m_path;
    QString m_deployment;
    Lane m_lane;
    QString m_shippedFile;   // what was shipped of which journal, kept here too in case
    qint64 m_shippedTo = -1; // <journal>.shipped cannot be written
    Status m_lastFailure;
    QElapsedTimer m_failedAt;
};

} // namespace greenlight
