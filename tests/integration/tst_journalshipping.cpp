// The journal's copy on the router host of a real lab (sshd, read back over SSH), shipped
// record by record: a deploy cut short (the process stops calling, as after kill -9) has every
// record it wrote on the router host, a retry never duplicates a record, a torn remote line is
// ended, and a ship that cannot finish fails within its bound and keeps its records queued.

#include "integration/labfixture.h"

#include "controller/deploymentcontroller.h"
#include "journal/journal.h"
#include "journal/journalshipper.h"

#include <QElapsedTimer>
#include <QFile>
#include <QThread>
#include <QtTest>

using namespace greenlight;

namespace {

PipelineEvent stageEvent(const QString &stage, const QString &step, StepState state)
{
    PipelineEvent e;
    e.kind = step.isEmpty() ? PipelineEvent::Kind::Stage : PipelineEvent::Kind::Step;
    e.stage = stage;
    e.step = step;
    e.state = state;
    return e;
}

} // namespace

class TestJournalShipping final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    std::unique_ptr<HostPool> m_pool;
    QTemporaryDir m_local;

    [[nodiscard]] CommandResult onRouter(const QString &command, std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        CommandRequest r;
        r.command = command;
        r.timeout = timeout;
        QFuture<CommandResult> f = m_pool->run(m_lab.config->router.host, r, Lane::Control);
        f.waitForFinished();
        return f.result();
    }

    // The router host's copy, read over SSH.
    [[nodiscard]] QByteArray remoteCopy(const QString &path)
    {
        const CommandResult r = onRouter(QStringLiteral("cat %1 2>/dev/null || true").arg(path));
        return r.ok() ? r.stdoutTail : QByteArray("unreadable: ") + r.summary().toUtf8();
    }

    [[nodiscard]] static QList<QJsonObject> recordsOf(const QByteArray &copy, const QString &runId)
    {
        return JournalReader::fromBytes(copy).run(runId);
    }

    [[nodiscard]] DeploymentConfig configWithRemote(const QString &remotePath) const
    {
        DeploymentConfig config = *m_lab.config;
        config.router.journalPath = remotePath;
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_local.isValid());
        LabOptions options;
        options.hostsPerColour = 1;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        m_pool = std::make_unique<HostPool>(DeploymentController::sshTargets(*m_lab.config, HostKeyPolicy::Strict),
                                            QStringList{m_lab.config->router.host});
    }

    void cleanupTestCase()
    {
        m_pool.reset();
        m_lab.lab.stop();
    }

    // Six records of a deploy, the 50 % switch among them, then the process dies before the
    // stage ends: the router host has all six, each there as soon as it was written.
    void eachRecordIsOnTheRouterHostAsSoonAsItIsWritten()
    {
        const QString remote = m_lab.config->router.journalPath;
        Journal journal(m_local.filePath(QStringLiteral("cut-short.jsonl")));
        JournalShipper shipper(*m_pool, *m_lab.config, Lane::Work);
        JournalRun deploy = journal.beginRun(m_lab.config->name);
        const QList<std::function<Status()>> records{
            [&] { return deploy.record(stageEvent(QStringLiteral("lock"), {}, StepState::Succeeded)); },
            [&] { return deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0.0")); },
            [&] { return deploy.record(stageEvent(QStringLiteral("shift"), {}, StepState::Running)); },
            [&] { return deploy.record(stageEvent(QStringLiteral("shift"), QStringLiteral("weight 50%"), StepState::Running)); },
            [&] { return deploy.switched(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0.0"), QStringLiteral("deploy: 50%")); },
            [&] { return deploy.record(stageEvent(QStringLiteral("shift"), QStringLiteral("weight 50%"), StepState::Succeeded)); },
        };
        for (qsizetype i = 0; i < records.size(); ++i) {
            QVERIFY(records.at(i)());
            QElapsedTimer clock;
            clock.start();
            const Status shipped = shipper.shipPending(journal);
            QVERIFY2(shipped, qPrintable(shipped.error()));
            qInfo("record %lld shipped in %lld ms", static_cast<long long>(i + 1), static_cast<long long>(clock.elapsed()));
            const QList<QJsonObject> there = recordsOf(remoteCopy(remote), deploy.id());
            QCOMPARE(there.size(), i + 1);
            QCOMPARE(there.last().value(QStringLiteral("seq")).toInt(), i + 1);
        }
        // kill -9 here: no stage end, no end record, no last ship. What the router host says:
        const std::optional<DeploySummary> last = JournalReader::fromBytes(remoteCopy(remote)).lastDeploy(m_lab.config->name);
        QVERIFY(last);
        QCOMPARE(last->runId, deploy.id());
        QVERIFY(last->interrupted());
        QCOMPARE(last->lastStage, QStringLiteral("shift (running)"));
        QCOMPARE(last->missingRecords, 0);
        QCOMPARE(last->records.at(4).value(QStringLiteral("kind")).toString(), QStringLiteral("switch"));
    }

    // A record written but not shipped when the process died goes with the next process's
    // first ship; shipping again after forgetting what was shipped adds nothing twice.
    void theNextProcessShipsWhatAKilledOneDidNotAndRetriesNeverDuplicate()
    {
        const QString remote = m_lab.config->router.journalPath;
        const QString local = m_local.filePath(QStringLiteral("next-process.jsonl"));
        Journal journal(local);
        JournalRun deploy = journal.beginRun(m_lab.config->name);
        {
            JournalShipper first(*m_pool, *m_lab.config, Lane::Work);
            QVERIFY(deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.1.0")));
            QVERIFY(first.shipPending(journal));
            QVERIFY(deploy.record(stageEvent(QStringLiteral("deploy"), {}, StepState::Running))); // killed before its ship
        }
        QCOMPARE(recordsOf(remoteCopy(remote), deploy.id()).size(), 1);
        JournalShipper next(*m_pool, *m_lab.config, Lane::Work);
        QVERIFY(next.shipPending(journal));
        QCOMPARE(recordsOf(remoteCopy(remote), deploy.id()).size(), 2);

        // Forget what was shipped (as if the ship timed out after the router host appended).
        QVERIFY(QFile::remove(local + QStringLiteral(".shipped")));
        const QByteArray before = remoteCopy(remote);
        QVERIFY(JournalShipper(*m_pool, *m_lab.config, Lane::Work).shipPending(journal));
        QCOMPARE(remoteCopy(remote), before);
    }

    // A deploy and a rollback (two threads, each with its own shipper, as the pipeline and the
    // rollback thread have) write and ship into one journal at once: every record of both
    // reaches the router host exactly once.
    void twoShippersAtOnceShipEachRecordOnce()
    {
        const QString remote = m_lab.lab.rootDir() + QStringLiteral("/router/shared-copy.jsonl");
        const DeploymentConfig config = configWithRemote(remote);
        Journal journal(m_local.filePath(QStringLiteral("shared.jsonl")));
        constexpr int kEach = 15;
        QStringList ids;
        QList<QThread *> threads;
        QAtomicInt failures;
        for (const Lane lane : {Lane::Work, Lane::Control}) {
            JournalRun run = journal.beginRun(config.name);
            ids << run.id();
            threads << QThread::create([this, &journal, &config, &failures, run, lane]() mutable {
                JournalShipper shipper(*m_pool, config, lane);
                for (int i = 0; i < kEach; ++i) {
                    if (!run.record(stageEvent(QStringLiteral("shift"), QStringLiteral("step %1").arg(i), StepState::Running))
                        || !shipper.shipPending(journal))
                        failures.ref();
                }
            });
            threads.last()->start();
        }
        for (QThread *t : std::as_const(threads)) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QCOMPARE(failures.loadRelaxed(), 0);
        const QByteArray copy = remoteCopy(remote);
        QCOMPARE(JournalReader::fromBytes(copy).unparsableLines(), 0);
        for (const QString &id : std::as_const(ids)) {
            const QList<QJsonObject> records = recordsOf(copy, id);
            QCOMPARE(records.size(), kEach);
            for (int i = 0; i < kEach; ++i)
                QCOMPARE(records.at(i).value(QStringLiteral("seq")).toInt(), i + 1);
        }
    }

    // A torn last line on the router host (a connection cut by an older version mid-append)
    // is ended before the next lines, never glued onto them.
    void aTornRemoteLineIsEndedFirst()
    {
        const QString remote = m_lab.lab.rootDir() + QStringLiteral("/router/torn-copy.jsonl");
        QVERIFY(onRouter(QStringLiteral("printf '{\"deployment\":\"x\",\"ki' > %1").arg(remote)).ok());
        const DeploymentConfig config = configWithRemote(remote);
        Journal journal(m_local.filePath(QStringLiteral("torn-remote.jsonl")));
        JournalRun rollback = journal.beginRun(config.name);
        QVERIFY(rollback.switched(QStringLiteral("green"), QStringLiteral("blue"), {}, QStringLiteral("rollback: test")));
        const Status shipped = JournalShipper(*m_pool, config, Lane::Work).shipPending(journal);
        QVERIFY2(shipped, qPrintable(shipped.error()));
        const JournalReader copy = JournalReader::fromBytes(remoteCopy(remote));
        QCOMPARE(copy.unparsableLines(), 1);
        QCOMPARE(copy.run(rollback.id()).size(), 1);
    }

    // A connection lost mid-transfer leaves the router host with part of a batch (here: a whole
    // line and half of the next, without the end marker): none of it is appended.
    void aBatchCutShortAppendsNothing()
    {
        const QString remote = m_lab.lab.rootDir() + QStringLiteral("/router/cut-copy.jsonl");
        CommandRequest r;
        r.command = JournalShipper::appendCommand(remote);
        r.input = "{\"deployment\":\"x\",\"kind\":\"start\"}\n{\"deployment\":\"x\",\"ki";
        r.timeout = std::chrono::seconds(20);
        QFuture<CommandResult> f = m_pool->run(m_lab.config->router.host, r, Lane::Control);
        f.waitForFinished();
        QVERIFY(!f.result().ok());
        QVERIFY2(f.result().summary().contains(QStringLiteral("cut short")), qPrintable(f.result().summary()));
        QCOMPARE(remoteCopy(remote), QByteArray());
    }

    // The router host's copy is locked by someone else for longer than a ship may take: the
    // ship gives up within its bound, says why, and the records go with a later ship, once.
    void aShipThatCannotFinishFailsInTimeAndItsRecordsGoLater()
    {
        const QString remote = m_lab.lab.rootDir() + QStringLiteral("/router/locked-copy.jsonl");
        const DeploymentConfig config = configWithRemote(remote);
        QVERIFY(onRouter(QStringLiteral("touch %1").arg(remote)).ok());
        CommandRequest hold;
        const QString held = remote + QStringLiteral(".held");
        hold.command = QStringLiteral("flock %1 sh -c 'touch %2; sleep 3'").arg(remote, held);
        hold.timeout = std::chrono::seconds(20);
        QFuture<CommandResult> holder = m_pool->run(config.router.host, hold, Lane::Control);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(held), 15000); // the lab's hosts share this machine's disk

        Journal journal(m_local.filePath(QStringLiteral("locked.jsonl")));
        JournalRun deploy = journal.beginRun(config.name);
        QVERIFY(deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.2.0")));
        JournalShipper shipper(*m_pool, config, Lane::Work);
        QElapsedTimer clock;
        clock.start();
        const Status shipped = shipper.shipPending(journal, std::chrono::milliseconds(800));
        const qint64 took = clock.elapsed();
        QVERIFY(!shipped);
        qInfo("after %lld ms: %s", static_cast<long long>(took), qPrintable(shipped.error()));
        QVERIFY2(shipped.error().contains(remote) && shipped.error().contains(QStringLiteral("behind by 1 record")), qPrintable(shipped.error()));
        QVERIFY2(took < 2500, qPrintable(QStringLiteral("%1 ms").arg(took))); // does not hang
        // Within the retry pause the next record's ship fails at once instead of waiting again.
        clock.restart();
        QVERIFY(!shipper.shipPending(journal));
        QVERIFY(clock.elapsed() < 200);

        holder.waitForFinished();
        const Status later = JournalShipper(*m_pool, config, Lane::Work).shipPending(journal);
        QVERIFY2(later, qPrintable(later.error()));
        QTest::qWait(500); // the abandoned append, if it still runs on the router host, ends
        QCOMPARE(recordsOf(remoteCopy(remote), deploy.id()).size(), 1);
    }

    void anUnwritableCopyIsAFailureThatNamesIt()
    {
        const DeploymentConfig config = configWithRemote(QStringLiteral("/proc/greenlight/journal.jsonl"));
        Journal journal(m_local.filePath(QStringLiteral("unwritable-remote.jsonl")));
        QVERIFY(journal.beginRun(config.name).start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.3.0")));
        const Status shipped = JournalShipper(*m_pool, config, Lane::Work).shipPending(journal);
        QVERIFY(!shipped);
        qInfo("%s", qPrintable(shipped.error()));
        QVERIFY2(shipped.error().contains(QStringLiteral("/proc/greenlight/journal.jsonl")) && shipped.error().contains(config.router.host),
                 qPrintable(shipped.error()));
    }
};

QTEST_GUILESS_MAIN(TestJournalShipping)
#include "tst_journalshipping.moc"
