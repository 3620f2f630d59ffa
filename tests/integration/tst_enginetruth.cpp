// Every stop is honoured and every reading is true, against the real lab (sshd, HAProxy):
// `greenlight abort` from a second process during each kind of wait, a live deploy told from a
// dead one by its heartbeat, placeholders expanded once, and a bake with no router data failing
// closed (that test kills HAProxy, so it runs last).

#include "integration/clirun.h"
#include "integration/labfixture.h"

#include "http/httpcheck.h"
#include "pipeline/commandtemplate.h"
#include "pipeline/pipelinerun.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace greenlight;

using test::Run;
using test::runGreenlight;

namespace {
// How long an abort may take to be honoured: one heartbeat (1 s) to read it, the wait's wake,
// and putting traffic back through HAProxy. Generous: these machines are shared.
constexpr qint64 kAbortHonouredMs = 10000;
} // namespace

class TestEngineTruth final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;

    QString servedThroughRouter() const
    {
        const Result<HttpReply> r = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
    }

    QString variantConfig(const QString &name, const std::function<void(QJsonObject &)> &change)
    {
        return test::variantConfig(m_lab.lab.configPath(), m_lab.lab.rootDir() + QLatin1Char('/') + name, change);
    }

    // Inserts `stage` into the lab's pipeline before the entry at `index`.
    QString withStage(const QString &name, qsizetype index, const QJsonObject &stage)
    {
        return variantConfig(name, [&](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            pipeline.insert(index, stage);
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
    }

    static QJsonObject statusLine(const QString &config, const QString &type)
    {
        const Run status = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), config, QStringLiteral("--json")});
        for (const QString &line : status.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
            if (o.value(QStringLiteral("type")).toString() == type)
                return o;
        }
        return {};
    }

    // Starts `deploy VERSION` on `config`, waits for `marker` in its output, runs `greenlight
    // abort` from a second process and checks it was honoured: abort exits 0 only once the
    // deploy let go, the deploy stops promptly with the reason, and blue serves.
    void abortWhenSeen(const QString &config, const QString &version, const QByteArray &marker)
    {
        QProcess deploying;
        deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), version, QStringLiteral("--config"), config});
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += deploying.readAllStandardOutput()).contains(marker), out.constData(), 90000);
        QElapsedTimer clock;
        clock.start();
        const Run aborted = runGreenlight({QStringLiteral("abort"), QStringLiteral("--config"), config});
        QVERIFY2(aborted.exitCode == 0, qPrintable(aborted.out + aborted.err));
        QVERIFY2(QString(aborted.out + aborted.err).contains(QStringLiteral("acknowledged the abort")), qPrintable(aborted.out));
        // When abort returns, the deploy has already let go of its lock.
        QVERIFY(deploying.waitForFinished(5000));
        QVERIFY2(clock.elapsed() < kAbortHonouredMs, qPrintable(QString::number(clock.elapsed())));
        out += deploying.readAllStandardOutput();
        QCOMPARE(deploying.exitCode(), 1);
        QVERIFY2(out.contains("aborted by an operator (greenlight abort)"), out.constData());
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void abortFromAnotherProcessStopsABake()
    {
        // A bake of a minute, after traffic moved: the abort puts it back within seconds.
        abortWhenSeen(withStage(QStringLiteral("bake.json"), 3, {{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 60}}),
                      QStringLiteral("20.0"), "BAKE");
    }

    void abortFromAnotherProcessStopsAWeightedStepsBake()
    {
        const QString config = variantConfig(QStringLiteral("steps.json"), [](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            QJsonObject shift = pipeline.at(2).toObject();
            shift.insert(QStringLiteral("weights"), QJsonArray{50, 100});
            shift.insert(QStringLiteral("bake_s"), 60);
            pipeline.replace(2, shift);
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        abortWhenSeen(config, QStringLiteral("21.0"), "bake at 50%");
    }

    void abortFromAnotherProcessStopsVerifyRetries()
    {
        // Green's health fails, so verify retries up to its 20 s timeout: the abort cuts it short.
        for (const QString &host : m_lab.config->green.hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("health"), QStringLiteral("fail")}}).ok());
        abortWhenSeen(m_lab.lab.configPath(), QStringLiteral("22.0"), "VERIFY");
        for (const QString &host : m_lab.config->green.hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
    }

    void abortFromAnotherProcessStopsAHook()
    {
        const QString config = variantConfig(QStringLiteral("hook.json"), [](QJsonObject &root) {
            root.insert(QStringLiteral("hooks"), QJsonObject{{QStringLiteral("pre_deploy"), QJsonArray{QJsonObject{
                {QStringLiteral("command"), QStringLiteral("echo waiting-in-hook; sleep 60")}, {QStringLiteral("timeout_s"), 120}}}}});
        });
        abortWhenSeen(config, QStringLiteral("23.0"), "waiting-in-hook");
    }

    void aLiveDeployIsRunningAndADeadOneInterruptedByItsHeartbeat()
    {
        const QString config = withStage(QStringLiteral("live.json"), 3, {{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 120}});
        QProcess deploying;
        deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), QStringLiteral("24.0"), QStringLiteral("--config"), config});
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += deploying.readAllStandardOutput()).contains("BAKE"), out.constData(), 90000);

        // Alive: status says who runs it and where, and does not call it interrupted.
        const QJsonObject running = statusLine(config, QStringLiteral("running_deploy"));
        QVERIFY2(!running.isEmpty(), "status did not report the running deploy");
        QCOMPARE(running.value(QStringLiteral("stage")).toString(), QStringLiteral("bake"));
        QVERIFY(running.value(QStringLiteral("lock_holder")).toString().contains(QStringLiteral("deploying 24.0")));
        QVERIFY(statusLine(config, QStringLiteral("interrupted_deploy")).isEmpty());
        // A live lock is never broken, even with --force-unlock.
        const Run forced = runGreenlight({QStringLiteral("deploy"), QStringLiteral("25.0"), QStringLiteral("--force-unlock"), QStringLiteral("--config"), config});
        QCOMPARE(forced.exitCode, 4);
        QVERIFY2(QString(forced.out + forced.err).contains(QStringLiteral("It is alive")), qPrintable(forced.out));

        // Dead: SIGKILL, as when a laptop dies. Once the heartbeat is stale, status says interrupted.
        deploying.kill();
        deploying.waitForFinished();
        QJsonObject interrupted;
        QTRY_VERIFY_WITH_TIMEOUT(!(interrupted = statusLine(config, QStringLiteral("interrupted_deploy"))).isEmpty(), 30000);
        QCOMPARE(interrupted.value(QStringLiteral("version")).toString(), QStringLiteral("24.0"));
        QCOMPARE(interrupted.value(QStringLiteral("router")).toString(), QStringLiteral("blue 0% / green 100%"));
        const QString summary = interrupted.value(QStringLiteral("summary")).toString();
        QVERIFY2(summary.contains(QStringLiteral("`greenlight resume` checks 24.0 through the router")), qPrintable(summary));

        // Nothing runs, so an abort has nothing to stop, and says so (not exit 0).
        const Run abort = runGreenlight({QStringLiteral("abort"), QStringLiteral("--config"), config});
        QCOMPARE(abort.exitCode, 1);
        QVERIFY2(abort.err.contains(QStringLiteral("stale")), qPrintable(abort.err));

        // The advice works: the shift had finished, so resume checks 24.0 through the router and
        // closes the deploy; nothing is reported interrupted after.
        const Run resumed = runGreenlight({QStringLiteral("resume"), QStringLiteral("--config"), config});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
        QVERIFY2(QString(resumed.out + resumed.err).contains(QStringLiteral("the cut-short deploy's shift had finished")), qPrintable(resumed.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("24.0"));
        QVERIFY(statusLine(config, QStringLiteral("interrupted_deploy")).isEmpty());
        const Run nothing = runGreenlight({QStringLiteral("resume"), QStringLiteral("--config"), config});
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY2(QString(nothing.out + nothing.err).contains(QStringLiteral("nothing to resume")), qPrintable(nothing.out));
        QCOMPARE(runGreenlight({QStringLiteral("rollback"), QStringLiteral("--config"), config}).exitCode, 0);
    }

    void aDeployKilledMidShiftIsResumedOrUndone()
    {
        const QString config = variantConfig(QStringLiteral("split.json"), [](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            QJsonObject shift = pipeline.at(2).toObject();
            shift.insert(QStringLiteral("weights"), QJsonArray{50, 100});
            shift.insert(QStringLiteral("bake_s"), 120);
            pipeline.replace(2, shift);
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        const auto killAtHalf = [&](const QString &version) {
            QProcess deploying;
            deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), version, QStringLiteral("--config"), config});
            QByteArray out;
            QTRY_VERIFY2_WITH_TIMEOUT((out += deploying.readAllStandardOutput()).contains("bake at 50%"), out.constData(), 90000);
            deploying.kill();
            deploying.waitForFinished();
            QTRY_VERIFY_WITH_TIMEOUT(!statusLine(config, QStringLiteral("interrupted_deploy")).isEmpty(), 30000);
        };
        // Split 50/50 when it died: resume puts all traffic back on blue, then deploys again.
        killAtHalf(QStringLiteral("29.0"));
        const QJsonObject interrupted = statusLine(config, QStringLiteral("interrupted_deploy"));
        QCOMPARE(interrupted.value(QStringLiteral("router")).toString(), QStringLiteral("blue 50% / green 50%"));
        QVERIFY(interrupted.value(QStringLiteral("summary")).toString().contains(QStringLiteral("`greenlight resume` puts all traffic back on blue")));
        const QString straight = variantConfig(QStringLiteral("straight.json"), [](QJsonObject &) {}); // no bake between steps
        const Run resumed = runGreenlight({QStringLiteral("resume"), QStringLiteral("--config"), straight});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
        QCOMPARE(servedThroughRouter(), QStringLiteral("29.0"));
        QVERIFY(statusLine(config, QStringLiteral("interrupted_deploy")).isEmpty());
        QCOMPARE(runGreenlight({QStringLiteral("rollback"), QStringLiteral("--config"), config}).exitCode, 0);

        // Or undone: all traffic back on blue, the deploy closed.
        killAtHalf(QStringLiteral("30.0"));
        const Run undone = runGreenlight({QStringLiteral("resume"), QStringLiteral("--undo"), QStringLiteral("--config"), config});
        QVERIFY2(undone.exitCode == 0, qPrintable(undone.out + undone.err));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QVERIFY(statusLine(config, QStringLiteral("interrupted_deploy")).isEmpty());
    }

    void placeholdersAreExpandedOnceAndQuotedOnce()
    {
        const QString expanded = expandCommand(QStringLiteral("deploy {version} on {host} ({colour}) {unknown}"),
                                                            QStringLiteral("x{host}y %1"), QStringLiteral("green-1"), Colour::Green);
        QCOMPARE(expanded, QStringLiteral("deploy 'x{host}y %1' on 'green-1' ('green') {unknown}"));
        // And on the lab: the version reaches the host verbatim.
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("x{host}y%1"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QCOMPARE(servedThroughRouter(), QStringLiteral("x{host}y%1"));
        QCOMPARE(runGreenlight({QStringLiteral("rollback"), QStringLiteral("--config"), m_lab.lab.configPath()}).exitCode, 0);
    }

    void hooksAtStageBoundariesStopBeforeTrafficMovesAndRollBackAfter()
    {
        QTemporaryDir dir;
        const QString trail = dir.filePath(QStringLiteral("trail"));
        const QString config = variantConfig(QStringLiteral("stagehooks.json"), [&](QJsonObject &root) {
            const auto hook = [&](const QString &command) { return QJsonArray{QJsonObject{{QStringLiteral("command"), command}}}; };
            root.insert(QStringLiteral("hooks"), QJsonObject{
                {QStringLiteral("before_verify"), hook(QStringLiteral("echo \"$GL_STAGE $GL_VERSION\" >> %1").arg(trail))},
                {QStringLiteral("after_shift"), hook(QStringLiteral("echo \"$GL_STAGE\" >> %1; echo 'smoke test of the new colour failed' >&2; exit 9").arg(trail))},
            });
        });
        // The plan shows each where it runs: before verify, after the shift.
        const Run plan = runGreenlight({QStringLiteral("plan"), QStringLiteral("31.0"), QStringLiteral("--config"), config});
        QVERIFY2(plan.exitCode == 0, qPrintable(plan.out + plan.err));
        const qsizetype beforeVerify = plan.out.indexOf(QStringLiteral("before_verify"));
        const qsizetype afterShift = plan.out.indexOf(QStringLiteral("after_shift"));
        QVERIFY2(beforeVerify > plan.out.indexOf(QStringLiteral("deploy     ")) && beforeVerify < plan.out.indexOf(QStringLiteral("verify ")), qPrintable(plan.out));
        QVERIFY2(afterShift > plan.out.indexOf(QStringLiteral("shift ")) && afterShift < plan.out.indexOf(QStringLiteral("finish ")), qPrintable(plan.out));

        // A failing hook after traffic moved puts it back on blue.
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("31.0"), QStringLiteral("--config"), config});
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("smoke test of the new colour failed")), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("rolled back automatically: traffic is back on blue")), qPrintable(d.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QFile trailFile(trail);
        QVERIFY(trailFile.open(QIODevice::ReadOnly));
        QCOMPARE(trailFile.readAll(), QByteArray("before_verify 31.0\nafter_shift\n"));

        // A hook for a stage the pipeline does not run is a config error.
        const QString stray = variantConfig(QStringLiteral("strayhook.json"), [&](QJsonObject &root) {
            root.insert(QStringLiteral("hooks"), QJsonObject{{QStringLiteral("after_bake"), QJsonArray{QJsonObject{{QStringLiteral("command"), QStringLiteral("true")}}}}});
        });
        const Run invalid = runGreenlight({QStringLiteral("validate"), stray});
        QCOMPARE(invalid.exitCode, 2);
        const QString said = invalid.out + invalid.err;
        QVERIFY2(said.contains(QStringLiteral("/hooks/after_bake")), qPrintable(said));
    }

    void preflightReachesEveryHostBeforeAnythingChanges()
    {
        const QString green1 = m_lab.config->green.hosts.first();
        const QString green2 = m_lab.config->green.hosts.last();
        QFile version(m_lab.lab.hostDir(green1) + QStringLiteral("/version"));
        QVERIFY(version.open(QIODevice::ReadOnly));
        const QByteArray before = version.readAll();
        version.close();

        // green-2 is down (nothing listens on its port), and green-1 presents another host key
        // than known_hosts holds (a fresh key written in its place).
        QTemporaryDir keys;
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                                                                  QString(), QStringLiteral("-f"), keys.filePath(QStringLiteral("other"))}), 0);
        QFile otherKey(keys.filePath(QStringLiteral("other.pub")));
        QVERIFY(otherKey.open(QIODevice::ReadOnly));
        const QByteArray other = otherKey.readAll().split(' ').mid(0, 2).join(' ');
        QFile known(m_lab.config->ssh.knownHostsFile);
        QVERIFY(known.open(QIODevice::ReadOnly));
        QByteArray changed;
        const QByteArray green1Entry = QStringLiteral("[%1]:").arg(m_lab.config->host(green1)->address).toUtf8();
        for (const QByteArray &line : known.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            changed += line.startsWith(green1Entry) ? line.split(' ').first() + ' ' + other : line;
            changed += '\n';
        }
        const QString changedKnownHosts = keys.filePath(QStringLiteral("known_hosts"));
        QFile out(changedKnownHosts);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(changed);
        out.close();
        const QString config = variantConfig(QStringLiteral("faults.json"), [&](QJsonObject &root) {
            QJsonObject hosts = root.value(QStringLiteral("hosts")).toObject();
            QJsonObject down = hosts.value(green2).toObject();
            down.insert(QStringLiteral("port"), 1);
            hosts.insert(green2, down);
            root.insert(QStringLiteral("hosts"), hosts);
            QJsonObject ssh = root.value(QStringLiteral("ssh")).toObject();
            ssh.insert(QStringLiteral("known_hosts"), changedKnownHosts);
            root.insert(QStringLiteral("ssh"), ssh);
        });
        const Run refused = runGreenlight({QStringLiteral("deploy"), QStringLiteral("28.0"), QStringLiteral("--config"), config});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(QString(refused.out + refused.err).contains(QStringLiteral("2 of 4 hosts cannot be used; nothing was changed")), qPrintable(refused.out));
        QVERIFY2(QString(refused.out + refused.err).contains(green1 + QStringLiteral(": ")) && QString(refused.out + refused.err).contains(green2 + QStringLiteral(": ")), qPrintable(refused.out));
        QVERIFY2(QString(refused.out + refused.err).contains(QStringLiteral("HOST KEY CHANGED for %1").arg(green1)), qPrintable(refused.out));
        QVERIFY2(!refused.out.contains(QStringLiteral("DEPLOY")), qPrintable(refused.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QVERIFY(version.open(QIODevice::ReadOnly));
        QCOMPARE(version.readAll(), before); // nothing restarted
    }

    void aJournalThatCannotBeWrittenRefusesTheDeployAndMovesNothing()
    {
        // A journal path under a regular file fails for everyone, root included.
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString config = variantConfig(QStringLiteral("nojournal.json"), [&](QJsonObject &root) {
            root.insert(QStringLiteral("journal"), QString(blocker.fileName() + QStringLiteral("/journal.jsonl")));
        });
        const Run refused = runGreenlight({QStringLiteral("deploy"), QStringLiteral("27.0"), QStringLiteral("--config"), config});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(QString(refused.out + refused.err).contains(QStringLiteral("the journal cannot be written, so the deploy did not start")), qPrintable(refused.out));
        QVERIFY2(!refused.out.contains(QStringLiteral("PREFLIGHT")), qPrintable(refused.out)); // nothing was even read
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QFile greenVersion(m_lab.lab.hostDir(m_lab.config->green.hosts.first()) + QStringLiteral("/version"));
        QVERIFY(greenVersion.open(QIODevice::ReadOnly));
        QVERIFY(greenVersion.readAll().trimmed() != QByteArray("27.0"));
    }

    // Last: it kills the lab's HAProxy.
    // Apps that answer with Transfer-Encoding: chunked (most frameworks, for dynamic bodies)
    // are verified, probed and checked through the router like any other.
    void aChunkedAnsweringAppIsVerified()
    {
        const QStringList hosts = m_lab.config->blue.hosts + m_lab.config->green.hosts;
        for (const QString &host : hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("chunked"), QStringLiteral("1")}}).ok());
        const Run d = runGreenlight({QStringLiteral("deploy"), QStringLiteral("33.0"), QStringLiteral("--config"), m_lab.lab.configPath()});
        for (const QString &host : hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("healthy, serving 33.0")), qPrintable(d.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("33.0"));
    }

    void aBakeWithoutRouterDataFailsClosed()
    {
        const QString config = withStage(QStringLiteral("nodata.json"), 3, {{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 120}});
        QProcess deploying;
        deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), QStringLiteral("26.0"), QStringLiteral("--config"), config});
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += deploying.readAllStandardOutput()).contains("BAKE"), out.constData(), 90000);
        QProcess::execute(QStringLiteral("pkill"), {QStringLiteral("-KILL"), QStringLiteral("-f"), m_lab.lab.rootDir() + QStringLiteral("/router/haproxy.cfg")});
        // The grace is 10 s; the bake had 120 s left. It must end long before.
        QVERIFY(deploying.waitForFinished(60000));
        out += deploying.readAllStandardOutput();
        QCOMPARE(deploying.exitCode(), 1);
        QVERIFY2(out.contains("no data: the router's counters could not be read"), out.constData());
        QVERIFY2(!out.contains("SUCCESS"), out.constData());
    }
};

QTEST_GUILESS_MAIN(TestEngineTruth)
#include "tst_enginetruth.moc"
