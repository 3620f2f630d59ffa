// Hosts reached as `ssh` reaches them: an ssh_config with aliases, a wildcard block after the
// specific ones, Include and Match, resolved with OpenSSH's semantics (ssh -G) and checked
// against what `ssh -F FILE HOST` itself does, on the lab's real sshd hosts.

#include "integration/clirun.h"
#include "integration/labfixture.h"
#include "integration/sshconfigcheck.h"

#include "controller/deploymentcontroller.h"
#include "ssh/sshconfigresolver.h"
#include "ssh/sshinteraction.h"
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
        const QString user = m_lab.lab.account().name;
        const QString key = m_lab.config->ssh.identityFile;
        const QString known = m_lab.config->ssh.knownHostsFile;
        QVERIFY(test::writeText(m_dir.filePath(QStringLiteral("included.conf")),
                      QStringLiteral("Host gl-green-1\n  HostName %1\n").arg(address(QStringLiteral("green-1")))));
        // The order `man ssh_config` recommends: specific blocks first, the wildcard last. The
        // green host comes from an Include; lab-b2 is named by no Host line at all, only by
        // a Match on its HostName.
        m_configFile = m_dir.filePath(QStringLiteral("ssh_config"));
        QVERIFY(test::writeText(m_configFile, QStringLiteral("Include %1\n"
                                                   "Host gl-blue-1\n  HostName %2\n"

                                                   "Host lab-b2\n  HostName %3\n"
                                                   "Match host %3\n  Port %4\n  User %5\n  IdentityFile %6\n  UserKnownHostsFile %7\n"
                                                   "Host gl-*\n  Port %4\n  User %5\n  IdentityFile %6\n  UserKnownHostsFile %7\n"
                                                   "  ConnectTimeout 4\n  ServerAliveInterval 7\n")
                                        .arg(m_dir.filePath(QStringLiteral("included.conf")), address(QStringLiteral("blue-1")),
                                             address(QStringLiteral("blue-2")), QString::number(sshPort()), user, key, known)));
    }

    void cleanupTestCase() { m_lab.lab.stop(); }

    void encryptedKeyNamedOnlyInSshConfigAsksOnce()
    {
        // No agent, no key in the deployment file: ssh_config names two encrypted keys, the
        // first one unknown to the hosts (its public half is refused: no passphrase is asked
        // for it), the second authorized. Headless, through an askpass program that counts.
        const QString enc = m_dir.filePath(QStringLiteral("enc_key"));
        const QString stranger = m_dir.filePath(QStringLiteral("stranger_key"));
        for (const QString &key : {enc, stranger}) {
            QCOMPARE(QProcess::execute(QStringLiteral("ssh-keygen"), {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                                                      QStringLiteral("-N"), QStringLiteral("pass phrase"), QStringLiteral("-f"), key}),
                     0);
        }
        QFile pub(enc + QStringLiteral(".pub"));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        QFile authorized(m_lab.lab.rootDir() + QStringLiteral("/authorized_keys"));
        QVERIFY(authorized.open(QIODevice::Append));
        authorized.write(pub.readAll());
        authorized.close();
        const QString config = m_dir.filePath(QStringLiteral("ssh_config_keys"));
        QVERIFY(test::writeText(config, QStringLiteral("Host gl-k-blue-1\n  HostName %1\nHost gl-k-blue-2\n  HostName %2\n"
                                             "Host gl-k-*\n  Port %3\n  User %4\n  IdentityFile %5\n  IdentityFile %6\n  UserKnownHostsFile %7\n")
                                  .arg(address(QStringLiteral("blue-1")), address(QStringLiteral("blue-2")), QString::number(sshPort()),
                                       m_lab.lab.account().name, stranger, enc, m_lab.config->ssh.knownHostsFile)));
        const QString asked = m_dir.filePath(QStringLiteral("asked"));
        const QString askpass = m_dir.filePath(QStringLiteral("askpass"));
        QVERIFY(test::writeText(askpass, QStringLiteral("#!/bin/sh\necho \"$1\" >> '%1'\necho 'pass phrase'\n").arg(asked)));
        QVERIFY(QFile::setPermissions(askpass, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QByteArray agent = qgetenv("SSH_AUTH_SOCK");
        qunsetenv("SSH_AUTH_SOCK");
        qunsetenv("SSH_ASKPASS");
        qunsetenv("GREENLIGHT_ASKPASS");
        const auto target = [&](const QString &host, const QString &alias, const std::shared_ptr<SshInteraction> &interaction) {
            SshTarget t = aliasTarget(host, alias);
            t.sshConfigFile = config;
            t.interaction = interaction;
            return t;
        };

        // Nobody to ask: the message says what was tried, and that there is no agent.
        Status s = SshSession(target(QStringLiteral("blue-1"), QStringLiteral("gl-k-blue-1"), std::make_shared<AskpassInteraction>()))
                       .connect([](HostState) {});
        QVERIFY(!s.ok());
        QVERIFY2(s.error().contains(QStringLiteral("agent: none (SSH_AUTH_SOCK is not set)")), qPrintable(s.error()));
        QVERIFY2(s.error().contains(QStringLiteral("file %1 (refused)").arg(stranger)), qPrintable(s.error()));
        QVERIFY2(s.error().contains(QStringLiteral("%1 is encrypted and no passphrase was given").arg(enc)), qPrintable(s.error()));
        QVERIFY(!s.error().contains(QStringLiteral("ssh-agent and")));

        // With askpass: both hosts, one question for the one key the server takes.
        qputenv("GREENLIGHT_ASKPASS", askpass.toUtf8());
        const auto person = std::make_shared<AskpassInteraction>();
        SshSession one(target(QStringLiteral("blue-1"), QStringLiteral("gl-k-blue-1"), person));
        SshSession two(target(QStringLiteral("blue-2"), QStringLiteral("gl-k-blue-2"), person));
        for (SshSession *session : {&one, &two}) {
            s = session->connect([](HostState) {});
            QVERIFY2(s.ok(), qPrintable(s.error()));
            QVERIFY(session->run(test::execRequest(QStringLiteral("true")), {}).ok());
        }
        qunsetenv("GREENLIGHT_ASKPASS");
        QFile log(asked);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QStringList questions = QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        log.close();
        QCOMPARE(questions.size(), 1);
        QVERIFY2(questions.first().contains(enc), qPrintable(questions.first()));

        // OpenSSH, on the same file, gets in with the same askpass.
        QProcess ssh;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("SSH_AUTH_SOCK"));
        env.insert(QStringLiteral("SSH_ASKPASS"), askpass);
        env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
        ssh.setProcessEnvironment(env);
        ssh.setStandardInputFile(QProcess::nullDevice());
        ssh.start(QStringLiteral("ssh"), {QStringLiteral("-F"), config, QStringLiteral("gl-k-blue-1"), QStringLiteral("true")});
        QVERIFY(ssh.waitForFinished(20000));
        QVERIFY2(ssh.exitCode() == 0, ssh.readAllStandardError().constData());
        if (!agent.isEmpty())
            qputenv("SSH_AUTH_SOCK", agent);
    }

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
        const CommandResult ours = session.run(test::execRequest(QStringLiteral("echo $SSH_CONNECTION; id -un")), {});
        QVERIFY2(ours.ok(), qPrintable(ours.summary()));
        const QStringList ourLines = QString::fromUtf8(ours.stdoutTail).split(QLatin1Char('\n'));
        const QStringList theirLines = viaOpenSsh(alias, QStringLiteral("echo $SSH_CONNECTION; id -un")).split(QLatin1Char('\n'));
        QCOMPARE(test::serverEnd(ourLines.value(0).toUtf8()), test::serverEnd(theirLines.value(0).toUtf8()));
        QCOMPARE(test::serverEnd(ourLines.value(0).toUtf8()), QStringLiteral("%1 %2").arg(address(host)).arg(sshPort()));
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
            const QJsonObject ssh = h.value(QStringLiteral("ssh")).toObject().value(QStringLiteral("route")).toObject();
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
