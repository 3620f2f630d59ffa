// What `ssh -G` prints, read as hostile text; ProxyJump hop specs; ssh_config path tokens.

#include "ssh/sshgoutput.h"

#include <QtTest>

using namespace greenlight;

class TestSshGOutput final : public QObject
{
    Q_OBJECT

private:
    static QByteArray minimal(const QByteArray &extra = {})
    {
        return "host gl-1\nuser deploy\nhostname 10.0.0.1\nport 2222\n" + extra;
    }

private Q_SLOTS:
    void readsTheSettingsGreenlightUses()
    {
        const Result<ResolvedSsh> r = sshgoutput::parse(minimal("identityfile ~/.ssh/a\r\nidentityfile %d/b\nidentitiesonly yes\n"
                                                                "userknownhostsfile /k1 /k2\nstricthostkeychecking false\n"
                                                                "hashknownhosts yes\nproxyjump ops@bastion:2200,[::1]:22\n"
                                                                "serveraliveinterval 7\nconnecttimeout none\nciphers aes128-ctr\n"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->hostName, QStringLiteral("10.0.0.1"));
        QCOMPARE(r->user, QStringLiteral("deploy"));
        QCOMPARE(r->port, 2222);
        QCOMPARE(r->identityFiles, QStringList({QStringLiteral("~/.ssh/a"), QStringLiteral("%d/b")}));
        QVERIFY(r->identitiesOnly);
        QCOMPARE(r->userKnownHostsFiles, QStringList({QStringLiteral("/k1"), QStringLiteral("/k2")}));
        QCOMPARE(r->strictHostKeyChecking, QStringLiteral("no"));
        QVERIFY(r->hashKnownHosts);
        QCOMPARE(r->proxyJump, QStringList({QStringLiteral("ops@bastion:2200"), QStringLiteral("[::1]:22")}));
        QCOMPARE(r->serverAliveIntervalS, 7);
        QCOMPARE(r->connectTimeoutS, 0);
        QCOMPARE(r->source, QStringLiteral("ssh -G"));
    }

    void refusesWhatSshGNeverPrints_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("why");
        QTest::newRow("no hostname") << QByteArray("user u\nport 22\n") << QStringLiteral("no \"hostname\"");
        QTest::newRow("port 0") << QByteArray("user u\nhostname h\nport 0\n") << QStringLiteral("port must be 1–65535");
        QTest::newRow("port 65536") << QByteArray("user u\nhostname h\nport 65536\n") << QStringLiteral("port must be 1–65535");
        QTest::newRow("port sign") << QByteArray("user u\nhostname h\nport +22\n") << QStringLiteral("port must be 1–65535");
        QTest::newRow("hostname twice") << minimal("hostname evil\n") << QStringLiteral("\"hostname\" twice");
        QTest::newRow("two-word user") << QByteArray("user a b\nhostname h\nport 22\n") << QStringLiteral("a user must be one word");
        QTest::newRow("control character") << minimal("proxycommand nc %h %p\x1b[2J\n") << QStringLiteral("a control character");
        QTest::newRow("NUL") << minimal(QByteArray("user\0x\n", 7)) << QStringLiteral("a control character");
        QTest::newRow("not a keyword") << minimal("-oProxyCommand=x y\n") << QStringLiteral("not a \"keyword value\" line");
        QTest::newRow("nine hops") << minimal("proxyjump a,b,c,d,e,f,g,h,i\n") << QStringLiteral("more than 8 jump hosts");
        QTest::newRow("hop as option") << minimal("proxyjump -oProxyCommand=x\n") << QStringLiteral("starts with '-'");
        QTest::newRow("empty hop") << minimal("proxyjump a,,b\n") << QStringLiteral("empty or too long");
        QTest::newRow("jump and command") << minimal("proxyjump a\nproxycommand nc %h %p\n") << QStringLiteral("both a proxyjump and a proxycommand");
        QTest::newRow("flag") << minimal("hashknownhosts maybe\n") << QStringLiteral("hashknownhosts must be yes or no");
        QTest::newRow("timeout") << minimal("connecttimeout 1e9\n") << QStringLiteral("connecttimeout must be none");
        QTest::newRow("too big") << QByteArray(sshgoutput::kMaxBytes + 1, 'a') << QStringLiteral("at most");
        QTest::newRow("long line") << minimal("ciphers " + QByteArray(sshgoutput::kMaxLineBytes, 'a') + '\n') << QStringLiteral("longer than");
    }

    void refusesWhatSshGNeverPrints()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, why);
        const Result<ResolvedSsh> r = sshgoutput::parse(output);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(why), qPrintable(r.error()));
    }

    void parsesJumpSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("host") << QStringLiteral("bastion") << QString() << QStringLiteral("bastion") << 0;
        QTest::newRow("user@host:port") << QStringLiteral("ops@bastion:2200") << QStringLiteral("ops") << QStringLiteral("bastion") << 2200;
        QTest::newRow("ssh:// URI") << QStringLiteral("ssh://ops@bastion:22") << QStringLiteral("ops") << QStringLiteral("bastion") << 22;
        QTest::newRow("bracketed v6") << QStringLiteral("[fe80::1]:2222") << QString() << QStringLiteral("fe80::1") << 2222;
        QTest::newRow("bare v6") << QStringLiteral("fe80::1") << QString() << QStringLiteral("fe80::1") << 0;
    }

    void parsesJumpSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(QString, user);
        QFETCH(QString, host);
        QFETCH(int, port);
        const Result<sshgoutput::JumpSpec> j = sshgoutput::parseJump(spec);
        QVERIFY2(j.ok(), qPrintable(j.error()));
        QCOMPARE(j->user, user);
        QCOMPARE(j->host, host);
        QCOMPARE(j->port, port);
    }

    void refusesBadJumpSpecs()
    {
        for (const QString &spec : {QStringLiteral("host:0"), QStringLiteral("@host"), QStringLiteral("[::1"), QStringLiteral("[::1]x"),
                                    QStringLiteral("-J"), QStringLiteral("a b"), QString()}) {
            const Result<sshgoutput::JumpSpec> j = sshgoutput::parseJump(spec);
            QVERIFY2(!j.ok(), qPrintable(spec));
            QVERIFY(!j.error().isEmpty());
        }
    }

    void expandsPathTokens()
    {
        ResolvedSsh s;
        s.hostName = QStringLiteral("10.0.0.1");
        s.user = QStringLiteral("deploy");
        s.port = 2222;
        const sshgoutput::TokenValues v{QStringLiteral("/home/me"), QStringLiteral("me"), QStringLiteral("gl-1")};
        QCOMPARE(sshgoutput::expandTokens(QStringLiteral("~/.ssh/id"), s, v), QStringLiteral("/home/me/.ssh/id"));
        QCOMPARE(sshgoutput::expandTokens(QStringLiteral("%d/k_%r@%h:%p-%n-%u%%"), s, v), QStringLiteral("/home/me/k_deploy@10.0.0.1:2222-gl-1-me%"));
        QCOMPARE(sshgoutput::expandTokens(QStringLiteral("/k/%C/%"), s, v), QStringLiteral("/k/%C/%")); // unknown tokens stay
        QCOMPARE(sshgoutput::expandTokens(QStringLiteral("/x~/y"), s, v), QStringLiteral("/x~/y"));
    }
};

QTEST_GUILESS_MAIN(TestSshGOutput)
#include "tst_sshgoutput.moc"
