#include "waitcountdown.h"

#include "cli/jsonlines.h"

#include <QDateTime>

#include <unistd.h>

namespace greenlight {

namespace {
QString clock(qint64 s)
{
    return s >= 60 ? QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0')) : QStringLiteral("%1s").arg(s);
}
} // namespace

bool stdoutIsTerminal()
{
    return isatty(STDOUT_FILENO) == 1;
}

WaitCountdown::WaitCountdown(QTextStream &out, bool json, bool live) : m_out(out), m_json(json), m_live(live && !json)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &WaitCountdown::tick);
}

bool WaitCountdown::observe(const PipelineEvent &e)
{
    if (e.kind == PipelineEvent::Kind::Step && e.state == StepState::Running && e.waitMs > 0) {
        clearLine();
        m_stage = e.stage;
        m_step = e.step;
        m_waitMs = e.waitMs;
        m_reading.clear();
        m_gates.clear();
        m_nextLineS = kLineEveryS;
        m_clock.start();
        m_timer.start();
        if (m_live)
            QTimer::singleShot(0, this, &WaitCountdown::tick); // after the step's own line
        return false;
    }
    if (!m_timer.isActive())
        return false;
    if (e.kind == PipelineEvent::Kind::Log && e.stage == m_stage && e.step == m_step && e.state != StepState::Failed) {
        m_reading = e.message;
        if (m_live)
            tick();
        return m_live;
    }
    const bool sameStepEnded = e.kind == PipelineEvent::Kind::Step && e.stage == m_stage && e.step == m_step && e.state != StepState::Running;
    if (sameStepEnded || e.kind == PipelineEvent::Kind::Stage) {
        m_timer.stop();
        clearLine();
    }
    return false;
}

void WaitCountdown::progress(const WaitProgress &p)
{
    if (!m_timer.isActive() || p.stage != m_stage || p.step != m_step)
        return;
    QStringList gates;
    for (const GateReading &g : p.gates) {
        QString one = QStringLiteral("%1 %2 ≤ %3").arg(g.metric, g.valueText(), g.thresholdText());
        if (g.streak > 0)
            one += QStringLiteral(" (over %1 of %2)").arg(g.streak).arg(g.consecutive);
        gates << one;
    }
    if (!p.noData.isEmpty())
        gates << QStringLiteral("NO DATA: %1").arg(p.noData);
    m_gates = gates.join(QStringLiteral(" · "));
}

void WaitCountdown::clearLine()
{
    if (m_drawn == 0)
        return;
    m_out << '\r' << QString(m_drawn, QLatin1Char(' ')) << '\r';
    m_out.flush();
    m_drawn = 0;
}

QString WaitCountdown::text(qint64 elapsedS, qint64 remainingS) const
{
    QString line = QStringLiteral("%1: %2 left of %3").arg(m_step, clock(remainingS), clock((m_waitMs + 999) / 1000));
    if (!m_live)
        line += QStringLiteral(" (%1 in)").arg(clock(elapsedS));
    if (!m_gates.isEmpty())
        line += QStringLiteral(" — ") + m_gates; // what the gates judge now, as the window's bake card shows it
    else if (!m_reading.isEmpty())
        line += QStringLiteral(" — ") + m_reading;
    return line;
}

void WaitCountdown::tick()
{
    if (!m_timer.isActive())
        return;
    const qint64 elapsedMs = m_clock.elapsed();
    const qint64 elapsedS = elapsedMs / 1000;
    const qint64 remainingS = std::max<qint64>(0, (m_waitMs - elapsedMs + 999) / 1000);
    if (m_live) {
        QString line = QStringLiteral("              ") + text(elapsedS, remainingS);
        const int width = int(line.size());
        if (width < m_drawn)
            line += QString(m_drawn - width, QLatin1Char(' '));
        m_out << '\r' << line;
        m_out.flush();
        m_drawn = std::max(width, m_drawn);
        return;
    }
    if (elapsedS < m_nextLineS)
        return;
    m_nextLineS += kLineEveryS;
    if (m_json) {
        printJsonLine(m_out, QJsonObject{{QStringLiteral("type"), QStringLiteral("progress")},
                                         {QStringLiteral("stage"), m_stage},
                                         {QStringLiteral("step"), m_step},
                                         {QStringLiteral("elapsed_s"), elapsedS},
                                         {QStringLiteral("remaining_s"), remainingS},
                                         {QStringLiteral("reading"), m_reading}});
        return;
    }
    m_out << QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz")) << "  ...   " << text(elapsedS, remainingS) << '\n';
    m_out.flush();
}

} // namespace greenlight
