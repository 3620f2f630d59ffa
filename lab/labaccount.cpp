#include "labaccount.h"

#include <QProcess>

#include <pwd.h>
#include <unistd.h>

namespace greenlight {

Result<LabAccount> LabAccount::resolve()
{
    LabAccount account;
    if (::geteuid() != 0) {
        const passwd *pw = ::getpwuid(::geteuid());
        if (!pw)
            return Result<LabAccount>::failure(QStringLiteral("cannot look up the current user"));
        account.name = QString::fromLocal8Bit(pw->pw_name);
        account.uid = pw->pw_uid;
        account.gid = pw->pw_gid;
        return account;
    }
    const QByteArray name(kDedicatedName);
    if (!::getpwnam(name.constData())) {
        QProcess useradd;
        useradd.start(QStringLiteral("useradd"), {QStringLiteral("--system"), QStringLiteral("--create-home"),
                                                  QStringLiteral("--home-dir"), QStringLiteral("/var/lib/greenlight-lab"),
                                                  QStringLiteral("--shell"), QStringLiteral("/bin/sh"), QString::fromLatin1(name)});
        if (!useradd.waitForFinished(20000) || useradd.exitCode() != 0)
            return Result<LabAccount>::failure(QStringLiteral("cannot create the lab account %1: %2")
                                                   .arg(QString::fromLatin1(name), QString::fromLocal8Bit(useradd.readAllStandardError()).trimmed()));
    }
    const passwd *pw = ::getpwnam(name.constData());
    if (!pw)
        return Result<LabAccount>::failure(QStringLiteral("the lab account %1 does not exist").arg(QString::fromLatin1(name)));
    account.name = QString::fromLatin1(name);
    account.uid = pw->pw_uid;
    account.gid = pw->pw_gid;
    account.switchUser = true;
    return account;
}

} // namespace greenlight
