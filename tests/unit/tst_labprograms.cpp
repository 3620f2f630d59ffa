// LabPrograms: where the lab finds sshd, HAProxy, nginx and its demo backend, and what it says
// when a server is missing (the apt-get command for exactly the missing packages). The folders
// searched are temporary ones holding empty executable files: nothing is started, so a stand-in
// file shows the lookup as well as the real program would.

#include "lab/labprograms.h"

#include <QtTest>

#include <unistd.h>

using namespace greenlight;

namespace {

void touchExecutable(const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

} // namespace

class TestLabPrograms final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingServersNameTheAptCommand_data()
    {
        QTest::addColumn<int>("router");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QString>("packages"); // empty: everything found
        QTest::addColumn<QString>("programs");
        QTest::newRow("nothing, haproxy") << int(RouterType::Haproxy) << QStringList{} << QStringLiteral("openssh-server haproxy") << QStringLiteral("sshd and haproxy");
        QTest::newRow("nothing, nginx") << int(RouterType::Nginx) << QStringList{} << QStringLiteral("openssh-server nginx-light") << QStringLiteral("sshd and nginx");
        QTest::newRow("no sshd") << int(RouterType::Haproxy) << QStringList{QStringLiteral("haproxy")} << QStringLiteral("openssh-server") << QStringLiteral("sshd");
        QTest::newRow("command router needs haproxy") << int(RouterType::Command) << QStringList{QStringLiteral("sshd"), QStringLiteral("nginx")}
                                                      << QStringLiteral("haproxy") << QStringLiteral("haproxy");
        QTest::newRow("pdns needs PowerDNS with its sqlite backend") << int(RouterType::Pdns) << QStringList{QStringLiteral("sshd"), QStringLiteral("haproxy")}
                                                                     << QStringLiteral("pdns-server pdns-backend-sqlite3 sqlite3") << QStringLiteral("pdns_server");
        QTest::newRow("rfc2136 needs BIND") << int(RouterType::Rfc2136) << QStringList{QStringLiteral("sshd"), QStringLiteral("pdns_server")}
                                            << QStringLiteral("bind9 bind9-dnsutils") << QStringLiteral("named");
        QTest::newRow("all there, nginx") << int(RouterType::Nginx) << QStringList{QStringLiteral("sshd"), QStringLiteral("nginx")} << QString() << QString();
    }

    void missingServersNameTheAptCommand()
    {
        QFETCH(int, router);
        QFETCH(QStringList, present);
        QFETCH(QString, packages);
        QFETCH(QString, programs);
        QTemporaryDir sbin;
        QTemporaryDir other;
        QVERIFY(sbin.isValid() && other.isValid());
        for (const QString &p : std::as_const(present))
            touchExecutable(sbin.path() + QLatin1Char('/') + p);
        const Result<LabPrograms> found = LabPrograms::findServers(static_cast<RouterType>(router), {other.path(), sbin.path()});
        if (packages.isEmpty()) {
            QVERIFY2(found.ok(), qPrintable(found.error()));
            QCOMPARE(found->sshd, sbin.path() + QStringLiteral("/sshd"));
            QCOMPARE(found->router, sbin.path() + QStringLiteral("/nginx"));
            return;
        }
        QVERIFY(!found.ok());
        const QString apt = (::geteuid() == 0 ? QStringLiteral("apt-get install ") : QStringLiteral("sudo apt-get install ")) + packages;
        QVERIFY2(found.error().endsWith(QStringLiteral("install with: ") + apt), qPrintable(found.error()));
        QVERIFY2(found.error().startsWith(QStringLiteral("the lab needs %1, not found in ").arg(programs)), qPrintable(found.error()));
    }

    void aNonExecutableFileIsNotAServer()
    {
        QTemporaryDir sbin;
        QFile plain(sbin.path() + QStringLiteral("/sshd"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        touchExecutable(sbin.path() + QStringLiteral("/haproxy"));
        const Result<LabPrograms> found = LabPrograms::findServers(RouterType::Haproxy, {sbin.path()});
        QVERIFY(!found.ok());
        QVERIFY2(found.error().endsWith(QStringLiteral("apt-get install openssh-server")), qPrintable(found.error()));
    }

    void demoFromTheInstalledAndTheBuiltLayout()
    {
        qunsetenv("GREENLIGHT_DEMO_BIN");
        QTemporaryDir prefix;
        QVERIFY(prefix.isValid());
        // Installed: <prefix>/bin/greenlight and <prefix>/libexec/greenlight/greenlight-demo.
        QDir().mkpath(prefix.path() + QStringLiteral("/usr/bin"));
        touchExecutable(prefix.path() + QStringLiteral("/usr/libexec/greenlight/greenlight-demo"));
        QCOMPARE(LabPrograms::findDemo(prefix.path() + QStringLiteral("/usr/bin")), prefix.path() + QStringLiteral("/usr/libexec/greenlight/greenlight-demo"));
        // Built: <build>/app/greenlight beside <build>/lab/demo/greenlight-demo.
        QDir().mkpath(prefix.path() + QStringLiteral("/build/app"));
        touchExecutable(prefix.path() + QStringLiteral("/build/lab/demo/greenlight-demo"));
        QCOMPARE(LabPrograms::findDemo(prefix.path() + QStringLiteral("/build/app")), prefix.path() + QStringLiteral("/build/lab/demo/greenlight-demo"));
        // The environment wins.
        qputenv("GREENLIGHT_DEMO_BIN", QFile::encodeName(prefix.path() + QStringLiteral("/build/lab/demo/greenlight-demo")));
        QCOMPARE(LabPrograms::findDemo(prefix.path() + QStringLiteral("/usr/bin")), prefix.path() + QStringLiteral("/build/lab/demo/greenlight-demo"));
        qunsetenv("GREENLIGHT_DEMO_BIN");
    }
};

QTEST_GUILESS_MAIN(TestLabPrograms)
#include "tst_labprograms.moc"
