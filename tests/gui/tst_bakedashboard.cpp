// The bake-time dashboard, offscreen, against the real lab: a weighted deploy with gates draws
// the gates' thresholds and a marker per step on both charts, the bake card counts down and
// shows each gate's reading as the gate judged it, and the end is notified. A fault knob on one
// green host shows on that host's row (its own error rate, its HTTP answer) and makes the gate
// breach: the card explains it, the breach is marked and notified, and blue serves again.

#include "integration/labfixture.h"

#include "bakecard.h"
#include "colourpanel.h"
#include "consolewindow.h"
#include "controller/deploymentcontroller.h"
#include "hostsmodel.h"
#include "http/httpcheck.h"
#include "notifier.h"
#include "trafficchart.h"

#include <QLineSeries>
#include <QTableWidget>
#include <QtTest>

using namespace greenlight;

namespace {
// The lab's pipeline with a weighted shift (10 → 50 → 100, 4 s watch after each partial step),
// a 4 s bake, and two gates judged over 4 s.
DeploymentConfig withGates(DeploymentConfig config)
{
    for (qsizetype i = 0; i < config.pipeline.size(); ++i) {
        if (config.pipeline.at(i).kind != StageKind::Shift)
            continue;
        config.pipeline[i].weights = {10, 50, 100};
        config.pipeline[i].bakeS = 4;
        StageConfig bake;
        bake.kind = StageKind::Bake;
        bake.bakeS = 4;
        config.pipeline.insert(i + 1, bake);
        break;
    }
    GateConfig errors;
    errors.metric = GateConfig::Metric::ErrorRate;
    errors.threshold = 0.05;
    errors.windowS = 4;
    errors.minSamples = 3;
    errors.consecutive = 2;
    GateConfig latency;
    latency.metric = GateConfig::Metric::P95Ms;
    latency.threshold = 800;
    latency.windowS = 4;
    latency.minSamples = 3;
    latency.consecutive = 2;
    config.gates = {errors, latency};
    return config;
}

QStringList labels(const QList<ChartMarker> &markers)
{
    QStringList out;
    for (const ChartMarker &m : markers)
        out << m.label;
    return out;
}

QList<Notifier::Kind> kinds(const Notifier &notifier)
{
    QList<Notifier::Kind> out;
    for (const Notifier::Request &r : notifier.requests())
        out << r.kind;
    return out;
}
} // namespace

