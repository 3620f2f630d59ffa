#pragma once

#include "model/pipelineevent.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace greenlight {

// One record of the journal's copy on the router host, where every operator's runs meet (the
// CLI's, another console's): what the window needs of it to show the run live in its timeline
// and to list it in the history.
struct RunRecord
{
    enum class Kind { Start, Event, Switch, Warm, End, Other };
    Kind kind = Kind::Other;
    QString runId;
    QString operatorName; // user@machine
    QDateTime time;
    PipelineEvent event;  // Kind::Event: the stage or step as the run reported it
    QString version;
    QString from;         // Start, Switch: colours
    QString to;
    QString reason;       // Switch: "deploy", "rollback: …"
    bool succeeded = false; // End
    bool rolledBack = false;
    QString message;      // End: what happened
    bool begunHere = false; // a run of this process (its timeline already has it)

    [[nodiscard]] bool isRollback() const { return kind == Kind::Switch && reason.startsWith(QLatin1String("rollback")); }
};

// A line of the history: a deploy (from its start to its end), a switch of traffic or a rollback.
struct HistoryEntry
{
    enum class Kind { Deploy, Switch, Rollback };
    Kind kind = Kind::Deploy;
    QString runId;
    QDateTime time;       // when it began
    QString who;
    QString what;         // "deploy 2.0.0 to green", "green → blue"
    QString why;          // a rollback's reason; a deploy's end message
    qint64 durationMs = -1; // -1: still running, or not known
    QString outcome;      // "succeeded", "failed", "rolled back", "running", "done"
};

// Folds records, oldest first, into history lines, newest first.
[[nodiscard]] QList<HistoryEntry> historyOf(const QList<RunRecord> &records);

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::RunRecord)
