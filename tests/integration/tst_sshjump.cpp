// Hosts behind ProxyJump (one hop or two), reached without a child `ssh`: one shared session
// to the jump host carries a direct-tcpip channel per host. On the lab's real sshd hosts, the
// router is the jump host; compared with what `ssh -F FILE HOST` does with the same file.
//
// How the tests know a session went through the jump host, unprivileged and with nothing
// firewalled: this process's own TCP connections (/proc/self/fd matched in /proc/net/tcp).
// A host reached through the router is a connection of the router's sshd, never one of ours.

#include "integration/labfixture.h"
#include "integration/sshconfigcheck.h"

#include "ssh/sshsession.h"

#include <QtTest>

using namespace greenlight;

class TestSshJump final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QTemporaryDir m_dir;
    QString m_configFile;

    [[nodiscard]] QString address(const QString &host) const { return m_lab.config->host(host)->address; }
    [[nodiscard]] int sshPort() const { return m_lab.config->host(QStringLiteral("router"))->port; }

    [[nodiscard]] SshTarget aliasTarget(const QString &host, const QString &alias) const
    {
        SshTarget t;
        t.hostName = host;
        t.address = alias;
        t.sshConfigFile = m_configFile;
        return t;
    }

    [[nodiscard]] QString viaOpenSsh(const QString &alias, const QString &command) const
    {
        return test::viaOpenSsh(m_configFile, alias, command);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        QVERIFY(m_dir.isValid());
        m_configFile = m_dir.filePath(QStringLiteral("ssh_config"));
        QVERIFY(test::writeText(m_configFile, QStringLiteral("Host gl-router\n  HostName %1\n"
                                                            "Host gl-blue-1\n  HostName %2\n"
                                                            "Host gl-green-1-via\n  HostName %3\n  ProxyJump gl-router\n"
                                                            "Host gl-green-2-via\n  HostName %4\n  ProxyJump gl-router\n"
                                                            "Host gl-green-1-two-hops\n  HostName %3\n  ProxyJump gl-router,gl-blue-1\n"
                                                            "Host gl-*\n  Port %5\n  User %6\n  IdentityFile %7\n  UserKnownHostsFile %8\n")
                                                  .arg(address(QStringLiteral("router")), address(QStringLiteral("blue-1")),
                                                       address(QStringLiteral("green-1")), address(QStringLiteral("green-2")),
                                                       QString::number(sshPort()), m_lab.lab.account().name, m_lab.config->ssh.identityFile,
                                                       m_lab.config->ssh.knownHostsFile)));
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void reachesHostsThroughASharedJumpHost()
    {
        // How the test knows the sessions went through the jump host (unprivileged: nothing is
        // firewalled): this process's own TCP connections, from /proc. A green host reached
        // through the router is a connection of the router's sshd, never one of ours; the two
        // green hosts share one connection to the router.
        const QString router = address(QStringLiteral("router"));
        SshSession one(aliasTarget(QStringLiteral("green-1"), QStringLiteral("gl-green-1-via")));
        SshSession two(aliasTarget(QStringLiteral("green-2"), QStringLiteral("gl-green-2-via")));
        for (SshSession *s : {&one, &two}) {
            const Status connected = s->connect([](HostState) {});
            QVERIFY2(connected.ok(), qPrintable(connected.error()));
        }
        QCOMPARE(one.resolved().jumps.size(), std::size_t(1));
        QCOMPARE(one.resolved().jumps.front().hostName, router);
        QCOMPARE(one.describeTarget(), QStringLiteral("%1@%2:%3 via %1@%4:%3").arg(m_lab.lab.account().name, address(QStringLiteral("green-1")))
                                           .arg(sshPort()).arg(router));
        for (const QString &green : {QStringLiteral("green-1"), QStringLiteral("green-2")})
            QCOMPARE(test::ourConnectionsTo(address(green), sshPort()), 0);
        QCOMPARE(test::ourConnectionsTo(router, sshPort()), 1);

        // Commands and a second session over the same tunnel, and what OpenSSH does with the file.
        const CommandResult r = one.run(test::execRequest(QStringLiteral("cat %1/hosts/green-1/version; echo $SSH_CONNECTION").arg(m_lab.lab.rootDir())), {});
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        const QStringList lines = QString::fromUtf8(r.stdoutTail).split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), QStringLiteral("0.9.0"));
        const QString theirs = viaOpenSsh(QStringLiteral("gl-green-1-via"), QStringLiteral("echo $SSH_CONNECTION"));
        QCOMPARE(test::serverEnd(lines.value(1).toUtf8()), test::serverEnd(theirs.toUtf8()));
        const CommandResult big = two.run(test::execRequest(QStringLiteral("head -c 3000000 /dev/zero | tr '\\0' x")), {});
        QVERIFY2(big.ok(), qPrintable(big.summary()));
        QCOMPARE(big.stdoutTail.size() + big.droppedBytes, 3000000);

        // Once both sessions are gone, so is the tunnel (and its connection).
        one.disconnect();
        two.disconnect();
        QTRY_COMPARE(test::ourConnectionsTo(router, sshPort()), 0);
    }

    void reachesAHostThroughTwoJumpHosts()
    {
        SshSession session(aliasTarget(QStringLiteral("green-1"), QStringLiteral("gl-green-1-two-hops")));
        const Status connected = session.connect([](HostState) {});
        QVERIFY2(connected.ok(), qPrintable(connected.error()));
        QCOMPARE(session.resolved().route().jumps.size(), 2);
        QVERIFY2(session.describeTarget().endsWith(QStringLiteral("@%1:%2").arg(address(QStringLiteral("blue-1"))).arg(sshPort())),
                 qPrintable(session.describeTarget()));
        // Only the first hop is ours to connect to.
        QCOMPARE(test::ourConnectionsTo(address(QStringLiteral("router")), sshPort()), 1);
        QCOMPARE(test::ourConnectionsTo(address(QStringLiteral("blue-1")), sshPort()), 0);
        QCOMPARE(test::ourConnectionsTo(address(QStringLiteral("green-1")), sshPort()), 0);
        const CommandResult r = session.run(test::execRequest(QStringLiteral("id -un")), {});
        QVERIFY2(r.ok(), qPrintable(r.summary()));
        QCOMPARE(QString::fromUtf8(r.stdoutTail).trimmed(), viaOpenSsh(QStringLiteral("gl-green-1-two-hops"), QStringLiteral("id -un")).trimmed());
    }

    void aJumpHostThatCannotReachTheTargetSaysSo()
    {
        SshTarget t = aliasTarget(QStringLiteral("green-1"), QStringLiteral("gl-green-1-via"));
        t.port = 1; // nothing listens there: the router refuses the forward
        SshSession session(t);
        const Status s = session.connect([](HostState) {});
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), ErrorCode::Unreachable);
        const QString route = QStringLiteral("%1@%2:1 via %1@%3:%4").arg(m_lab.lab.account().name, address(QStringLiteral("green-1")),
                                                                         address(QStringLiteral("router"))).arg(sshPort());
        QVERIFY2(s.error().contains(route), qPrintable(s.error()));
        QVERIFY2(s.error().contains(QStringLiteral("cannot reach %1:1").arg(address(QStringLiteral("green-1")))), qPrintable(s.error()));
    }
};

QTEST_GUILESS_MAIN(TestSshJump)
#include "tst_sshjump.moc"
