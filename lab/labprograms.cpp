#include "labprograms.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <unistd.h>

namespace greenlight {

namespace {

struct Server
{
    QString program;
    QString package; // the Debian 12 package that installs it
};

QString findIn(const QString &program, const QStringList &dirs)
{
    for (const QString &dir : dirs) {
        const QFileInfo candidate(dir + QLatin1Char('/') + program);
        if (candidate.isFile() && candidate.isExecutable())
            return candidate.absoluteFilePath();
    }
    return {};
}

} // namespace

QStringList LabPrograms::serverDirs()
{
    return {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin"), QStringLiteral("/sbin")};
}

Result<LabPrograms> LabPrograms::findServers(RouterType router, const QStringList &dirs)
{
    Server routerServer{QStringLiteral("haproxy"), QStringLiteral("haproxy")};
    if (router == RouterType::Nginx)
        routerServer = {QStringLiteral("nginx"), QStringLiteral("nginx-light")};
    else if (router == RouterType::Pdns)
        routerServer = {QStringLiteral("pdns_server"), QStringLiteral("pdns-server pdns-backend-sqlite3 sqlite3")};
    else if (router == RouterType::Rfc2136)
        routerServer = {QStringLiteral("named"), QStringLiteral("bind9 bind9-dnsutils")};
    const Server sshd{QStringLiteral("sshd"), QStringLiteral("openssh-server")};
    LabPrograms found;
    found.sshd = findIn(sshd.program, dirs);
    found.router = findIn(routerServer.program, dirs);
    QStringList missingPrograms;
    QStringList missingPackages;
    for (const auto &[path, server] : {std::pair{found.sshd, sshd}, std::pair{found.router, routerServer}}) {
        if (path.isEmpty()) {
            missingPrograms << server.program;
            missingPackages << server.package;
        }
    }
    if (missingPrograms.isEmpty())
        return found;
    const QString apt = (::geteuid() == 0 ? QStringLiteral("apt-get install ") : QStringLiteral("sudo apt-get install "))
                        + missingPackages.join(QLatin1Char(' '));
    return Result<LabPrograms>::failure(QStringLiteral("the lab needs %1, not found in %2; install with: %3")
                                            .arg(missingPrograms.join(QStringLiteral(" and ")), dirs.join(QLatin1Char(':')), apt));
}

QString LabPrograms::findDemo(const QString &appDir)
{
    const QString fromEnv = qEnvironmentVariable("GREENLIGHT_DEMO_BIN");
    if (!fromEnv.isEmpty() && QFile::exists(fromEnv))
        return fromEnv;
    // Installed: <prefix>/bin/greenlight and <prefix>/libexec/greenlight/greenlight-demo.
    // Built: <build>/app/greenlight (and <build>/tests/tst_*) beside <build>/lab/demo/greenlight-demo.
    const QStringList candidates = {appDir + QStringLiteral("/" GREENLIGHT_DEMO_FROM_BIN "/greenlight-demo"),
                                    appDir + QStringLiteral("/../lab/demo/greenlight-demo")};
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    }
    return QStandardPaths::findExecutable(QStringLiteral("greenlight-demo"));
}

} // namespace greenlight
