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

void RunTimeline::beginRun(const QString &title, const QString &runId, const QDateTime &startedAt)
{
    const QDateTime at = startedAt.isValid() ? startedAt.toLocalTime() : QDateTime::currentDateTime();
    const QList<QStandardItem *> row = makeRow(QStringLiteral("%1 — %2").arg(title, at.toString(QStringLiteral("HH:mm:ss"))));
    QFont bold = row.first()->font();
    bold.setBold(true);
    row.first()->setFont(bold);
    appendRow(row);
    m_run = row.first();
    current().runId = runId;
    Q_EMIT rowAppended(m_run->index());
}

QStandardItem *RunTimeline::runItem(const QString &runId) const
{
    if (runId.isEmpty())
        return nullptr;
    for (auto it = m_index.cbegin(); it != m_index.cend(); ++it) {
        if (it.value().runId == runId)
            return it.key();
    }
    return nullptr;
}

bool RunTimeline::resumeRun(const QString &runId)
{
    QStandardItem *run = runItem(runId);
    if (!run)
        return false;
    m_run = run;
    return true;
}

void RunTimeline::tagCurrentRun(const QString &runId)
{
    if (m_run && current().runId.isEmpty() && !runItem(runId))
        current().runId = runId;
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
    if (state == StepState::Failed && !current().failureShown) {
        current().failureShown = true;
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
    if (QStandardItem *existing = current().stages.value(name))
        return existing;
    const QList<QStandardItem *> row = makeRow(name);
    m_run->appendRow(row);
    current().stages.insert(name, row.first());
    Q_EMIT rowAppended(row.first()->index());
    return row.first();
}

QStandardItem *RunTimeline::stageItem(const QString &name) const
{
    return m_run ? m_index.value(m_run).stages.value(name) : nullptr;
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
    QStandardItem *step = current().steps.value(key);
    if (!step) {
        const QList<QStandardItem *> row = makeRow(e.host.isEmpty() ? e.step : QStringLiteral("%1 @ %2").arg(e.step, e.host));
        stageRow->appendRow(row);
        step = row.first();
        current().steps.insert(key, step);
        Q_EMIT rowAppended(step->index());
    }
    if (!e.host.isEmpty())
        current().stepByHost.insert(e.host, step);
    setState(step, e.state, e.durationMs, e.message);
}

void RunTimeline::addLogLine(const QString &host, const QString &, OutputStream stream, const QString &line)
{
    if (!m_run)
        return;
    RunIndex &run = current();
    QStandardItem *step = run.stepByHost.value(host);
    if (!step || run.logLines >= kMaxLogLines)
        return;
    ++run.logLines;
    const QList<QStandardItem *> row = makeRow(line);
    row.first()->setFont(QFont(QStringLiteral("monospace")));
    row.first()->setToolTip(line);
    if (stream == OutputStream::Stderr)
        row.first()->setForeground(QBrush(Theme::colour(Theme::Role::Danger)));
    step->appendRow(row);
}

} // namespace greenlight
