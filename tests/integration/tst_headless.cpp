// The headless CLI (`greenlight deploy|rollback|status|validate`) against the real lab:
// exit codes, what HAProxy really does, and what the journal records.

#include "integration/clirun.h"
#include "integration/labfixture.h"

#include "http/httpcheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace greenlight;

using test::Run;
using test::runGreenlight;

class TestHeadless final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;

    QString servedThroughRouter() const
    {
        const Result<HttpReply> r = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
    }

    QJsonObject status()
    {
        const Run run = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), m_lab.lab.configPath(), QStringLiteral("--json")});
        return QJsonDocument::fromJson(run.out.toUtf8()).object();
    }

    // A copy of the lab's deployment file with one change, for failure cases.
    QString variantConfig(const std::function<void(QJsonObject &)> &change)
    {
        return test::variantConfig(m_lab.lab.configPath(), m_lab.lab.rootDir() + QStringLiteral("/variant.json"), change);
    }

    Run deploy(const QString &version, const QString &config = {})
    {
        return runGreenlight({QStringLiteral("deploy"), version, QStringLiteral("--config"), config.isEmpty() ? m_lab.lab.configPath() : config});
    }

    Run rollback()
    {
        return runGreenlight({QStringLiteral("rollback"), QStringLiteral("--config"), m_lab.lab.configPath()});
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

    void statusReadsTheRouter()
    {
        const QJsonObject s = status();
        QCOMPARE(s.value(QStringLiteral("live")).toString(), QStringLiteral("blue"));
        QCOMPARE(s.value(QStringLiteral("blue_percent")).toInt(), 100);
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }

    void planShowsEveryChangeAndRunsNothing()
    {
        const Run plan = runGreenlight({QStringLiteral("plan"), QStringLiteral("2.5.0"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
        QVERIFY2(QString(plan.out + plan.err).contains(QStringLiteral("/bin/deploy 'green-1' '2.5.0'")), qPrintable(plan.out));
        QVERIFY(QString(plan.out + plan.err).contains(QStringLiteral("set weight app/green-1 100;set weight app/green-2 100;set weight app/blue-1 0")));
        QVERIFY(QString(plan.out + plan.err).contains(QStringLiteral("blue is live, so green receives 2.5.0")));
        // Nothing ran: green still has its old version and no traffic.
        const QJsonObject s = status();
        QCOMPARE(s.value(QStringLiteral("blue_percent")).toInt(), 100);
        for (const QJsonValue &h : s.value(QStringLiteral("hosts")).toArray()) {
            if (h.toObject().value(QStringLiteral("colour")).toString() == QLatin1String("green"))
                QCOMPARE(h.toObject().value(QStringLiteral("version")).toString(), QStringLiteral("0.9.0"));
        }
    }

    void deployThenRollBack()
    {
        const Run d = deploy(QStringLiteral("2.0.0"));
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY(QString(d.out + d.err).contains(QStringLiteral("SUCCESS")));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("is up at version 2.0.0")), qPrintable(d.out)); // the deploy script's own output, streamed
        QCOMPARE(servedThroughRouter(), QStringLiteral("2.0.0"));
        QJsonObject s = status();
        QCOMPARE(s.value(QStringLiteral("live")).toString(), QStringLiteral("green"));
        QCOMPARE(s.value(QStringLiteral("green_percent")).toInt(), 100);

        const Run r = rollback();
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        s = status();
        QCOMPARE(s.value(QStringLiteral("live")).toString(), QStringLiteral("blue"));

        // A second rollback never flips traffic back to the new version.
        const Run again = rollback();
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));

        const Run history = runGreenlight({QStringLiteral("history"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY2(QString(history.out + history.err).contains(QStringLiteral("deploy 2.0.0 succeeded")), qPrintable(history.out));
        QVERIFY(QString(history.out + history.err).contains(QStringLiteral("traffic green -> blue (rollback: requested from the command line)")));

        // The journal, locally and its copy on the router host.
        for (const QString &path : {m_lab.config->journalPath, m_lab.config->router.journalPath}) {
            QFile journal(path);
            QVERIFY2(journal.open(QIODevice::ReadOnly), qPrintable(path));
            const QByteArray text = journal.readAll();
            QVERIFY(text.contains("\"kind\":\"start\""));
            QVERIFY(text.contains("\"stage\":\"shift\",\"state\":\"succeeded\""));
            QVERIFY(text.contains("\"reason\":\"deploy\""));
            QVERIFY(text.contains("\"reason\":\"rollback: requested from the command line\""));
        }
    }

    void weightedShiftMovesTrafficInSteps()
    {
        const QString config = variantConfig([](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            QJsonObject shift = pipeline.at(2).toObject();
            shift.insert(QStringLiteral("weights"), QJsonArray{25, 100});
            shift.insert(QStringLiteral("bake_s"), 2);
            pipeline.replace(2, shift);
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        const QString live = status().value(QStringLiteral("live")).toString();
        const Run d = deploy(QStringLiteral("2.5.0"), config);
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        const QString idle = live == QLatin1String("blue") ? QStringLiteral("green") : QStringLiteral("blue");
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("%1 25% @ router").arg(idle)), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("bake at 25%")), qPrintable(d.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("2.5.0"));
        QCOMPARE(status().value(QStringLiteral("live")).toString(), idle);
        const Run r = rollback();
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(status().value(QStringLiteral("live")).toString(), live);
    }

    void failingHealthStopsBeforeTrafficMoves()
    {
        for (const QString &host : m_lab.config->green.hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("health"), QStringLiteral("fail")}}).ok());
        const QString config = variantConfig([](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            QJsonObject verify = pipeline.at(1).toObject();
            verify.insert(QStringLiteral("timeout_s"), 2);
            pipeline.replace(1, verify);
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        const Run d = deploy(QStringLiteral("3.0.0"), config);
        for (const QString &host : m_lab.config->green.hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("green is not healthy; traffic was not moved")), qPrintable(d.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QCOMPARE(status().value(QStringLiteral("blue_percent")).toInt(), 100);
    }

    void aGateBreachDuringBakeRollsBackAutomatically()
    {
        const QString config = variantConfig([](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            pipeline.insert(3, QJsonObject{{QStringLiteral("stage"), QStringLiteral("bake")}, {QStringLiteral("duration_s"), 60}});
            root.insert(QStringLiteral("pipeline"), pipeline);
            root.insert(QStringLiteral("gates"), QJsonArray{QJsonObject{{QStringLiteral("metric"), QStringLiteral("error_rate")},
                                                                        {QStringLiteral("above"), 0.2},
                                                                        {QStringLiteral("window_s"), 5},
                                                                        {QStringLiteral("min_samples"), 5},
                                                                        {QStringLiteral("consecutive"), 2}}});
        });
        QProcess deploying;
        deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), QStringLiteral("9.0.0"), QStringLiteral("--config"), config});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += deploying.readAllStandardOutput()).contains("BAKE"), 60000);
        QCOMPARE(servedThroughRouter(), QStringLiteral("9.0.0")); // green took the traffic
        // The new version starts failing while it bakes.
        for (const QString &host : m_lab.config->green.hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("error_rate"), QStringLiteral("1")}}).ok());
        QVERIFY(deploying.waitForFinished(60000));
        out += deploying.readAllStandardOutput();
        for (const QString &host : m_lab.config->green.hosts)
            QVERIFY(m_lab.lab.setFault(host, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
        QCOMPARE(deploying.exitCode(), 1);
        QVERIFY2(out.contains("gate breached: error rate"), out.constData());
        QVERIFY2(out.contains("rolled back automatically: traffic is back on blue"), out.constData());
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QFile journal(m_lab.config->journalPath);
        QVERIFY(journal.open(QIODevice::ReadOnly));
        QVERIFY(journal.readAll().contains("\"reason\":\"automatic rollback: gate breached: error rate"));
    }

    void hooksRunAroundADeployWithItsVariables()
    {
        QTemporaryDir local;
        const QString pre = local.filePath(QStringLiteral("pre"));
        const QString post = m_lab.lab.rootDir() + QStringLiteral("/router/post-hook");
        const QString config = variantConfig([&](QJsonObject &root) {
            root.insert(QStringLiteral("hooks"), QJsonObject{
                {QStringLiteral("pre_deploy"), QJsonArray{QJsonObject{
                    {QStringLiteral("command"), QStringLiteral("echo \"$GL_VERSION $GL_FROM_COLOUR->$GL_TO_COLOUR on $GL_HOSTS by $GL_OPERATOR\" > %1").arg(pre)}}}},
                {QStringLiteral("post_deploy"), QJsonArray{QJsonObject{
                    {QStringLiteral("host"), QStringLiteral("router")},
                    {QStringLiteral("command"), QStringLiteral("echo \"$GL_STAGE $GL_VERSION\" > %1; echo announced").arg(post)}}}},
            });
        });
        // The plan lists both hooks where they run: after the lock, and just before finish.
        const Run plan = runGreenlight({QStringLiteral("plan"), QStringLiteral("10.0"), QStringLiteral("--config"), config});
        const qsizetype preAt = plan.out.indexOf(QStringLiteral("pre-deploy local"));
        const qsizetype postAt = plan.out.indexOf(QStringLiteral("post-deploy router"));
        QVERIFY2(plan.out.indexOf(QStringLiteral("lock ")) < preAt && preAt < plan.out.indexOf(QStringLiteral("deploy     green-1"))
                     && postAt > plan.out.indexOf(QStringLiteral("shift ")) && postAt < plan.out.indexOf(QStringLiteral("finish ")),
                 qPrintable(plan.out));
        const Run d = deploy(QStringLiteral("10.0"), config);
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QFile preFile(pre);
        QVERIFY(preFile.open(QIODevice::ReadOnly));
        const QString preText = QString::fromUtf8(preFile.readAll()).trimmed();
        QVERIFY2(preText.startsWith(QStringLiteral("10.0 blue->green on green-1 green-2 by ")), qPrintable(preText));
        QFile postFile(post);
        QVERIFY(postFile.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(postFile.readAll()).trimmed(), QStringLiteral("post-deploy 10.0"));
        QVERIFY(QString(d.out + d.err).contains(QStringLiteral("router | announced"))); // the hook's output, streamed
        QCOMPARE(rollback().exitCode, 0);

        // A failing pre-deploy hook stops the deploy before anything changes.
        const QString failing = variantConfig([](QJsonObject &root) {
            root.insert(QStringLiteral("hooks"), QJsonObject{{QStringLiteral("pre_deploy"), QJsonArray{QJsonObject{
                {QStringLiteral("command"), QStringLiteral("echo 'change freeze until Monday' >&2; exit 7")}}}}});
        });
        const Run refused = deploy(QStringLiteral("11.0"), failing);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(QString(refused.out + refused.err).contains(QStringLiteral("nothing was deployed and traffic was not moved")), qPrintable(refused.out));
        QVERIFY(QString(refused.out + refused.err).contains(QStringLiteral("change freeze until Monday")));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QFile greenVersion(m_lab.lab.hostDir(QStringLiteral("green-1")) + QStringLiteral("/version"));
        QVERIFY(greenVersion.open(QIODevice::ReadOnly));
        QCOMPARE(greenVersion.readAll().trimmed(), QByteArray("10.0")); // untouched since the first deploy
    }

    void manualPromoteWaitsForAnOperatorAndAbortWorksFromAnywhere()
    {
        const QString config = variantConfig([](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            QJsonObject shift = pipeline.at(2).toObject();
            shift.insert(QStringLiteral("promote"), QStringLiteral("manual"));
            pipeline.replace(2, shift);
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        const auto startDeploy = [&](QProcess &p, const QString &version) {
            p.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), version, QStringLiteral("--config"), config});
        };
        const QStringList signalArgs = {QStringLiteral("--config"), config};

        QProcess first;
        startDeploy(first, QStringLiteral("12.0"));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += first.readAllStandardOutput()).contains("waiting for promote"), 60000);
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0")); // deployed and verified, but no traffic yet
        const Run promoted = runGreenlight(QStringList{QStringLiteral("promote")} + signalArgs);
        QVERIFY2(promoted.exitCode == 0, qPrintable(promoted.err));
        QVERIFY(first.waitForFinished(60000));
        QCOMPARE(first.exitCode(), 0);
        QCOMPARE(servedThroughRouter(), QStringLiteral("12.0"));
        QCOMPARE(rollback().exitCode, 0);

        QProcess second;
        startDeploy(second, QStringLiteral("13.0"));
        out.clear();
        QTRY_VERIFY_WITH_TIMEOUT((out += second.readAllStandardOutput()).contains("waiting for promote"), 60000);
        const Run aborted = runGreenlight(QStringList{QStringLiteral("abort")} + signalArgs);
        QVERIFY2(aborted.exitCode == 0, qPrintable(aborted.err));
        QVERIFY(second.waitForFinished(60000));
        out += second.readAllStandardOutput();
        QCOMPARE(second.exitCode(), 1);
        QVERIFY2(out.contains("aborted by an operator (greenlight abort)"), out.constData());
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));

        // With no deploy running there is nothing to promote, and it says so.
        const Run nothing = runGreenlight(QStringList{QStringLiteral("promote")} + signalArgs);
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY(nothing.err.contains(QStringLiteral("no deployment is running")));
    }

    void shellMetacharactersInAVersionAreNeverExecuted()
    {
        const QString marker = m_lab.lab.rootDir() + QStringLiteral("/pwned");
        const QString version = QStringLiteral("4.0;touch %1;$(touch %1)`touch %1`'\"").arg(marker);
        const Run d = deploy(version);
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(servedThroughRouter(), version); // served verbatim: it was data all along
        QCOMPARE(rollback().exitCode, 0);
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }

    void aHeldLockRefusesADeployAndNamesItsHolder()
    {
        const QString lock = m_lab.config->router.lockPath;
        const Run take = runGreenlight({QStringLiteral("exec"), QStringLiteral("--config"), m_lab.lab.configPath(), QStringLiteral("--on"),
                                        QStringLiteral("router"), QStringLiteral("--"),
                                        QStringLiteral("mkdir %1 && echo 'alice@laptop, deploying 9.9 since 2026-11-20T03:00:00Z' > %1/holder").arg(lock)});
        QVERIFY2(take.exitCode == 0, qPrintable(take.err));
        const Run refused = deploy(QStringLiteral("7.0.0"));
        QCOMPARE(refused.exitCode, 4);
        QVERIFY2(QString(refused.out + refused.err).contains(QStringLiteral("another deployment holds the lock on router: alice@laptop, deploying 9.9")),
                 qPrintable(refused.out));
        QVERIFY(QString(refused.out + refused.err).contains(QStringLiteral("--force-unlock")));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        QVERIFY(QFile::exists(lock)); // someone else's lock is left alone

        const Run forced = runGreenlight({QStringLiteral("deploy"), QStringLiteral("7.0.0"), QStringLiteral("--force-unlock"),
                                          QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.out + forced.err));
        QVERIFY(!QFile::exists(lock)); // released after the deploy
        QCOMPARE(rollback().exitCode, 0);
    }

    void killedMidDeployTheNextStartTellsWhereItStopped()
    {
        QProcess deploying;
        deploying.start(qEnvironmentVariable("GREENLIGHT_BIN"),
                        {QStringLiteral("deploy"), QStringLiteral("8.0.0"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += deploying.readAllStandardOutput()).contains("starting green-"), 30000);
        deploying.kill(); // SIGKILL: no cleanup runs, as when a laptop dies mid-deploy
        deploying.waitForFinished();

        // Dead once its heartbeat in the lock is stale (DeployLock::kHeartbeatStaleS), never guessed before.
        const auto interruptedDeploy = [&] {
            const Run status = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), m_lab.lab.configPath(), QStringLiteral("--json")});
            for (const QString &line : status.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
                if (o.value(QStringLiteral("type")).toString() == QLatin1String("interrupted_deploy"))
                    return o;
            }
            return QJsonObject();
        };
        QJsonObject interrupted;
        QTRY_VERIFY_WITH_TIMEOUT(!(interrupted = interruptedDeploy()).isEmpty(), 30000);
        QCOMPARE(interrupted.value(QStringLiteral("version")).toString(), QStringLiteral("8.0.0"));
        QCOMPARE(interrupted.value(QStringLiteral("from")).toString(), QStringLiteral("blue"));
        QCOMPARE(interrupted.value(QStringLiteral("router")).toString(), QStringLiteral("blue 100% / green 0%")); // the true state
        QVERIFY(interrupted.value(QStringLiteral("last_stage")).toString().startsWith(QStringLiteral("deploy")));
        QVERIFY(interrupted.value(QStringLiteral("lock_holder")).toString().contains(QStringLiteral("deploying 8.0.0")));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));

        // Finishing it: deploy again, breaking our own stale lock.
        const Run again = runGreenlight({QStringLiteral("deploy"), QStringLiteral("8.0.0"), QStringLiteral("--force-unlock"),
                                         QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        const Run after = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY(!after.out.contains(QStringLiteral("INTERRUPTED")));
        QCOMPARE(rollback().exitCode, 0);
    }

    void aRouterThatRefusesACommandLeavesTrafficWhereItWas()
    {
        // HAProxy with static-rr refuses any weight but 0 % and 100 % at run time: a real
        // router refusing a real command, at the 50 % step of a weighted shift.
        test::LabFixture strict;
        LabOptions options;
        options.trafficRps = 0;
        options.balance = QStringLiteral("static-rr");
        QVERIFY(strict.start(options));
        QFile in(strict.lab.configPath());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
        QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
        QJsonObject shift = pipeline.at(2).toObject();
        shift.insert(QStringLiteral("weights"), QJsonArray{50, 100});
        pipeline.replace(2, shift);
        root.insert(QStringLiteral("pipeline"), pipeline);
        const QString config = strict.lab.rootDir() + QStringLiteral("/weighted.json");
        QFile out(config);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(root).toJson());
        out.close();

        const Run d = deploy(QStringLiteral("14.0"), config);
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("HAProxy refused the weight change")), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("traffic never left blue")), qPrintable(d.out));
        const Result<HttpReply> served = HttpCheck::get(strict.lab.frontendUrl() + QStringLiteral("version"), 3000);
        QVERIFY(served.ok());
        QCOMPARE(served->bodyText(), QStringLiteral("1.0.0"));
        const Run s = runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), config, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(s.out.toUtf8()).object().value(QStringLiteral("blue_percent")).toInt(), 100);
        strict.lab.stop();
    }

    void badConfigNamesThePathAndLine()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"name\": \"x\",\n  \"hosts\": {\"a\": {\"address\": \"h\", \"port\": \"22\"}}\n}\n");
        file.close();
        const Run v = runGreenlight({QStringLiteral("validate"), file.fileName()});
        QCOMPARE(v.exitCode, 2);
        QVERIFY2(v.err.contains(QStringLiteral(":3: /hosts/a/port: expected a number, found a string")), qPrintable(v.err));
        const Run d = deploy(QStringLiteral("5.0.0"), file.fileName());
        QCOMPARE(d.exitCode, 2);
    }

    void unreachableRouterIsExitCode3AndMovesNothing()
    {
        const QString config = variantConfig([](QJsonObject &root) {
            QJsonObject router = root.value(QStringLiteral("router")).toObject();
            router.insert(QStringLiteral("admin_socket"), QStringLiteral("/nonexistent/haproxy.sock"));
            root.insert(QStringLiteral("router"), router);
        });
        const Run d = deploy(QStringLiteral("6.0.0"), config);
        QCOMPARE(d.exitCode, 3);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("cannot read the router")), qPrintable(d.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }

    void aMigrationRunsOnceAndTestTrafficGuardsTheShift()
    {
        const QString live = status().value(QStringLiteral("live")).toString();
        const QString applied = m_lab.lab.rootDir() + QStringLiteral("/migrations-applied.log");
        const QString urls = m_lab.lab.rootDir() + QStringLiteral("/smoke-urls.log");
        const auto withStages = [&](const QString &smoke) {
            return variantConfig([&](QJsonObject &root) {
                QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
                pipeline.insert(0, QJsonObject{{QStringLiteral("stage"), QStringLiteral("migrate")},
                                               {QStringLiteral("backup_command"), QStringLiteral("echo backup for $GL_VERSION")},
                                               {QStringLiteral("command"), QString(QStringLiteral("echo \"$GL_VERSION\" >> ") + applied)}});
                pipeline.insert(3, QJsonObject{{QStringLiteral("stage"), QStringLiteral("test_traffic")},
                                               {QStringLiteral("requests"), 5},
                                               {QStringLiteral("paths"), QJsonArray{QStringLiteral("/"), QStringLiteral("/health")}},
                                               {QStringLiteral("smoke_command"), smoke}}); // before the shift
                root.insert(QStringLiteral("pipeline"), pipeline);
            });
        };
        const auto migrations = [&] {
            QFile f(applied);
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts) : QStringList();
        };

        // A failing smoke test stops the deploy with traffic unmoved; the migration ran once.
        Run d = deploy(QStringLiteral("7.0.0"), withStages(QStringLiteral("echo 'checkout page broken' >&2; exit 3")));
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("smoke test failed")) && QString(d.out + d.err).contains(QStringLiteral("checkout page broken")), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("traffic was not moved")), qPrintable(d.out));
        QCOMPARE(status().value(QStringLiteral("live")).toString(), live);
        QCOMPARE(migrations(), QStringList{QStringLiteral("7.0.0")});

        // Deployed again: the migration is not re-run; the smoke test sees the new colour's URLs.
        d = deploy(QStringLiteral("7.0.0"), withStages(QStringLiteral("echo \"$GL_TARGET_URLS\" > ") + urls));
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("already applied for 7.0.0")), qPrintable(d.out));
        QCOMPARE(migrations(), QStringList{QStringLiteral("7.0.0")});
        QFile smokeFile(urls);
        QVERIFY(smokeFile.open(QIODevice::ReadOnly));
        const QByteArray smokeSaw = smokeFile.readAll();
        const Colour target = otherColour(*colourFromName(live));
        for (const QString &host : m_lab.config->environment(target).hosts)
            QVERIFY2(smokeSaw.contains(m_lab.config->host(host)->address.toUtf8()), smokeSaw.constData());
        for (const QString &host : m_lab.config->environment(otherColour(target)).hosts)
            QVERIFY(!smokeSaw.contains(QByteArray(m_lab.config->host(host)->address.toUtf8() + ':')));
        QCOMPARE(servedThroughRouter(), QStringLiteral("7.0.0"));

        // A rollback never runs a migration (or undoes one).
        const Run r = rollback();
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(migrations(), QStringList{QStringLiteral("7.0.0")});
    }

    void testTrafficCatchesASlowNewColourBeforeUsersDo()
    {
        const QString live = status().value(QStringLiteral("live")).toString();
        const Colour idle = otherColour(*colourFromName(live));
        const QString slowHost = m_lab.config->environment(idle).hosts.first();
        QVERIFY(m_lab.lab.setFault(slowHost, {{QStringLiteral("latency_ms"), QStringLiteral("300")}}).ok()); // survives the deploy
        const QString config = variantConfig([](QJsonObject &root) {
            QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
            pipeline.insert(2, QJsonObject{{QStringLiteral("stage"), QStringLiteral("test_traffic")},
                                           {QStringLiteral("requests"), 4},
                                           {QStringLiteral("max_p95_ms"), 150},
                                           {QStringLiteral("retries"), 1}});
            root.insert(QStringLiteral("pipeline"), pipeline);
        });
        const Run d = deploy(QStringLiteral("9.5.0"), config);
        QVERIFY(m_lab.lab.setFault(slowHost, {{QStringLiteral("reset"), QStringLiteral("1")}}).ok());
        QCOMPARE(d.exitCode, 1);
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("requests (retry 1) @ %1").arg(slowHost)), qPrintable(d.out));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("%1 on %2: p95 ").arg(colourName(idle), slowHost))
                     && d.out.contains(QStringLiteral("ms above 150 ms; traffic was not moved")), qPrintable(d.out));
        QCOMPARE(status().value(QStringLiteral("live")).toString(), live);
    }

    void theOldColourStaysWarmUntilItsWindowEnds()
    {
        // The lab's pipeline keeps the old colour warm for 30 minutes, then `cleanup` stops it.
        const QString live = status().value(QStringLiteral("live")).toString();
        const Run d = deploy(QStringLiteral("8.0.0"));
        QVERIFY2(d.exitCode == 0, qPrintable(d.out + d.err));
        QVERIFY2(QString(d.out + d.err).contains(QStringLiteral("%1 stays warm for rollback until").arg(live)), qPrintable(d.out));
        Run c = runGreenlight({QStringLiteral("cleanup"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QCOMPARE(c.exitCode, 1);
        QVERIFY2(QString(c.out + c.err).contains(QStringLiteral("min left); --now cleans up anyway")), qPrintable(c.out));

        c = runGreenlight({QStringLiteral("cleanup"), QStringLiteral("--now"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QVERIFY2(c.exitCode == 0, qPrintable(c.out + c.err));
        QVERIFY2(QString(c.out + c.err).contains(QStringLiteral("stopped the backend of")), qPrintable(c.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("8.0.0"));
        // Nothing left to clean, and no rollback to a colour that no longer serves.
        c = runGreenlight({QStringLiteral("cleanup"), QStringLiteral("--config"), m_lab.lab.configPath()});
        QCOMPARE(c.exitCode, 1);
        const Run r = rollback();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString(r.out + r.err).contains(QStringLiteral("ROLLBACK REFUSED")), qPrintable(r.out));
        QCOMPARE(servedThroughRouter(), QStringLiteral("8.0.0"));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
