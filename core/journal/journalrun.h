#pragma once

#include "common/result.h"
#include "model/pipelineevent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <memory>

namespace greenlight {

class Journal;

// The records of one run (a deploy, a rollback, a clean-up). Each carries the run's id and a
// sequence number, so readers never mix two runs and can tell when one lost a record. Every
// call returns whether its record is on disk (written and fsynced). Copies share the sequence
// and the failure count; thread-safe.
class JournalRun final
{
public:
    // The records of a run that may have some already (a deploy cut short, closed by the
    // process that resumes it): they go on from its last sequence number in the journal, read at
    // the first record. A new run comes from Journal::beginRun.
    JournalRun(Journal &journal, QString deployment, QString id);

    [[nodiscard]] const QString &id() const { return m_id; }
    [[nodiscard]] const QString &deployment() const { return m_deployment; }

    // A stage or step changing state (log lines are not records: nothing is written).
    [[nodiscard]] Status record(const PipelineEvent &event);
    // A deploy begins: `from` is live, `to` will receive the new version. A start with no end
    // in the same run is a deploy that was cut short: crash recovery looks for exactly that.
    [[nodiscard]] Status start(const QString &from, const QString &to, const QString &version);
    // The deploy ended, one way or another.
    [[nodiscard]] Status end(const PipelineOutcome &outcome);
    // Traffic moved (a deploy's switch, an automatic or manual rollback).
    [[nodiscard]] Status switched(const QString &from, const QString &to, const QString &version, const QString &reason);
    // The old colour stays warm for rollback until `until` (invalid: no deadline), or
    // (cleanedUp) was cleaned up at `until`.
    [[nodiscard]] Status warmWindow(const QString &colour, const QString &version, const QDateTime &until, bool cleanedUp);

    // The first record of this run that could not be written (ok when none), and how many were
    // lost: a run that carried on past a failed record still says so at its end.
    [[nodiscard]] Status firstFailure() const;
    [[nodiscard]] int failedRecords() const;

    // The JSON of each kind of record, without run id, sequence and operator.
    [[nodiscard]] static QJsonObject eventRecord(const PipelineEvent &event, const QString &deployment);
    [[nodiscard]] static QJsonObject startRecord(const QString &deployment, const QString &from, const QString &to,
                                                 const QString &version);
    [[nodiscard]] static QJsonObject endRecord(const QString &deployment, const PipelineOutcome &outcome);
    [[nodiscard]] static QJsonObject switchRecord(const QString &deployment, const QString &from, const QString &to,
                                                  const QString &version, const QString &reason);
    [[nodiscard]] static QJsonObject warmRecord(const QString &deployment, const QString &colour, const QString &version,
                                                const QDateTime &until, bool cleanedUp);

private:
    friend class Journal;
    struct NewRun {};
    // A run with a fresh id: nothing to read, its sequence starts at 1.
    JournalRun(Journal &journal, QString deployment, QString id, NewRun);

    [[nodiscard]] Status write(QJsonObject record);

    struct State
    {
        QMutex mutex;
        qint64 nextSeq = 0; // 0: not known yet, read from the journal at the first record
        Status firstFailure;
        int failed = 0;
    };

    Journal *m_journal;
    QString m_deployment;
    QString m_id;
    std::shared_ptr<State> m_state;
};

} // namespace greenlight
