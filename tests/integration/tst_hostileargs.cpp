// The real `greenlight` program against hostile command lines: each is refused (or answered)
// with its exit code and a message naming the problem, within a second, with no display and no
// QT_QPA_PLATFORM (so nothing may touch the GUI), and without contacting any host: the hosts in
// the deployment file all point at a local "tripwire" port that counts connections.

#include "unit/sampleconfig.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run
{
    int exitCode = -1; // -1: crashed or still running after the bound
    qint64 ms = 0;
    QString out;
    QString err;
};

} // namespace

class TestHostileArgs final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTcpServer m_tripwire; // every host of the file, the router included, is this port
    QString m_config;
    QString m_otherConfig;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        // A private home: no journal, log, ssh_config or known_hosts of the user is read or written.
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_STATE_HOME"), m_dir.filePath(QStringLiteral("state")));
        return env;
    }

    Run run(const QStringList &arguments, int boundMs = 5000) const
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        QElapsedTimer timer;
        timer.start();
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"), arguments);
        const bool finished = p.waitForFinished(boundMs);
        Run r;
        r.ms = timer.elapsed();
        if (!finished) {
            p.kill();
            p.waitForFinished();
        }
        r.exitCode = finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    // Connections the tripwire saw since the last call.
    int connectionsSeen()
    {
        int count = 0;
        while (m_tripwire.waitForNewConnection(20) || m_tripwire.hasPendingConnections()) {
            while (QTcpSocket *s = m_tripwire.nextPendingConnection()) {
                ++count;
                s->abort();
                s->deleteLater();
            }
        }
        return count;
    }

    QString writeConfig(const QString &name)
    {
        QJsonObject root = QJsonDocument::fromJson(validFile()).object();
        QJsonObject hosts = root.value(QStringLiteral("hosts")).toObject();
        for (const QString &host : hosts.keys())
            hosts.insert(host, QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), m_tripwire.serverPort()}});
        root.insert(QStringLiteral("hosts"), hosts);
        QJsonObject ssh = root.value(QStringLiteral("ssh")).toObject();
        ssh.insert(QStringLiteral("use_ssh_config"), false);
        ssh.insert(QStringLiteral("connect_timeout_s"), 2);
        root.insert(QStringLiteral("ssh"), ssh);
        root.insert(QStringLiteral("journal"), m_dir.filePath(name + QStringLiteral(".jsonl")));
        QFile file(m_dir.filePath(name + QStringLiteral(".json")));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QJsonDocument(root).toJson());
        return file.fileName();
    }

    QStringList expand(const QStringList &arguments) const
    {
        QStringList expanded;
        for (const QString &a : arguments)
            expanded << QString(a).replace(QLatin1String("@FILE2"), m_otherConfig).replace(QLatin1String("@FILE"), m_config);
        return expanded;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        QVERIFY(m_dir.isValid());
        QVERIFY(m_tripwire.listen(QHostAddress::LocalHost, 0));
        m_config = writeConfig(QStringLiteral("shop"));
        m_otherConfig = writeConfig(QStringLiteral("shop2"));
        QVERIFY(!m_config.isEmpty() && !m_otherConfig.isEmpty());
    }

    // The rows below fail because of their options, not because of the file.
    void theDeploymentFileIsValid()
    {
        const Run r = run({QStringLiteral("validate"), m_config});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral(": ok — 3 hosts")));
    }

    // And the tripwire works: a command line that is fine gets as far as connecting.
    void aGoodCommandLineReachesTheHosts()
    {
        QProcess p;
        p.setProcessEnvironment(environment());
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"),
                {QStringLiteral("exec"), QStringLiteral("--config"), m_config, QStringLiteral("--on"), QStringLiteral("b1"), QStringLiteral("--"),
                 QStringLiteral("true")});
        QVERIFY(m_tripwire.waitForNewConnection(10000));
        QTcpSocket *s = m_tripwire.nextPendingConnection();
        QVERIFY(s);
        s->abort(); // not an SSH server: the connection fails at once
        QVERIFY(p.waitForFinished(15000));
        QVERIFY2(p.exitCode() != 0 && p.exitCode() != 2, p.readAllStandardError().constData());
        connectionsSeen();
    }

    void hostileCommandLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message"); // on stderr, or on stdout for exit code 0
        const auto row = [](const char *name, const QStringList &arguments, int code, const QString &message) {
            QTest::newRow(name) << arguments << code << message;
        };
        const QString fullwidthFive = QString(QChar(0xff15));
        const QStringList exec = {QStringLiteral("exec"), QStringLiteral("--config"), QStringLiteral("@FILE")};
        const QStringList deploy = {QStringLiteral("deploy"), QStringLiteral("--config"), QStringLiteral("@FILE")};
        const QStringList cmd = {QStringLiteral("--"), QStringLiteral("true")};
        const auto timeout = [&](const QString &value) { return exec + QStringList{QStringLiteral("--timeout"), value} + cmd; };
        const QString timeoutRange = QStringLiteral("--timeout: expected whole seconds from 1 to 86400, got ");

        // Dispatch: nothing reaches the window code without a display.
        row("no arguments", {}, 2, QStringLiteral("no display: set DISPLAY, or run a verb such as `greenlight status --config FILE`"));
        row("mistyped verb", {QStringLiteral("deplyo")}, 2, QStringLiteral("unknown command 'deplyo'; did you mean 'deploy'?"));
        row("unknown word", {QStringLiteral("frobnicate")}, 2, QStringLiteral("unknown command 'frobnicate'"));
        row("empty argument", {QString()}, 2, QStringLiteral("an empty argument where a command was expected"));
        row("--help", {QStringLiteral("--help")}, 0, QStringLiteral("\n  promote    Lets a deploy"));
        row("-h", {QStringLiteral("-h")}, 0, QStringLiteral("\n  validate   Checks a deployment file"));
        row("help", {QStringLiteral("help")}, 0, QStringLiteral("\n  lab        Starts a local lab"));
        row("--version", {QStringLiteral("--version")}, 0, QStringLiteral("greenlight "));
        row("help of a mistyped verb", {QStringLiteral("help"), QStringLiteral("stauts")}, 2, QStringLiteral("did you mean 'status'?"));
        row("window --lab", {QStringLiteral("--lab")}, 2, QStringLiteral("no display"));
        row("window --config FILE", {QStringLiteral("--config"), QStringLiteral("@FILE")}, 2, QStringLiteral("no display"));
        row("window FILE", {QStringLiteral("@FILE")}, 2, QStringLiteral("no display"));
        row("window bad --lab-router", {QStringLiteral("--lab"), QStringLiteral("--lab-router"), QStringLiteral("bogus")}, 2,
            QStringLiteral("--lab-router: expected haproxy, nginx, command, pdns or rfc2136, got \"bogus\""));
        row("window control char version", {QStringLiteral("--lab"), QStringLiteral("--deploy-on-start"), QStringLiteral("1\n2")}, 2,
            QStringLiteral("--deploy-on-start: the version contains the control character U+000A (line feed)"));
        row("window unknown option", {QStringLiteral("--bogus")}, 2, QStringLiteral("unknown option \"--bogus\""));
        row("options before the verb", {QStringLiteral("--json"), QStringLiteral("status"), QStringLiteral("--config"), QStringLiteral("@FILE")}, 2,
            QStringLiteral("the command goes first: greenlight status --json --config"));

        // A verb's help does nothing else.
        row("validate --help", {QStringLiteral("validate"), QStringLiteral("--help")}, 0, QStringLiteral("usage: greenlight validate [FILE]"));
        row("lab --help", {QStringLiteral("lab"), QStringLiteral("--help")}, 0, QStringLiteral("--hosts-per-colour N"));
        row("help exec", {QStringLiteral("help"), QStringLiteral("exec")}, 0, QStringLiteral("from 1 to 100"));
        row("deploy -h with a bad value", deploy + QStringList{QStringLiteral("-h"), QStringLiteral("--reason")}, 0,
            QStringLiteral("usage: greenlight deploy VERSION"));

        // Numbers: whole string, ASCII digits, within range.
        row("timeout abc", timeout(QStringLiteral("abc")), 2, timeoutRange + QStringLiteral("\"abc\""));
        row("timeout -5", timeout(QStringLiteral("-5")), 2, timeoutRange + QStringLiteral("\"-5\""));
        row("timeout 1e20", timeout(QStringLiteral("1e20")), 2, timeoutRange + QStringLiteral("\"1e20\""));
        row("timeout huge", timeout(QStringLiteral("99999999999999999999999999")), 2, timeoutRange + QStringLiteral("\"9999"));
        row("timeout 0", timeout(QStringLiteral("0")), 2, timeoutRange + QStringLiteral("\"0\""));
        row("timeout 86401", timeout(QStringLiteral("86401")), 2, timeoutRange + QStringLiteral("\"86401\""));
        row("timeout trailing junk", timeout(QStringLiteral("5s")), 2, timeoutRange + QStringLiteral("\"5s\""));
        row("timeout space", timeout(QStringLiteral(" 5")), 2, timeoutRange + QStringLiteral("\" 5\""));
        row("timeout fullwidth digit", timeout(fullwidthFive), 2, timeoutRange + QLatin1Char('"') + fullwidthFive + QLatin1Char('"'));
        row("timeout= empty", exec + QStringList{QStringLiteral("--timeout=")} + cmd, 2, timeoutRange + QStringLiteral("\"\""));
        row("timeout missing value", exec + QStringList{QStringLiteral("--timeout")}, 2,
            QStringLiteral("--timeout: missing S; expected whole seconds from 1 to 86400"));
        row("timeout twice", exec + QStringList{QStringLiteral("--timeout=5"), QStringLiteral("--timeout"), QStringLiteral("10")} + cmd, 2,
            QStringLiteral("--timeout given twice (\"5\", then \"10\"); give it once"));
        row("batch-percent 0", exec + QStringList{QStringLiteral("--batch-percent"), QStringLiteral("0")} + cmd, 2,
            QStringLiteral("--batch-percent: expected a whole percentage from 1 to 100, got \"0\""));
        row("batch-percent -50", exec + QStringList{QStringLiteral("--batch-percent"), QStringLiteral("-50")} + cmd, 2,
            QStringLiteral("--batch-percent: expected a whole percentage from 1 to 100, got \"-50\""));
        row("batch-percent 101", exec + QStringList{QStringLiteral("--batch-percent=101")} + cmd, 2, QStringLiteral("from 1 to 100, got \"101\""));
        row("parallel -1", exec + QStringList{QStringLiteral("--parallel"), QStringLiteral("-1")} + cmd, 2,
            QStringLiteral("--parallel: expected a whole number of hosts from 0 to 1000 (0: all at once), got \"-1\""));
        row("repeat 0", exec + QStringList{QStringLiteral("--repeat"), QStringLiteral("0")} + cmd, 2,
            QStringLiteral("--repeat: expected a whole number of rounds from 1 to 1000, got \"0\""));
        row("history limit -1", {QStringLiteral("history"), QStringLiteral("--config"), QStringLiteral("@FILE"), QStringLiteral("--limit"), QStringLiteral("-1")},
            2, QStringLiteral("--limit: expected a whole number of entries from 1 to 100000, got \"-1\""));
        row("lab hosts 0", {QStringLiteral("lab"), QStringLiteral("--hosts-per-colour"), QStringLiteral("0")}, 2,
            QStringLiteral("--hosts-per-colour: expected a whole number of hosts from 1 to 64, got \"0\""));
        row("lab rps -1", {QStringLiteral("lab"), QStringLiteral("--rps"), QStringLiteral("-1")}, 2, QStringLiteral("--rps: expected whole requests a second from 0 to 1000"));
        row("lab router", {QStringLiteral("lab"), QStringLiteral("--router"), QStringLiteral("traefik")}, 2,
            QStringLiteral("--router: expected haproxy, nginx, command, pdns or rfc2136, got \"traefik\""));

        // Host selections.
        row("on ,,,", exec + QStringList{QStringLiteral("--on"), QStringLiteral(",,,")} + cmd, 2, QStringLiteral("--on: empty host name in \",,,\""));
        row("on empty item", exec + QStringList{QStringLiteral("--on"), QStringLiteral("b1,,g1")} + cmd, 2, QStringLiteral("--on: empty host name"));
        row("on empty", exec + QStringList{QStringLiteral("--on="), QStringLiteral("--"), QStringLiteral("true")}, 2,
            QStringLiteral("--on: expected blue, green, live, idle, all (both colours, not the router's host), router (the router's host), or host names separated by commas, got \"\""));
        row("on unknown host", exec + QStringList{QStringLiteral("--on"), QStringLiteral("b2")} + cmd, 2,
            QStringLiteral("--on: no host named \"b2\" in "));
        row("on unicode host", exec + QStringList{QStringLiteral("--on"), QStringLiteral("b\u0131")} + cmd, 2, QStringLiteral("--on: no host named \"b\u0131\""));
        row("on repeated host", exec + QStringList{QStringLiteral("--on"), QStringLiteral("b1,b1")} + cmd, 2, QStringLiteral("--on: host \"b1\" is named twice"));
        row("on group in a list", exec + QStringList{QStringLiteral("--on"), QStringLiteral("blue,g1")} + cmd, 2, QStringLiteral("--on: \"blue\" names a group"));

        // Versions.
        row("version empty", deploy + QStringList{QString()}, 2, QStringLiteral("VERSION: the version is empty"));
        row("version blank", deploy + QStringList{QStringLiteral("   ")}, 2, QStringLiteral("VERSION: the version is only spaces"));
        row("version newline", deploy + QStringList{QStringLiteral("1.0\nrm -rf /")}, 2,
            QStringLiteral("the control character U+000A (line feed) at position 4"));
        row("version escape", {QStringLiteral("plan"), QStringLiteral("1.0\x1b[31m"), QStringLiteral("--config"), QStringLiteral("@FILE")}, 2,
            QStringLiteral("U+001B (escape)"));
        row("version delete", deploy + QStringList{QStringLiteral("1\x7f")}, 2, QStringLiteral("U+007F (delete)"));
        row("version bidi override", deploy + QStringList{QStringLiteral("1.0\u202e")}, 2, QStringLiteral("U+202E"));
        row("version too long", deploy + QStringList{QString(300, QLatin1Char('7'))}, 2, QStringLiteral("300 characters long; at most 256"));
        row("version is a verb", {QStringLiteral("deploy"), QStringLiteral("deploy"), QStringLiteral("1.0"), QStringLiteral("--config"), QStringLiteral("@FILE")},
            2, QStringLiteral("one VERSION only, got 2: \"deploy\" \"1.0\""));
        row("version names a verb", deploy + QStringList{QStringLiteral("rollback")}, 2, QStringLiteral("\"rollback\" is a command, not a version"));
        row("version missing", deploy, 2, QStringLiteral("missing VERSION, e.g. greenlight deploy 2.0.0 --config FILE"));
        row("version like an option", deploy + QStringList{QStringLiteral("-1.0")}, 2, QStringLiteral("(a VERSION that starts with - goes after --)"));

        // Options in general.
        row("config missing", {QStringLiteral("status")}, 2, QStringLiteral("--config FILE is required"));
        row("config value is an option", {QStringLiteral("status"), QStringLiteral("--config"), QStringLiteral("--json")}, 2,
            QStringLiteral("--config: missing FILE"));
        row("config twice", {QStringLiteral("abort"), QStringLiteral("-c"), QStringLiteral("@FILE"), QStringLiteral("--config"), QStringLiteral("@FILE2")},
            2, QStringLiteral("--config given twice"));
        row("config not found", {QStringLiteral("promote"), QStringLiteral("--config"), QStringLiteral("/nonexistent/shop.json")}, 2,
            QStringLiteral("/nonexistent/shop.json"));
        row("unknown option suggested", exec + QStringList{QStringLiteral("--timout"), QStringLiteral("5")} + cmd, 2,
            QStringLiteral("unknown option \"--timout\"; did you mean --timeout?"));
        row("option of another verb", {QStringLiteral("status"), QStringLiteral("--config"), QStringLiteral("@FILE"), QStringLiteral("--limit"), QStringLiteral("5")},
            2, QStringLiteral("unknown option \"--limit\"; status takes --help, --config, --json"));
        row("escape in an unknown option", {QStringLiteral("status"), QStringLiteral("--\x1b[2J")}, 2, QStringLiteral("unknown option \"--\\x1b[2J\""));
        row("flag with a value", {QStringLiteral("cleanup"), QStringLiteral("--config"), QStringLiteral("@FILE"), QStringLiteral("--now=yes")}, 2,
            QStringLiteral("--now takes no value, got \"yes\""));
        row("stray argument", {QStringLiteral("status"), QStringLiteral("--config"), QStringLiteral("@FILE"), QStringLiteral("extra")}, 2,
            QStringLiteral("unexpected argument \"extra\"; status takes options only"));
        row("repeated verb", {QStringLiteral("status"), QStringLiteral("status"), QStringLiteral("--config"), QStringLiteral("@FILE")}, 2,
            QStringLiteral("(one command at a time)"));
        row("rollback --to purple", {QStringLiteral("rollback"), QStringLiteral("--config"), QStringLiteral("@FILE"), QStringLiteral("--to"), QStringLiteral("purple")},
            2, QStringLiteral("--to: expected blue or green, got \"purple\""));
        row("rollback reason newline", {QStringLiteral("rollback"), QStringLiteral("--config"), QStringLiteral("@FILE"), QStringLiteral("--reason"), QStringLiteral("a\nb")},
            2, QStringLiteral("--reason: expected printable text on one line, got \"a\\nb\""));
        row("exec without command", exec, 2, QStringLiteral("missing COMMAND"));
        row("exec blank command", exec + QStringList{QStringLiteral("--"), QStringLiteral("  ")}, 2, QStringLiteral("COMMAND is blank"));
        row("validate nothing", {QStringLiteral("validate")}, 2, QStringLiteral("missing FILE"));
        row("validate two files", {QStringLiteral("validate"), QStringLiteral("@FILE"), QStringLiteral("@FILE2")}, 2, QStringLiteral("one FILE only, got 2"));
        row("json with an error", exec + QStringList{QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("abc")} + cmd, 2, timeoutRange);
    }

    void hostileCommandLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = run(expand(arguments));
        const QString said = exitCode == 0 ? r.out : r.err;
        QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1 (want %2)\nstdout: %3\nstderr: %4").arg(r.exitCode).arg(exitCode).arg(r.out, r.err)));
        QVERIFY2(said.contains(message), qPrintable(QStringLiteral("wanted: %1\nstdout: %2\nstderr: %3").arg(message, r.out, r.err)));
        QVERIFY2(r.ms < 1000, qPrintable(QStringLiteral("took %1 ms").arg(r.ms))); // the bound, not a measurement
        QCOMPARE(connectionsSeen(), 0);
        // Nothing raw reaches the terminal, and the other stream stays clean.
        QVERIFY(!r.err.contains(QChar(0x1b)) && !r.out.contains(QChar(0x1b)));
        if (exitCode == 0) {
            QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        } else if (arguments.indexOf(QStringLiteral("--json")) > 0) { // a verb's --json (not one before the verb)
            const QJsonObject error = QJsonDocument::fromJson(r.out.toUtf8()).object(); // one object, for machines
            QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
            QCOMPARE(error.value(QStringLiteral("exit_code")).toInt(), exitCode);
            QVERIFY(error.value(QStringLiteral("message")).toString().contains(message));
        } else {
            QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        }
    }
};

QTEST_GUILESS_MAIN(TestHostileArgs)
#include "tst_hostileargs.moc"
