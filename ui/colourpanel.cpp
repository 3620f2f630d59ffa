#include "colourpanel.h"

#include "hostsmodel.h"
#include "theme.h"
#include "trafficchart.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace greenlight {

namespace {
constexpr int kMaxSeriesIntervalS = 5; // a long window's newest point is at most this old
constexpr qint64 kSeriesSlackMs = 100; // the 1 s timer's jitter: 5 s must not slip to 6

QString badgeStyle(const QColor &background)
{
    return QStringLiteral("color: %1; background: %2; padding: 2px 8px; border-radius: 3px;")
        .arg(Theme::textOn(background).name(), background.name());
}

QString outlineStyle()
{
    return QStringLiteral("color: %1; border: 1px solid %1; padding: 1px 7px; border-radius: 3px;").arg(Theme::colour(Theme::Role::Muted).name());
}
} // namespace

ColourPanel::ColourPanel(Colour colour, const QStringList &hosts, QWidget *parent)
    : QFrame(parent), m_colour(colour), m_title(new QLabel(this)), m_badge(new QLabel(this)), m_detail(new QLabel(this)),
      m_hosts(new HostsModel(colour, hosts, this)), m_table(new QTableView(this)), m_chart(new TrafficChart(Theme::accent(colour), this)),
      m_summary(new QLabel(this))
{
    setObjectName(colourName(colour) + QStringLiteral("Panel"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#%1 { border-top: 4px solid %2; }").arg(objectName(), Theme::accent(colour).name()));

    m_title->setText(colourName(colour).toUpper());
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::accent(colour).name()));
    m_badge->setObjectName(QStringLiteral("badge"));
    QFont badgeFont = m_badge->font();
    badgeFont.setBold(true);
    m_badge->setFont(badgeFont);
    m_detail->setTextFormat(Qt::PlainText);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title);
    header->addSpacing(12);
    header->addWidget(m_badge);
    header->addStretch(1);
    header->addWidget(m_detail);

    m_table->setModel(m_hosts);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setTabKeyNavigation(false); // one tab stop: Tab leaves the table, arrows move inside
    m_table->setFocusPolicy(Qt::StrongFocus);
    m_table->setObjectName(colourName(colour) + QStringLiteral("Hosts"));
    m_table->setAccessibleName(tr("%1 hosts").arg(colourName(colour)));
    m_table->setAccessibleDescription(tr("Each %1 host: SSH, version, router state, HTTP health and error rate").arg(colourName(colour)));
    m_chart->setAccessibleName(tr("%1 latency and error rate").arg(colourName(colour)));
    m_summary->setAccessibleName(tr("%1 metrics").arg(colourName(colour)));
    m_badge->setAccessibleName(tr("%1 state").arg(colourName(colour)));
    setAccessibleName(tr("%1 environment").arg(colourName(colour)));
    m_table->setMaximumHeight(m_table->horizontalHeader()->sizeHint().height() + 4 + 30 * std::min<int>(static_cast<int>(hosts.size()), 6));

    m_summary->setObjectName(QStringLiteral("metricsSummary"));
    m_summary->setText(tr("waiting for probes…"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_table);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_summary);
    setFleet({});
}

void ColourPanel::setFleet(const FleetSnapshot &fleet)
{
    m_hosts->setFleet(fleet);
    const QStringList versions = fleet.versions(m_colour);
    const QString version = versions.isEmpty() ? tr("version unknown") : versions.join(QStringLiteral(" / "));
    m_version = version;
    if (!fleet.routerOk) {
        m_percent = -1;
        m_badge->setText(tr("UNKNOWN"));
        m_badge->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::colour(Theme::Role::Muted).name()));
        showDetail();
        return;
    }
    const int percent = fleet.router.percent(m_colour);
    m_percent = percent;
    const auto live = fleet.liveColour();
    if (live == m_colour) {
        m_badge->setText(tr("● LIVE"));
        m_badge->setStyleSheet(badgeStyle(Theme::accent(m_colour)));
    } else if (percent > 0) {
        m_badge->setText(tr("◐ PART LIVE"));
        m_badge->setStyleSheet(badgeStyle(Theme::colour(Theme::Role::Warning)));
    } else if (m_warm) {
        m_badge->setText(m_warmUntil.isValid()
                             ? tr("○ IDLE · warm for rollback until %1").arg(m_warmUntil.toLocalTime().toString(QStringLiteral("HH:mm")))
                             : tr("○ IDLE · warm for rollback"));
        m_badge->setStyleSheet(outlineStyle());
    } else {
        m_badge->setText(tr("○ IDLE"));
        m_badge->setStyleSheet(outlineStyle());
    }
    showDetail();
}

