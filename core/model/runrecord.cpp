#include "runrecord.h"

#include <QHash>

#include <algorithm>

namespace greenlight {

QList<HistoryEntry> historyOf(const QList<RunRecord> &records)
{
    QList<HistoryEntry> entries;
    QHash<QString, qsizetype> deployOfRun; // run id → its deploy line
    QHash<QString, QDateTime> firstSeen;   // run id → its first record
    for (const RunRecord &r : records) {
        if (!firstSeen.contains(r.runId))
            firstSeen.insert(r.runId, r.time);
        switch (r.kind) {
        case RunRecord::Kind::Start: {
            HistoryEntry e;
            e.kind = HistoryEntry::Kind::Deploy;
            e.runId = r.runId;
            e.time = r.time;
            e.who = r.operatorName;
            e.what = QStringLiteral("deploy %1 to %2").arg(r.version, r.to);
            e.outcome = QStringLiteral("running");
            deployOfRun.insert(r.runId, entries.size());
            entries << e;
            break;
        }
        case RunRecord::Kind::End: {
            const qsizetype at = deployOfRun.value(r.runId, -1);
            if (at < 0)
                break;
            HistoryEntry &e = entries[at];
            e.durationMs = e.time.msecsTo(r.time);
            e.why = r.message;
            e.outcome = r.succeeded ? QStringLiteral("succeeded") : r.rolledBack ? QStringLiteral("rolled back") : QStringLiteral("failed");
            break;
        }
        case RunRecord::Kind::Switch: {
            HistoryEntry e;
            e.kind = r.isRollback() ? HistoryEntry::Kind::Rollback : HistoryEntry::Kind::Switch;
            e.runId = r.runId;
            e.time = r.isRollback() ? firstSeen.value(r.runId) : r.time;
            e.who = r.operatorName;
            e.what = r.version.isEmpty() ? QStringLiteral("%1 → %2").arg(r.from, r.to) : QStringLiteral("%1 → %2 (%3)").arg(r.from, r.to, r.version);
            e.why = r.isRollback() ? r.reason.mid(QStringLiteral("rollback").size()).remove(0, 2) : r.reason;
            e.durationMs = r.isRollback() ? e.time.msecsTo(r.time) : -1;
            e.outcome = QStringLiteral("done");
            entries << e;
            break;
        }
        default: break;
        }
    }
    std::reverse(entries.begin(), entries.end());
    return entries;
}

} // namespace greenlight
