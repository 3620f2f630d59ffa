#include "journal.h"

#include "common/safename.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

namespace greenlight {

Journal::Journal(QString path) : m_file(std::move(path)) {}

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

QString Journal::newRunId()
{
    return QStringLiteral("%1-%2-%3")
        .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")))
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
}

JournalRun Journal::beginRun(const QString &deploymentName)
{
    const QString id = newRunId();
    {
        QMutexLocker lock(&m_runsMutex);
        m_runsBegun.insert(id);
    }
    return JournalRun(*this, deploymentName, id, JournalRun::NewRun{});
}

bool Journal::begunHere(const QString &runId) const
{
    QMutexLocker lock(&m_runsMutex);
    return m_runsBegun.contains(runId);
}

Status Journal::checkWritable() const
{
    return m_file.checkWritable(kMinFreeBytes);
}

Status Journal::append(QJsonObject record)
{
    record.insert(QStringLiteral("operator"), operatorName());
    const QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n';
    QMutexLocker lock(&m_mutex);
    return m_file.append(line);
}

std::optional<DeploySummary> Journal::lastDeploy(const QString &deploymentName) const
{
    return read().lastDeploy(deploymentName);
}

std::optional<Journal::WarmWindow> Journal::lastWarmWindow(const QString &deploymentName) const
{
    return read().lastWarmWindow(deploymentName);
}

QList<QJsonObject> Journal::readAll() const
{
    return read().records();
}

QString Journal::colourBeforeLastDeploy() const
{
    const std::optional<DeploySummary> last = read().lastDeploy();
    return last ? last->fromColour : QString();
}

void Journal::appendUnchecked(const QJsonObject &record)
{
    if (const Status written = append(record); !written)
        qWarning("greenlight: a journal record was lost: %s", qPrintable(written.error()));
}

void Journal::record(const PipelineEvent &event, const QString &deploymentName)
{
    if (event.kind == PipelineEvent::Kind::Stage || event.kind == PipelineEvent::Kind::Step)
        appendUnchecked(JournalRun::eventRecord(event, deploymentName));
}

void Journal::recordStart(const QString &deploymentName, const QString &from, const QString &to, const QString &version)
{
    appendUnchecked(JournalRun::startRecord(deploymentName, from, to, version));
}

void Journal::recordEnd(const QString &deploymentName, const PipelineOutcome &outcome)
{
    appendUnchecked(JournalRun::endRecord(deploymentName, outcome));
}

void Journal::recordSwitch(const QString &deploymentName, const QString &from, const QString &to, const QString &version,
                           const QString &reason)
{
    appendUnchecked(JournalRun::switchRecord(deploymentName, from, to, version, reason));
}

void Journal::recordWarmWindow(const QString &deploymentName, const QString &colour, const QString &version, const QDateTime &until,
                               bool cleanedUp)
{
    appendUnchecked(JournalRun::warmRecord(deploymentName, colour, version, until, cleanedUp));
}

} // namespace greenlight
