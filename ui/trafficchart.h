#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QLineSeries;
class QValueAxis;

namespace greenlight {

// Live p95 latency (left axis, ms) and error rate (right axis, %) of one colour over the last
// two minutes. Fed whole series from a bounded buffer: no animation, one range change a frame.
class TrafficChart final : public QChartView
{
    Q_OBJECT
public:
    static constexpr int kSeconds = 120;

    explicit TrafficChart(const QColor &accent, QWidget *parent = nullptr);
    void setSeries(const QList<QPointF> &latencyMs, const QList<QPointF> &errorPercent);

private:
    QLineSeries *m_latency;
    QLineSeries *m_errors;
    QValueAxis *m_latencyAxis;
};

} // namespace greenlight
