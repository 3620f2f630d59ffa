// `greenlight lab --router pdns|rfc2136`: the lab with a real PowerDNS or BIND beside its hosts.
// The name in frontend_url answers blue's addresses at the lab's DNS server; `greenlight status`
// reads the router there; a deploy moves the name (and the lab's own traffic, which resolves it
// at that server) to green; the lab leaves no server behind.

#include "integration/clirun.h"
#include "integration/labdnscheck.h"
#include "integration/labfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace greenlight;

using test::Run;
using test::runGreenlight;
using test::answer;
using test::colourAddresses;
using test::fileText;
using test::servedVersion;
using test::status;

class TestLabDns final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        for (const char *tool : {"/usr/sbin/pdns_server", "/usr/sbin/named", "/usr/bin/nsupdate", "/usr/bin/sqlite3"})
            QVERIFY2(QFile::exists(QString::fromLatin1(tool)), qPrintable(QStringLiteral("%1 is missing: run scripts/install-deps.sh").arg(QString::fromLatin1(tool))));
    }

    // The console's lab (`greenlight --lab --lab-router pdns|rfc2136`): its gated pipeline loads,
    // with the steps each DNS router can take.
    void theConsolesGatedLabLoads_data()
    {
        QTest::addColumn<int>("router");
        QTest::addColumn<QList<int>>("weights");
        QTest::newRow("pdns") << int(RouterType::Pdns) << QList<int>{10, 50, 100};
        QTest::newRow("rfc2136") << int(RouterType::Rfc2136) << QList<int>{100};
    }

    void theConsolesGatedLabLoads()
    {
        QFETCH(int, router);
        QFETCH(QList<int>, weights);
        test::LabFixture fixture;
        LabOptions options;
        options.router = static_cast<RouterType>(router);
        options.trafficRps = 0;
        options.gatedPipeline = true;
        QVERIFY(fixture.start(options));
        QVERIFY(fixture.config->stage(StageKind::Shift));
        QCOMPARE(fixture.config->stage(StageKind::Shift)->weights, weights);
        QCOMPARE(fixture.config->gates.size(), 2);
    }

    void startsReadsAndDeploys_data()
    {
        QTest::addColumn<int>("router");
        QTest::addColumn<QList<int>>("weights");
        QTest::newRow("pdns") << int(RouterType::Pdns) << QList<int>{50, 100};
        QTest::newRow("rfc2136") << int(RouterType::Rfc2136) << QList<int>{100};
    }

    void startsReadsAndDeploys()
    {
        QFETCH(int, router);
        QFETCH(QList<int>, weights);
        test::LabFixture fixture;
        LabOptions options;
        options.router = static_cast<RouterType>(router);
        options.trafficRps = 20;
        QVERIFY(fixture.start(options));
        const DeploymentConfig &config = *fixture.config;
        const QString path = fixture.lab.configPath();

        // The deployment file: the router, its server and the name the frontend URL uses.
        QCOMPARE(config.router.type, options.router);
        QCOMPARE(config.router.recordName, QStringLiteral("www.lab.test."));
        QCOMPARE(config.router.ttl, 5);
        QCOMPARE(fixture.lab.frontendUrl(), QStringLiteral("http://www.lab.test:%1/").arg(fixture.lab.appPort()));
        QCOMPARE(config.router.frontendUrl, fixture.lab.frontendUrl());
        QVERIFY(config.stage(StageKind::Shift));
        QCOMPARE(config.stage(StageKind::Shift)->weights, weights);

        // Blue live: the name answers blue's addresses, where blue's backends serve 1.0.0.
        const QStringList blue = colourAddresses(config, Colour::Blue);
        const QStringList green = colourAddresses(config, Colour::Green);
        const QStringList first = answer(config);
        QVERIFY2(!first.isEmpty(), "no answer");
        for (const QString &a : first)
            QVERIFY2(blue.contains(a), qPrintable(first.join(QLatin1Char(' '))));
        QCOMPARE(servedVersion(config, fixture.lab.appPort()), QStringLiteral("1.0.0"));

        QJsonObject s = status(path);
        QCOMPARE(s.value(QStringLiteral("live")).toString(), QStringLiteral("blue"));
        QCOMPARE(s.value(QStringLiteral("blue_percent")).toInt(), 100);

        // The lab's traffic resolves the name at the lab's server and is served.
        const QString trafficLog = fixture.lab.rootDir() + QStringLiteral("/traffic.log");
        QTRY_VERIFY2_WITH_TIMEOUT(fileText(trafficLog).contains(QStringLiteral("last_version=1.0.0")), qPrintable(fileText(trafficLog)), 30000);

        // A deploy moves the name to green; the traffic follows within a TTL.
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("2.0.0"), QStringLiteral("--config"), path});
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        const QStringList after = answer(config);
        QVERIFY2(!after.isEmpty(), "no answer");
        for (const QString &a : after)
            QVERIFY2(green.contains(a), qPrintable(after.join(QLatin1Char(' '))));
        QCOMPARE(servedVersion(config, fixture.lab.appPort()), QStringLiteral("2.0.0"));
        s = status(path);
        QCOMPARE(s.value(QStringLiteral("live")).toString(), QStringLiteral("green"));
        QCOMPARE(s.value(QStringLiteral("green_percent")).toInt(), 100);
        QTRY_VERIFY2_WITH_TIMEOUT(fileText(trafficLog).contains(QStringLiteral("last_version=2.0.0")), qPrintable(fileText(trafficLog)), 30000);

        // Stopped with the lab: no DNS server left listening.
        const QString server = config.router.dnsServer;
        const int port = config.router.dnsPort;
        fixture.lab.stop();
        DnsQuery q{server, static_cast<quint16>(port), QStringLiteral("www.lab.test."), dns::kTypeA, {}, 500};
        QVERIFY(!DnsClient::ask(q));
    }
};

QTEST_GUILESS_MAIN(TestLabDns)
#include "tst_labdns.moc"
