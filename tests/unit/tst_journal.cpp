// The local journal never loses a record silently: on a real filesystem, a folder that cannot
// be created, a read-only disk and a full one (small real tmpfs mounts, which need root: the
// tests say so and skip otherwise) make record() fail with the path and the reason; a torn last
// line is ended before the next record and skipped by readers; two runs' interleaved records
// are told apart by their run ids.

#include "journal/journal.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <QtTest>

#include <unistd.h>

using namespace greenlight;

namespace {

const QString kDeployment = QStringLiteral("shop");

PipelineEvent pipelineEvent(PipelineEvent::Kind kind, const QString &stage, const QString &step, StepState state, const QString &message = {})
{
    PipelineEvent e;
    e.kind = kind;
    e.stage = stage;
    e.step = step;
    e.state = state;
    e.message = message;
    return e;
}

PipelineEvent stage(const QString &name, StepState state)
{
    return pipelineEvent(PipelineEvent::Kind::Stage, name, {}, state);
}

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestJournal final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_mounts;

    // A fresh tmpfs of `size` at a new folder; empty when this user cannot mount one.
    QString mountTmpfs(const QString &size)
    {
        if (::geteuid() != 0)
            return {};
        const QString where = m_dir.filePath(QStringLiteral("tmpfs-%1").arg(m_mounts.size()));
        QDir().mkpath(where);
        if (!run(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                           QStringLiteral("size=") + size, QStringLiteral("tmpfs"), where}))
            return {};
        m_mounts << where;
        return where;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void cleanup()
    {
        for (const QString &where : std::as_const(m_mounts))
            QVERIFY2(run(QStringLiteral("umount"), {where}), qPrintable(where));
        m_mounts.clear();
    }

