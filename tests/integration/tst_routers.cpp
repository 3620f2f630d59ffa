// The routers other than HAProxy's runtime API, each on a real lab: nginx (upstream file,
// nginx -t, rename, reload, its access log followed for counters) and the custom-command router
// (HAProxy driven by two scripts). Also the SSH session to the router dropping mid-shift, and
// traffic latency from the access logs of nginx and HAProxy judged by a gate.

#include "integration/clirun.h"
#include "integration/labfixture.h"

#include "http/httpcheck.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace greenlight;
using test::Run;
using test::runGreenlight;

namespace {

QString served(const Lab &lab)
{
    const Result<HttpReply> r = HttpCheck::get(lab.frontendUrl() + QStringLiteral("version"), 3000);
    return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
}

int greenPercent(const QString &config)
{
    const Run s = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), config, QStringLiteral("--json")});
    return QJsonDocument::fromJson(s.out.toUtf8()).object().value(QStringLiteral("green_percent")).toInt(-1);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void changeRouter(QJsonObject &root, const QString &key, const QJsonValue &value)
{
    QJsonObject router = root.value(QStringLiteral("router")).toObject();
    router.insert(key, value);
    root.insert(QStringLiteral("router"), router);
}

void setShift(QJsonObject &root, const QJsonArray &weights, int bakeS)
{
    QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
    QJsonObject shift = pipeline.at(2).toObject();
    shift.insert(QStringLiteral("weights"), weights);
    shift.insert(QStringLiteral("bake_s"), bakeS);
    pipeline.replace(2, shift);
    root.insert(QStringLiteral("pipeline"), pipeline);
}

} // namespace

