#include "trafficchart.h"

#include "theme.h"

#include <QChart>
#include <QCursor>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QPen>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {
// A readable axis top: `value` rounded up to 1, 2 or 5 times a power of ten.
double niceTop(double value)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(value, 1.0))));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

QString windowLabel(int seconds)
{
    return seconds % 60 == 0 ? QStringLiteral("%1 min").arg(seconds / 60) : QStringLiteral("%1 s").arg(seconds);
}
} // namespace

TrafficChart::TrafficChart(const QColor &accent, QWidget *parent)
    : QChartView(parent), m_time(new QValueAxis), m_latencyAxis(new QValueAxis), m_percentAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignTop); // one short row above the plot
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    Theme::styleChart(chart);
    setChart(chart);

    m_time->setLabelFormat(QStringLiteral("%d s"));
    m_time->setTickCount(7);
    m_latencyAxis->setRange(0, 10);
    m_latencyAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_latencyAxis->setTitleText(tr("latency ms"));
    m_percentAxis->setRange(0, 100);
    m_percentAxis->setLabelFormat(QStringLiteral("%d %%"));
    m_percentAxis->setTitleText(tr("errors"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_latencyAxis, Qt::AlignLeft);
    chart->addAxis(m_percentAxis, Qt::AlignRight);
    for (QValueAxis *axis : {m_time, m_latencyAxis, m_percentAxis})
        Theme::styleAxis(axis);

    // Solid pens told apart by lightness and width: a dash pattern costs the raster engine as
    // much as the rest of the chart (bench/dashboard-cost.sh).
    m_p50 = addLine(tr("p50"), QPen(accent.lighter(160), 1), m_latencyAxis);
    m_p95 = addLine(tr("p95"), QPen(accent, 2), m_latencyAxis);
    m_p99 = addLine(tr("p99"), QPen(accent.darker(150), 1), m_latencyAxis);
    // Real requests, in the text colour: told from the probes' lines by hue.
    m_trafficP95 = addLine(tr("traffic p95"), QPen(Theme::colour(Theme::Role::Text), 1.5), m_latencyAxis);
    showTrafficLine(false);
    m_errors = addLine(tr("errors %"), QPen(Theme::colour(Theme::Role::Danger), 2.5), m_percentAxis);

    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(170);
    setWindowSeconds(120);
}

QLineSeries *TrafficChart::addLine(const QString &name, const QPen &pen, QValueAxis *axis)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(pen);
    chart()->addSeries(series);
    series->attachAxis(m_time);
    series->attachAxis(axis);
    connect(series, &QLineSeries::hovered, this, [this, series](const QPointF &point, bool state) { showValue(series, point, state); });
    return series;
}

void TrafficChart::showValue(QLineSeries *series, const QPointF &point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    const bool percent = series == m_errors || series->attachedAxes().contains(m_percentAxis);
    QToolTip::showText(QCursor::pos(), tr("%1: %2 %3 · %4 s ago")
                                           .arg(series->name())
                                           .arg(point.y(), 0, 'f', percent ? 1 : 0)
                                           .arg(percent ? QStringLiteral("%") : QStringLiteral("ms"))
                                           .arg(-point.x(), 0, 'f', 0),
                       this);
}

void TrafficChart::showTrafficLine(bool shown)
{
    // No access log (or no request in the window): no line, and no legend entry promising one.
    if (m_trafficP95->isVisible() == shown)
        return;
    m_trafficP95->setVisible(shown);
    for (QLegendMarker *marker : chart()->legend()->markers(m_trafficP95))
        marker->setVisible(shown);
}

void TrafficChart::setWindowSeconds(int seconds)
{
    m_seconds = seconds;
    m_time->setRange(-seconds, 0);
    // No axis title: the window selector says it, and a 768-pixel screen needs the height.
    setAccessibleDescription(tr("p50, p95 and p99 latency of the probes, p95 of real traffic where the router logs it, and error rate "
                                "over the last %1, with each gate's threshold")
                                 .arg(windowLabel(seconds)));
    setThresholds(m_gates); // their lines span the window
}

void TrafficChart::setSeries(const Series &series)
{
    m_p50->replace(series.p50);
    m_p95->replace(series.p95);
    m_p99->replace(series.p99);
    m_trafficP95->replace(series.trafficP95);
    showTrafficLine(!series.trafficP95.isEmpty());
    m_errors->replace(series.errors);
    fitLatencyAxis(series);
    viewport()->update(); // the markers move with time
}

