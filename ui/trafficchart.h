#pragma once

#include "model/waitprogress.h"

#include <QChartView>
#include <QDateTime>
#include <QList>
#include <QPointF>

class QLineSeries;
class QValueAxis;

namespace greenlight {

// Something that happened, drawn on the time axis: a deploy starting, a weight step, a promote,
// an abort, a gate breach, a rollback.
struct ChartMarker
{
    qint64 timeMs = 0; // ms since epoch
    QString label;
    bool alarm = false; // a breach, an abort or a rollback: drawn in red
};

// One colour's traffic over a chosen window (2 min to 1 h): p50/p95/p99 latency of the probes
// and, where the router logs requests, the p95 of real traffic (left axis, ms), and error rate
// (right axis, %), each configured gate's threshold as a labelled line on its
// metric, and the run's markers. The latency axis follows the bulk of the points, not a single
// spike (the first connection's setup), so the lines stay readable; hovering a line shows its
// value. Fed whole series from the hub: no animation, one range change a frame.
class TrafficChart final : public QChartView
{
    Q_OBJECT
public:
    struct Series
    {
        QList<QPointF> p50, p95, p99; // ms, the probes'
        QList<QPointF> trafficP95;    // ms, real requests (the router's access log); empty: none logged
        QList<QPointF> errors;        // %
    };

    explicit TrafficChart(const QColor &accent, QWidget *parent = nullptr);

    void setWindowSeconds(int seconds);
    [[nodiscard]] int windowSeconds() const { return m_seconds; }
    void setSeries(const Series &series);
    // The gates' thresholds: latency gates on the ms axis, error-rate gates on the % axis.
    void setThresholds(const QList<GateReading> &gates);
    void setMarkers(const QList<ChartMarker> &markers);

    [[nodiscard]] QList<QLineSeries *> thresholdLines() const { return m_thresholds; }
    // The real-traffic p95 line: visible once the router's access log gave times.
    [[nodiscard]] QLineSeries *trafficLine() const { return m_trafficP95; }
    // The markers inside the current window, as drawn.
    [[nodiscard]] QList<ChartMarker> visibleMarkers() const;
    [[nodiscard]] double latencyAxisTop() const;

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    QLineSeries *addLine(const QString &name, const QPen &pen, QValueAxis *axis);
    void showValue(QLineSeries *series, const QPointF &point, bool state);
    void fitLatencyAxis(const Series &series);
    void showTrafficLine(bool shown);

    int m_seconds = 120;
    QValueAxis *m_time;
    QValueAxis *m_latencyAxis;
    QValueAxis *m_percentAxis;
    QLineSeries *m_p50;
    QLineSeries *m_p95;
    QLineSeries *m_p99;
    QLineSeries *m_trafficP95;
    QLineSeries *m_errors;
    QList<QLineSeries *> m_thresholds;
    QList<GateReading> m_gates;
    QList<ChartMarker> m_markers;
    double m_thresholdTop = 0; // the highest latency threshold: always on the axis
};

} // namespace greenlight
