// Secrets against the real lab and the real `greenlight` program (GREENLIGHT_BIN): with an
// encrypted client key, each process asks its askpass program once (not once per session),
// no hook or remote command inherits the askpass variables, and the passphrase is nowhere
// on disk or in any output afterwards.

#include "integration/labfixture.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QtTest>

#include <fcntl.h>
#include <unistd.h>

using namespace greenlight;

namespace {

// Whether a running process's writable memory (heap, stacks, anonymous maps) holds `needle`,
// as UTF-8 or as a QString's UTF-16. Read through /proc, as a debugger or a core dump would.
std::optional<bool> memoryHolds(qint64 pid, const QByteArray &needle)
{
    QFile maps(QStringLiteral("/proc/%1/maps").arg(pid));
    const int mem = ::open(QStringLiteral("/proc/%1/mem").arg(pid).toLocal8Bit().constData(), O_RDONLY);
    if (!maps.open(QIODevice::ReadOnly) || mem < 0) {
        if (mem >= 0)
            ::close(mem);
        return std::nullopt;
    }
    const QString text = QString::fromUtf8(needle);
    const QByteArray utf16(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    bool found = false;
    QByteArray region;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 2 || !fields.at(1).startsWith("rw"))
            continue;
        const QList<QByteArray> range = fields.at(0).split('-');
        const qint64 from = range.value(0).toLongLong(nullptr, 16);
        const qint64 to = range.value(1).toLongLong(nullptr, 16);
        region.resize(to - from);
        const ssize_t got = ::pread(mem, region.data(), static_cast<size_t>(region.size()), from);
        if (got <= 0)
            continue;
        const QByteArrayView read(region.constData(), got);
        if (read.indexOf(needle) >= 0 || read.indexOf(utf16) >= 0) {
            found = true;
            break;
        }
    }
    ::close(mem);
    return found;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    int asked = 0; // questions the askpass program was asked
};

} // namespace

