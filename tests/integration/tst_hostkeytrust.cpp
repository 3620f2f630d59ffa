// Headless host-key trust (--accept-new-host-keys) on the lab's real sshd hosts: each new key
// is written once although the router is reached by three sessions at once (its work and
// control lanes, and the jump tunnel of the green hosts behind it), hashed as `ssh-keygen -H`
// does when ssh_config says HashKnownHosts yes, and read back by `ssh-keygen -F` and by
// OpenSSH's own client.

#include "integration/hostkeyfiles.h"
#include "integration/labfixture.h"

#include "ssh/hostpool.h"
#include "ssh/libsshruntime.h"
#include "ssh/sshconfigresolver.h"
#include "ssh/sshinteraction.h"
#include "ssh/sshsession.h"

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <array>
#include <latch>
#include <thread>
#include <vector>

#include <sys/file.h>
#include <sys/stat.h>

using namespace greenlight;


class TestHostKeyTrust final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;

    [[nodiscard]] QString address(const QString &host) const { return m_lab.config->host(host)->address; }
    [[nodiscard]] int sshPort() const { return m_lab.config->host(QStringLiteral("router"))->port; }

    // An ssh_config for the router and the green hosts behind it, writing to an empty known_hosts.
    // `strict`: a StrictHostKeyChecking line for them, when not empty.
    [[nodiscard]] QString writeConfig(const QTemporaryDir &dir, bool hash, const QString &strict = {}) const
    {
        const QString path = dir.filePath(QStringLiteral("ssh_config"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(QStringLiteral("Host gl-router\n  HostName %1\n"
                               "Host gl-green-1\n  HostName %2\n  ProxyJump gl-router\n"
                               "Host gl-green-2\n  HostName %3\n  ProxyJump gl-router\n"
                               "Host gl-*\n  Port %4\n  User %5\n  IdentityFile %6\n  UserKnownHostsFile %7\n  HashKnownHosts %8\n")
                    .arg(address(QStringLiteral("router")), address(QStringLiteral("green-1")), address(QStringLiteral("green-2")),
                         QString::number(sshPort()), m_lab.lab.account().name, m_lab.config->ssh.identityFile,
                         dir.filePath(QStringLiteral("known_hosts")), hash ? QStringLiteral("yes") : QStringLiteral("no"))
                    .toUtf8());
        if (!strict.isEmpty())
            f.write("  StrictHostKeyChecking " + strict.toUtf8() + '\n');
        return path;
    }

    static QList<SshTarget> targets(const QString &config, HostKeyPolicy policy, const std::shared_ptr<SshInteraction> &console = {})
    {
        QList<SshTarget> out;
        for (const QString &host : {QStringLiteral("router"), QStringLiteral("green-1"), QStringLiteral("green-2")}) {
            SshTarget t;
            t.hostName = host;
            t.address = QStringLiteral("gl-") + host;
            t.sshConfigFile = config;
            t.hostKeyPolicy = policy;
            t.interaction = console;
            out << t;
        }
        return out;
    }

    // Connects every target on a pool (the router on two lanes) and waits until all are ready.
    static bool connectAll(const QList<SshTarget> &all)
    {
        HostPool pool(all, {QStringLiteral("router")});
        pool.connectAll();
        for (const SshTarget &t : all) {
            CommandRequest r;
            r.command = QStringLiteral("true");
            QFuture<CommandResult> f = pool.run(t.hostName, r, Lane::Work);
            QFuture<CommandResult> c = pool.run(t.hostName, r, Lane::Control);
            f.waitForFinished();
            c.waitForFinished();
            if (!f.result().ok() || !c.result().ok()) {
                qWarning("%s / %s", qPrintable(f.result().summary()), qPrintable(c.result().summary()));
                return false;
            }
        }
        return true;
    }

    // How many wait for an flock on the file (the "->" lines of /proc/locks for its inode).
    static int lockWaiters(const QString &path)
    {
        struct stat st{};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return -1;
        QFile locks(QStringLiteral("/proc/locks"));
        if (!locks.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray inode = ':' + QByteArray::number(quint64(st.st_ino)) + ' ';
        int waiting = 0;
        for (const QByteArray &line : locks.readAll().split('\n')) {
            if (line.contains("->") && line.contains("FLOCK") && line.contains(inode))
                ++waiting;
        }
        return waiting;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void manySessionsAtOnceWriteOneLine()
    {
        // Eight sessions to the router, all finding its key unknown. The test holds the
        // known_hosts file's lock until every one of them waits for it (/proc/locks shows the
        // waiters), so all eight try to write at once: the second look under the lock leaves
        // one line.
        QTemporaryDir dir;
        const QString config = writeConfig(dir, true);
        const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
        QFile held(knownHosts);
        QVERIFY(held.open(QIODevice::WriteOnly));
        QCOMPARE(::flock(held.handle(), LOCK_EX), 0);
        const SshTarget router = targets(config, HostKeyPolicy::AcceptNew).first();
        // Resolved once (ssh -G runs take turns starting): the handshakes themselves overlap.
        const Result<ResolvedSsh> settings = SshConfigResolver().resolve(router);
        QVERIFY2(settings.ok(), qPrintable(settings.error()));
        constexpr int kSessions = 8;
        std::latch start(kSessions);
        std::vector<std::thread> threads;
        std::array<QString, kSessions> errors;
        for (int i = 0; i < kSessions; ++i) {
            threads.emplace_back([&, i] {
                SshSession session(router);
                start.arrive_and_wait();
                const Status s = session.connectResolved(settings.value(), [](HostState) {});
                errors[i] = s.ok() ? QString() : s.error();
                session.disconnect();
                libsshruntime::releaseThreadState();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(lockWaiters(knownHosts), kSessions, 30000);
        held.close(); // and its lock
        for (std::thread &t : threads)
            t.join();
        for (const QString &error : errors)
            QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(test::knownHostsLines(knownHosts).size(), 1);
        QCOMPARE(test::foundBySshKeygen(knownHosts, QStringLiteral("[%1]:%2").arg(address(QStringLiteral("router"))).arg(sshPort())), 1);
    }

    void newKeysAreWrittenOnceAndHashed_data()
    {
        QTest::addColumn<bool>("hash");
        QTest::newRow("HashKnownHosts yes") << true;
        QTest::newRow("HashKnownHosts no") << false;
    }

    void newKeysAreWrittenOnceAndHashed()
    {
        QFETCH(bool, hash);
        QTemporaryDir dir;
        const QString config = writeConfig(dir, hash);
        QVERIFY(!config.isEmpty());
        const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));

        // Strict: nothing is written, nothing connects.
        {
            SshSession router(targets(config, HostKeyPolicy::Strict).first());
            const Status s = router.connect([](HostState) {});
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(QStringLiteral("unknown host key")), qPrintable(s.error()));
            QVERIFY(test::knownHostsLines(knownHosts).isEmpty());
        }

        QVERIFY(connectAll(targets(config, HostKeyPolicy::AcceptNew)));
        const QStringList written = test::knownHostsLines(knownHosts);
        QCOMPARE(written.size(), 3); // router, green-1, green-2: once each
        for (const QString &line : written) {
            QCOMPARE(line.startsWith(QStringLiteral("|1|")), hash);
            QVERIFY2(line.contains(QStringLiteral(" ssh-ed25519 ")), qPrintable(line));
        }
        for (const QString &host : {QStringLiteral("router"), QStringLiteral("green-1"), QStringLiteral("green-2")}) {
            const QString pattern = QStringLiteral("[%1]:%2").arg(address(host)).arg(sshPort());
            QCOMPARE(written.join(QLatin1Char('\n')).contains(pattern), !hash);
            QCOMPARE(test::foundBySshKeygen(knownHosts, pattern), 1);
        }

        // Known from now on: strict sessions connect, and so does OpenSSH (through its own jump).
        QVERIFY(connectAll(targets(config, HostKeyPolicy::Strict)));
        QCOMPARE(test::knownHostsLines(knownHosts), written);
        QProcess ssh;
        ssh.setStandardInputFile(QProcess::nullDevice());
        ssh.start(QStringLiteral("ssh"), {QStringLiteral("-F"), config, QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"),
                                          QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("gl-green-2"), QStringLiteral("true")});
        QVERIFY(ssh.waitForFinished(20000));
        QVERIFY2(ssh.exitCode() == 0, ssh.readAllStandardError().constData());
    }

    // ssh_config's StrictHostKeyChecking decides an unknown key as OpenSSH would, unless this
    // run says --accept-new-host-keys; "no" writes new keys but never lets a changed one in.
    void sshConfigStrictHostKeyCheckingDecides()
    {
        {
            QTemporaryDir dir;
            const QString config = writeConfig(dir, true, QStringLiteral("accept-new"));
            QVERIFY(connectAll(targets(config, HostKeyPolicy::Strict))); // headless, no flag: ssh_config accepts
            QCOMPARE(test::knownHostsLines(dir.filePath(QStringLiteral("known_hosts"))).size(), 3);
        }
        {
            QTemporaryDir dir;
            const QString config = writeConfig(dir, true, QStringLiteral("yes"));
            auto console = std::make_shared<test::NobodyTyping>();
            SshSession router(targets(config, HostKeyPolicy::Review, console).first());
            const Status s = router.connect([](HostState) {});
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(QStringLiteral("StrictHostKeyChecking yes")), qPrintable(s.error()));
            QVERIFY(console->hostKeys().pending().isEmpty()); // not even offered for review
            QVERIFY(test::knownHostsLines(dir.filePath(QStringLiteral("known_hosts"))).isEmpty());
            // The operator's explicit flag for this run wins over ssh_config.
            QVERIFY(connectAll(targets(config, HostKeyPolicy::AcceptNew)));
            QCOMPARE(test::knownHostsLines(dir.filePath(QStringLiteral("known_hosts"))).size(), 3);
        }
        {
            // "no": new keys are written; a changed one is still refused (OpenSSH would only warn).
            QTemporaryDir dir;
            const QString config = writeConfig(dir, false, QStringLiteral("no"));
            QVERIFY(connectAll(targets(config, HostKeyPolicy::Strict)));
            QStringList written = test::knownHostsLines(dir.filePath(QStringLiteral("known_hosts")));
            QCOMPARE(written.size(), 3);
            // Give green-1's address the router's key: what a changed key looks like.
            const QString routerLine = written.filter(QStringLiteral("[%1]").arg(address(QStringLiteral("router")))).value(0);
            QVERIFY(!routerLine.isEmpty());
            QStringList forged = written.filter(QStringLiteral("[%1]").arg(address(QStringLiteral("router"))));
            forged << QString(routerLine).replace(address(QStringLiteral("router")), address(QStringLiteral("green-1")));
            QFile file(dir.filePath(QStringLiteral("known_hosts")));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(forged.join(QLatin1Char('\n')).toUtf8() + '\n');
            file.close();
            SshSession green(targets(config, HostKeyPolicy::Strict).at(1));
            const Status s = green.connect([](HostState) {});
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(QStringLiteral("HOST KEY CHANGED")), qPrintable(s.error()));
        }
    }
};

QTEST_GUILESS_MAIN(TestHostKeyTrust)
#include "tst_hostkeytrust.moc"
