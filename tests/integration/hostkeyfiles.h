#pragma once

// Shared by the host-key tests: what a known_hosts file holds, as read by us and by OpenSSH's
// own `ssh-keygen -F`, and a console interaction with nobody at the keyboard.

#include "ssh/sshinteraction.h"

#include <QFile>
#include <QProcess>
#include <QStringList>

namespace greenlight::test {

// The file's non-empty lines; none when it cannot be read.
inline QStringList knownHostsLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// `ssh-keygen -F` on the file: how many entries it found for the pattern ("[host]:port").
inline int foundBySshKeygen(const QString &knownHosts, const QString &pattern)
{
    QProcess keygen;
    keygen.start(QStringLiteral("ssh-keygen"), {QStringLiteral("-F"), pattern, QStringLiteral("-f"), knownHosts});
    if (!keygen.waitForFinished(10000) || keygen.exitCode() != 0)
        return 0;
    return static_cast<int>(QString::fromUtf8(keygen.readAllStandardOutput()).count(QStringLiteral("found: line")));
}

// The console's side of SSH questions, with nobody to type: new host keys wait in its review.
struct NobodyTyping final : SshInteraction
{
    std::optional<QString> passphrase(const QString &, const QString &) override { return std::nullopt; }
    std::optional<QString> answer(const QString &, const QString &, bool) override { return std::nullopt; }
};

} // namespace greenlight::test
