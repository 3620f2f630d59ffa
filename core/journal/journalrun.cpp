#include "journalrun.h"

#include "journal/journal.h"

#include <algorithm>

namespace greenlight {

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

JournalRun::JournalRun(Journal &journal, QString deployment, QString id)
    : m_journal(&journal), m_deployment(std::move(deployment)), m_id(std::move(id)), m_state(std::make_shared<State>())
{
}

JournalRun::JournalRun(Journal &journal, QString deployment, QString id, NewRun)
    : JournalRun(journal, std::move(deployment), std::move(id))
{
    m_state->nextSeq = 1;
}

Status JournalRun::write(QJsonObject record)
{
    // Held across the append: records of one run reach the file in sequence order.
    QMutexLocker lock(&m_state->mutex);
    if (m_state->nextSeq == 0) {
        // Another process may have written this run's first records: never number one twice.
        qint64 last = 0;
        if (!m_id.isEmpty()) {
            for (const QJsonObject &o : m_journal->read().run(m_id))
                last = std::max(last, o.value(QLatin1String("seq")).toInteger());
        }
        m_state->nextSeq = last + 1;
    }
    if (!m_id.isEmpty()) {
        record.insert(QStringLiteral("run"), m_id);
        record.insert(QStringLiteral("seq"), m_state->nextSeq);
    }
    ++m_state->nextSeq; // a failed record leaves a gap readers can count
    const Status written = m_journal->append(std::move(record));
    if (!written) {
        if (m_state->failed++ == 0)
            m_state->firstFailure = written;
    }
    return written;
}

Status JournalRun::firstFailure() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->firstFailure;
}

int JournalRun::failedRecords() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->failed;
}

Status JournalRun::record(const PipelineEvent &event)
{
    if (event.kind == PipelineEvent::Kind::Log || event.kind == PipelineEvent::Kind::Progress)
        return {};
    return write(eventRecord(event, m_deployment));
}

Status JournalRun::start(const QString &from, const QString &to, const QString &version)
{
    return write(startRecord(m_deployment, from, to, version));
}

Status JournalRun::end(const PipelineOutcome &outcome)
{
    return write(endRecord(m_deployment, outcome));
}

Status JournalRun::switched(const QString &from, const QString &to, const QString &version, const QString &reason)
{
    return write(switchRecord(m_deployment, from, to, version, reason));
}

Status JournalRun::warmWindow(const QString &colour, const QString &version, const QDateTime &until, bool cleanedUp)
{
    return write(warmRecord(m_deployment, colour, version, until, cleanedUp));
}

QJsonObject JournalRun::eventRecord(const PipelineEvent &e, const QString &deployment)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("deployment"), deployment);
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
    return o;
}

QJsonObject JournalRun::startRecord(const QString &deployment, const QString &from, const QString &to, const QString &version)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), now());
    o.insert(QStringLiteral("deployment"), deployment);
    o.insert(QStringLiteral("kind"), QStringLiteral("start"));
    o.insert(QStringLiteral("from"), from);
    o.insert(QStringLiteral("to"), to);
    o.insert(QStringLiteral("version"), version);
    return o;
}

QJsonObject JournalRun::endRecord(const QString &deployment, const PipelineOutcome &outcome)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), now());
    o.insert(QStringLiteral("deployment"), deployment);
    o.insert(QStringLiteral("kind"), QStringLiteral("end"));
    o.insert(QStringLiteral("version"), outcome.version);
    o.insert(QStringLiteral("succeeded"), outcome.succeeded);
    o.insert(QStringLiteral("rolled_back"), outcome.rolledBack);
    if (!outcome.failedStage.isEmpty())
        o.insert(QStringLiteral("failed_stage"), outcome.failedStage);
    o.insert(QStringLiteral("message"), outcome.message);
    return o;
}

QJsonObject JournalRun::switchRecord(const QString &deployment, const QString &from, const QString &to, const QString &version,
                                     const QString &reason)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), now());
    o.insert(QStringLiteral("deployment"), deployment);
    o.insert(QStringLiteral("kind"), QStringLiteral("switch"));
    o.insert(QStringLiteral("from"), from);
    o.insert(QStringLiteral("to"), to);
    if (!version.isEmpty())
        o.insert(QStringLiteral("version"), version);
    o.insert(QStringLiteral("reason"), reason);
    return o;
}

QJsonObject JournalRun::warmRecord(const QString &deployment, const QString &colour, const QString &version, const QDateTime &until,
                                   bool cleanedUp)
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), now());
    o.insert(QStringLiteral("deployment"), deployment);
    o.insert(QStringLiteral("kind"), cleanedUp ? QStringLiteral("cleaned") : QStringLiteral("warm"));
    o.insert(QStringLiteral("colour"), colour);
    o.insert(QStringLiteral("version"), version);
    if (until.isValid())
        o.insert(cleanedUp ? QStringLiteral("at") : QStringLiteral("until"), until.toString(Qt::ISODate));
    return o;
}

} // namespace greenlight
