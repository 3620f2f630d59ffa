#include "trafficchart.h"

#include <QChart>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <cmath>

namespace greenlight {

TrafficChart::TrafficChart(const QColor &accent, QWidget *parent)
    : QChartView(parent), m_latency(new QLineSeries), m_errors(new QLineSeries), m_latencyAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);

    m_latency->setName(tr("p95 latency (ms)"));
    m_latency->setPen(QPen(accent, 2));
    m_errors->setName(tr("errors (%)"));
    m_errors->setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 2, Qt::DashLine));
    chart->addSeries(m_latency);
    chart->addSeries(m_errors);

    auto *time = new QValueAxis;
    time->setRange(-kSeconds, 0);
    time->setLabelFormat(QStringLiteral("%d s"));
    time->setTickCount(7);
    m_latencyAxis->setRange(0, 10);
    m_latencyAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_latencyAxis->setTitleText(tr("ms"));
    auto *percent = new QValueAxis;
    percent->setRange(0, 100);
    percent->setLabelFormat(QStringLiteral("%d %%"));
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(m_latencyAxis, Qt::AlignLeft);
    chart->addAxis(percent, Qt::AlignRight);
    m_latency->attachAxis(time);
    m_latency->attachAxis(m_latencyAxis);
    m_errors->attachAxis(time);
    m_errors->attachAxis(percent);

    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
}

void TrafficChart::setSeries(const QList<QPointF> &latencyMs, const QList<QPointF> &errorPercent)
{
    m_latency->replace(latencyMs);
    m_errors->replace(errorPercent);
    double peak = 1;
    for (const QPointF &p : latencyMs)
        peak = std::max(peak, p.y());
    // Round the axis up to a readable step, with headroom, so it does not jitter every frame.
    const double step = std::pow(10.0, std::floor(std::log10(peak * 1.25)));
    const double top = std::ceil(peak * 1.25 / step) * step;
    if (!qFuzzyCompare(m_latencyAxis->max(), top))
        m_latencyAxis->setRange(0, top);
}

} // namespace greenlight
