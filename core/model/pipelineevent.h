#pragma once

#include "common/result.h"
#include "model/waitprogress.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace greenlight {

enum class StepState { Pending, Running, Succeeded, Failed, Skipped, Cancelled };
[[nodiscard]] QString stepStateName(StepState state);

// One thing that happened in a deployment: a stage or a step changing state, a log line, or a
// wait's progress (once a second, with the gates' readings; never journaled).
// A value type: it crosses from the pipeline's thread to the window, the CLI and the journal.
struct PipelineEvent
{
    enum class Kind { Stage, Step, Log, Progress };
    Kind kind = Kind::Step;
    QDateTime time = QDateTime::currentDateTimeUtc();
    QString stage;   // preflight, deploy, verify, shift, rollback
    QString step;    // e.g. "deploy 2.0.0", "weight 50%"
    QString host;    // empty when the step is not about one host
    StepState state = StepState::Running;
    QString message;
    qint64 durationMs = 0;
    qint64 waitMs = 0; // a Running step that waits (a bake, a promote gate): how long at most; else 0
    WaitProgress progress; // Kind::Progress only
};

struct PipelineOutcome
{
    bool succeeded = false;
    bool rolledBack = false;
    QString failedStage; // preflight, deploy, verify, shift; empty on success
    ErrorCode code = ErrorCode::None; // why it failed: exit codes and the window decide on this, never on the text
    QString version;
    QString fromColour;
    QString toColour;
    QString message; // what happened, for the operator
    QDateTime warmUntil; // the old colour's rollback window, when the finish stage keeps one
    bool oldColourCleanedUp = false;
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::PipelineEvent)
Q_DECLARE_METATYPE(greenlight::PipelineOutcome)