    void recordsCarryTheRunIdAndASequence()
    {
        const QString path = m_dir.filePath(QStringLiteral("fresh/folder/shop.jsonl"));
        Journal journal(path);
        QVERIFY2(journal.checkWritable(), qPrintable(journal.checkWritable().error()));
        QVERIFY(QFile::exists(path));
        JournalRun deploy = journal.beginRun(kDeployment);
        QVERIFY(deploy.id() != journal.beginRun(kDeployment).id());
        QVERIFY(deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0")));
        QVERIFY(deploy.record(stage(QStringLiteral("deploy"), StepState::Running)));
        QVERIFY(deploy.record(pipelineEvent(PipelineEvent::Kind::Log, QStringLiteral("deploy"), {}, StepState::Running, QStringLiteral("a log line"))));
        QVERIFY(bytesOf(path).endsWith('\n'));

        const QList<QJsonObject> records = journal.readAll();
        QCOMPARE(records.size(), 2); // log lines are not records
        QCOMPARE(records.at(0).value(QStringLiteral("run")).toString(), deploy.id());
        QCOMPARE(records.at(0).value(QStringLiteral("seq")).toInt(), 1);
        QCOMPARE(records.at(1).value(QStringLiteral("seq")).toInt(), 2);
        QCOMPARE(records.at(1).value(QStringLiteral("operator")).toString(), Journal::operatorName());
        QVERIFY(deploy.firstFailure());
    }

    // A path under a regular file fails for every user, root included.
    void aFolderThatCannotBeCreatedFailsNamingThePath()
    {
        const QString blocker = m_dir.filePath(QStringLiteral("not-a-folder"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const QString path = blocker + QStringLiteral("/journal/shop.jsonl");
        Journal journal(path);

        const Status check = journal.checkWritable();
        QVERIFY(!check);
        QVERIFY2(check.error().contains(path), qPrintable(check.error()));

        JournalRun deploy = journal.beginRun(kDeployment);
        const Status started = deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0"));
        QVERIFY(!started);
        qInfo("%s", qPrintable(started.error()));
        QVERIFY2(started.error().contains(path), qPrintable(started.error()));
        QVERIFY2(started.error().contains(QStringLiteral("directory"), Qt::CaseInsensitive), qPrintable(started.error()));
        QVERIFY(!deploy.record(stage(QStringLiteral("deploy"), StepState::Running)));
        QCOMPARE(deploy.failedRecords(), 2);
        QCOMPARE(deploy.firstFailure().error(), started.error());
    }

    // root ignores permissions, so as root the disk is a tmpfs remounted read-only.
    void anUnwritableFolderFailsNamingThePath()
    {
        QString folder;
        if (::geteuid() == 0) {
            folder = mountTmpfs(QStringLiteral("64k"));
            if (folder.isEmpty())
                QSKIP("running as root but cannot mount a tmpfs (mount -t tmpfs), so no disk here refuses writes to root");
            QVERIFY(run(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,ro"), folder}));
        } else {
            folder = m_dir.filePath(QStringLiteral("read-only"));
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        }
        const QString path = folder + QStringLiteral("/shop.jsonl");
        Journal journal(path);
        const Status check = journal.checkWritable();
        QVERIFY(!check);
        QVERIFY2(check.error().contains(path), qPrintable(check.error()));
        const Status recorded = journal.beginRun(kDeployment).record(stage(QStringLiteral("rollback"), StepState::Running));
        QVERIFY(!recorded);
        qInfo("%s", qPrintable(recorded.error()));
        QVERIFY2(recorded.error().contains(path), qPrintable(recorded.error()));
        QVERIFY2(recorded.error().contains(QStringLiteral("Read-only file system")) || recorded.error().contains(QStringLiteral("Permission denied")),
                 qPrintable(recorded.error()));
        QVERIFY(!QFile::exists(path));
    }

    void aFullDiskFailsAndNeverGluesARecordOntoATornOne()
    {
        const QString folder = mountTmpfs(QStringLiteral("64k"));
        if (folder.isEmpty())
            QSKIP("filling a disk needs a small tmpfs, and mounting one needs root");
        // Room to give back later, as an operator would by deleting something.
        const QString filler = folder + QStringLiteral("/filler");
        {
            QFile f(filler);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(QByteArray(16 * 1024, 'x')), 16 * 1024);
        }
        const QString path = folder + QStringLiteral("/shop.jsonl");
        Journal journal(path);
        JournalRun deploy = journal.beginRun(kDeployment);
        QVERIFY(deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0")));
        // Records of uneven sizes, so some writes stop part-way through a page.
        int written = 1;
        Status failed;
        for (int i = 0; i < 1000 && failed; ++i) {
            failed = deploy.record(pipelineEvent(PipelineEvent::Kind::Step, QStringLiteral("deploy"), QStringLiteral("deploy 2.0"), StepState::Running,
                                         QString(300 + (i * 37) % 700, QLatin1Char('m'))));
            if (failed)
                ++written;
        }
        QVERIFY2(!failed, "the tmpfs never filled up");
        qInfo("record %d: %s", written + 1, qPrintable(failed.error()));
        QVERIFY2(failed.error().contains(path), qPrintable(failed.error()));
        QVERIFY2(failed.error().contains(QStringLiteral("No space left on device")), qPrintable(failed.error()));
        const Status check = journal.checkWritable();
        QVERIFY2(!check && check.error().contains(QStringLiteral("full")), qPrintable(check.error()));
        qInfo("%s", qPrintable(check.error()));

        // What is on disk: whole records only, each on its own line.
        QVERIFY(bytesOf(path).endsWith('\n'));
        JournalReader full(path);
        QCOMPARE(full.unparsableLines(), 0);
        QCOMPARE(full.records().size(), written);

        // Space given back: the next record lands on a line of its own.
        QVERIFY(QFile::remove(filler));
        PipelineOutcome outcome;
        outcome.version = QStringLiteral("2.0");
        outcome.failedStage = QStringLiteral("journal");
        outcome.message = failed.error();
        QVERIFY(deploy.end(outcome));
        JournalReader after(path);
        QCOMPARE(after.unparsableLines(), 0);
        QCOMPARE(after.records().size(), written + 1);
        const std::optional<DeploySummary> last = after.lastDeploy(kDeployment);
        QVERIFY(last);
        QVERIFY(last->ended);
        QCOMPARE(last->missingRecords, deploy.failedRecords());
        QVERIFY(last->missingRecords >= 1);
    }

    void aTornLastLineIsEndedByTheNextRecordAndSkippedByReaders()
    {
        const QString path = m_dir.filePath(QStringLiteral("torn/shop.jsonl"));
        Journal journal(path);
        JournalRun first = journal.beginRun(kDeployment);
        QVERIFY(first.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0")));
        PipelineOutcome done;
        done.succeeded = true;
        done.version = QStringLiteral("2.0");
        QVERIFY(first.end(done));
        // A crash (or a full disk) in the middle of the next deploy's start record.
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::Append));
            f.write("{\"deployment\":\"shop\",\"from\":\"green\",\"kind\":\"start\",\"run\":\"torn-run\",\"seq\":1,\"to\":\"bl");
        }
        // Readers skip the fragment: no phantom deploy "cut short".
        JournalReader torn(path);
        QCOMPARE(torn.unparsableLines(), 1);
        std::optional<DeploySummary> last = torn.lastDeploy(kDeployment);
        QVERIFY(last);
        QCOMPARE(last->runId, first.id());
        QVERIFY(!last->interrupted());

        JournalRun rollback = journal.beginRun(kDeployment);
        QVERIFY(rollback.switched(QStringLiteral("green"), QStringLiteral("blue"), {}, QStringLiteral("rollback: test")));
        const QList<QByteArray> lines = bytesOf(path).split('\n');
        QCOMPARE(lines.size(), 5); // start, end, the fragment, the switch, and "" after the last '\n'
        QVERIFY(lines.at(2).endsWith("\"to\":\"bl"));
        QVERIFY(lines.at(3).startsWith('{') && lines.at(3).endsWith('}'));
        JournalReader repaired(path);
        QCOMPARE(repaired.unparsableLines(), 1);
        QCOMPARE(repaired.records().size(), 3);
        last = repaired.lastDeploy(kDeployment);
        QVERIFY(last && !last->interrupted());
        QVERIFY(last->rolledBackSince);
        QCOMPARE(journal.colourBeforeLastDeploy(), QStringLiteral("blue"));

        // The check before a deploy ends a torn line too.
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::Append));
            f.write("{\"deployment\":\"shop\",\"kind\":\"warm");
        }
        QVERIFY(journal.checkWritable());
        QVERIFY(bytesOf(path).endsWith("\"kind\":\"warm\n"));
        QCOMPARE(JournalReader(path).unparsableLines(), 2);
    }