class TestRouters final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_nginx;

    QString upstreamFile() const { return m_nginx.lab.rootDir() + QStringLiteral("/router/upstream.conf"); }

    static void trafficGateCatchesASlowGreen(test::LabFixture &lab)
    {
        const QString slowHost = lab.config->green.hosts.first();
        QVERIFY(lab.lab.setFault(slowHost, {{QStringLiteral("latency_ms"), QStringLiteral("400")}}).ok()); // survives the deploy
        const QString config = test::variantConfig(lab.lab.configPath(), lab.lab.rootDir() + QStringLiteral("/slow-traffic.json"),
                                                   [](QJsonObject &root) {
                                                       setShift(root, QJsonArray{20, 100}, 20);
                                                       root.insert(QStringLiteral("gates"),
                                                                   QJsonArray{QJsonObject{{QStringLiteral("metric"), QStringLiteral("p95_ms")},
                                                                                          {QStringLiteral("above"), 250},
                                                                                          {QStringLiteral("source"), QStringLiteral("traffic")},
                                                                                          {QStringLiteral("window_s"), 10},
                                                                                          {QStringLiteral("min_samples"), 5},
                                                                                          {QStringLiteral("consecutive"), 2}}});
                                                   });
        QVERIFY(!config.isEmpty());
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("5.0.0"), QStringLiteral("--config"), config});
        QVERIFY(lab.lab.setFault(slowHost, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
        QCOMPARE(d.exitCode, 1);
        const QRegularExpression breach(QStringLiteral("gate breached: traffic p95 (\\d+) ms > 250 ms over 10 s"));
        const QRegularExpressionMatch m = breach.match(d.out + d.err);
        QVERIFY2(m.hasMatch(), qPrintable(d.out + d.err));
        QVERIFY2(m.captured(1).toInt() >= 400, qPrintable(m.captured(0))); // green's own time, not blue's
        qInfo("%s", qPrintable(m.captured(0)));
        QCOMPARE(served(lab.lab), QStringLiteral("1.0.0"));
        QCOMPARE(greenPercent(config), 0);
    }


private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        LabOptions options;
        options.router = RouterType::Nginx;
        options.trafficRps = 40; // the access log needs traffic to count
        QVERIFY(m_nginx.start(options));
    }

    void cleanupTestCase() { m_nginx.lab.stop(); }

    void nginxWeightedDeployAndRollback()
    {
        const QString config = test::variantConfig(m_nginx.lab.configPath(), m_nginx.lab.rootDir() + QStringLiteral("/weighted.json"),
                                                   [](QJsonObject &root) {
                                                       setShift(root, QJsonArray{10, 50, 100}, 3);
                                                       root.insert(QStringLiteral("gates"),
                                                                   QJsonArray{QJsonObject{{QStringLiteral("metric"), QStringLiteral("error_rate")},
                                                                                          {QStringLiteral("above"), 0.05},
                                                                                          {QStringLiteral("window_s"), 10},
                                                                                          {QStringLiteral("min_samples"), 5},
                                                                                          {QStringLiteral("consecutive"), 2}},
                                                                              QJsonObject{{QStringLiteral("metric"), QStringLiteral("p95_ms")},
                                                                                          {QStringLiteral("above"), 5000},
                                                                                          {QStringLiteral("source"), QStringLiteral("traffic")},
                                                                                          {QStringLiteral("window_s"), 10},
                                                                                          {QStringLiteral("min_samples"), 5},
                                                                                          {QStringLiteral("consecutive"), 2}}});
                                                   });
        QVERIFY(!config.isEmpty());
        QCOMPARE(greenPercent(config), 0);

        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("2.0.0"), QStringLiteral("--config"), config});
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        for (const char *step : {"green 10% @ router", "blue 90% / green 10%", "blue 50% / green 50%", "blue 0% / green 100%"})
            QVERIFY2(QString(d.out + d.err).contains(QLatin1String(step)), step);
        // The bake between steps counted requests from nginx's access log, not only probes.
        const QRegularExpression counted(QStringLiteral("(\\d+) of them counted by the router"));
        qint64 routerCounted = 0;
        for (auto it = counted.globalMatch(d.out); it.hasNext();)
            routerCounted = std::max(routerCounted, it.next().captured(1).toLongLong());
        QVERIFY2(routerCounted > 0, qPrintable(d.out));
        // And the traffic gate read nginx's upstream times of real requests to green.
        const QRegularExpression timed(QStringLiteral("traffic p95 \\d+ ms over 10 s \\((\\d+) requests"));
        qint64 trafficTimed = 0;
        for (auto it = timed.globalMatch(d.out); it.hasNext();)
            trafficTimed = std::max(trafficTimed, it.next().captured(1).toLongLong());
        QVERIFY2(trafficTimed > 0, qPrintable(d.out));

        QCOMPARE(served(m_nginx.lab), QStringLiteral("2.0.0"));
        QCOMPARE(greenPercent(config), 100);
        const QByteArray file = readFile(upstreamFile());
        QVERIFY2(file.contains("down;  # greenlight host=blue-1"), file.constData());
        QVERIFY2(file.contains("weight=100;  # greenlight host=green-1"), file.constData());
        QVERIFY2(file.contains("keepalive 16;"), file.constData());
        QVERIFY(QDir(m_nginx.lab.rootDir() + QStringLiteral("/router")).entryList({QStringLiteral("*.greenlight-*")}, QDir::Files).isEmpty());

        const Run r = runGreenlight({QStringLiteral("rollback"), QStringLiteral("--config"), config});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(served(m_nginx.lab), QStringLiteral("1.0.0"));
        QCOMPARE(greenPercent(config), 0);
    }

    void nginxRejectingTheFileLeavesTrafficWhereItWas()
    {
        const QByteArray before = readFile(upstreamFile());
        const QString config = test::variantConfig(m_nginx.lab.configPath(), m_nginx.lab.rootDir() + QStringLiteral("/bad-directive.json"),
                                                   [](QJsonObject &root) {
                                                       changeRouter(root, QStringLiteral("upstream_directives"),
                                                                    QJsonArray{QStringLiteral("keepalive_requests_typo 10")});
                                                   });
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("3.0.0"), QStringLiteral("--config"), config});
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("nginx rejected the new upstream file")), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("unknown directive \"keepalive_requests_typo\"")), qPrintable(d.out)); // nginx's own words
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("traffic never left blue")), qPrintable(d.out));
        QCOMPARE(served(m_nginx.lab), QStringLiteral("1.0.0"));
        // The restore wrote the same routing as before (with the file's own directives).
        const QByteArray after = readFile(upstreamFile());
        QCOMPARE(after.count("down;"), before.count("down;"));
        QVERIFY(after.contains("weight=100;  # greenlight host=blue-1"));
    }

    // The new colour answers real requests slowly: a p95 gate on traffic reads nginx's upstream
    // times of the requests routed to green (blue stays fast) and rolls the deploy back.
    void nginxTrafficLatencyGateCatchesASlowNewColour() { trafficGateCatchesASlowGreen(m_nginx); }

    // The same with HAProxy: its `option httplog` lines (the lab logs to HAProxy's stdout file)
    // give each request's server time, Tr.
    void haproxyTrafficLatencyGateCatchesASlowNewColour()
    {
        test::LabFixture lab;
        LabOptions options;
        options.router = RouterType::Haproxy;
        options.trafficRps = 40;
        QVERIFY(lab.start(options));
        trafficGateCatchesASlowGreen(lab);
        lab.lab.stop();
    }

    void commandRouterDeploysAndQuotesARefusal()
    {
        test::LabFixture lab;
        LabOptions options;
        options.router = RouterType::Command;
        options.trafficRps = 0;
        QVERIFY(lab.start(options));
        const QString weighted = test::variantConfig(lab.lab.configPath(), lab.lab.rootDir() + QStringLiteral("/weighted.json"),
                                                     [](QJsonObject &root) { setShift(root, QJsonArray{50, 100}, 0); });
        const Run plan = runGreenlight({QStringLiteral("plan"), QStringLiteral("2.0.0"), QStringLiteral("--config"), weighted});
        QVERIFY2(QString(plan.out + plan.err).contains(QStringLiteral("/bin/router-set 'green' 50")), qPrintable(plan.out));

        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("2.0.0"), QStringLiteral("--config"), weighted});
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY(QString(d.out + d.err).contains(QStringLiteral("blue 50% / green 50%")));
        QCOMPARE(served(lab.lab), QStringLiteral("2.0.0"));
        QCOMPARE(greenPercent(weighted), 100);

        // A set command that refuses: its stderr reaches the operator, traffic stays.
        const QString refusing = test::variantConfig(lab.lab.configPath(), lab.lab.rootDir() + QStringLiteral("/refusing.json"),
                                                     [](QJsonObject &root) {
                                                         changeRouter(root, QStringLiteral("set_command"),
                                                                      QStringLiteral("echo 'change freeze until 18:00 ({percent})' >&2; exit 7"));
                                                     });
        const Run r = runGreenlight({QStringLiteral("deploy"), QStringLiteral("3.0.0"), QStringLiteral("--config"), refusing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString(r.out + r.err).contains(QStringLiteral("exit 7")) && QString(r.out + r.err).contains(QStringLiteral("change freeze until 18:00 (100)")),
                 qPrintable(r.out));
        QCOMPARE(served(lab.lab), QStringLiteral("2.0.0"));
        QCOMPARE(greenPercent(weighted), 100);
        lab.lab.stop();
    }

    void routerSessionDroppedMidShiftPutsTrafficOnAServingColour()
    {
        // The set command moves traffic to green, then kills the sshd process serving this very
        // SSH connection ($PPID of the command's shell): the session to the router drops in the
        // middle of the shift, after the router changed and before Greenlight read it back.
        test::LabFixture lab;
        LabOptions options;
        options.router = RouterType::Command;
        options.trafficRps = 0;
        QVERIFY(lab.start(options));
        const QString set = lab.config->router.setCommand;
        const QString config = test::variantConfig(lab.lab.configPath(), lab.lab.rootDir() + QStringLiteral("/dropping.json"),
                                                   [&set](QJsonObject &root) {
                                                       changeRouter(root, QStringLiteral("set_command"),
                                                                    QString(set + QStringLiteral(" && if [ {colour} = green ]; then kill -9 $PPID; fi")));
                                                   });
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("4.0.0"), QStringLiteral("--config"), config});
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("connection lost")) || QString(d.out + d.err).contains(QStringLiteral("connection closed")), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("rolled back automatically: traffic is back on blue")), qPrintable(d.out));
        QCOMPARE(served(lab.lab), QStringLiteral("1.0.0"));
        QCOMPARE(greenPercent(config), 0);
        QFile journal(lab.config->journalPath);
        QVERIFY(journal.open(QIODevice::ReadOnly));
        QVERIFY(journal.readAll().contains("automatic rollback"));
        lab.lab.stop();
    }
};

QTEST_GUILESS_MAIN(TestRouters)
#include "tst_routers.moc"
