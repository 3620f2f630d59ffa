// The command line's conventions on a real lab: the default deployment file (./greenlight.json,
// then $GREENLIGHT_CONFIG, said in the output), `lock status|release` (a dead lock released only
// with its holder named or --force, a live one never), `rollback --to-version`, `exec --on
// router`, and one exit code per meaning (split traffic is 5, not "unreachable").

#include "integration/labfixture.h"

#include <QJsonDocument>
#include <QLocalSocket>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    [[nodiscard]] QJsonObject json(int line = 0) const
    {
        return QJsonDocument::fromJson(out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).value(line).toUtf8()).object();
    }
};

} // namespace

class TestCliConventions final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QTemporaryDir m_dir;

    Run run(const QStringList &arguments, const QString &workingDirectory = {}, const QString &configVariable = {}) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "GREENLIGHT_CONFIG"})
            env.remove(QString::fromLatin1(name));
        if (!configVariable.isEmpty())
            env.insert(QStringLiteral("GREENLIGHT_CONFIG"), configVariable);
        env.insert(QStringLiteral("HOME"), m_dir.path());
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(workingDirectory.isEmpty() ? m_dir.path() : workingDirectory);
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"), arguments);
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    Run withConfig(const QStringList &arguments) const
    {
        return run(arguments.mid(0, 1) + QStringList{QStringLiteral("--config"), m_lab.lab.configPath()} + arguments.mid(1));
    }

    // Runs `script` on the router host (where the deploy lock lives).
    void onRouter(const QString &script) const
    {
        const Run r = withConfig({QStringLiteral("exec"), QStringLiteral("--on"), QStringLiteral("router"), QStringLiteral("--"), script});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    // HAProxy's runtime API, straight from the test: every server of both colours at full weight.
    bool splitTraffic() const
    {
        QLocalSocket socket;
        socket.connectToServer(m_lab.config->router.adminSocket);
        if (!socket.waitForConnected(5000))
            return false;
        QByteArray commands;
        for (const QString &host : m_lab.config->blue.hosts + m_lab.config->green.hosts)
            commands += QStringLiteral("set weight %1/%2 100;").arg(m_lab.config->router.backend, host).toUtf8();
        commands.chop(1);
        socket.write(commands + '\n');
        socket.waitForBytesWritten(5000);
        while (socket.waitForReadyRead(5000))
            socket.readAll();
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_lab.start());
    }

    void theDefaultDeploymentFileIsFoundAndSaid()
    {
        QTemporaryDir here;
        QVERIFY(QFile::copy(m_lab.lab.configPath(), here.filePath(QStringLiteral("greenlight.json"))));
        Run r = run({QStringLiteral("status")}, here.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QStringLiteral("deployment file: ./greenlight.json (found in this folder")), qPrintable(r.out));
        r = run({QStringLiteral("status"), QStringLiteral("--json")}, here.path());
        QCOMPARE(r.json().value(QStringLiteral("type")).toString(), QStringLiteral("config"));
        QCOMPARE(r.json().value(QStringLiteral("source")).toString(), QStringLiteral("cwd"));
        QCOMPARE(r.json(1).value(QStringLiteral("type")).toString(), QStringLiteral("status"));
        // ./greenlight.json wins over the variable; --config over both.
        r = run({QStringLiteral("validate")}, here.path(), QStringLiteral("/nonexistent/other.json"));
        QVERIFY2(r.exitCode == 0 && r.out.contains(QStringLiteral("./greenlight.json: ok")), qPrintable(r.out + r.err));
        r = run({QStringLiteral("history"), QStringLiteral("--config"), m_lab.lab.configPath()}, here.path());
        QVERIFY2(r.exitCode == 0 && !r.out.contains(QStringLiteral("deployment file:")), qPrintable(r.out));

        QTemporaryDir empty;
        r = run({QStringLiteral("history")}, empty.path(), m_lab.lab.configPath());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(QStringLiteral("deployment file: %1 (from $GREENLIGHT_CONFIG)").arg(m_lab.lab.configPath())), qPrintable(r.out));
        r = run({QStringLiteral("history")}, empty.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--config FILE is required when there is no ./greenlight.json here and GREENLIGHT_CONFIG is not set")),
                 qPrintable(r.err));
    }

    void aDeadLockIsReleasedOnlyWhenItsHolderIsNamed()
    {
        const QString lock = m_lab.config->router.lockPath;
        Run r = withConfig({QStringLiteral("lock"), QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("held")).toBool(true), false);

        // A lock whose deploy died long ago (its heartbeat is from 1970).
        onRouter(QStringLiteral("mkdir %1 && echo 'alice@laptop, deploying 9.9 since 2026-11-20T03:00:00Z [tok-1]' > %1/holder && "
                                "echo '1 shift' > %1/heartbeat").arg(lock));
        r = withConfig({QStringLiteral("lock"), QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject held = r.json();
        QCOMPARE(held.value(QStringLiteral("held")).toBool(), true);
        QCOMPARE(held.value(QStringLiteral("alive")).toBool(true), false);
        QCOMPARE(held.value(QStringLiteral("token")).toString(), QStringLiteral("tok-1"));
        r = withConfig({QStringLiteral("lock"), QStringLiteral("status")});
        QVERIFY2(r.out.contains(QStringLiteral("dead: no heartbeat for")) && r.out.contains(QStringLiteral("--holder tok-1")), qPrintable(r.out));

        r = withConfig({QStringLiteral("lock"), QStringLiteral("release")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("Name its holder to release it: greenlight lock release --holder tok-1")), qPrintable(r.err));
        r = withConfig({QStringLiteral("lock"), QStringLiteral("release"), QStringLiteral("--holder"), QStringLiteral("tok-2")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(QFile::exists(lock));
        r = withConfig({QStringLiteral("lock"), QStringLiteral("release"), QStringLiteral("--holder"), QStringLiteral("tok-1"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("released")).toBool(), true);
        QVERIFY(!QFile::exists(lock));
        QVERIFY(QFile::exists(lock + QStringLiteral(".released")));

        // A live one (it beat just now) is never released, not even with --force.
        onRouter(QStringLiteral("mkdir %1 && echo 'bob@ci, deploying 9.8 since 2026-11-20T03:00:00Z [tok-3]' > %1/holder && "
                                "echo \"$(date +%s) bake\" > %1/heartbeat").arg(lock));
        r = withConfig({QStringLiteral("lock"), QStringLiteral("release"), QStringLiteral("--force")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("A live lock is never released")), qPrintable(r.err));
        QVERIFY(QFile::exists(lock));
        onRouter(QStringLiteral("echo '1 bake' > %1/heartbeat").arg(lock)); // now it is dead
        r = withConfig({QStringLiteral("lock"), QStringLiteral("release"), QStringLiteral("--force")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(!QFile::exists(lock));
    }

    void rollbackToAVersionFindsItsColour()
    {
        Run r = withConfig({QStringLiteral("rollback"), QStringLiteral("--to-version"), QStringLiteral("0.9.0"), QStringLiteral("--reason"), QStringLiteral("test")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.startsWith(QStringLiteral("0.9.0 runs on green")));
        QCOMPARE(withConfig({QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("live")).toString(), QStringLiteral("green"));
        r = withConfig({QStringLiteral("rollback"), QStringLiteral("--to-version"), QStringLiteral("7.7.7")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no colour runs 7.7.7 on all its hosts (blue: 1.0.0; green: 0.9.0)")), qPrintable(r.err));
        r = withConfig({QStringLiteral("rollback"), QStringLiteral("--to-version"), QStringLiteral("1.0.0"), QStringLiteral("--to"), QStringLiteral("blue")});
        QCOMPARE(r.exitCode, 2);
        r = withConfig({QStringLiteral("rollback"), QStringLiteral("--to-version"), QStringLiteral("1.0.0")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(withConfig({QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("live")).toString(), QStringLiteral("blue"));
    }

    void execOnTheRouterHost()
    {
        const Run r = withConfig({QStringLiteral("exec"), QStringLiteral("--on"), QStringLiteral("router"), QStringLiteral("--json"), QStringLiteral("--"),
                                  QStringLiteral("true")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json().value(QStringLiteral("host")).toString(), m_lab.config->router.host);
    }

    void splitTrafficHasItsOwnExitCode()
    {
        QVERIFY(splitTraffic());
        QCOMPARE(withConfig({QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("live")).toString(), QString());
        Run r = withConfig({QStringLiteral("plan"), QStringLiteral("2.0.0")});
        QCOMPARE(r.exitCode, 5);
        QVERIFY2(r.err.contains(QStringLiteral("traffic is split")), qPrintable(r.err));
        r = withConfig({QStringLiteral("deploy"), QStringLiteral("2.0.0")});
        QCOMPARE(r.exitCode, 5);
        r = withConfig({QStringLiteral("exec"), QStringLiteral("--on"), QStringLiteral("live"), QStringLiteral("--"), QStringLiteral("true")});
        QCOMPARE(r.exitCode, 5);
        // rollback --to puts it on one colour again.
        r = withConfig({QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("blue")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(withConfig({QStringLiteral("status"), QStringLiteral("--json")}).json().value(QStringLiteral("live")).toString(), QStringLiteral("blue"));
    }

    void cleanupTestCase()
    {
        m_lab.lab.stop();
    }
};

QTEST_GUILESS_MAIN(TestCliConventions)
#include "tst_cliconventions.moc"