class TestBakeDashboard final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    std::unique_ptr<DeploymentController> m_controller;
    std::unique_ptr<ConsoleWindow> m_window;

    ColourPanel *panel(const char *name) const { return m_window->findChild<ColourPanel *>(QString::fromLatin1(name)); }

    QString servedThroughRouter() const
    {
        const Result<HttpReply> r = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
    }

    int hostRow(HostsModel *model, const QString &host) const
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, HostsModel::Host).data().toString() == host)
                return row;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        LabOptions options;
        options.hostsPerColour = 3; // a majority version, so one odd host is a drift
        QVERIFY(m_lab.start(options));
        m_controller = std::make_unique<DeploymentController>(withGates(*m_lab.config), HostKeyPolicy::Strict);
        m_window = std::make_unique<ConsoleWindow>(m_controller.get());
        m_window->show();
        m_controller->connectHosts(500);
        m_controller->metrics().start();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().startsWith(QStringLiteral("BLUE is live")), 20000);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_controller.reset();
        m_lab.lab.stop();
    }

    void chartsDrawEveryGateThreshold()
    {
        for (const char *name : {"bluePanel", "greenPanel"}) {
            TrafficChart *chart = panel(name)->chart();
            QTRY_COMPARE(chart->thresholdLines().size(), 2);
            QStringList names;
            for (QLineSeries *line : chart->thresholdLines())
                names << line->name();
            QVERIFY2(names.contains(QStringLiteral("gate error_rate ≤ 5.0 % over 4 s")), qPrintable(names.join(QLatin1Char('|'))));
            QVERIFY2(names.contains(QStringLiteral("gate p95_ms ≤ 800 ms over 4 s")), qPrintable(names.join(QLatin1Char('|'))));
            // The error gate's line sits at 5 on the % axis; the latency axis always shows 800 ms.
            for (QLineSeries *line : chart->thresholdLines()) {
                if (line->name().contains(QStringLiteral("error_rate")))
                    QCOMPARE(line->at(0).y(), 5.0);
            }
            QTRY_VERIFY(chart->latencyAxisTop() >= 800);
        }
        // p50, p95, p99 and errors are drawn from the probes (and the router's counts).
        TrafficChart *blue = panel("bluePanel")->chart();
        QStringList series;
        for (QAbstractSeries *s : blue->chart()->series())
            series << s->name();
        for (const QString &name : {QStringLiteral("p50"), QStringLiteral("p95"), QStringLiteral("p99"), QStringLiteral("errors %")})
            QVERIFY2(series.contains(name), qPrintable(series.join(QLatin1Char('|'))));
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QLineSeries *>(blue->chart()->series().at(1))->count() > 0, 10000);
        // The lab's traffic through HAProxy, whose request log the router reads: live blue draws
        // its real requests' p95 and says it in its summary; idle green has no such line at all.
        QTRY_VERIFY_WITH_TIMEOUT(blue->trafficLine()->isVisible() && blue->trafficLine()->count() > 0, 20000);
        QTRY_VERIFY2(panel("bluePanel")->metricsSummary().contains(QStringLiteral("traffic (router log): p50")),
                     qPrintable(panel("bluePanel")->metricsSummary()));
        QVERIFY(!panel("greenPanel")->chart()->trafficLine()->isVisible());
    }

    void aWeightedDeployCountsDownMarksEveryStepAndNotifies()
    {
        QSignalSpy finished(m_controller.get(), &DeploymentController::deployFinished);
        QSignalSpy events(m_controller.get(), &DeploymentController::pipelineEvent);
        m_window->startDeploy(QStringLiteral("3.0.0"));
        BakeCard *card = m_window->bakeCard();

        // The card appears with the first weighted step's watch and counts down.
        QTRY_VERIFY_WITH_TIMEOUT(card->isVisible() && card->progress().percent == 10, 60000);
        const qint64 first = card->progress().leftMs();
        QVERIFY2(card->headline().contains(QStringLiteral("bake at 10%")), qPrintable(card->headline()));
        QVERIFY2(card->countdown().endsWith(QStringLiteral(" left")), qPrintable(card->countdown()));
        QTRY_VERIFY_WITH_TIMEOUT(card->progress().percent == 10 && card->progress().leftMs() < first, 5000);
        // Time left in the stage covers the next step's watch too.
        QVERIFY(card->progress().stageLeftMs > card->progress().leftMs());
        QCOMPARE(card->progress().next, QStringLiteral("green 50%"));
        // Each gate's row is the gate's own reading: metric, threshold, window, k of N.
        QTableWidget *gates = card->gateTable();
        QCOMPARE(gates->rowCount(), 2);
        QCOMPARE(gates->item(0, BakeCard::Gate)->text(), QStringLiteral("error_rate"));
        QCOMPARE(gates->item(0, BakeCard::Threshold)->text(), QStringLiteral("≤ 5.0 %"));
        QCOMPARE(gates->item(0, BakeCard::Window)->text(), QStringLiteral("4 s"));
        QVERIFY2(gates->item(0, BakeCard::InARow)->text().endsWith(QStringLiteral("of 2")), qPrintable(gates->item(0, BakeCard::InARow)->text()));

        QVERIFY(finished.wait(90000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));

        // Markers: the deploy's start and every weight step, on both charts.
        for (const char *name : {"bluePanel", "greenPanel"}) {
            const QStringList marks = labels(panel(name)->chart()->visibleMarkers());
            for (const QString &expected : {QStringLiteral("deploy 3.0.0"), QStringLiteral("green 10%"), QStringLiteral("green 50%"),
                                            QStringLiteral("green 100%")})
                QVERIFY2(marks.contains(expected), qPrintable(marks.join(QLatin1Char('|'))));
        }
        // The bake passed; the card says so and the operator is told.
        QVERIFY2(card->headline().startsWith(QStringLiteral("BAKE PASSED")), qPrintable(card->headline()));
        const QList<Notifier::Kind> told = kinds(*m_window->notifier());
        QVERIFY(told.contains(Notifier::Kind::BakeFinished));
        QVERIFY(told.contains(Notifier::Kind::DeploySucceeded));
        // Progress is the card's: no timeline row, no journal record.
        bool sawProgress = false;
        for (const QList<QVariant> &e : events)
            sawProgress = sawProgress || e.at(0).value<PipelineEvent>().kind == PipelineEvent::Kind::Progress;
        QVERIFY(sawProgress);
        QCOMPARE(servedThroughRouter(), QStringLiteral("3.0.0"));
    }

    void aFaultyHostShowsOnItsRowAndItsBreachIsExplained()
    {
        // Blue is idle now (green took traffic); one blue host answers half its requests with 500.
        const QString faulty = m_controller->config().blue.hosts.first();
        const QString healthy = m_controller->config().blue.hosts.at(1);
        QVERIFY(m_lab.lab.setFault(faulty, {{QStringLiteral("error_rate"), QStringLiteral("0.5")}}).ok());
        HostsModel *hosts = panel("bluePanel")->hostsModel();
        const int row = hostRow(hosts, faulty);
        const int twin = hostRow(hosts, healthy);
        QVERIFY(row >= 0 && twin >= 0);
        // The host's own error rate (its probes) tells it from its healthy twin.
        // (with a symbol, not only a colour: ✖ from 5 %, ⚠ below)
        QTRY_VERIFY_WITH_TIMEOUT(hosts->index(row, HostsModel::Errors).data().toString().startsWith(QStringLiteral("✖ ")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(hosts->index(row, HostsModel::Http).data().toString().startsWith(QStringLiteral("✖ 500")), 15000);
        QTRY_VERIFY(hosts->index(twin, HostsModel::Errors).data().toString().startsWith(QStringLiteral("0.0 %")));

        // A version differing from its colour's majority is marked on its row.
        QFile version(m_lab.lab.hostDir(faulty) + QStringLiteral("/version"));
        QVERIFY(version.open(QIODevice::ReadOnly));
        const QByteArray before = version.readAll();
        version.close();

        QSignalSpy finished(m_controller.get(), &DeploymentController::deployFinished);
        m_window->startDeploy(QStringLiteral("3.1.0"));
        QVERIFY(finished.wait(90000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(!outcome.succeeded && outcome.code == ErrorCode::GateBreach, qPrintable(outcome.message));

        BakeCard *card = m_window->bakeCard();
        QVERIFY(card->isVisible() && card->breached());
        QVERIFY2(card->headline().startsWith(QStringLiteral("GATE BREACHED during bake at 10%")), qPrintable(card->headline()));
        QVERIFY2(card->headline().contains(QStringLiteral("error rate")), qPrintable(card->headline()));
        QVERIFY2(card->gateTable()->item(0, BakeCard::InARow)->text() == QStringLiteral("2 of 2"),
                 qPrintable(card->gateTable()->item(0, BakeCard::InARow)->text()));
        const QStringList marks = labels(panel("greenPanel")->chart()->visibleMarkers());
        QVERIFY2(marks.contains(QStringLiteral("gate breach")), qPrintable(marks.join(QLatin1Char('|'))));
        // The panel's own gate line says the colour is over, never "… ≤ limit" with a value above it.
        QTRY_VERIFY2_WITH_TIMEOUT(panel("bluePanel")->metricsSummary().contains(QStringLiteral(": OVER its limit")),
                                  qPrintable(panel("bluePanel")->metricsSummary()), 10000);
        const QList<Notifier::Kind> told = kinds(*m_window->notifier());
        QVERIFY(told.contains(Notifier::Kind::GateBreached));
        QVERIFY(told.contains(Notifier::Kind::RolledBack));
        QCOMPARE(servedThroughRouter(), QStringLiteral("3.0.0"));

        // A host that came back with another version than its colour: the drift is on its row.
        QVERIFY(m_lab.lab.setFault(faulty, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
        QVERIFY(version.open(QIODevice::WriteOnly | QIODevice::Truncate));
        version.write("3.1.9\n");
        version.close();
        m_controller->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(hosts->index(row, HostsModel::Version).data().toString().contains(QStringLiteral("drift")), 15000);
        QCOMPARE(hosts->drifted(), QStringList{faulty});
        QVERIFY(!hosts->index(twin, HostsModel::Version).data().toString().contains(QStringLiteral("drift")));
        QVERIFY(version.open(QIODevice::WriteOnly | QIODevice::Truncate));
        version.write(before);
    }
};

QTEST_MAIN(TestBakeDashboard)
#include "tst_bakedashboard.moc"
