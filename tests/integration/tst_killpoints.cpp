// kill -9 of `greenlight deploy` at random points, against the real lab (sshd, HAProxy): a
// weighted-steps shift (50 % with a bake, then 100 %) and a bake stage. After each kill, the local
// journal and its copy on the router host parse whole with the project's reader (at most a torn
// last line, never a record glued onto another), every record of the killed deploy carries its
// one run id, and runs never mix; `status --json` calls the deploy interrupted once its heartbeat
// is stale (the real DeployLock::kHeartbeatStaleS: there is no knob), and `resume` (or `resume
// --undo`) leaves traffic all on one colour and the lock free before the next kill.
//
// The kill times come from a seeded PRNG, one in each fifth of a deploy's measured duration; the
// seed is printed, and GREENLIGHT_KILL_SEED=<seed> replays a run.

#include "integration/clirun.h"
#include "integration/journalcheck.h"
#include "integration/labfixture.h"

#include "pipeline/deploylock.h"
#include "http/httpcheck.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>
#include <QtTest>

using namespace greenlight;

using test::checkCopyIsPrefix;
using test::checkRunsApart;
using test::checkWhole;
using test::JournalLines;
using test::recordsOf;
using test::Run;
using test::runGreenlight;

namespace {
const QString kDeployment = QStringLiteral("lab"); // the lab's deployment file names it so
constexpr int kKillPoints = 5;
enum Trigger { AtTime, AtLock, AtEnd };
// status is read until the killed deploy's heartbeat is stale (kHeartbeatStaleS) and it stops
// calling it running: generous, these machines are shared.
constexpr int kStaleWaitMs = (DeployLock::kHeartbeatStaleS + 30) * 1000;

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

// One `status --json`: the fleet line, and the running or interrupted deploy if there is one.
struct StatusRead
{
    int exitCode = -1;
    QString out;
    QJsonObject fleet;
    QJsonObject running;
    QJsonObject interrupted;
    QJsonObject deadLock; // a lock nothing beats in and no cut-short deploy explains

    [[nodiscard]] int percent(const QString &colour) const { return fleet.value(colour + QStringLiteral("_percent")).toInt(-1); }
    // The version every host of `colour` reports, or empty when they differ or cannot be read.
    [[nodiscard]] QString versionOf(const QString &colour) const
    {
        QString version;
        for (const QJsonValue &h : fleet.value(QStringLiteral("hosts")).toArray()) {
            if (text(h.toObject(), "colour") != colour)
                continue;
            const QString v = text(h.toObject(), "version");
            if (v.isEmpty() || (!version.isEmpty() && v != version))
                return {};
            version = v;
        }
        return version;
    }
};
} // namespace

