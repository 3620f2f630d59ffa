// Fan-out over 16 real sshd hosts: rolling batches, a concurrency bound, stop or continue on
// failure, a result per host.

#include "integration/labfixture.h"

#include "controller/deploymentcontroller.h"
#include "ssh/fanout.h"

#include <QFile>
#include <QtTest>

using namespace greenlight;

class TestFanout final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    std::unique_ptr<HostPool> m_pool;
    QStringList m_hosts;

    // Each host appends "start <host>" and "end <host>" to one shared file (the lab's hosts
    // share this machine's disk), so the order of events shows what ran concurrently.
    Fanout::RequestFor appendTo(const QString &file, const QString &failOn = {}) const
    {
        return [file, failOn](const QString &host) {
            CommandRequest r;
            r.command = QStringLiteral("echo start %1 >> %2; sleep 0.2; echo end %1 >> %2; test %1 != '%3'").arg(host, file, failOn);
            r.timeout = std::chrono::seconds(20);
            return r;
        };
    }

    static QStringList events(const QString &file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    QString freshFile(const QString &name) const { return m_lab.lab.rootDir() + QStringLiteral("/hosts/") + name; }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        LabOptions options;
        options.hostsPerColour = 8;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        m_hosts = m_lab.config->blue.hosts + m_lab.config->green.hosts;
        QCOMPARE(m_hosts.size(), 16);
        m_pool = std::make_unique<HostPool>(DeploymentController::sshTargets(*m_lab.config, HostKeyPolicy::Strict), QStringList{});
    }

    void cleanupTestCase()
    {
        m_pool.reset();
        m_lab.lab.stop();
    }

    void sixteenHostsInParallel()
    {
        const FanoutResult r = Fanout(*m_pool, {}).run(m_hosts, [](const QString &host) {
            CommandRequest c;
            c.command = QStringLiteral("echo %1").arg(host);
            return c;
        });
        QVERIFY(r.ok());
        QCOMPARE(r.results.size(), 16);
        for (qsizetype i = 0; i < 16; ++i) {
            QCOMPARE(r.results.at(i).host, m_hosts.at(i));
            QCOMPARE(QString::fromUtf8(r.results.at(i).stdoutTail).trimmed(), m_hosts.at(i));
        }
    }

    void concurrencyBoundOfOneRunsOneAtATime()
    {
        const QString file = freshFile(QStringLiteral("serial.log"));
        const QStringList four = m_hosts.mid(0, 4);
        const FanoutResult r = Fanout(*m_pool, FanoutPolicy{1, 100, true}).run(four, appendTo(file));
        QVERIFY(r.ok());
        QStringList expected;
        for (const QString &h : four)
            expected << QStringLiteral("start ") + h << QStringLiteral("end ") + h;
        QCOMPARE(events(file), expected);
    }

    void batchesRunOneAfterAnother()
    {
        const QString file = freshFile(QStringLiteral("batches.log"));
        const QStringList eight = m_hosts.mid(0, 8);
        QCOMPARE(Fanout::batches(eight, 25).size(), 4);
        const FanoutResult r = Fanout(*m_pool, FanoutPolicy{0, 25, true}).run(eight, appendTo(file));
        QVERIFY(r.ok());
        const QStringList e = events(file);
        QCOMPARE(e.size(), 16);
        // Every host of batch n ends before any host of batch n+1 starts.
        for (int batch = 0; batch < 3; ++batch) {
            qsizetype lastEnd = -1;
            for (const QString &h : eight.mid(batch * 2, 2))
                lastEnd = std::max(lastEnd, e.indexOf(QStringLiteral("end ") + h));
            for (const QString &h : eight.mid((batch + 1) * 2, 2))
                QVERIFY2(e.indexOf(QStringLiteral("start ") + h) > lastEnd, qPrintable(e.join(QLatin1Char(','))));
        }
    }

    void aFailedBatchStopsTheRest()
    {
        const QString file = freshFile(QStringLiteral("stop.log"));
        const QStringList eight = m_hosts.mid(0, 8);
        const FanoutResult r = Fanout(*m_pool, FanoutPolicy{0, 25, true}).run(eight, appendTo(file, eight.at(1)));
        QVERIFY(!r.ok());
        QCOMPARE(r.failedHosts(), QStringList{eight.at(1)});
        QCOMPARE(r.results.size(), 2);
        QCOMPARE(r.skipped, eight.mid(2));
        QVERIFY(!events(file).contains(QStringLiteral("start ") + eight.at(2)));
    }

    void continueRunsEveryBatch()
    {
        const QString file = freshFile(QStringLiteral("continue.log"));
        const QStringList eight = m_hosts.mid(0, 8);
        const FanoutResult r = Fanout(*m_pool, FanoutPolicy{0, 25, false}).run(eight, appendTo(file, eight.at(1)));
        QCOMPARE(r.failedHosts(), QStringList{eight.at(1)});
        QCOMPARE(r.results.size(), 8);
        QVERIFY(r.skipped.isEmpty());
        QCOMPARE(events(file).size(), 16);
    }
};

QTEST_GUILESS_MAIN(TestFanout)
#include "tst_fanout.moc"
