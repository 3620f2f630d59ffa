// A host's HTTP checks through the same path as its SSH (hosts.<name>.http_via): straight to its
// address, or through a direct-tcpip forward on an SSH session to the host, over its jump host.
//
// How the colour hosts' apps are made unreachable from this process, unprivileged and with
// nothing firewalled: each colour host's `address` in the deployment file is a loopback address
// of the lab's subnet where nothing listens (octet + 100), and an ssh_config alias of that very
// address names its real HostName and `ProxyJump` the router — the way a host behind a bastion
// is written. A direct GET to the address is refused; SSH reaches the host through the router,
// and the forward asks the host for its app at its own HostName, where the demo backend listens.

#include "integration/clirun.h"
#include "integration/labfixture.h"
#include "integration/sshconfigcheck.h"

#include "controller/deploymentcontroller.h"
#include "metrics/prober.h"
#include "ssh/hosthttp.h"
#include "ssh/hostpool.h"

#include <QTcpServer>
#include <QtTest>

#include <thread>

using namespace greenlight;
using test::Run;
using test::runGreenlight;

class TestHttpVia final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QString m_sshConfig;
    QString m_routerAddress;
    int m_sshPort = 0;
    int m_appPort = 0;

    [[nodiscard]] static QString unreachable(const QString &address) // the same subnet, octet + 100: nothing listens there
    {
        return address.section(QLatin1Char('.'), 0, 2) + QLatin1Char('.') + QString::number(address.section(QLatin1Char('.'), 3).toInt() + 100);
    }

    // The lab's deployment file with every colour host behind the router, its checks `via`.
    [[nodiscard]] QString behindTheRouter(const QString &via, const QString &name)
    {
        return test::variantConfig(m_lab.lab.configPath(), m_lab.lab.rootDir() + QLatin1Char('/') + name, [&](QJsonObject &root) {
            QJsonObject ssh = root.value(QStringLiteral("ssh")).toObject();
            ssh.insert(QStringLiteral("use_ssh_config"), true);
            ssh.insert(QStringLiteral("config_file"), m_sshConfig);
            root.insert(QStringLiteral("ssh"), ssh);
            QJsonObject hosts = root.value(QStringLiteral("hosts")).toObject();
            for (auto it = hosts.begin(); it != hosts.end(); ++it) {
                if (it.key() == QLatin1String("router"))
                    continue;
                QJsonObject h = it.value().toObject();
                h.insert(QStringLiteral("address"), unreachable(h.value(QStringLiteral("address")).toString()));
                h.insert(QStringLiteral("http_via"), via);
                it.value() = h;
            }
            root.insert(QStringLiteral("hosts"), hosts);
        });
    }

    [[nodiscard]] static std::optional<DeploymentConfig> load(const QString &path)
    {
        Result<DeploymentConfig> c = ConfigLoader().loadFile(path);
        if (!c)
            qWarning("%s", qPrintable(c.error()));
        return c ? std::optional<DeploymentConfig>(std::move(c).value()) : std::nullopt;
    }

    [[nodiscard]] QString servedThroughRouter() const
    {
        const Result<HttpReply> r = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        return r ? r->bodyText() : r.error();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        const DeploymentConfig &c = *m_lab.config;
        m_routerAddress = c.host(QStringLiteral("router"))->address;
        m_sshPort = c.host(QStringLiteral("router"))->port;
        m_appPort = c.green.appPort;
        QString aliases = QStringLiteral("Host gl-router\n  HostName %1\n").arg(m_routerAddress);
        for (const HostConfig &h : c.hosts) {
            if (h.name != QLatin1String("router"))
                aliases += QStringLiteral("Host %1\n  HostName %2\n  ProxyJump gl-router\n").arg(unreachable(h.address), h.address);
        }
        aliases += QStringLiteral("Host *\n  Port %1\n  User %2\n  IdentityFile %3\n  UserKnownHostsFile %4\n")
                       .arg(QString::number(m_sshPort), m_lab.lab.account().name, c.ssh.identityFile, c.ssh.knownHostsFile);
        m_sshConfig = m_lab.lab.rootDir() + QStringLiteral("/ssh_config");
        QVERIFY(test::writeText(m_sshConfig, aliases));
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void autoGoesDirectWhenTheAppAnswers()
    {
        // The lab as it is: every app is reachable from here, so auto (the default) goes direct.
        const DeploymentConfig &c = *m_lab.config;
        QCOMPARE(c.host(QStringLiteral("green-1"))->httpVia, HttpVia::Auto);
        HostPool pool(DeploymentController::sshTargets(c, HostKeyPolicy::Strict, nullptr), {});
        const int sessions = HostHttpRoutes::instance().sessionsOpened();
        const Result<HttpReply> r = hostHttpGet(QStringLiteral("green-1"),
                                                c.green.appUrl(c.host(QStringLiteral("green-1"))->address, c.green.versionPath), 3000);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->bodyText(), QStringLiteral("0.9.0"));
        QCOMPARE(r->via, QStringLiteral("direct"));
        QCOMPARE(HostHttpRoutes::instance().sessionsOpened(), sessions); // no SSH session for it
    }

    void sshReachesAnAppTheConsoleCannot_data()
    {
        QTest::addColumn<QString>("via");
        QTest::newRow("ssh") << QStringLiteral("ssh");
        QTest::newRow("auto") << QStringLiteral("auto");
    }

    void sshReachesAnAppTheConsoleCannot()
    {
        QFETCH(QString, via);
        const QString file = behindTheRouter(via, QStringLiteral("behind-%1.json").arg(via));
        const std::optional<DeploymentConfig> c = load(file);
        QVERIFY(c);
        if (via == QLatin1String("ssh")) { // the plan names the path it knows before anything connects
            const Run plan = runGreenlight({QStringLiteral("plan"), QStringLiteral("2.5.0"), QStringLiteral("--config"), file});
            QVERIFY2(plan.exitCode == 0, qPrintable(plan.all()));
            QVERIFY2(plan.all().contains(QStringLiteral(" answers \"2.5.0\" (within 20 s, over SSH)")), qPrintable(plan.all()));
        }
        const QString address = c->host(QStringLiteral("green-1"))->address;
        const QString real = m_lab.config->host(QStringLiteral("green-1"))->address;
        // Directly, the app is not there.
        const Result<HttpReply> direct = HttpCheck::get(address, m_appPort, c->green.versionPath, 3000);
        QVERIFY2(!direct.ok(), "something answers on the address meant to be unreachable");

        HostPool pool(DeploymentController::sshTargets(*c, HostKeyPolicy::Strict, nullptr), {});
        const int sessions = HostHttpRoutes::instance().sessionsOpened();
        // Probes come at 1-4 Hz: every one after the first rides the same session to the host.
        QElapsedTimer clock;
        QList<double> ms;
        for (int i = 0; i < 20; ++i) {
            clock.start();
            const Result<HttpReply> r = hostHttpGet(QStringLiteral("green-1"), c->green.appUrl(address, c->green.versionPath), 10000);
            ms << static_cast<double>(clock.nsecsElapsed()) / 1e6;
            QVERIFY2(r.ok(), qPrintable(r.error()));
            QCOMPARE(r->status, 200);
            QCOMPARE(r->bodyText(), QStringLiteral("0.9.0"));
            QCOMPARE(r->via, QStringLiteral("over SSH"));
        }
        QCOMPARE(HostHttpRoutes::instance().sessionsOpened(), sessions + 1);
        qInfo("%s: first GET over SSH %.1f ms (session to the host), then %.1f..%.1f ms", qPrintable(via), ms.first(),
              *std::min_element(ms.begin() + 1, ms.end()), *std::max_element(ms.begin() + 1, ms.end()));
        // Through the router: no connection of ours to the host's sshd or app.
        QCOMPARE(test::ourConnectionsTo(real, m_sshPort), 0);
        QCOMPARE(test::ourConnectionsTo(real, m_appPort), 0);
        QVERIFY(test::ourConnectionsTo(m_routerAddress, m_sshPort) >= 1);

        // A path that fails says which it was.
        const Result<HttpReply> missing = hostHttpGet(QStringLiteral("green-1"), HttpCheck::url(address, m_appPort + 7, c->green.versionPath), 10000);
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().contains(QStringLiteral("(over SSH)")), qPrintable(missing.error()));
    }

    void theChartsProbesGoTheSameWay()
    {
        // The window's probes (metrics/Prober, on a pool of their own) have only a host name and
        // its URL: they find the host's route by name.
        const std::optional<DeploymentConfig> c = load(behindTheRouter(QStringLiteral("ssh"), QStringLiteral("behind-probes.json")));
        QVERIFY(c);
        HostPool pool(DeploymentController::sshTargets(*c, HostKeyPolicy::Strict, nullptr), {});
        Prober prober(2);
        QList<int> statuses;
        QStringList errors;
        connect(&prober, &Prober::probed, this, [&](const QString &, qint64, double, int status, const QString &error) {
            statuses << status;
            errors << error;
        });
        for (const QString &host : c->green.hosts)
            prober.probe(host, HttpCheck::url(c->host(host)->address, m_appPort, c->green.versionPath), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(statuses.size(), c->green.hosts.size(), 20000);
        for (qsizetype i = 0; i < statuses.size(); ++i)
            QVERIFY2(statuses.at(i) == 200, qPrintable(errors.at(i)));
    }

    void directMeansDirect()
    {
        const std::optional<DeploymentConfig> c = load(behindTheRouter(QStringLiteral("direct"), QStringLiteral("behind-direct.json")));
        QVERIFY(c);
        HostPool pool(DeploymentController::sshTargets(*c, HostKeyPolicy::Strict, nullptr), {});
        const int sessions = HostHttpRoutes::instance().sessionsOpened();
        const Result<HttpReply> r = hostHttpGet(QStringLiteral("green-1"),
                                                c->green.appUrl(c->host(QStringLiteral("green-1"))->address, c->green.versionPath), 3000);
        QVERIFY2(!r.ok(), "direct went somewhere else");
        QCOMPARE(HostHttpRoutes::instance().sessionsOpened(), sessions);
    }

    void aCheckDoesNotWaitPastItsTimeoutForTheSession()
    {
        // A scripted stand-in (no real sshd can show this): a port that accepts TCP and never
        // says a word, so the session to the host stays "connecting". A check waits for it no
        // longer than its own timeout, and a stop ends the wait.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        SshTarget t;
        t.hostName = QStringLiteral("silent-1");
        t.address = QStringLiteral("127.0.0.1");
        t.port = silent.serverPort();
        t.user = m_lab.lab.account().name;
        t.useSshConfig = false;
        t.connectTimeoutS = 3;
        t.connectTimeoutSet = true;
        t.httpVia = HttpVia::Ssh;
        const quint64 registration = HostHttpRoutes::instance().add({t});
        const Result<HttpReply> late = hostHttpGet(t.hostName, HttpCheck::url(t.address, m_appPort, QStringLiteral("/health")), 300);
        QVERIFY(!late.ok());
        QVERIFY2(late.error().contains(QStringLiteral("(over SSH)")) && late.error().contains(QStringLiteral("not connected within 300 ms")),
                 qPrintable(late.error()));
        CancelToken stop;
        std::thread stopper([stop] { QThread::msleep(100); stop.cancel(); }); // while the check waits for the session
        const Result<HttpReply> stopped = hostHttpGet(t.hostName, HttpCheck::url(t.address, m_appPort, QStringLiteral("/health")), 60000, stop);
        stopper.join();
        QVERIFY(!stopped.ok());
        QVERIFY2(stopped.error().contains(QStringLiteral("cancelled")), qPrintable(stopped.error()));
        HostHttpRoutes::instance().remove(registration);
    }

    void deployShiftRollbackThroughTheBastion()
    {
        // Health checks over SSH for every colour host: verify, the gates' probes and the
        // rollback's reading of what the hosts serve; the router's frontend stays direct.
        const QString config = behindTheRouter(QStringLiteral("auto"), QStringLiteral("behind-deploy.json"));
        QVERIFY(!config.isEmpty());
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("2.0.0"), QStringLiteral("--config"), config});
        QVERIFY2(d.exitCode == 0, qPrintable(d.all()));
        QVERIFY2(d.all().contains(QStringLiteral("healthy, serving 2.0.0 (over SSH)")), qPrintable(d.all()));
        QCOMPARE(servedThroughRouter(), QStringLiteral("2.0.0"));

        const Run r = runGreenlight({QStringLiteral("rollback"), QStringLiteral("--config"), config});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }
};

QTEST_GUILESS_MAIN(TestHttpVia)
#include "tst_httpvia.moc"
