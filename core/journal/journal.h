#pragma once

#include "common/result.h"
#include "journal/journalfile.h"
#include "journal/journalreader.h"
#include "journal/journalrun.h"
#include "model/pipelineevent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QString>

#include <optional>

namespace greenlight {

// Append-only JSONL record of every deployment event, fsynced line by line; its copy on the
// router host is JournalShipper's job. Write through a JournalRun (one per deploy, rollback or
// clean-up): every record then carries the run's id and says whether it reached the disk.
// Thread-safe. Callers never pass secrets: only names, versions, results and reasons.
class Journal final
{
public:
    // Below this much free space a deploy does not start (a deploy writes a few dozen KiB).
    static constexpr qint64 kMinFreeBytes = 64 * 1024;

    explicit Journal(QString path);

    // <XDG data>/greenlight/journal/<deployment>.jsonl
    [[nodiscard]] static QString defaultPath(const QString &deploymentName);
    [[nodiscard]] const QString &path() const { return m_file.path(); }
    [[nodiscard]] static QString operatorName();
    // Unique per run: "20261202T101500Z-4242-9f3a1c07" (UTC time, process id, 32 random bits).
    [[nodiscard]] static QString newRunId();
    // A new run's writer, with a fresh id.
    [[nodiscard]] JournalRun beginRun(const QString &deploymentName);
    // Whether `runId` was begun through this object (this process's own runs), so a follower
    // of the router host's copy tells them from runs started elsewhere.
    [[nodiscard]] bool begunHere(const QString &runId) const;

    // Cheap check before a deploy or clean-up changes anything: the folder and file can be
    // created and opened for append, a torn last line is repaired and fsynced, and the disk
    // has kMinFreeBytes free. The proof that counts is still the run's first record: check it.
    [[nodiscard]] Status checkWritable() const;
    // Writes one record (the operator added) as one line, fsynced. Failure: path and reason.
    [[nodiscard]] Status append(QJsonObject record);

    // Readers: unparsable (torn) lines are skipped and counted, never read as records.
    [[nodiscard]] JournalReader read() const { return JournalReader(path()); }
    [[nodiscard]] std::optional<DeploySummary> lastDeploy(const QString &deploymentName) const;
    using WarmWindow = JournalWarmWindow;
    [[nodiscard]] std::optional<WarmWindow> lastWarmWindow(const QString &deploymentName) const;
    [[nodiscard]] QList<QJsonObject> readAll() const;
    // The colour that was live when the most recent deploy started, if known. Rollbacks are
    // not deploys: rolling back twice never flips traffic back to the new colour.
    [[nodiscard]] QString colourBeforeLastDeploy() const;

    // The calls of the time before runs: records without a run id; a record that cannot be
    // written is only warned about on stderr. Use a JournalRun, which returns every failure.
    void record(const PipelineEvent &event, const QString &deploymentName);
    void recordStart(const QString &deploymentName, const QString &from, const QString &to, const QString &version);
    void recordEnd(const QString &deploymentName, const PipelineOutcome &outcome);
    void recordSwitch(const QString &deploymentName, const QString &from, const QString &to, const QString &version,
                      const QString &reason);
    void recordWarmWindow(const QString &deploymentName, const QString &colour, const QString &version, const QDateTime &until,
                          bool cleanedUp);

private:
    void appendUnchecked(const QJsonObject &record);

    JournalFile m_file;
    QMutex m_mutex;
    mutable QMutex m_runsMutex;
    QSet<QString> m_runsBegun;
};

} // namespace greenlight
