#include "sshinteraction.h"

#include <QProcess>

namespace greenlight {

namespace {
constexpr int kAskTimeoutMs = 120000;
}

QString AskpassInteraction::program()
{
    const QString own = qEnvironmentVariable("GREENLIGHT_ASKPASS");
    return own.isEmpty() ? qEnvironmentVariable("SSH_ASKPASS") : own;
}

std::optional<QString> AskpassInteraction::ask(const QString &prompt)
{
    const QString askpass = program();
    if (askpass.isEmpty())
        return std::nullopt;
    QProcess p;
    p.start(askpass, {prompt});
    if (!p.waitForFinished(kAskTimeoutMs) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        p.kill();
        return std::nullopt;
    }
    QString answer = QString::fromUtf8(p.readAllStandardOutput());
    if (answer.endsWith(QLatin1Char('\n')))
        answer.chop(1);
    return answer;
}

std::optional<QString> AskpassInteraction::passphrase(const QString &host, const QString &keyFile)
{
    return ask(QStringLiteral("Enter passphrase for %1 (connecting to %2): ").arg(keyFile, host));
}

std::optional<QString> AskpassInteraction::answer(const QString &host, const QString &prompt, bool)
{
    return ask(QStringLiteral("%1: %2").arg(host, prompt));
}

} // namespace greenlight
