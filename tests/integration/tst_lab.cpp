// The local lab starts real servers and leaves nothing behind: not when it stops, and not
// when its owner is killed outright.

#include "integration/labfixture.h"

#include "http/httpcheck.h"

#include <QDirIterator>
#include <QProcess>
#include <QtTest>

using namespace greenlight;

namespace {

// Pids of processes whose command line mentions `needle` (every lab process names its folder).
QList<int> processesMentioning(const QString &needle)
{
    QList<int> pids;
    const QByteArray n = needle.toUtf8();
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        it.next();
        bool numeric = false;
        const int pid = it.fileName().toInt(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(it.filePath() + QStringLiteral("/cmdline"));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(n))
            pids << pid;
    }
    return pids;
}

} // namespace

class TestLab final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void startsRealServersAndStopsEveryOne()
    {
        test::LabFixture fixture;
        QVERIFY(fixture.start());
        const QString root = fixture.lab.rootDir();
        // 5 sshd + HAProxy + 4 backends + traffic.
        QVERIFY2(processesMentioning(root).size() >= 11, qPrintable(QString::number(processesMentioning(root).size())));
        const Result<HttpReply> reply = HttpCheck::get(fixture.lab.frontendUrl() + QStringLiteral("version"), 3000);
        QVERIFY2(reply.ok(), qPrintable(reply.error()));
        QCOMPARE(reply->bodyText(), QStringLiteral("1.0.0"));

        fixture.lab.stop();
        QCOMPARE(processesMentioning(root), QList<int>{});
        QVERIFY(!QFile::exists(root));

        // A second lab starts right after.
        test::LabFixture second;
        QVERIFY(second.start());
        second.lab.stop();
    }

    void nothingOutlivesAKilledOwner()
    {
        QProcess owner;
        owner.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("lab")});
        QVERIFY(owner.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += owner.readAllStandardOutput()).contains('\n'), 30000);
        const QString root = QString::fromUtf8(out.left(out.indexOf('\n'))).remove(QStringLiteral("lab running in "));
        QVERIFY(root.startsWith(QLatin1Char('/')));
        QVERIFY(!processesMentioning(root).isEmpty());
        owner.kill(); // SIGKILL: no teardown code runs
        owner.waitForFinished();
        // The kernel's parent-death signal and the backends' owner watch end the rest.
        QTRY_COMPARE_WITH_TIMEOUT(processesMentioning(root), QList<int>{}, 10000);
        QDir(root).removeRecursively();
    }
};

QTEST_GUILESS_MAIN(TestLab)
#include "tst_lab.moc"
