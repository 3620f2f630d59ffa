#include "runtimeline.h"

#include <QBrush>
#include <QDateTime>

namespace greenlight {

namespace {

QColor stateColour(StepState s)
{
    switch (s) {
    case StepState::Succeeded: return QColor(0x1e, 0x8e, 0x3e);
    case StepState::Failed: return QColor(0xc6, 0x28, 0x28);
    case StepState::Cancelled: return QColor(0xe0, 0x8a, 0x00);
    case StepState::Running: return QColor(0x1e, 0x63, 0xc8);
    default: return QColor(0x75, 0x75, 0x75);
    }
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
    m_logLines = 0;
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
    if (durationMs > 0 && state != StepState::Running)
        parent->child(row, Duration)->setText(durationMs >= 1000 ? QStringLiteral("%1 s").arg(static_cast<double>(durationMs) / 1000.0, 0, 'f', 1)
                                                                 : QStringLiteral("%1 ms").arg(durationMs));
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

void RunTimeline::addEvent(const PipelineEvent &e)
{
    QStandardItem *stageRow = stage(e.stage);
    if (e.kind == PipelineEvent::Kind::Stage) {
        setState(stageRow, e.state, e.durationMs, e.message);
        return;
    }
    if (e.kind == PipelineEvent::Kind::Log) {
        const QList<QStandardItem *> row = makeRow(e.message);
        row.first()->setForeground(QBrush(QColor(0x55, 0x55, 0x55)));
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
    if (stream == OutputStream::Stderr)
        row.first()->setForeground(QBrush(QColor(0xb7, 0x1c, 0x1c)));
    step->appendRow(row);
}

} // namespace greenlight
