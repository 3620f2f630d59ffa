#pragma once

// Progress through a long wait of a run (a bake, a promote gate): the pipeline says when one
// starts and how long it lasts at most (PipelineEvent::waitMs) and what the gates read along the
// way (its notes). On a terminal (text output) one line counts down in place, once a second;
// otherwise (a pipe, a file, --json) one line every 10 s. No colour, no escape sequences.

#include "model/pipelineevent.h"
#include "model/waitprogress.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTextStream>
#include <QTimer>

namespace greenlight {

class WaitCountdown final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kLineEveryS = 10; // without a terminal

    // `live`: redraw one line in place every second (stdout is a terminal, output is text).
    WaitCountdown(QTextStream &out, bool json, bool live);

    // Every event of the run, before it is printed: starts, feeds or ends the wait. True when
    // the countdown line shows it (a gate reading during a live countdown): not printed then.
    [[nodiscard]] bool observe(const PipelineEvent &e);
    // The gate watch's progress, once a second: the gates' current readings join the line.
    void progress(const WaitProgress &p);
    // Clears the live line, so that the next line printed starts at the left margin.
    void clearLine();

private:
    void tick();
    [[nodiscard]] QString text(qint64 elapsedS, qint64 remainingS) const;

    QTextStream &m_out;
    bool m_json;
    bool m_live;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QString m_stage;
    QString m_step;
    QString m_reading;
    QString m_gates; // "error rate 0.4 % ≤ 2.0 % · p95 12 ms ≤ 250 ms", from the last progress
    qint64 m_waitMs = 0;
    qint64 m_nextLineS = kLineEveryS;
    int m_drawn = 0; // characters of the live line on screen
};

// Whether stdout is a terminal.
[[nodiscard]] bool stdoutIsTerminal();

} // namespace greenlight