    // A second deploy refused at the lock writes its records while the first one runs; the
    // first is later cut short. Recovery must talk about the first one only.
    void twoDeploysInterleavedAreKeptApartById()
    {
        const QString path = m_dir.filePath(QStringLiteral("interleaved/shop.jsonl"));
        Journal journal(path);
        JournalRun first = journal.beginRun(kDeployment);
        JournalRun second = journal.beginRun(kDeployment);
        QVERIFY(first.record(stage(QStringLiteral("lock"), StepState::Succeeded)));
        QVERIFY(first.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0")));
        QVERIFY(first.record(stage(QStringLiteral("shift"), StepState::Running)));
        QVERIFY(second.record(stage(QStringLiteral("preflight"), StepState::Running)));
        QVERIFY(first.record(pipelineEvent(PipelineEvent::Kind::Step, QStringLiteral("shift"), QStringLiteral("weight 50%"), StepState::Succeeded)));
        QVERIFY(first.switched(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0"), QStringLiteral("deploy: 50%")));
        // Even if the refused deploy wrote a start of its own before the lock refused it.
        QVERIFY(second.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("3.0")));
        QVERIFY(second.record(stage(QStringLiteral("lock"), StepState::Failed)));
        PipelineOutcome refused;
        refused.version = QStringLiteral("3.0");
        refused.failedStage = QStringLiteral("lock");
        refused.message = QStringLiteral("locked by alice");
        QVERIFY(second.end(refused));
        // ...and the first deploy is killed here: no end record.

        const std::optional<DeploySummary> last = journal.lastDeploy(kDeployment);
        QVERIFY(last);
        QCOMPARE(last->runId, first.id());
        QCOMPARE(last->version, QStringLiteral("2.0"));
        QVERIFY(last->interrupted());
        QCOMPARE(last->lastStage, QStringLiteral("shift (running)"));
        QCOMPARE(last->records.size(), 5);
        QCOMPARE(last->missingRecords, 0);
        QVERIFY(!last->rolledBackSince);
        QCOMPARE(journal.read().run(second.id()).size(), 4);

        // A later deploy that ends is the last deploy from then on.
        JournalRun third = journal.beginRun(kDeployment);
        QVERIFY(third.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0")));
        PipelineOutcome done;
        done.succeeded = true;
        done.version = QStringLiteral("2.0");
        QVERIFY(third.end(done));
        const std::optional<DeploySummary> now = journal.lastDeploy(kDeployment);
        QVERIFY(now && now->runId == third.id() && now->ended && now->succeeded);
    }

    // A deploy cut short is closed by the process that resumes it, after a rollback run of its
    // own: the end goes on from the dead run's last sequence number, never numbering one twice.
    void aRunClosedByAnotherProcessGoesOnFromItsSequence()
    {
        const QString path = m_dir.filePath(QStringLiteral("closed/shop.jsonl"));
        QString id;
        {
            Journal dying(path);
            JournalRun deploy = dying.beginRun(kDeployment);
            id = deploy.id();
            QVERIFY(deploy.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("2.0")));
            QVERIFY(deploy.record(stage(QStringLiteral("shift"), StepState::Running)));
        } // killed here
        Journal resuming(path);
        QVERIFY(resuming.beginRun(kDeployment).switched(QStringLiteral("green"), QStringLiteral("blue"), {}, QStringLiteral("rollback: resume")));
        PipelineOutcome undone;
        undone.version = QStringLiteral("2.0");
        undone.succeeded = true;
        undone.rolledBack = true;
        JournalRun closing(resuming, kDeployment, id);
        QVERIFY(closing.end(undone));
        QVERIFY(closing.record(stage(QStringLiteral("resume"), StepState::Succeeded)));

        const QList<QJsonObject> records = resuming.read().run(id);
        QCOMPARE(records.size(), 4);
        for (qsizetype i = 0; i < records.size(); ++i)
            QCOMPARE(records.at(i).value(QStringLiteral("seq")).toInt(), i + 1);
        const std::optional<DeploySummary> last = resuming.lastDeploy(kDeployment);
        QVERIFY(last && last->runId == id && last->ended && last->rolledBack);
        QCOMPARE(last->missingRecords, 0);
        // A new run still starts at 1, whatever the journal holds.
        JournalRun fresh = resuming.beginRun(kDeployment);
        QVERIFY(fresh.start(QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("3.0")));
        QCOMPARE(resuming.read().run(fresh.id()).first().value(QStringLiteral("seq")).toInt(), 1);
    }

    // Journals written before records carried run ids still read as they did.
    void recordsWithoutRunIdsAreGroupedByTheirStart()
    {
        const QString path = m_dir.filePath(QStringLiteral("legacy/shop.jsonl"));
        Journal journal(path);
        journal.recordStart(kDeployment, QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("1.0"));
        journal.record(stage(QStringLiteral("deploy"), StepState::Succeeded), kDeployment);
        journal.recordWarmWindow(kDeployment, QStringLiteral("blue"), QStringLiteral("0.9"), QDateTime(), false);
        std::optional<DeploySummary> last = journal.lastDeploy(kDeployment);
        QVERIFY(last);
        QVERIFY(last->runId.isEmpty());
        QVERIFY(last->interrupted());
        QCOMPARE(last->lastStage, QStringLiteral("deploy (succeeded)"));
        QVERIFY(journal.lastWarmWindow(kDeployment));
        QCOMPARE(journal.lastWarmWindow(kDeployment)->colour, QStringLiteral("blue"));
        QVERIFY(!journal.lastWarmWindow(QStringLiteral("another")));

        QVERIFY(!Journal(m_dir.filePath(QStringLiteral("missing.jsonl"))).lastDeploy(kDeployment));
    }

    // Processes sharing a journal (the window and a CLI) append under a lock: four writers at
    // once leave whole lines only.
    void concurrentWritersNeverInterleave()
    {
        const QString path = m_dir.filePath(QStringLiteral("concurrent/shop.jsonl"));
        constexpr int kWriters = 4;
        constexpr int kEach = 100;
        QList<QThread *> threads;
        for (int w = 0; w < kWriters; ++w) {
            threads << QThread::create([path] {
                Journal journal(path); // one object each, as separate processes would have
                JournalRun run = journal.beginRun(kDeployment);
                for (int i = 0; i < kEach; ++i)
                    (void)run.record(pipelineEvent(PipelineEvent::Kind::Step, QStringLiteral("deploy"), QStringLiteral("step"), StepState::Running,
                                           QString(200 + i, QLatin1Char('z'))));
            });
            threads.last()->start();
        }
        for (QThread *t : std::as_const(threads)) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        JournalReader reader(path);
        QCOMPARE(reader.unparsableLines(), 0);
        QCOMPARE(reader.records().size(), kWriters * kEach);
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
