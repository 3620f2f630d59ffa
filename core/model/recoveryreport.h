#pragma once

#include <QMetaType>
#include <QString>

namespace greenlight {

// Is a deploy running, and did one die? Read from the lock's heartbeat (alive or dead, never
// guessed), the journal and the router: where a deploy that was cut short stopped, and what to do.
struct RecoveryReport
{
    bool running = false;     // a deploy is alive right now: its heartbeat in the lock is fresh
    bool interrupted = false; // a deploy started, never ended, and nothing beats in its lock
    // A lock nothing beats in, with no cut-short deploy in this journal to explain it: a deploy
    // killed between taking the lock and its start record, or between its end and letting go,
    // or one run from another machine. `resume` clears it once traffic is on one colour.
    bool deadLock = false;
    QString version;
    QString fromColour;   // live when it started
    QString toColour;     // receiving the new version
    QString lastStage;    // the last stage the journal saw, and its state
    QString routerState;  // "blue 100% / green 0%", or why the router could not be read
    QString lockHolder;   // who holds the deploy lock now; empty when free
    qint64 heartbeatAgeS = -1; // of the lock's holder; -1: none
    QString summary;      // one paragraph for the operator, with the CLI's next step
    QString situation;    // the same without the CLI's advice: the window offers buttons instead

    [[nodiscard]] bool needsAttention() const { return running || interrupted || deadLock; }
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::RecoveryReport)
