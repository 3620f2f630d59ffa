#include "runreporter.h"

#include "journal/journal.h"
#include "pipeline/lockheartbeat.h"

namespace greenlight {

namespace {
PipelineEvent makeEvent(PipelineEvent::Kind kind, const QString &stage, const QString &step, const QString &host, StepState state,
                        const QString &message, qint64 durationMs)
{
    PipelineEvent e;
    e.kind = kind;
    e.time = QDateTime::currentDateTimeUtc();
    e.stage = stage;
    e.step = step;
    e.host = host;
    e.state = state;
    e.message = message;
    e.durationMs = durationMs;
    return e;
}
} // namespace

RunReporter::RunReporter(Journal &journal, HostPool *pool, const DeploymentConfig &config, EventSink sink)
    : m_journal(journal), m_sink(std::move(sink)), m_record(journal.beginRun(config.name))
{
    if (pool)
        m_shipper.emplace(*pool, config, Lane::Work);
}

void RunReporter::stage(const QString &stage, StepState state, const QString &message, qint64 durationMs, const QString &host)
{
    if (state == StepState::Running && m_heartbeat)
        m_heartbeat->setStage(stage);
    send(makeEvent(PipelineEvent::Kind::Stage, stage, {}, host, state, message, durationMs));
    // A stage's records go to the router host at once (its steps with it): a kill -9 loses at
    // most the stage in flight there.
    ship();
}

void RunReporter::step(const QString &stage, const QString &step, const QString &host, StepState state, const QString &message,
                       qint64 durationMs)
{
    send(makeEvent(PipelineEvent::Kind::Step, stage, step, host, state, message, durationMs));
}

void RunReporter::waiting(const QString &stage, const QString &step, const QString &host, const QString &message, qint64 waitMs)
{
    PipelineEvent e = makeEvent(PipelineEvent::Kind::Step, stage, step, host, StepState::Running, message, 0);
    e.waitMs = waitMs;
    send(e);
}

void RunReporter::log(const QString &stage, const QString &step, const QString &host, const QString &line)
{
    if (m_sink)
        m_sink(makeEvent(PipelineEvent::Kind::Log, stage, step, host, StepState::Running, line, 0));
}

void RunReporter::progress(const WaitProgress &progress)
{
    if (!m_sink)
        return;
    PipelineEvent event = makeEvent(PipelineEvent::Kind::Progress, progress.stage, progress.step, {}, StepState::Running, {}, progress.elapsedMs);
    event.progress = progress;
    m_sink(event);
}

void RunReporter::warn(const QString &message)
{
    if (m_sink)
        m_sink(makeEvent(PipelineEvent::Kind::Log, QStringLiteral("journal"), {}, {},
                             StepState::Failed, message, 0));
}

void RunReporter::unrecordedStage(const QString &stage, StepState state, const QString &message)
{
    if (m_sink)
        m_sink(makeEvent(PipelineEvent::Kind::Stage, stage, {}, {}, state, message, 0));
}

void RunReporter::send(const PipelineEvent &event)
{
    recorded(m_record.record(event));
    if (m_sink)
        m_sink(event);
}

void RunReporter::recorded(const Status &written)
{
    if (written || m_journalWarned)
        return;
    m_journalWarned = true;
    warn(QStringLiteral("JOURNAL: %1 — that record is lost; the deploy goes on and its result will say so").arg(written.error()));
}

void RunReporter::ship()
{
    if (!m_shipper)
        return;
    const Status shipped = m_shipper->shipPending(m_journal);
    const bool warnNow = !shipped && !m_shipWarned;
    m_shipWarned = !shipped;
    if (warnNow)
        warn(shipped.error());
}

} // namespace greenlight