class TestSecrets final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QTemporaryDir m_secrets; // the key and the askpass script: the only places the passphrase may be
    QTemporaryDir m_home;    // HOME and XDG folders of the greenlight processes
    QByteArray m_passphrase;
    QString m_config;
    QString m_counter;
    QString m_hookDump;
    QList<Run> m_runs;

    [[nodiscard]] QString askpassScript(const QString &name, const QByteArray &answer, int delayS = 0) const
    {
        const QString path = m_secrets.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        // One line per question, naming the asking process; then (after a pause, if asked for) the answer.
        f.write("#!/bin/sh\necho \"$PPID $1\" >> '" + m_counter.toUtf8() + "'\nsleep " + QByteArray::number(delayS) + "\nprintf '%s\\n' '"
                + answer + "'\n");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    [[nodiscard]] int questionsAsked() const
    {
        QFile f(m_counter);
        return f.open(QIODevice::ReadOnly) ? static_cast<int>(f.readAll().count('\n')) : 0;
    }

    [[nodiscard]] QProcessEnvironment environment(const QString &askpassName) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString askpass = m_secrets.filePath(askpassName);
        env.insert(QStringLiteral("GREENLIGHT_ASKPASS"), askpass);
        env.insert(QStringLiteral("SSH_ASKPASS"), askpass);
        env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
        env.remove(QStringLiteral("SSH_AUTH_SOCK")); // the key file is the only way in
        env.insert(QStringLiteral("HOME"), m_home.path());
        for (const char *xdg : {"XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"})
            env.insert(QString::fromLatin1(xdg), m_home.filePath(QString::fromLatin1(xdg).toLower()));
        return env;
    }

    Run greenlight(const QStringList &arguments, const QString &askpassName = QStringLiteral("askpass"))
    {
        const int before = questionsAsked();
        QProcess p;
        p.setProcessEnvironment(environment(askpassName));
        QStringList verbAndOptions = arguments; // the verb, then --config, then the rest (exec's command last)
        verbAndOptions.insert(1, QStringLiteral("--config"));
        verbAndOptions.insert(2, m_config);
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"), verbAndOptions);
        p.waitForFinished(120000);
        Run run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError(),
                questionsAsked() - before};
        m_runs << run;
        if (run.exitCode != 0 || run.asked != 1)
            qInfo("greenlight %s: exit %d, asked %d times\n%s%s", qPrintable(arguments.join(QLatin1Char(' '))), run.exitCode, run.asked,
                  run.out.constData(), run.err.constData());
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("GREENLIGHT_BIN")), "GREENLIGHT_BIN must name the greenlight program");
        QVERIFY(m_secrets.isValid() && m_home.isValid());
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        QCOMPARE(m_lab.config->hosts.size(), 5);

        m_passphrase = "testpass-" + QByteArray::number(QRandomGenerator::system()->generate64(), 36);
        const QString key = m_secrets.filePath(QStringLiteral("client_key"));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                  QStringLiteral("-N"), QString::fromUtf8(m_passphrase),
                                                                  QStringLiteral("-f"), key}), 0);
        QFile pub(key + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        QFile authorized(m_lab.lab.rootDir() + QStringLiteral("/authorized_keys"));
        QVERIFY(authorized.open(QIODevice::Append));
        authorized.write(pub.readAll());
        authorized.close();

        m_counter = m_secrets.filePath(QStringLiteral("asked"));
        m_hookDump = m_home.filePath(QStringLiteral("hook-env"));
        QVERIFY(!askpassScript(QStringLiteral("askpass"), m_passphrase).isEmpty());
        QVERIFY(!askpassScript(QStringLiteral("askpass-wrong"), "not-" + m_passphrase.right(6), 1).isEmpty());

        // The lab's deployment file with the encrypted key and a local hook that dumps its environment.
        QFile in(m_lab.lab.configPath());
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
        QJsonObject ssh = root.value(QStringLiteral("ssh")).toObject();
        ssh.insert(QStringLiteral("identity_file"), key);
        root.insert(QStringLiteral("ssh"), ssh);
        const QJsonObject dump{{QStringLiteral("command"), QStringLiteral("env > '%1'").arg(m_hookDump)}};
        root.insert(QStringLiteral("hooks"), QJsonObject{{QStringLiteral("pre_deploy"), QJsonArray{dump}}});
        m_config = m_lab.lab.rootDir() + QStringLiteral("/secrets.json");
        QFile out(m_config);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(root).toJson());
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void eachProcessAsksOnce()
    {
        // status and deploy connect every session at once (5 hosts and the router's second lane,
        // more than the pool's handshakes in flight); exec opens the ones it names; rollback
        // opens them as it needs them.
        const Run status = greenlight({QStringLiteral("status"), QStringLiteral("--json")});
        const Run exec = greenlight({QStringLiteral("exec"), QStringLiteral("--on"), QStringLiteral("blue-1,blue-2,green-1,green-2,router"),
                                     QStringLiteral("--"), QStringLiteral("env")});
        const Run deploy = greenlight({QStringLiteral("deploy"), QStringLiteral("3.1.0")});
        const Run rollback = greenlight({QStringLiteral("rollback")});

        QCOMPARE(status.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(status.out).object().value(QStringLiteral("live")).toString(), QStringLiteral("blue"));
        QCOMPARE(exec.exitCode, 0);
        QCOMPARE(deploy.exitCode, 0);
        QCOMPARE(rollback.exitCode, 0);
        QCOMPARE(status.asked, 1);
        QCOMPARE(exec.asked, 1);
        QCOMPARE(deploy.asked, 1);
        QCOMPARE(rollback.asked, 1);
        // What remote commands see: no local variable is sent with a channel.
        QVERIFY2(exec.out.contains("PATH="), exec.out.constData());
        QVERIFY2(!exec.out.contains("ASKPASS"), exec.out.constData());
    }

    void localHooksDoNotSeeTheAskpassProgram()
    {
        QFile dump(m_hookDump);
        QVERIFY2(dump.open(QIODevice::ReadOnly), "the pre-deploy hook did not run");
        const QByteArray env = dump.readAll();
        QVERIFY2(env.contains("GL_VERSION=3.1.0"), env.constData()); // it is the hook's environment
        QByteArrayList leaked;
        for (const QByteArray &line : env.split('\n')) {
            if (line.contains("ASKPASS"))
                leaked << line;
        }
        QVERIFY2(leaked.isEmpty(), leaked.join('\n').constData());
    }

    void aWrongPassphraseIsAskedABoundedNumberOfTimes()
    {
        // Two sessions (never more than the pool's handshakes in flight, so both authenticate
        // at once; the slow askpass makes sure the second joins while the first question is
        // open): they share one question, asked again after each wrong answer, three times.
        const Run run = greenlight({QStringLiteral("exec"), QStringLiteral("--on"), QStringLiteral("blue-1,blue-2"), QStringLiteral("--"),
                                    QStringLiteral("true")},
                                   QStringLiteral("askpass-wrong"));
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains("wrong passphrase"), run.err.constData());
        QCOMPARE(run.asked, 3);
    }

    void aConnectedProcessNoLongerHoldsThePassphrase()
    {
#if defined(__SANITIZE_ADDRESS__)
        // ASan's allocator reserves terabytes of writable address space: no scan can read it.
        // The scan runs in the normal build (scripts/test.sh).
        QSKIP("the memory scan cannot run under AddressSanitizer");
#endif
        // Sessions stay open for the whole command; the passphrase only for a while after they connected.
        QProcess p;
        p.setProcessEnvironment(environment(QStringLiteral("askpass")));
        p.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("exec"), QStringLiteral("--config"), m_config, QStringLiteral("--on"),
                                                         QStringLiteral("blue-1,blue-2,green-1,green-2,router"), QStringLiteral("--"),
                                                         QStringLiteral("sleep 120")});
        QVERIFY(p.waitForStarted());
        const auto holds = [&] { return memoryHolds(p.processId(), m_passphrase); };
        QVERIFY2(holds().has_value(), "cannot read the process's memory through /proc");
        // Held while the sessions connect (this also shows the search can find it)…
        QTRY_VERIFY_WITH_TIMEOUT(holds().value_or(false), 30000);
        // …and wiped once they have (PassphraseCache::kDefaultKeep later), while the process and its sessions go on.
        QTRY_VERIFY_WITH_TIMEOUT(!holds().value_or(true), 45000);
        QCOMPARE(p.state(), QProcess::Running);
        p.kill();
        p.waitForFinished();
        m_runs << Run{-1, p.readAllStandardOutput(), p.readAllStandardError(), 0};
    }

    // Last: every file the lab and the processes wrote, and everything they printed.
    void thePassphraseIsNowhere()
    {
        QVERIFY(m_runs.size() >= 5);
        for (const Run &run : std::as_const(m_runs)) {
            QVERIFY(!run.out.contains(m_passphrase));
            QVERIFY(!run.err.contains(m_passphrase));
        }
        int files = 0;
        bool sawJournal = false;
        bool sawCommandLog = false;
        for (const QString &dir : {m_home.path(), m_lab.lab.rootDir()}) {
            QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QFile f(path);
                if (!f.open(QIODevice::ReadOnly))
                    continue; // sockets, fifos
                ++files;
                sawJournal = sawJournal || path.endsWith(QLatin1String("journal.jsonl"));
                sawCommandLog = sawCommandLog || (path.contains(QLatin1String("/greenlight/logs/")) && path.endsWith(QLatin1String(".log")));
                QVERIFY2(!f.readAll().contains(m_passphrase), qPrintable(path));
            }
        }
        // The same search does find it where it belongs.
        QFile script(m_secrets.filePath(QStringLiteral("askpass")));
        QVERIFY(script.open(QIODevice::ReadOnly));
        QVERIFY(script.readAll().contains(m_passphrase));
        QVERIFY(sawJournal);
        QVERIFY(sawCommandLog);
        QVERIFY2(files > 10, qPrintable(QString::number(files)));
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
