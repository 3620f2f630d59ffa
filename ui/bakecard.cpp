#include "bakecard.h"

#include "theme.h"

#include <QAccessible>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace greenlight {

QString minutesAndSeconds(qint64 ms)
{
    const qint64 seconds = (ms + 999) / 1000; // a countdown shows 0:01 until it is over
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

BakeCard::BakeCard(QWidget *parent)
    : QFrame(parent), m_headline(new QLabel(this)), m_countdown(new QLabel(this)), m_next(new QLabel(this)),
      m_gates(new QTableWidget(0, ColumnCount, this))
{
    setObjectName(QStringLiteral("bakeCard"));
    setAccessibleName(tr("Bake"));
    setFrameShape(QFrame::StyledPanel);
    m_headline->setObjectName(QStringLiteral("bakeHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_countdown->setObjectName(QStringLiteral("bakeCountdown"));
    QFont big = m_countdown->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_countdown->setFont(big);
    m_next->setObjectName(QStringLiteral("bakeNext"));
    m_next->setWordWrap(true);

    m_gates->setObjectName(QStringLiteral("bakeGates"));
    m_gates->setAccessibleName(tr("Gates"));
    m_gates->setHorizontalHeaderLabels({tr("Gate"), tr("Now"), tr("Limit"), tr("Window"), tr("Requests"), tr("Over, in a row")});
    m_gates->verticalHeader()->hide();
    m_gates->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_gates->horizontalHeader()->setStretchLastSection(true);
    m_gates->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_gates->setSelectionMode(QAbstractItemView::NoSelection);
    m_gates->setFocusPolicy(Qt::NoFocus);

    auto *top = new QHBoxLayout;
    top->addWidget(m_countdown);
    auto *words = new QVBoxLayout;
    words->addWidget(m_headline);
    words->addWidget(m_next);
    top->addLayout(words, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addLayout(top);
    layout->addWidget(m_gates);
    hide();
}

void BakeCard::reset()
{
    m_progress = {};
    m_gates->setRowCount(0);
    hide();
}

QString BakeCard::countdown() const
{
    return m_countdown->text();
}

QString BakeCard::headline() const
{
    return m_headline->text();
}

void BakeCard::paint(const QString &role)
{
    setStyleSheet(QStringLiteral("#bakeCard { border: 2px solid %1; border-radius: 4px; }").arg(role));
    m_headline->setStyleSheet(QStringLiteral("color: %1;").arg(role));
}

void BakeCard::setProgress(const WaitProgress &progress)
{
    m_progress = progress;
    const QString share = progress.percent >= 0 ? tr(" · new colour at %1 %").arg(progress.percent) : QString();
    if (!progress.verdict.isEmpty()) {
        paint(Theme::colour(Theme::Role::Danger).name());
        m_headline->setText(tr("GATE BREACHED during %1%2 — %3. Traffic goes back to the old colour.").arg(progress.step, share, progress.verdict));
        m_countdown->setText(tr("✖ stopped"));
        m_next->setText(tr("stopped %1 into the wait of %2").arg(minutesAndSeconds(progress.elapsedMs), minutesAndSeconds(progress.totalMs)));
        QAccessibleEvent announce(m_headline, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&announce);
    } else {
        paint((progress.noData.isEmpty() ? Theme::colour(Theme::Role::Info) : Theme::colour(Theme::Role::Warning)).name());
        m_headline->setText(progress.noData.isEmpty() ? tr("BAKING — %1%2").arg(progress.step, share)
                                                      : tr("BAKING — %1%2 — NO DATA from the router: %3").arg(progress.step, share, progress.noData));
        m_countdown->setText(tr("%1 left").arg(minutesAndSeconds(progress.leftMs())));
        m_next->setText(progress.stageLeftMs > progress.leftMs()
                            ? tr("then %1 · %2 left in %3").arg(progress.next, minutesAndSeconds(progress.stageLeftMs), progress.stage)
                            : tr("then %1").arg(progress.next));
    }
    fillGates();
    show();
}

void BakeCard::finished(const QString &how)
{
    if (!isVisible() || breached())
        return;
    paint(Theme::colour(Theme::Role::Success).name());
    m_headline->setText(tr("BAKE PASSED — %1: %2").arg(m_progress.step, how));
    m_countdown->setText(tr("✔ done"));
}

void BakeCard::fillGates()
{
    const QList<GateReading> &gates = m_progress.gates;
    m_gates->setRowCount(static_cast<int>(gates.size()));
    if (gates.isEmpty()) {
        m_gates->setRowCount(1);
        m_gates->setItem(0, Gate, new QTableWidgetItem(tr("no gates configured: the wait watches nothing")));
        for (int c = Value; c < ColumnCount; ++c)
            m_gates->setItem(0, c, new QTableWidgetItem);
    }
    for (int row = 0; row < gates.size(); ++row) {
        const GateReading &g = gates.at(row);
        const QStringList cells{g.metric,
                                g.valueText(),
                                QStringLiteral("≤ %1").arg(g.thresholdText()),
                                tr("%1 s").arg(g.windowS),
                                tr("%1 (%2 routed)").arg(g.requests).arg(g.routed),
                                tr("%1 of %2").arg(g.streak).arg(g.consecutive)};
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c == Value || c == InARow)
                item->setForeground(Theme::colour(!g.judged() ? Theme::Role::Muted : g.over() ? Theme::Role::Danger : Theme::Role::Success));
            m_gates->setItem(row, c, item);
        }
    }
    const int rows = std::max(1, m_gates->rowCount());
    m_gates->setFixedHeight(m_gates->horizontalHeader()->sizeHint().height() + rows * m_gates->verticalHeader()->defaultSectionSize() + 4);
}

} // namespace greenlight