void ColourPanel::showDetail()
{
    if (m_percent < 0) {
        m_detail->setText(m_version);
        return;
    }
    QString text = tr("%1 · %2 % of traffic").arg(m_version).arg(m_percent);
    // At 0 %, requests that still arrive come from clients holding an old answer (a DNS
    // router's TTL) or reaching the hosts directly: the colour is draining, not idle.
    if (m_percent == 0 && m_draining > 0)
        text += (m_draining == 1 ? tr(" · draining: 1 request in the last %1 s").arg(kDrainWindowS)
                                 : tr(" · draining: %1 requests in the last %2 s").arg(m_draining).arg(kDrainWindowS));
    m_detail->setText(text);
}

void ColourPanel::setWarm(bool warm, const QDateTime &until)
{
    m_warm = warm;
    m_warmUntil = until;
}

QString ColourPanel::headline() const
{
    return m_badge->text() + QLatin1Char(' ') + m_detail->text();
}

void ColourPanel::setHostStatus(const QString &host, const HostStatus &status)
{
    m_hosts->setStatus(host, status);
}

void ColourPanel::setChartWindow(int seconds)
{
    m_chart->setWindowSeconds(seconds);
}

void ColourPanel::setMarkers(const QList<ChartMarker> &markers)
{
    m_chart->setMarkers(markers);
}

QString ColourPanel::metricsSummary() const
{
    return m_summary->text();
}

void ColourPanel::updateMetrics(const MetricsHub &metrics)
{
    const int seconds = m_chart->windowSeconds();
    // The series change once a bucket (1 s over 2 min, 15 s over an hour): a long window is
    // recomputed and redrawn every few seconds, not every second (bench/dashboard-cost.sh).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 everyMs = std::min(MetricsHub::bucketSeconds(seconds), kMaxSeriesIntervalS) * 1000LL;
    if (seconds != m_seriesWindowS || now - m_seriesDrawnMs >= everyMs - kSeriesSlackMs) {
        const QList<QList<QPointF>> latency = metrics.latencySeries(m_colour, seconds, {0.50, 0.95, 0.99});
        const QList<QPointF> traffic = metrics.trafficLatencySeries(m_colour, seconds, {0.95}).first();
        m_chart->setSeries({latency.at(0), latency.at(1), latency.at(2), traffic, metrics.errorSeries(m_colour, seconds)});
        m_seriesDrawnMs = now;
        m_seriesWindowS = seconds;
    }
    const QList<GateReading> gates = metrics.gateReadings(m_colour);
    if (!m_thresholdsShown) {
        m_chart->setThresholds(gates);
        m_thresholdsShown = true;
    }
    m_hosts->setHealth(metrics);
    if (const qint64 draining = metrics.requestsReaching(m_colour, kDrainWindowS); draining != m_draining) {
        m_draining = draining;
        showDetail();
    }
    const ColourSummary s = metrics.summary(m_colour, 60);
    const qint64 counted = metrics.requestsCountedByHosts(m_colour, 60);
    if (s.samples == 0 && s.routed == 0 && counted == 0 && s.trafficSamples == 0)
        return;
    // Latency from the probes; the error rate over the probes and the requests the router
    // counted; then each gate's own reading, over its own window, as the gate would judge it.
    QStringList parts{tr("last 60 s: p50 %1 ms · p95 %2 ms · p99 %3 ms · errors %4 % of %5 probes + %6 routed requests")
                          .arg(s.p50Ms, 0, 'f', 1).arg(s.p95Ms, 0, 'f', 1).arg(s.p99Ms, 0, 'f', 1)
                          .arg(s.errorRate * 100, 0, 'f', 1).arg(s.samples).arg(s.routed)};
    // A router that counts nothing per host (DNS): the hosts' own counts show the split, but
    // say nothing of errors.
    if (counted > 0)
        parts << tr("%1 requests counted by its hosts (in no error rate)").arg(counted); // its own line: the panel keeps its width
    // Real requests' upstream times, from the router's access log.
    if (s.trafficSamples > 0)
        parts << tr("traffic (router log): p50 %1 ms · p95 %2 ms · p99 %3 ms of %4 requests")
                     .arg(s.trafficP50Ms, 0, 'f', 1).arg(s.trafficP95Ms, 0, 'f', 1).arg(s.trafficP99Ms, 0, 'f', 1)
                     .arg(s.trafficSamples);
    for (const GateReading &g : gates)
        parts << (g.over() ? tr("gate %1 %2 > %3 over %4 s: OVER its limit") : tr("gate %1 %2 ≤ %3 over %4 s"))
                     .arg(g.metric, g.valueText(), g.thresholdText())
                     .arg(g.windowS);
    m_summary->setText(parts.join(QStringLiteral("\n")));
}

} // namespace greenlight
