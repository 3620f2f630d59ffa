// The window on a DNS lab (`--lab-router pdns`), offscreen, after a deploy:
// - PowerDNS checks no host, so blue's own health checks make it a rollback target (Ctrl+R on);
// - PowerDNS counts nothing per host, so the hosts' own request counters show a client that kept
//   blue's old address: blue's panel says "draining: N requests in the last 10 s" until it stops.

#include "integration/labdnscheck.h"
#include "integration/labfixture.h"

#include "colourpanel.h"
#include "consolewindow.h"
#include "controller/deploymentcontroller.h"

#include <QAction>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

using namespace greenlight;

class TestDnsConsole final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    std::unique_ptr<DeploymentController> m_controller;
    std::unique_ptr<ConsoleWindow> m_window;

    ColourPanel *panel(const char *name) const { return m_window->findChild<ColourPanel *>(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        LabOptions options;
        options.router = RouterType::Pdns;
        options.trafficRps = 0; // the test is the only client
        QVERIFY(m_lab.start(options));
        QVERIFY(!m_lab.config->blue.requestsPath.isEmpty());
        m_controller = std::make_unique<DeploymentController>(*m_lab.config, HostKeyPolicy::Strict);
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

    void afterADeployBlueIsARollbackTargetAndDrains()
    {
        ColourPanel *blue = panel("bluePanel");
        ColourPanel *green = panel("greenPanel");
        QVERIFY(blue && green);
        QSignalSpy finished(m_controller.get(), &DeploymentController::deployFinished);
        QVERIFY(m_controller->deploy(QStringLiteral("2.0.0"), {}));
        QVERIFY(finished.wait(120000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().startsWith(QStringLiteral("GREEN is live")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(blue->headline().contains(QStringLiteral("0 % of traffic")), 20000);
        QVERIFY2(!blue->headline().contains(QStringLiteral("draining")), qPrintable(blue->headline()));
        // PowerDNS checks no host: blue's own health checks answer, so one click rolls back.
        auto *rollback = m_window->findChild<QAction *>(QStringLiteral("rollbackAction"));
        QVERIFY(rollback);
        QTRY_VERIFY2_WITH_TIMEOUT(rollback->isEnabled(), qPrintable(rollback->toolTip()), 20000);

        // A client that kept blue's old answer: blue counts its requests, the panel says so.
        static const QRegularExpression draining(QStringLiteral("0 % of traffic · draining: [1-9][0-9]* requests in the last 10 s"));
        const DeploymentConfig &c = *m_lab.config;
        {
            const test::StaleClient stale(c.host(c.blue.hosts.first())->address, m_lab.lab.appPort());
            QTRY_VERIFY2_WITH_TIMEOUT(blue->headline().contains(draining), qPrintable(blue->headline()), 20000);
            QTRY_VERIFY2_WITH_TIMEOUT(blue->metricsSummary().contains(QStringLiteral("requests counted by its hosts")), qPrintable(blue->metricsSummary()), 20000);
        }
        QVERIFY2(!green->headline().contains(QStringLiteral("draining")), qPrintable(green->headline()));
        // Once it stops, the 10 s window empties and blue is plainly idle again.
        QTRY_VERIFY2_WITH_TIMEOUT(!blue->headline().contains(QStringLiteral("draining")), qPrintable(blue->headline()), 30000);
    }
};

QTEST_MAIN(TestDnsConsole)
#include "tst_dnsconsole.moc"
