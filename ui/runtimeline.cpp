#include "runtimeline.h"

#include "theme.h"

#include <QBrush>
#include <QDateTime>

namespace greenlight {

namespace {

QColor stateColour(StepState s)
{
    switch (s) {
    case StepState::Succeeded: return Theme::colour(Theme::Role::Success);
    case StepState::Failed: return Theme::colour(Theme::Role::Danger);
    case StepState::Cancelled: return Theme::colour(Theme::Role::Warning);
    case StepState::Running: return Theme::colour(Theme::Role::Info);
    default: return Theme::colour(Theme::Role::Muted);
    }
}

QString durationText(qint64 ms)
{
    if (ms >= 60000)
        return QStringLiteral("%1 min %2 s").arg(ms / 60000).arg((ms % 60000) / 1000);
    return ms >= 1000 ? QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1) : QStringLiteral("%1 ms").arg(ms);
}

QString stateMark(StepState s)
{
    switch (s) {
    case StepState::Succeeded: return QStringLiteral("✔ ");
    case StepState::Failed: return QStringLiteral("✖ ");
    case StepState::Cancelled: return QStringLiteral("■ ");
    case StepState::Running: return QStringLiteral("▶ ");
    default: return QStringLiteral("· ");
    }
}

} // namespace

RunTimeline::RunTimeline(QObject *parent) : QStandardItemModel(0, ColumnCount, parent)
{
    setHorizontalHeaderLabels({tr("Stage / step / host"), tr("State"), tr("Duration"), tr("Detail")});
}

QList<QStandardItem *> RunTimeline::makeRow(const QString &what) const
{
    QList<QStandardItem *> row;
    row << new QStandardItem(what);
    for (int c = 1; c < ColumnCount; ++c)
        row << new QStandardItem;
    for (QStandardItem *item : row)
        item->setEditable(false);
    return row;
}

void RunTimeline::beginRun(const QString &title)
{
    const QList<QStandardItem *> row = makeRow(QStringLiteral("%1 — %2").arg(title, QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    QFont bold = row.first()->font();
    bold.setBold(true);
    row.first()->setFont(bold);
    appendRow(row);
    m_run = row.first();
    m_stages.clear();
    m_steps.clear();
    m_stepByHost.clear();
    m_running.clear();
    m_logLines = 0;
    m_failureShown = false;
    Q_EMIT rowAppended(m_run->index());
}

void RunTimeline::setState(QStandardItem *first, StepState state, qint64 durationMs, const QString &detail)
{
    QStandardItem *parent = first->parent() ? first->parent() : invisibleRootItem();
    const int row = first->row();
    QStandardItem *stateItem = parent->child(row, State);
    stateItem->setText(stateMark(state) + stepStateName(state));
    stateItem->setForeground(QBrush(stateColour(state)));
    stateItem->setData(static_cast<int>(state), Qt::UserRole);
    if (state == StepState::Running) {
        if (!m_running.contains(first))
            m_running[first].start();
    } else {
        const QElapsedTimer started = m_running.take(first);
        const qint64 ms = durationMs > 0 ? durationMs : started.isValid() ? started.elapsed() : 0;
        parent->child(row, Duration)->setText(ms > 0 ? durationText(ms) : QString());
    }
    if (state == StepState::Failed && !m_failureShown) {
        m_failureShown = true;
        Q_EMIT failed(first->index());
    }
    if (!detail.isEmpty()) {
        parent->child(row, Detail)->setText(detail);
        parent->child(row, Detail)->setToolTip(detail);
    }
}

QStandardItem *RunTimeline::stage(const QString &name)
{
    if (!m_run)
        beginRun(tr("Run"));
    if (QStandardItem *existing = m_stages.value(name))
        return existing;
    const QList<QStandardItem *> row = makeRow(name);
    m_run->appendRow(row);
    m_stages.insert(name, row.first());
    Q_EMIT rowAppended(row.first()->index());
    return row.first();
}

QStandardItem *RunTimeline::stageItem(const QString &name) const
{
    return m_stages.value(name);
}

void RunTimeline::tick()
{
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it) {
        QStandardItem *first = it.key();
        QStandardItem *parent = first->parent() ? first->parent() : invisibleRootItem();
        parent->child(first->row(), Duration)->setText(QStringLiteral("%1 …").arg(durationText(it.value().elapsed())));
    }
}

void RunTimeline::addEvent(const PipelineEvent &e)
{
    if (e.kind == PipelineEvent::Kind::Progress)
        return; // superseded a second later: the bake card shows it
    QStandardItem *stageRow = stage(e.stage);
    if (e.kind == PipelineEvent::Kind::Stage) {
        setState(stageRow, e.state, e.durationMs, e.message);
        return;
    }
    if (e.kind == PipelineEvent::Kind::Log) {
        const QList<QStandardItem *> row = makeRow(e.message);
        row.first()->setForeground(QBrush(Theme::colour(Theme::Role::Muted)));
        row.first()->setToolTip(e.message);
        stageRow->appendRow(row);
        return;
    }
    const QString key = e.stage + QLatin1Char('|') + e.step + QLatin1Char('|') + e.host;
    QStandardItem *step = m_steps.value(key);
    if (!step) {
        const QList<QStandardItem *> row = makeRow(e.host.isEmpty() ? e.step : QStringLiteral("%1 @ %2").arg(e.step, e.host));
        stageRow->appendRow(row);
        step = row.first();
        m_steps.insert(key, step);
        Q_EMIT rowAppended(step->index());
    }
    if (!e.host.isEmpty())
        m_stepByHost.insert(e.host, step);
    setState(step, e.state, e.durationMs, e.message);
}

void RunTimeline::addLogLine(const QString &host, const QString &, OutputStream stream, const QString &line)
{
    QStandardItem *step = m_stepByHost.value(host);
    if (!step || m_logLines >= kMaxLogLines)
        return;
    ++m_logLines;
    const QList<QStandardItem *> row = makeRow(line);
    row.first()->setFont(QFont(QStringLiteral("monospace")));
    row.first()->setToolTip(line);
    if (stream == OutputStream::Stderr)
        row.first()->setForeground(QBrush(Theme::colour(Theme::Role::Danger)));
    step->appendRow(row);
}

} // namespace greenlight
