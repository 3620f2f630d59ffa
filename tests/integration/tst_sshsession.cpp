// SSH layer against real sshd hosts of the lab on loopback.

#include "integration/hostkeyfiles.h"
#include "integration/labfixture.h"

#include "controller/deploymentcontroller.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"
#include "ssh/sshsession.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QtTest>

#include <csignal>

using namespace greenlight;


class TestSshSession final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;

    SshTarget target(const QString &host) const
    {
        const QList<SshTarget> all = DeploymentController::sshTargets(*m_lab.config, HostKeyPolicy::Strict);
        for (const SshTarget &t : all) {
            if (t.hostName == host)
                return t;
        }
        return {};
    }

    static CommandRequest exec(const QString &command, int timeoutMs = 10000)
    {
        CommandRequest r;
        r.command = command;
        r.timeout = std::chrono::milliseconds(timeoutMs);
        return r;
    }

    static Status connect(SshSession &session)
    {
        return session.connect([](HostState) {});
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

    void runsACommandWithKeyAuth()
    {
        SshSession session(target(QStringLiteral("blue-1")));
        const Status s = connect(session);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QStringList lines;
        const CommandResult r = session.run(exec(QStringLiteral("echo one; echo two; echo oops >&2; exit 3")),
                                            [&](OutputStream, const QString &line) { lines << line; });
        QCOMPARE(r.error, CommandError::None);
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.stdoutTail, QByteArray("one\ntwo\n"));
        QCOMPARE(r.stderrTail, QByteArray("oops\n"));
        QVERIFY(lines.contains(QStringLiteral("two")));
        QVERIFY(lines.contains(QStringLiteral("oops")));
        QVERIFY(r.summary().contains(QStringLiteral("exit 3: oops")));
        // The session stays open: a second command needs no new connection.
        const CommandResult again = session.run(exec(QStringLiteral("id -un")), {});
        QVERIFY(again.ok());
        QCOMPARE(QString::fromUtf8(again.stdoutTail).trimmed(), m_lab.lab.account().name);
    }

    void honoursSshConfig()
    {
        // Only an alias in the deployment file; ssh_config says where, which port, who and which key.
        const SshTarget real = target(QStringLiteral("blue-1"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ssh_config"));
        QFile config(path);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("Host lab-blue-one\n  HostName %1\n  Port %2\n  User %3\n  IdentityFile %4\n  UserKnownHostsFile %5\n")
                         .arg(real.address).arg(real.port).arg(real.user, real.identityFile, real.knownHostsFile).toUtf8());
        config.close();
        SshTarget t;
        t.hostName = QStringLiteral("blue-1");
        t.address = QStringLiteral("lab-blue-one");
        t.sshConfigFile = path;
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        const CommandResult r = session.run(exec(QStringLiteral("id -un")), {});
        QCOMPARE(QString::fromUtf8(r.stdoutTail).trimmed(), real.user);
    }

    void reachesAHostThroughAJumpHost()
    {
        // green-1 reached through the router host, the way ProxyJump does it: libssh 0.10 turns
        // ProxyJump into this very ProxyCommand (`ssh -W`). Spelled out here so that the jump
        // leg uses the lab's key and known_hosts rather than root's own. HostName points where
        // nothing listens (127.0.0.1:1): only the jump can reach green-1.
        const SshTarget green = target(QStringLiteral("green-1"));
        const SshTarget router = target(QStringLiteral("router"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ssh_config"));
        QFile config(path);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("Host lab-green-via-router\n  HostName 127.0.0.1\n  Port 1\n  User %1\n  IdentityFile %2\n"
                                    "  ProxyCommand ssh -q -i %2 -o UserKnownHostsFile=%3 -o BatchMode=yes -p %4 %1@%5 -W %6:%7\n")
                         .arg(green.user, green.identityFile, green.knownHostsFile)
                         .arg(router.port).arg(router.address, green.address).arg(green.port)
                         .toUtf8());
        config.close();
        SshTarget t;
        t.hostName = QStringLiteral("green-1");
        t.address = QStringLiteral("lab-green-via-router");
        t.sshConfigFile = path;
        t.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
        t.hostKeyPolicy = HostKeyPolicy::AcceptNew;
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        const CommandResult r = session.run(exec(QStringLiteral("cat %1/hosts/green-1/version").arg(m_lab.lab.rootDir())), {});
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        QCOMPARE(QString::fromUtf8(r.stdoutTail).trimmed(), QStringLiteral("0.9.0"));
    }

    void hashedKnownHostsEntriesWork()
    {
        QTemporaryDir dir;
        const QString hashed = dir.filePath(QStringLiteral("known_hosts"));
        QVERIFY(QFile::copy(m_lab.config->ssh.knownHostsFile, hashed));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-H"), QStringLiteral("-f"), hashed}), 0);
        QFile file(hashed);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("|1|"));
        QVERIFY(!text.contains(target(QStringLiteral("green-1")).address.toUtf8()));
        SshTarget t = target(QStringLiteral("green-1"));
        t.knownHostsFile = hashed;
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY2(s.ok(), qPrintable(s.error()));
    }

    void wrongKeyIsAClearAuthError()
    {
        QTemporaryDir dir;
        const QString key = dir.filePath(QStringLiteral("other"));
        QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                          QStringLiteral("-N"), QString(), QStringLiteral("-f"), key});
        SshTarget t = target(QStringLiteral("blue-1"));
        t.identityFile = key;
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("refused the key")), qPrintable(s.error()));
        QVERIFY(!session.isConnected());
    }

    void encryptedKeyAsksForItsPassphrase()
    {
        QTemporaryDir dir;
        const QString key = dir.filePath(QStringLiteral("encrypted"));
        QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                  QStringLiteral("-N"), QStringLiteral("s3cret pass"), QStringLiteral("-f"), key}), 0);
        QFile pub(key + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        QFile authorized(m_lab.lab.rootDir() + QStringLiteral("/authorized_keys"));
        QVERIFY(authorized.open(QIODevice::Append));
        authorized.write(pub.readAll());
        authorized.close();
        const auto askpass = [&](const QByteArray &answer) {
            const QString script = dir.filePath(QStringLiteral("askpass-") + QString::fromUtf8(answer.toHex()));
            QFile f(script);
            if (f.open(QIODevice::WriteOnly))
                f.write("#!/bin/sh\necho '" + answer + "'\n");
            f.close();
            f.setPermissions(QFile::ReadOwner | QFile::ExeOwner);
            return script;
        };
        SshTarget t = target(QStringLiteral("blue-2"));
        t.identityFile = key;
        t.interaction = std::make_shared<AskpassInteraction>();

        qunsetenv("GREENLIGHT_ASKPASS");
        qunsetenv("SSH_ASKPASS");
        Status s = SshSession(t).connect([](HostState) {});
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("is encrypted and no passphrase was given")), qPrintable(s.error()));

        qputenv("GREENLIGHT_ASKPASS", askpass("wrong").toUtf8());
        s = SshSession(t).connect([](HostState) {});
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("wrong passphrase")), qPrintable(s.error()));
        QVERIFY(!s.error().contains(QStringLiteral("wrong'"))); // what was typed is never repeated

        qputenv("GREENLIGHT_ASKPASS", askpass("s3cret pass").toUtf8());
        SshSession session(t);
        s = session.connect([](HostState) {});
        qunsetenv("GREENLIGHT_ASKPASS");
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QVERIFY(session.run(exec(QStringLiteral("true")), {}).ok());
    }

    void unknownHostKeyIsRefusedUnlessAccepted()
    {
        QTemporaryDir dir;
        SshTarget t = target(QStringLiteral("green-1"));
        t.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
        {
            SshSession session(t);
            const Status s = connect(session);
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(QStringLiteral("unknown host key")), qPrintable(s.error()));
            QVERIFY(s.error().contains(QStringLiteral("SHA256:")));
            QVERIFY(s.error().contains(QStringLiteral("--accept-new-host-keys")));
        }
        t.hostKeyPolicy = HostKeyPolicy::AcceptNew;
        {
            SshSession session(t);
            const Status s = connect(session);
            QVERIFY2(s.ok(), qPrintable(s.error()));
        }
        // Accepted once, known from then on, even under the strict policy.
        t.hostKeyPolicy = HostKeyPolicy::Strict;
        {
            SshSession session(t);
            const Status s = connect(session);
            QVERIFY2(s.ok(), qPrintable(s.error()));
        }
    }

    void unknownHostKeyWaitsForTheReview()
    {
        // The window's way: the session does not ask on its own. It records the key in the
        // console's review and fails; once the operator trusts it, the next connect writes it.
        QTemporaryDir dir;
        SshTarget t = target(QStringLiteral("green-2"));
        t.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
        t.hostKeyPolicy = HostKeyPolicy::Review;
        auto console = std::make_shared<test::NobodyTyping>();
        t.interaction = console;
        for (int attempt = 0; attempt < 2; ++attempt) { // met twice, listed once
            SshSession session(t);
            const Status s = connect(session);
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(QStringLiteral("waits for the review of new host keys")), qPrintable(s.error()));
            QCOMPARE(s.code(), ErrorCode::HostKey);
            QVERIFY(!QFile::exists(t.knownHostsFile));
        }
        const QList<NewHostKey> pending = console->hostKeys().pending();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().host, QStringLiteral("green-2"));
        QVERIFY(pending.first().fingerprint.startsWith(QStringLiteral("ssh-ed25519 SHA256:")));
        QCOMPARE(pending.first().knownHostsFile, t.knownHostsFile);

        console->hostKeys().answer(pending, pending);
        {
            SshSession session(t);
            const Status s = connect(session);
            QVERIFY2(s.ok(), qPrintable(s.error()));
        }
        QVERIFY(QFile::exists(t.knownHostsFile));
        t.hostKeyPolicy = HostKeyPolicy::Strict;
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY2(s.ok(), qPrintable(s.error()));
    }

    void aKeyNotTrustedInTheReviewStaysRefused()
    {
        QTemporaryDir dir;
        SshTarget t = target(QStringLiteral("green-2"));
        t.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
        t.hostKeyPolicy = HostKeyPolicy::Review;
        auto console = std::make_shared<test::NobodyTyping>();
        t.interaction = console;
        {
            SshSession session(t);
            QVERIFY(!connect(session).ok());
        }
        console->hostKeys().answer(console->hostKeys().pending(), {});
        QVERIFY(console->hostKeys().pending().isEmpty());
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("was not trusted in the review")), qPrintable(s.error()));
        QVERIFY(console->hostKeys().pending().isEmpty()); // not offered again
        QVERIFY(!QFile::exists(t.knownHostsFile));
    }

    void changedHostKeyIsAlwaysRefused()
    {
        // known_hosts claims green-1's address has router's key: exactly what a changed key looks like.
        QFile real(m_lab.lab.rootDir() + QStringLiteral("/known_hosts"));
        QVERIFY(real.open(QIODevice::ReadOnly));
        const SshTarget green = target(QStringLiteral("green-1"));
        const SshTarget router = target(QStringLiteral("router"));
        const QByteArray greenPrefix = QStringLiteral("[%1]:%2 ").arg(green.address).arg(green.port).toUtf8();
        const QByteArray routerPrefix = QStringLiteral("[%1]:%2 ").arg(router.address).arg(router.port).toUtf8();
        QByteArray forged;
        for (const QByteArray &line : real.readAll().split('\n')) {
            if (line.startsWith(routerPrefix))
                forged = greenPrefix + line.mid(routerPrefix.size()) + '\n';
        }
        QVERIFY(!forged.isEmpty());
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("known_hosts")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(forged);
        file.close();
        for (const HostKeyPolicy policy : {HostKeyPolicy::Strict, HostKeyPolicy::AcceptNew}) {
            SshTarget t = green;
            t.knownHostsFile = file.fileName();
            t.hostKeyPolicy = policy;
            SshSession session(t);
            const Status s = connect(session);
            QVERIFY(!s.ok());
            QVERIFY2(s.error().contains(QStringLiteral("HOST KEY CHANGED")), qPrintable(s.error()));
            QCOMPARE(s.error().count(QStringLiteral("SHA256:")), 2); // expected and presented
            QVERIFY(s.error().contains(file.fileName()));
        }
    }

    void hostDownIsAConnectError()
    {
        QTcpServer probe; // find a port nobody listens on
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const int port = probe.serverPort();
        probe.close();
        SshTarget t = target(QStringLiteral("blue-1"));
        t.address = QStringLiteral("127.0.0.1");
        t.port = port;
        t.connectTimeoutS = 2;
        SshSession session(t);
        const Status s = connect(session);
        QVERIFY(!s.ok());
        // The user and port the operator configured, not libssh's default once the session is gone.
        QVERIFY2(s.error().contains(QStringLiteral("cannot connect to blue-1 (%1@127.0.0.1:%2):").arg(t.user).arg(port)), qPrintable(s.error()));
        QCOMPARE(s.code(), ErrorCode::Unreachable);
    }

    void commandPastItsDeadlineIsEnded()
    {
        SshSession session(target(QStringLiteral("blue-2")));
        QVERIFY(connect(session).ok());
        const CommandResult r = session.run(exec(QStringLiteral("echo started; sleep 30"), 500), {});
        QCOMPARE(r.error, CommandError::TimedOut);
        QVERIFY2(r.errorMessage.contains(QStringLiteral("timed out after 0.5 s")), qPrintable(r.errorMessage));
        QCOMPARE(r.stdoutTail, QByteArray("started\n"));
        // The session is still usable.
        QVERIFY(session.run(exec(QStringLiteral("true")), {}).ok());
    }

    void cancelEndsACommand()
    {
        SshSession session(target(QStringLiteral("blue-2")));
        QVERIFY(connect(session).ok());
        CommandRequest r = exec(QStringLiteral("sleep 30"), 20000);
        r.cancel.cancel();
        const CommandResult result = session.run(r, {});
        QCOMPARE(result.error, CommandError::Cancelled);
    }

    void forwardsToHaproxyAdminSocket()
    {
        SshSession session(target(QStringLiteral("router")));
        QVERIFY(connect(session).ok());
        CommandRequest r;
        r.kind = CommandRequest::Kind::UnixSocket;
        r.socketPath = m_lab.config->router.adminSocket;
        r.input = "show info\n";
        r.timeout = std::chrono::seconds(5);
        const CommandResult result = session.run(r, {});
        QVERIFY2(result.error == CommandError::None, qPrintable(result.errorMessage));
        QVERIFY2(result.stdoutTail.contains("Name: HAProxy"), result.stdoutTail.constData());
    }

    void forwardsTcpThroughTheHost()
    {
        // HTTP to blue-1's demo backend, through blue-1's own SSH session (direct-tcpip).
        const auto host = m_lab.config->host(QStringLiteral("blue-1"));
        SshSession session(target(QStringLiteral("blue-1")));
        QVERIFY(connect(session).ok());
        CommandRequest r;
        r.kind = CommandRequest::Kind::TcpForward;
        r.forwardHost = host->address;
        r.forwardPort = m_lab.config->blue.appPort;
        r.input = "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        r.timeout = std::chrono::seconds(5);
        const CommandResult result = session.run(r, {});
        QVERIFY2(result.error == CommandError::None, qPrintable(result.errorMessage));
        QVERIFY2(result.stdoutTail.startsWith("HTTP/1.1 200"), result.stdoutTail.constData());
        QVERIFY(result.stdoutTail.endsWith("\r\n\r\n1.0.0\n"));

        r.forwardPort = 1; // nothing listens there: the forward is refused, clearly
        const CommandResult refused = session.run(r, {});
        QCOMPARE(refused.error, CommandError::Channel);
        QVERIFY2(refused.errorMessage.contains(QStringLiteral("cannot reach %1:1 from blue-1").arg(host->address)),
                 qPrintable(refused.errorMessage));
        QVERIFY(session.run(exec(QStringLiteral("true")), {}).ok()); // the session survives
    }

    void poolRunsOnEveryHostInParallel()
    {
        const QList<SshTarget> targets = DeploymentController::sshTargets(*m_lab.config, HostKeyPolicy::Strict);
        HostPool pool(targets, {});
        QSignalSpy ready(&pool, &HostPool::hostStatusChanged);
        pool.connectAll();
        QList<QFuture<CommandResult>> futures;
        for (const SshTarget &t : targets)
            futures << pool.run(t.hostName, exec(QStringLiteral("echo %1").arg(t.hostName)));
        for (qsizetype i = 0; i < futures.size(); ++i) {
            futures[i].waitForFinished();
            const CommandResult r = futures[i].result();
            QVERIFY2(r.ok(), qPrintable(r.summary()));
            QCOMPARE(QString::fromUtf8(r.stdoutTail).trimmed(), targets.at(i).hostName);
        }
        QTRY_COMPARE_WITH_TIMEOUT(pool.status(QStringLiteral("green-2")).state, HostState::Ready, 10000);
        QVERIFY(ready.count() >= targets.size());
    }

    void connectionKilledMidCommandIsReportedThenReconnects()
    {
        HostPool pool(DeploymentController::sshTargets(*m_lab.config, HostKeyPolicy::Strict), {});
        QSignalSpy lines(&pool, &HostPool::outputLine);
        CommandRequest request = exec(QStringLiteral("echo $PPID; sleep 30"), 20000);
        request.tag = QStringLiteral("kill test");
        QFuture<CommandResult> running = pool.run(QStringLiteral("blue-1"), request);
        QTRY_VERIFY_WITH_TIMEOUT(!lines.isEmpty(), 10000);
        const qint64 sessionPid = lines.first().at(3).toString().toLongLong(); // the sshd process serving this session
        QVERIFY(sessionPid > 1);
        QCOMPARE(::kill(static_cast<pid_t>(sessionPid), SIGKILL), 0);
        running.waitForFinished();
        const CommandResult r = running.result();
        QCOMPARE(r.error, CommandError::ConnectionLost);
        QVERIFY2(r.summary().contains(QStringLiteral("blue-1")), qPrintable(r.summary()));
        QTRY_COMPARE_WITH_TIMEOUT(pool.status(QStringLiteral("blue-1")).state, HostState::Failed, 5000);
        // The next command opens a new session.
        QFuture<CommandResult> after = pool.run(QStringLiteral("blue-1"), exec(QStringLiteral("echo back")));
        after.waitForFinished();
        QVERIFY2(after.result().ok(), qPrintable(after.result().summary()));
        QCOMPARE(after.result().stdoutTail, QByteArray("back\n"));
        QTRY_COMPARE_WITH_TIMEOUT(pool.status(QStringLiteral("blue-1")).state, HostState::Ready, 5000);
    }

    void hugeOutputKeepsABoundedTailAndAFullLog()
    {
        HostPool pool(DeploymentController::sshTargets(*m_lab.config, HostKeyPolicy::Strict), {});
        QSignalSpy lines(&pool, &HostPool::outputLine);
        CommandRequest request = exec(QStringLiteral("yes 0123456789abcdef | head -c 5000000"), 60000);
        request.tag = QStringLiteral("huge");
        QFuture<CommandResult> f = pool.run(QStringLiteral("green-2"), request);
        f.waitForFinished();
        const CommandResult r = f.result();
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        QCOMPARE(r.stdoutTail.size() + r.droppedBytes, 5000000);
        QVERIFY(r.stdoutTail.size() <= 256 * 1024);
        QVERIFY(r.stdoutTail.endsWith("0123456789a")); // the tail is the end of the output
        QFileInfo log(r.logFile);
        QVERIFY2(log.exists(), qPrintable(r.logFile));
        QVERIFY(log.size() >= 5000000);
        // Line streaming stops at a bound (the log has the rest) and says so.
        QTRY_VERIFY(lines.size() >= 5000);
        QVERIFY(lines.size() <= 5001);
        QVERIFY(lines.last().at(3).toString().contains(QStringLiteral("log file")));
    }

    void agentAuthentication()
    {
        // Our own ssh-agent, holding the lab key; no identity file configured.
        QTemporaryDir dir;
        const QString socket = dir.filePath(QStringLiteral("agent.sock"));
        QProcess agent;
        agent.start(QStringLiteral("ssh-agent"), {QStringLiteral("-D"), QStringLiteral("-a"), socket});
        QVERIFY(agent.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(socket), 5000);
        QProcess add;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
        add.setProcessEnvironment(env);
        add.start(QStringLiteral("ssh-add"), {m_lab.config->ssh.identityFile});
        QVERIFY(add.waitForFinished(10000));
        QCOMPARE(add.exitCode(), 0);

        const QByteArray previous = qgetenv("SSH_AUTH_SOCK");
        qputenv("SSH_AUTH_SOCK", socket.toUtf8());
        SshTarget t = target(QStringLiteral("green-1"));
        t.identityFile.clear();
        SshSession session(t);
        const Status s = connect(session);
        qputenv("SSH_AUTH_SOCK", previous);
        agent.terminate();
        agent.waitForFinished();
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QVERIFY(session.run(exec(QStringLiteral("true")), {}).ok());
    }

    void unknownHostInPoolIsAnError()
    {
        HostPool pool({}, {});
        QFuture<CommandResult> f = pool.run(QStringLiteral("nope"), exec(QStringLiteral("true")));
        f.waitForFinished();
        QCOMPARE(f.result().error, CommandError::Connect);
    }
};

QTEST_GUILESS_MAIN(TestSshSession)
#include "tst_sshsession.moc"
