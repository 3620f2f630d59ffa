#pragma once

// Shared by the integration tests that run the real `greenlight` program (GREENLIGHT_BIN).

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

namespace greenlight::test {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    [[nodiscard]] QString all() const { return out + err; }
};

inline Run runGreenlight(const QStringList &arguments, int timeoutMs = 120000)
{
    QProcess p;
    p.start(qEnvironmentVariable("GREENLIGHT_BIN"), arguments);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Writes a copy of the deployment file `from` with one change to `to`; returns `to`, or
// nothing when either file cannot be used.
inline QString variantConfig(const QString &from, const QString &to, const std::function<void(QJsonObject &)> &change)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
    change(root);
    QFile out(to);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    out.write(QJsonDocument(root).toJson());
    return to;
}

} // namespace greenlight::test
