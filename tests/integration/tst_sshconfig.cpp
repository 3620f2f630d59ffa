// Hosts reached as `ssh` reaches them: an ssh_config with aliases, a wildcard block after the
// specific ones, Include and Match, resolved with OpenSSH's semantics (ssh -G) and checked
// against what `ssh -F FILE HOST` itself does, on the lab's real sshd hosts.

#include "integration/clirun.h"
#include "integration/labfixture.h"

#include "controller/deploymentcontroller.h"
#include "ssh/sshconfigresolver.h"
#include "ssh/sshsession.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QtTest>

using namespace greenlight;

class TestSshConfig final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    QTemporaryDir m_dir;
    QString m_configFile;

    [[nodiscard]] QString address(const QString &host) const { return m_lab.config->host(host)->address; }
    [[nodiscard]] int sshPort() const { return m_lab.config->host(QStringLiteral("blue-1"))->port; }

    // Only aliases in the deployment file: ssh_config says where, which port, who, which key.
    [[nodiscard]] SshTarget aliasTarget(const QString &host, const QString &alias) const
    {
        SshTarget t;
        t.hostName = host;
        t.address = alias;
        t.sshConfigFile = m_configFile;
        return t;
    }

    static bool write(const QString &path, const QString &text)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        return f.write(text.toUtf8()) == text.toUtf8().size();
    }

    // "server_ip server_port" of the session, as sshd sees it ($SSH_CONNECTION).
    static QString serverEnd(const QByteArray &sshConnection)
    {
        const QStringList parts = QString::fromUtf8(sshConnection).trimmed().split(QLatin1Char(' '));
        return parts.size() == 4 ? parts.at(2) + QLatin1Char(' ') + parts.at(3) : QStringLiteral("(%1)").arg(QString::fromUtf8(sshConnection));
    }

    // What OpenSSH's own client does with the same file.
    [[nodiscard]] QString viaOpenSsh(const QString &alias, const QString &command) const
    {
        QProcess ssh;
        ssh.setStandardInputFile(QProcess::nullDevice());
        ssh.start(QStringLiteral("ssh"), {QStringLiteral("-F"), m_configFile, QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), alias, command});
        if (!ssh.waitForFinished(20000) || ssh.exitCode() != 0)
            return QStringLiteral("(ssh failed: %1)").arg(QString::fromUtf8(ssh.readAllStandardError()));
        return QString::fromUtf8(ssh.readAllStandardOutput());
    }

    static CommandRequest exec(const QString &command)
    {
        CommandRequest r;
        r.command = command;
        r.timeout = std::chrono::seconds(10);
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        LabOptions options;
        options.trafficRps = 0;
        QVERIFY(m_lab.start(options));
        QVERIFY(m_dir.isValid());
        const QString user = m_lab.lab.account().name;
        const QString key = m_lab.config->ssh.identityFile;
        const QString known = m_lab.config->ssh.knownHostsFile;
        QVERIFY(write(m_dir.filePath(QStringLiteral("included.conf")),
                      QStringLiteral("Host gl-green-1\n  HostName %1\n").arg(address(QStringLiteral("green-1")))));
        // The order `man ssh_config` recommends: specific blocks first, the wildcard last. The
        // green host comes from an Include; lab-b2 is named by no Host line at all, only by
        // a Match on its HostName.
        m_configFile = m_dir.filePath(QStringLiteral("ssh_config"));
        QVERIFY(write(m_configFile, QStringLiteral("Include %1\n"
                                                   "Host gl-blue-1\n  HostName %2\n"
                                                   "Host lab-b2\n  HostName %3\n"
                                                   "Match host %3\n  Port %4\n  User %5\n  IdentityFile %6\n  UserKnownHostsFile %7\n"
                                                   "Host gl-*\n  Port %4\n  User %5\n  IdentityFile %6\n  UserKnownHostsFile %7\n"
                                                   "  ConnectTimeout 4\n  ServerAliveInterval 7\n")
                                        .arg(m_dir.filePath(QStringLiteral("included.conf")), address(QStringLiteral("blue-1")),
                                             address(QStringLiteral("blue-2")), QString::number(sshPort()), user, key, known)));
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void resolvesAsOpenSshDoes_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("alias");
        QTest::newRow("wildcard after the host's block") << QStringLiteral("blue-1") << QStringLiteral("gl-blue-1");
        QTest::newRow("Match host") << QStringLiteral("blue-2") << QStringLiteral("lab-b2");
        QTest::newRow("Include") << QStringLiteral("green-1") << QStringLiteral("gl-green-1");
    }

    void resolvesAsOpenSshDoes()
    {
        QFETCH(QString, host);
        QFETCH(QString, alias);
        const SshTarget t = aliasTarget(host, alias);
        const Result<ResolvedSsh> r = SshConfigResolver().resolve(t);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->source, QStringLiteral("ssh -G"));
        QCOMPARE(r->hostName, address(host));
        QCOMPARE(r->port, sshPort());
        QCOMPARE(r->user, m_lab.lab.account().name);
        QVERIFY(r->identityFiles.contains(m_lab.config->ssh.identityFile));
        QCOMPARE(r->userKnownHostsFiles.value(0), m_lab.config->ssh.knownHostsFile);
        QVERIFY(r->warnings.isEmpty());

        // The session goes where `ssh -F FILE ALIAS` goes, and logs in as the same user.
        SshSession session(t);
        const Status s = session.connect([](HostState) {});
        QVERIFY2(s.ok(), qPrintable(s.error()));
        const CommandResult ours = session.run(exec(QStringLiteral("echo $SSH_CONNECTION; id -un")), {});
        QVERIFY2(ours.ok(), qPrintable(ours.summary()));
        const QStringList ourLines = QString::fromUtf8(ours.stdoutTail).split(QLatin1Char('\n'));
        const QStringList theirLines = viaOpenSsh(alias, QStringLiteral("echo $SSH_CONNECTION; id -un")).split(QLatin1Char('\n'));
        QCOMPARE(serverEnd(ourLines.value(0).toUtf8()), serverEnd(theirLines.value(0).toUtf8()));
        QCOMPARE(serverEnd(ourLines.value(0).toUtf8()), QStringLiteral("%1 %2").arg(address(host)).arg(sshPort()));
        QCOMPARE(ourLines.value(1), theirLines.value(1));
    }

    void wildcardTimeoutsApplyUnlessTheDeploymentFileSetsThem()
    {
        SshTarget t = aliasTarget(QStringLiteral("blue-1"), QStringLiteral("gl-blue-1"));
        Result<ResolvedSsh> r = SshConfigResolver().resolve(t);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->connectTimeoutS, 4);
        QCOMPARE(r->serverAliveIntervalS, 7);
        t.connectTimeoutS = 9;
        t.connectTimeoutSet = true;
        t.keepaliveS = 0;
        t.keepaliveSet = true;
        r = SshConfigResolver().resolve(t);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->connectTimeoutS, 9);
        QCOMPARE(r->serverAliveIntervalS, 0);
    }

    void deploymentFileFieldsWinAndMessagesNameTheRealTarget()
    {
        // The deployment file's port wins over ssh_config's; nothing listens on port 1, and
        // the error names the user, the resolved address and that port.
        SshTarget t = aliasTarget(QStringLiteral("blue-1"), QStringLiteral("gl-blue-1"));
        t.port = 1;
        t.user = QStringLiteral("someone-else");
        t.connectTimeoutS = 3;
        t.connectTimeoutSet = true;
        SshSession session(t);
        const Status s = session.connect([](HostState) {});
        QVERIFY(!s.ok());
        QCOMPARE(s.code(), ErrorCode::Unreachable);
        QVERIFY2(s.error().contains(QStringLiteral("cannot connect to blue-1 (someone-else@%1:1)").arg(address(QStringLiteral("blue-1")))),
                 qPrintable(s.error()));
    }

    void withoutOpenSshLibsshReadsTheFileAndSaysSo()
    {
        // A mock only in the sense that OpenSSH's client is "missing": the program path names
        // nothing, as on a machine without openssh-client.
        const SshConfigResolver libsshOnly(m_dir.filePath(QStringLiteral("no-such-ssh")));
        const Result<ResolvedSsh> r = libsshOnly.resolve(aliasTarget(QStringLiteral("blue-1"), QStringLiteral("gl-blue-1")));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->source, QStringLiteral("libssh"));
        QCOMPARE(r->hostName, address(QStringLiteral("blue-1")));
        QVERIFY(!r->warnings.isEmpty());
        QVERIFY2(r->warnings.first().contains(QStringLiteral("not installed")), qPrintable(r->warnings.first()));
    }

    void hostileAliasesNeverReachSshAsOptions()
    {
        for (const QString &alias : {QStringLiteral("-oProxyCommand=touch /tmp/gl-pwned"), QStringLiteral("two words"), QString()}) {
            const Result<ResolvedSsh> r = SshConfigResolver().resolve(aliasTarget(QStringLiteral("blue-1"), alias));
            QVERIFY(!r.ok());
            QCOMPARE(r.code(), ErrorCode::InvalidInput);
        }
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/gl-pwned")));
    }

    void statusJsonShowsTheResolvedRoute()
    {
        // The lab's deployment file with aliases for the blue hosts (no ports): ssh_config decides
        // where they go; the green ones and the router keep their addresses and ports.
        const QString config = test::variantConfig(m_lab.lab.configPath(), m_dir.filePath(QStringLiteral("aliases.json")), [&](QJsonObject &root) {
            QJsonObject hosts = root.value(QStringLiteral("hosts")).toObject();
            hosts[QStringLiteral("blue-1")] = QJsonObject{{QStringLiteral("address"), QStringLiteral("gl-blue-1")}};
            hosts[QStringLiteral("blue-2")] = QJsonObject{{QStringLiteral("address"), QStringLiteral("lab-b2")}};
            root[QStringLiteral("hosts")] = hosts;
            QJsonObject ssh = root.value(QStringLiteral("ssh")).toObject();
            ssh[QStringLiteral("use_ssh_config")] = true;
            ssh[QStringLiteral("config_file")] = m_configFile;
            root[QStringLiteral("ssh")] = ssh;
        });
        QVERIFY(!config.isEmpty());
        const test::Run run = test::runGreenlight({QStringLiteral("status"), QStringLiteral("--config"), config, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
        const QJsonArray hosts = QJsonDocument::fromJson(run.out.toUtf8()).object().value(QStringLiteral("hosts")).toArray();
        QVERIFY2(hosts.size() == 4, qPrintable(run.out));
        int checked = 0;
        for (const QJsonValue &v : hosts) {
            const QJsonObject h = v.toObject();
            const QString name = h.value(QStringLiteral("name")).toString();
            if (name != QLatin1String("blue-1") && name != QLatin1String("blue-2"))
                continue;
            const QJsonObject ssh = h.value(QStringLiteral("ssh")).toObject();
            QCOMPARE(ssh.value(QStringLiteral("address")).toString(), address(name));
            QCOMPARE(ssh.value(QStringLiteral("port")).toInt(), sshPort());
            QCOMPARE(ssh.value(QStringLiteral("user")).toString(), m_lab.lab.account().name);
            QCOMPARE(ssh.value(QStringLiteral("jump")).toArray().size(), 0);
            QCOMPARE(ssh.value(QStringLiteral("resolved_by")).toString(), QStringLiteral("ssh -G"));
            QVERIFY2(!h.value(QStringLiteral("version")).toString().isEmpty(), qPrintable(h.value(QStringLiteral("error")).toString()));
            ++checked;
        }
        QCOMPARE(checked, 2);
    }
};

QTEST_GUILESS_MAIN(TestSshConfig)
#include "tst_sshconfig.moc"