class TestKillPoints final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QString m_config;   // weights 50 → 100 with a bake at 50 %, then a bake stage
    QString m_straight; // the lab's own pipeline (no bakes): what `resume` deploys again with
    quint32 m_seed = 0;
    QRandomGenerator m_random;
    qint64 m_deployMs = 0; // one whole deploy on m_config
    int m_localTorn = 0;   // torn fragments in each journal so far: a kill may add one, at the end
    int m_remoteTorn = 0;

    QString variantConfig(const QString &name, const std::function<void(QJsonObject &)> &change)
    {
        return test::variantConfig(m_lab.lab.configPath(), m_lab.lab.rootDir() + QLatin1Char('/') + name, change);
    }

    QString servedThroughRouter() const
    {
        const Result<HttpReply> r = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
    }

    StatusRead status() const
    {
        const Run run = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), m_config, QStringLiteral("--json")});
        StatusRead s;
        s.exitCode = run.exitCode;
        s.out = run.out + run.err;
        for (const QString &line : run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            const QString type = text(o, "type");
            if (type == QLatin1String("status"))
                s.fleet = o;
            else if (type == QLatin1String("running_deploy"))
                s.running = o;
            else if (type == QLatin1String("interrupted_deploy"))
                s.interrupted = o;
            else if (type == QLatin1String("dead_lock"))
                s.deadLock = o;
        }
        return s;
    }

    // The router host's copy: the lab's router host keeps it on this machine's disk.
    JournalLines remoteJournal() const { return JournalLines::ofFile(m_lab.config->router.journalPath); }
    JournalLines localJournal() const { return JournalLines::ofFile(m_lab.config->journalPath); }
    bool lockHeld() const { return QFileInfo::exists(m_lab.config->router.lockPath); }
    // Seconds since the lock's heartbeat ("<epoch> <stage>", the router host's clock: this one); -1: none.
    qint64 heartbeatAgeS() const
    {
        QFile beat(m_lab.config->router.lockPath + QStringLiteral("/heartbeat"));
        bool ok = false;
        const qint64 at = beat.open(QIODevice::ReadOnly) ? beat.readAll().split(' ').value(0).toLongLong(&ok) : 0;
        return ok ? QDateTime::currentSecsSinceEpoch() - at : -1;
    }

    // Lets `deploying` run until the trigger (a time, the lock taken, the end written), then
    // SIGKILLs it; true if it finished first. Waits, not checks: the checks after follow from
    // what the journal says the deploy got to. `killAtMs` becomes when it was killed.
    bool killWhen(QProcess &deploying, Trigger trigger, int &killAtMs, qint64 journalBytesBefore)
    {
        bool finished = false;
        if (trigger == AtTime) {
            finished = deploying.waitForFinished(killAtMs);
        } else {
            QFile journal(m_lab.config->journalPath);
            const auto reached = [&] {
                if (trigger == AtLock)
                    return QFileInfo::exists(m_lab.config->router.lockPath);
                if (!journal.isOpen() && !journal.open(QIODevice::ReadOnly))
                    return false;
                journal.seek(journalBytesBefore);
                return journal.readAll().contains("\"kind\":\"end\"");
            };
            QElapsedTimer clock;
            clock.start();
            while (!(finished = deploying.waitForFinished(0)) && !reached() && clock.elapsed() < 3 * std::max<qint64>(m_deployMs, 5000))
                QThread::usleep(200);
            killAtMs = static_cast<int>(clock.elapsed());
        }
        if (!finished) {
            deploying.kill(); // SIGKILL
            deploying.waitForFinished();
        }
        return finished;
    }

    // Traffic all on one colour that serves its hosts' version through the router, nothing
    // running or interrupted, the lock free.
    void checkClean(const QString &expectLive, const QString &expectVersion)
    {
        const StatusRead s = status();
        QVERIFY2(s.exitCode == 0, qPrintable(s.out));
        QVERIFY2(s.running.isEmpty() && s.interrupted.isEmpty(), qPrintable(s.out));
        const QString live = text(s.fleet, "live");
        QVERIFY2(!live.isEmpty() && s.percent(live) == 100, qPrintable(s.out));
        if (!expectLive.isEmpty())
            QCOMPARE(live, expectLive);
        const QString version = s.versionOf(live);
        QVERIFY2(!version.isEmpty(), qPrintable(s.out));
        if (!expectVersion.isEmpty())
            QCOMPARE(version, expectVersion);
        QCOMPARE(servedThroughRouter(), version);
        QVERIFY2(!lockHeld(), qPrintable(m_lab.config->router.lockPath));
    }

    void checkJournalsAfterRecovery()
    {
        const JournalLines local = localJournal();
        const JournalLines remote = remoteJournal();
        checkWhole(local, m_localTorn, false, "local journal", kDeployment);
        checkWhole(remote, m_remoteTorn, false, "router copy", kDeployment);
        checkCopyIsPrefix(local, remote);
        if (QTest::currentTestFailed())
            return;
        checkRunsApart(local);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        bool given = false;
        m_seed = qEnvironmentVariable("GREENLIGHT_KILL_SEED").toUInt(&given);
        if (!given)
            m_seed = QRandomGenerator::global()->generate();
        m_random.seed(m_seed);
        qInfo("kill seed %u (replay with GREENLIGHT_KILL_SEED=%u)", m_seed, m_seed);
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        m_config = variantConfig(QStringLiteral("killpoints.json"), [](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            QJsonObject shift = pipeline.at(2).toObject();
            shift.insert(QStringLiteral("weights"), QJsonArray{50, 100});
            shift.insert(QStringLiteral("bake_s"), 3);
            pipeline.replace(2, shift);
            pipeline.insert(3, QJsonObject{{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 3}});
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        m_straight = variantConfig(QStringLiteral("straight.json"), [](QJsonObject &) {});
        QVERIFY(!m_config.isEmpty() && !m_straight.isEmpty());
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    // The checker itself: a torn last line is told from a record glued onto a torn one.
    void theCheckerTellsTornFromGlued()
    {
        const QByteArray whole = "{\"deployment\":\"lab\",\"run\":\"a\",\"seq\":1}\n";
        const JournalLines torn = JournalLines::of(whole + "{\"deployment\":\"lab\",\"ru");
        QCOMPARE(torn.records.size(), 1);
        QCOMPARE(torn.unparsable, 1);
        QVERIFY(torn.endsTorn);
        QVERIFY(torn.glued.isEmpty());
        const JournalLines ended = JournalLines::of(whole + "{\"deployment\":\"lab\",\"ru\n" + whole);
        QCOMPARE(ended.records.size(), 2);
        QVERIFY(!ended.endsTorn && ended.glued.isEmpty());
        const JournalLines glued = JournalLines::of(whole + "{\"deployment\":\"lab\",\"ru" + whole);
        QCOMPARE(glued.records.size(), 1);
        QCOMPARE(glued.glued.size(), 1);
    }

    // One whole deploy, not killed: how long the kill points spread over, and a first check.
    void aWholeDeployIsTheYardstick()
    {
        QElapsedTimer clock;
        clock.start();
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("40.0"), QStringLiteral("--config"), m_config});
        m_deployMs = clock.elapsed();
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        qInfo("a whole deploy takes %lld ms", static_cast<long long>(m_deployMs));
        checkClean(QStringLiteral("green"), QStringLiteral("40.0"));
        checkJournalsAfterRecovery();
        QCOMPARE(remoteJournal().records.size(), localJournal().records.size()); // all shipped at its end
    }

    void killedAtARandomPoint_data()
    {
        QTest::addColumn<int>("trigger");
        QTest::addColumn<int>("killAtMs");
        QTest::addColumn<bool>("undo");
        QTest::addColumn<QString>("version");
        const qint64 span = std::max<qint64>(m_deployMs, 5000);
        for (int i = 0; i < kKillPoints; ++i) {
            const int at = static_cast<int>(span * i / kKillPoints + m_random.bounded(static_cast<quint32>(span / kKillPoints)));
            const bool undo = m_random.bounded(2) == 1;
            QTest::addRow("kill %d at %d ms", i + 1, at) << int(AtTime) << at << undo << QStringLiteral("4%1.0").arg(i + 1);
        }
        // The two moments a random time rarely hits: the lock is taken but nothing said in the
        // journal yet, and the journal says the deploy ended but the lock is not let go yet.
        QTest::newRow("kill as the lock is taken") << int(AtLock) << 0 << false << QStringLiteral("46.0");
        QTest::newRow("kill as the end is written") << int(AtEnd) << 0 << false << QStringLiteral("47.0");
    }

    void killedAtARandomPoint()
    {
        QFETCH(int, trigger);
        QFETCH(int, killAtMs);
        QFETCH(bool, undo);
        QFETCH(QString, version);
        const qsizetype recordsBefore = localJournal().records.size();
        const qint64 bytesBefore = QFileInfo(m_lab.config->journalPath).size();
        const StatusRead before = status();
        const QString oldLive = text(before.fleet, "live");
        QVERIFY2(!oldLive.isEmpty(), qPrintable(before.out));
        const QString oldVersion = before.versionOf(oldLive);

        QProcess deploying;
        deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), version, QStringLiteral("--config"), m_config});
        QVERIFY(deploying.waitForStarted());
        const bool finished = killWhen(deploying, Trigger(trigger), killAtMs, bytesBefore);
        const QString said = QString::fromUtf8(deploying.readAllStandardOutput());
        const QStringList saidLines = said.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        qInfo("%s at %d ms; its last line: %s", finished ? "finished before the kill" : "killed", killAtMs,
              qPrintable(saidLines.isEmpty() ? QStringLiteral("(none)") : saidLines.last()));

        // Right after the kill: both files whole, the killed deploy's records all of one run.
        const JournalLines local = localJournal();
        const JournalLines remote = remoteJournal();
        checkWhole(local, m_localTorn, true, "local journal", kDeployment);
        checkWhole(remote, m_remoteTorn, true, "router copy", kDeployment);
        checkCopyIsPrefix(local, remote);
        if (QTest::currentTestFailed())
            return;
        const QList<QJsonObject> killed = local.records.mid(recordsBefore);
        const QString runId = killed.isEmpty() ? QString() : text(killed.first(), "run");
        bool started = false;
        bool ended = false;
        qsizetype lastStage = -1;
        qsizetype stageBefore = -1; // the stage record before the last: shipped for sure
        for (qsizetype i = 0; i < killed.size(); ++i) {
            const QJsonObject &r = killed.at(i);
            const QString line = QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact));
            QVERIFY2(!runId.isEmpty() && text(r, "run") == runId, qPrintable(QStringLiteral("not of run %1: %2").arg(runId, line)));
            QVERIFY2(r.value(QStringLiteral("seq")).toInteger() == i + 1, qPrintable(line));
            started |= text(r, "kind") == QLatin1String("start");
            ended |= text(r, "kind") == QLatin1String("end");
            if (text(r, "kind") == QLatin1String("start") || text(r, "kind") == QLatin1String("end"))
                QCOMPARE(text(r, "version"), version);
            if (text(r, "kind") == QLatin1String("stage")) {
                stageBefore = lastStage;
                lastStage = i;
            }
        }
        QVERIFY2(!finished || ended, qPrintable(said));
        // On the router host: the same records of that run, all but at most the stage in flight.
        const QList<QJsonObject> there = runId.isEmpty() ? QList<QJsonObject>() : recordsOf(remote, runId);
        QVERIFY2(there.size() > stageBefore,
                 qPrintable(QStringLiteral("the router host has %1 of the run's %2 records; the stage before the last (record %3) was shipped before it")
                                .arg(there.size()).arg(killed.size()).arg(stageBefore + 1)));
        qInfo("run %s: %lld records here, %lld on the router host; %s", qPrintable(runId), static_cast<long long>(killed.size()),
              static_cast<long long>(there.size()), started ? (ended ? "started and ended" : "started, not ended") : "never started");

        // Once its heartbeat is stale, status no longer calls it running; cut short after its
        // start, it calls it interrupted, with the truth about the router.
        // Never interrupted while it still beats: the heartbeat is read after each status.
        StatusRead s;
        QElapsedTimer waited;
        waited.start();
        int runningReads = 0;
        for (;; ++runningReads) {
            s = status();
            const qint64 age = heartbeatAgeS();
            QVERIFY2(s.interrupted.isEmpty() || age < 0 || age > DeployLock::kHeartbeatStaleS,
                     qPrintable(QStringLiteral("called interrupted, but its heartbeat is %1 s old:\n%2").arg(age).arg(s.out)));
            if (s.exitCode == 0 && s.running.isEmpty())
                break;
            QVERIFY2(waited.elapsed() < kStaleWaitMs, qPrintable(QStringLiteral("still called running:\n%1").arg(s.out)));
            QTest::qWait(250);
        }
        qInfo("status called it running %d time(s) before its heartbeat was stale", runningReads);
        if (started && !ended) {
            QVERIFY2(!s.interrupted.isEmpty(), qPrintable(s.out));
            QCOMPARE(text(s.interrupted, "version"), version);
            QCOMPARE(text(s.interrupted, "from"), oldLive);
        } else {
            QVERIFY2(s.interrupted.isEmpty(), qPrintable(s.out));
        }
        // A lock left behind by a deploy killed around its start or its end: status names it.
        const bool unmentionedLock = s.interrupted.isEmpty() && s.deadLock.isEmpty() && lockHeld();
        QVERIFY2(s.deadLock.isEmpty() || lockHeld(), qPrintable(QStringLiteral("status reports a dead lock that is not there:\n%1").arg(s.out)));

        // Back to a known state: resume (deploys again, or closes a finished shift) or undo.
        QString expectLive;
        QString expectVersion;
        if (!s.interrupted.isEmpty()) {
            const QString to = text(s.interrupted, "to");
            const bool shifted = s.percent(to) == 100;
            const bool undoing = undo && !shifted;
            QStringList args{QStringLiteral("resume"), QStringLiteral("--config"), shifted || undoing ? m_config : m_straight};
            if (undoing)
                args << QStringLiteral("--undo");
            const Run resumed = runGreenlight(args);
            qInfo("router %s: %s", qPrintable(text(s.interrupted, "router")), qPrintable(args.join(QLatin1Char(' '))));
            QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
            expectLive = undoing ? oldLive : to;
            expectVersion = undoing ? oldVersion : version;
        } else if (!s.deadLock.isEmpty()) {
            // Nothing to finish or undo: resume clears the lock and moves nothing.
            const int bluePercent = s.percent(QStringLiteral("blue"));
            const Run resumed = runGreenlight({QStringLiteral("resume"), QStringLiteral("--config"), m_straight});
            QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
            QVERIFY2(!lockHeld(), "resume left the dead lock in place");
            QCOMPARE(status().percent(QStringLiteral("blue")), bluePercent);
        }
        checkClean(expectLive, expectVersion);
        checkJournalsAfterRecovery();
        if (QTest::currentTestFailed())
            return;

        QVERIFY2(!unmentionedLock, qPrintable(QStringLiteral("a stale lock was left at %1 and status said nothing of it:\n%2")
                                                  .arg(m_lab.config->router.lockPath, s.out)));
        if (!started)
            return;
        const std::optional<DeploySummary> last = JournalReader(m_lab.config->journalPath).lastDeploy(kDeployment);
        QVERIFY(last);
        QVERIFY(!last->interrupted());
        if (s.interrupted.isEmpty())
            return; // it ended by itself; an end killed before its ship goes with the next deploy
        // Resumed: the cut-short deploy is closed now, in its own run, here and on the router host.
        bool endShipped = false;
        for (const QJsonObject &r : recordsOf(remoteJournal(), runId))
            endShipped |= text(r, "kind") == QLatin1String("end");
        QVERIFY2(endShipped, qPrintable(QStringLiteral("the router host's copy does not say that run %1 ended").arg(runId)));
    }

    // A deploy after all that ships what is still only here: the router host's copy then holds
    // every record, the ends written by resume included.
    void theNextDeployShipsEverything()
    {
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("49.0"), QStringLiteral("--config"), m_straight});
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        checkClean({}, QStringLiteral("49.0"));
        checkJournalsAfterRecovery();
        const JournalLines local = localJournal();
        QCOMPARE(remoteJournal().records.size(), local.records.size());
        qInfo("%lld records in each journal; %d torn fragments here, %d on the router host", static_cast<long long>(local.records.size()),
              m_localTorn, m_remoteTorn);
    }
};

QTEST_GUILESS_MAIN(TestKillPoints)
#include "tst_killpoints.moc"
