#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace greenlight {

// One gate as its last check saw it: the value it judged, against what, over which window and
// how many requests, and how many checks in a row it has been over. The window's bake card and
// the CLI's countdown show exactly this: what the gate judged, not a figure of their own.
struct GateReading
{
    QString metric;        // the deployment file's name: error_rate, p50_ms, p95_ms, p99_ms
    double value = 0;      // error rate as a fraction; latency in ms
    double threshold = 0;  // same unit
    int windowS = 0;
    qint64 requests = 0;   // probes and routed requests in the window
    qint64 routed = 0;     // of them, counted by the router
    int minSamples = 0;    // fewer requests than this: not judged yet
    int streak = 0;        // checks in a row over the threshold
    int consecutive = 0;   // checks in a row that make a breach
    QString source;        // a latency gate: the window read, "traffic" or "probes"; empty: error rate (both together)

    [[nodiscard]] bool judged() const { return requests >= minSamples; }
    [[nodiscard]] bool over() const { return judged() && value > threshold; }
    [[nodiscard]] bool isRate() const { return metric == QLatin1String("error_rate"); }
    // "0.4 %" / "12 ms of traffic" (a latency gate names its window); "…" while not judged.
    [[nodiscard]] QString valueText() const;
    [[nodiscard]] QString thresholdText() const;
};

// A wait the pipeline is in (a bake, a weighted step's watch), once a second: how far it is,
// what comes next, and every gate's last reading. Not a journal record: it is superseded a
// second later; the step's end records the verdict.
struct WaitProgress
{
    QString stage;           // shift, bake
    QString step;            // "bake at 10%", "bake 600 s"
    qint64 elapsedMs = 0;    // in this wait
    qint64 totalMs = 0;
    qint64 stageLeftMs = 0;  // until the stage's last wait ends (weighted steps: all of them)
    int percent = -1;        // the new colour's share during the wait; -1 unknown
    QString next;            // what happens when the wait ends: "green 50%", "finish"
    QList<GateReading> gates;
    QString noData;          // why the router's counters are missing; empty while they flow
    QString verdict;         // set on the last progress of a wait that failed: the breach

    [[nodiscard]] qint64 leftMs() const { return totalMs > elapsedMs ? totalMs - elapsedMs : 0; }
};

} // namespace greenlight

Q_DECLARE_METATYPE(greenlight::WaitProgress)
