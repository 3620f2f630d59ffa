#include "journal.h"

#include "common/safename.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

namespace greenlight {

QString stepStateName(StepState state)
{
    switch (state) {
    case StepState::Pending: return QStringLiteral("pending");
    case StepState::Running: return QStringLiteral("running");
    case StepState::Succeeded: return QStringLiteral("succeeded");
    case StepState::Failed: return QStringLiteral("failed");
    case StepState::Skipped: return QStringLiteral("skipped");
    case StepState::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

Journal::Journal(QString path) : m_path(std::move(path)) {}

QString Journal::defaultPath(const QString &deploymentName)
{
    const QString safe = safeFileName(deploymentName);
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + QStringLiteral("/greenlight/journal/") + safe + QStringLiteral(".jsonl");
}

QString Journal::operatorName()
{
    QByteArray user = qgetenv("USER");
    if (user.isEmpty()) {
        const passwd *pw = ::getpwuid(::geteuid());
        user = pw ? QByteArray(pw->pw_name) : QByteArray("uid ") + QByteArray::number(::geteuid());
    }
    return QString::fromLocal8Bit(user) + QLatin1Char('@') + QSysInfo::machineHostName();
}

void Journal::append(QJsonObject entry)
{
    entry.insert(QStringLiteral("operator"), operatorName());
    const QByteArray line = QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&m_mutex);
    m_unshipped += line;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        qWarning("greenlight: cannot write the journal %s: %s", qPrintable(m_path), qPrintable(file.errorString()));
        return;
    }
    file.write(line);
    file.flush();
    ::fsync(file.handle());
}

void Journal::record(const PipelineEvent &e, const QString &deploymentName)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("deployment"), deploymentName);
    o.insert(QStringLiteral("kind"), e.kind == PipelineEvent::Kind::Stage ? QStringLiteral("stage") : QStringLiteral("step"));
    o.insert(QStringLiteral("stage"), e.stage);
    if (!e.step.isEmpty())
        o.insert(QStringLiteral("step"), e.step);
    if (!e.host.isEmpty())
        o.insert(QStringLiteral("host"), e.host);
    o.insert(QStringLiteral("state"), stepStateName(e.state));
    if (!e.message.isEmpty())
        o.insert(QStringLiteral("message"), e.message);
    if (e.durationMs > 0)
        o.insert(QStringLiteral("duration_ms"), e.durationMs);
    append(o);
}

void Journal::recordStart(const QString &deploymentName, const QString &from, const QString &to, const QString &version)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("deployment"), deploymentName);
    o.insert(QStringLiteral("kind"), QStringLiteral("start"));
    o.insert(QStringLiteral("from"), from);
    o.insert(QStringLiteral("to"), to);
    o.insert(QStringLiteral("version"), version);
    append(o);
}

void Journal::recordEnd(const QString &deploymentName, const PipelineOutcome &outcome)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("deployment"), deploymentName);
    o.insert(QStringLiteral("kind"), QStringLiteral("end"));
    o.insert(QStringLiteral("version"), outcome.version);
    o.insert(QStringLiteral("succeeded"), outcome.succeeded);
    o.insert(QStringLiteral("rolled_back"), outcome.rolledBack);
    if (!outcome.failedStage.isEmpty())
        o.insert(QStringLiteral("failed_stage"), outcome.failedStage);
    o.insert(QStringLiteral("message"), outcome.message);
    append(o);
}

void Journal::recordSwitch(const QString &deploymentName, const QString &from, const QString &to, const QString &version,
                           const QString &reason)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("deployment"), deploymentName);
    o.insert(QStringLiteral("kind"), QStringLiteral("switch"));
    o.insert(QStringLiteral("from"), from);
    o.insert(QStringLiteral("to"), to);
    if (!version.isEmpty())
        o.insert(QStringLiteral("version"), version);
    o.insert(QStringLiteral("reason"), reason);
    append(o);
}

void Journal::recordWarmWindow(const QString &deploymentName, const QString &colour, const QString &version, const QDateTime &until,
                               bool cleanedUp)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("deployment"), deploymentName);
    o.insert(QStringLiteral("kind"), cleanedUp ? QStringLiteral("cleaned") : QStringLiteral("warm"));
    o.insert(QStringLiteral("colour"), colour);
    o.insert(QStringLiteral("version"), version);
    if (until.isValid())
        o.insert(cleanedUp ? QStringLiteral("at") : QStringLiteral("until"), until.toString(Qt::ISODate));
    append(o);
}

std::optional<Journal::WarmWindow> Journal::lastWarmWindow(const QString &deploymentName) const
{
    std::optional<WarmWindow> warm;
    for (const QJsonObject &o : readAll()) {
        if (o.value(QStringLiteral("deployment")).toString() != deploymentName)
            continue;
        const QString kind = o.value(QStringLiteral("kind")).toString();
        if (kind == QLatin1String("warm"))
            warm = WarmWindow{o.value(QStringLiteral("colour")).toString(), o.value(QStringLiteral("version")).toString(),
                              QDateTime::fromString(o.value(QStringLiteral("until")).toString(), Qt::ISODate)};
        else if (kind == QLatin1String("cleaned") || kind == QLatin1String("start"))
            warm.reset();
    }
    return warm;
}

QByteArray Journal::takeUnshipped()
{
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_unshipped, {});
}

QList<QJsonObject> Journal::readAll() const
{
    QMutexLocker lock(&m_mutex);
    QList<QJsonObject> entries;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            entries << doc.object(); // a torn last line (crash mid-write) is skipped
    }
    return entries;
}

QString Journal::colourBeforeLastDeploy() const
{
    const QList<QJsonObject> entries = readAll();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->value(QStringLiteral("kind")).toString() == QLatin1String("start"))
            return it->value(QStringLiteral("from")).toString();
    }
    return {};
}

} // namespace greenlight
