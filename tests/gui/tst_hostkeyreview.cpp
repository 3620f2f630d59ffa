// New host keys, reviewed in one dialog as the window shows it, on the lab's real sshd hosts
// with an empty known_hosts: every new key is listed once (the router once, although it is
// reached by two sessions), the operator ticks and clicks, only the trusted hosts connect, and
// their keys are written once each, hashed because ssh_config says HashKnownHosts yes, and read
// back by `ssh-keygen -F`.

#include "integration/hostkeyfiles.h"
#include "integration/labfixture.h"

#include "consolewindow.h"
#include "controller/deploymentcontroller.h"
#include "guiinteraction.h"
#include "hostkeyreviewdialog.h"
#include "ssh/sshinteraction.h"

#include <QFile>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace greenlight;

class TestHostKeyReview final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;

    // The lab's deployment file, with an empty known_hosts and Debian's HashKnownHosts yes.
    [[nodiscard]] DeploymentConfig freshKnownHosts(const QTemporaryDir &dir) const
    {
        DeploymentConfig config = *m_lab.config;
        config.ssh.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
        QFile sshConfig(dir.filePath(QStringLiteral("ssh_config")));
        if (sshConfig.open(QIODevice::WriteOnly))
            sshConfig.write("Host *\n  HashKnownHosts yes\n");
        config.ssh.useSshConfig = true;
        config.ssh.sshConfigFile = sshConfig.fileName();
        return config;
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

    void oneDialogListsEveryNewKeyAndOnlyTheTrustedConnect()
    {
        QTemporaryDir dir;
        const DeploymentConfig config = freshKnownHosts(dir);
        const QString knownHosts = config.ssh.knownHostsFile;
        auto prompts = std::make_shared<GuiInteraction>(nullptr);
        DeploymentController controller(config, HostKeyPolicy::Review, std::make_shared<PromptedInteraction>(prompts));
        ConsoleWindow window(&controller);
        window.show();
        QSignalSpy offered(&controller, &DeploymentController::hostKeysToReview);
        controller.connectHosts(0);

        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<HostKeyReviewDialog *>(), 30000);
        auto *dialog = window.findChild<HostKeyReviewDialog *>();
        QVERIFY(dialog->isVisible());
        QCOMPARE(offered.count(), 1);
        // Every host once: the router's two sessions (work and control lanes) are one row.
        QStringList listed;
        for (const NewHostKey &k : dialog->keys()) {
            listed << k.host;
            QVERIFY2(k.fingerprint.startsWith(QStringLiteral("ssh-ed25519 SHA256:")), qPrintable(k.fingerprint));
            QCOMPARE(k.knownHostsFile, knownHosts);
            QVERIFY(k.hashed);
        }
        QStringList expected;
        for (const HostConfig &h : config.hosts)
            expected << h.name;
        listed.sort();
        expected.sort();
        QCOMPARE(listed, expected);
        for (const HostConfig &h : config.hosts)
            QCOMPARE(controller.hostStatus(h.name).state, HostState::Failed); // nothing connected before the answer
        QVERIFY(!QFile::exists(knownHosts));

        // green-2's key is not trusted: untick its row, then "Trust selected".
        const auto &keys = dialog->keys();
        const qsizetype skipped = std::find_if(keys.cbegin(), keys.cend(), [](const NewHostKey &k) { return k.host == QLatin1String("green-2"); })
                                  - keys.cbegin();
        QVERIFY(skipped < keys.size());
        dialog->setTicked(static_cast<int>(skipped), false);
        auto *trustSelected = dialog->findChild<QPushButton *>(QStringLiteral("trustSelectedButton"));
        QVERIFY2(trustSelected->text().contains(QStringLiteral("%1 of %2").arg(expected.size() - 1).arg(expected.size())),
                 qPrintable(trustSelected->text()));
        QTest::mouseClick(trustSelected, Qt::LeftButton);

        for (const HostConfig &h : config.hosts) {
            if (h.name == QLatin1String("green-2"))
                continue;
            QTRY_VERIFY2_WITH_TIMEOUT(controller.hostStatus(h.name).state == HostState::Ready, qPrintable(h.name), 30000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(controller.hostStatus(QStringLiteral("green-2")).reason.contains(QStringLiteral("not trusted in the review")),
                                 30000);
        QCOMPARE(controller.hostStatus(QStringLiteral("green-2")).state, HostState::Failed);
        QCOMPARE(offered.count(), 1); // a declined key is not offered again
        QVERIFY(!controller.reviewingHostKeys());

        const QStringList written = test::knownHostsLines(knownHosts);
        QCOMPARE(written.size(), expected.size() - 1); // once each, the router too
        for (const QString &line : written)
            QVERIFY2(line.startsWith(QStringLiteral("|1|")), qPrintable(line));
        for (const HostConfig &h : config.hosts) {
            const QString pattern = QStringLiteral("[%1]:%2").arg(h.address).arg(h.port);
            QCOMPARE(test::foundBySshKeygen(knownHosts, pattern), h.name != QLatin1String("green-2") ? 1 : 0); // once each
        }
    }

    void trustNoneLeavesEveryHostDisconnectedAndKnownHostsUntouched()
    {
        QTemporaryDir dir;
        const DeploymentConfig config = freshKnownHosts(dir);
        auto prompts = std::make_shared<GuiInteraction>(nullptr);
        DeploymentController controller(config, HostKeyPolicy::Review, std::make_shared<PromptedInteraction>(prompts));
        ConsoleWindow window(&controller);
        window.show();
        controller.connectHosts(0);
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<HostKeyReviewDialog *>(), 30000);
        auto *dialog = window.findChild<HostKeyReviewDialog *>();
        auto *none = dialog->findChild<QPushButton *>(QStringLiteral("trustNoneButton"));
        QVERIFY(none->isDefault()); // Enter never trusts a key by accident
        QTest::mouseClick(none, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.reviewingHostKeys(), 10000);
        for (const HostConfig &h : config.hosts)
            QCOMPARE(controller.hostStatus(h.name).state, HostState::Failed);
        QVERIFY(!QFile::exists(config.ssh.knownHostsFile));
    }
};

QTEST_MAIN(TestHostKeyReview)
#include "tst_hostkeyreview.moc"