void TrafficChart::fitLatencyAxis(const Series &series)
{
    // The bulk of the points decides the axis: the 90th percentile of the p99 line, not its
    // single highest point (the first connection's setup can take 100 times the steady state).
    QList<double> highs;
    for (const QList<QPointF> *line : {&series.p99, &series.trafficP95}) {
        for (const QPointF &p : *line)
            highs << p.y();
    }
    std::sort(highs.begin(), highs.end());
    const double bulk = highs.isEmpty() ? 1 : highs.at(static_cast<qsizetype>(0.9 * static_cast<double>(highs.size() - 1)));
    const double top = niceTop(std::max(bulk * 1.3, m_thresholdTop * 1.15));
    if (!qFuzzyCompare(m_latencyAxis->max(), top))
        m_latencyAxis->setRange(0, top);
}

double TrafficChart::latencyAxisTop() const
{
    return m_latencyAxis->max();
}

void TrafficChart::setThresholds(const QList<GateReading> &gates)
{
    for (QLineSeries *line : std::as_const(m_thresholds)) {
        chart()->removeSeries(line);
        delete line;
    }
    m_thresholds.clear();
    m_gates = gates;
    m_thresholdTop = 0;
    for (const GateReading &gate : gates) {
        const double y = gate.isRate() ? gate.threshold * 100 : gate.threshold;
        QColor colour = gate.isRate() ? Theme::colour(Theme::Role::Danger) : Theme::colour(Theme::Role::Warning);
        colour.setAlphaF(0.7);
        const QPen pen(colour, 1);
        QLineSeries *line = addLine(tr("gate %1 ≤ %2 over %3 s").arg(gate.metric, gate.thresholdText()).arg(gate.windowS), pen,
                                    gate.isRate() ? m_percentAxis : m_latencyAxis);
        line->append(-m_seconds, y);
        line->append(0, y);
        // Named for the accessibility tree and the tests, labelled on the plot, not in the legend.
        for (QLegendMarker *marker : chart()->legend()->markers(line))
            marker->setVisible(false);
        m_thresholds << line;
        if (!gate.isRate())
            m_thresholdTop = std::max(m_thresholdTop, y);
    }
}

void TrafficChart::setMarkers(const QList<ChartMarker> &markers)
{
    m_markers = markers;
    viewport()->update();
}

QList<ChartMarker> TrafficChart::visibleMarkers() const
{
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - m_seconds * 1000LL;
    QList<ChartMarker> out;
    for (const ChartMarker &m : m_markers) {
        if (m.timeMs >= since)
            out << m;
    }
    return out;
}

void TrafficChart::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    const QRectF plot = chart()->mapRectToScene(chart()->plotArea());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    painter->save();
    painter->setClipRect(plot.adjusted(0, -2, 0, 2));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter->setFont(small);
    const QFontMetricsF metrics(small);
    // Threshold labels at the right end of their lines.
    for (qsizetype i = 0; i < m_thresholds.size(); ++i) {
        QLineSeries *line = m_thresholds.at(i);
        if (line->count() == 0)
            continue;
        const QPointF at = chart()->mapToScene(chart()->mapToPosition(line->at(1), line));
        const QString label = line->name().mid(5); // without "gate "
        painter->setPen(line->pen().color());
        painter->drawText(QPointF(at.x() - metrics.horizontalAdvance(label) - 4, at.y() - 3), label);
    }
    // Markers: a vertical line and its label, staggered so neighbours do not overwrite each other.
    int row = 0;
    for (const ChartMarker &m : visibleMarkers()) {
        const double x = plot.left() + plot.width() * (1.0 + static_cast<double>(m.timeMs - now) / (m_seconds * 1000.0));
        const QColor colour = m.alarm ? Theme::colour(Theme::Role::Danger) : Theme::colour(Theme::Role::Muted);
        painter->setPen(QPen(colour, 1, Qt::DashLine));
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter->setPen(colour);
        const double y = plot.top() + metrics.ascent() + 2 + (row++ % 3) * (metrics.height() + 1);
        painter->drawText(QPointF(std::min(x + 3, plot.right() - metrics.horizontalAdvance(m.label) - 2), y), m.label);
    }
    painter->restore();
}

} // namespace greenlight
