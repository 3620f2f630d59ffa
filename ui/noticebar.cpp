#include "noticebar.h"

#include "theme.h"

#include <QAccessible>
#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace greenlight {

namespace {

Theme::Role roleOf(NoticeBar::Kind kind)
{
    switch (kind) {
    case NoticeBar::Kind::Succeeded: return Theme::Role::Success;
    case NoticeBar::Kind::Failed: return Theme::Role::Danger;
    case NoticeBar::Kind::Running:
    case NoticeBar::Kind::Elsewhere: return Theme::Role::Info;
    case NoticeBar::Kind::RolledBack:
    case NoticeBar::Kind::Interrupted:
    case NoticeBar::Kind::DeadLock:
    case NoticeBar::Kind::Changed: return Theme::Role::Warning;
    }
    return Theme::Role::Info;
}

QStyle::StandardPixmap iconOf(NoticeBar::Kind kind)
{
    switch (kind) {
    case NoticeBar::Kind::Succeeded: return QStyle::SP_DialogApplyButton;
    case NoticeBar::Kind::Failed: return QStyle::SP_MessageBoxCritical;
    case NoticeBar::Kind::Running:
    case NoticeBar::Kind::Elsewhere: return QStyle::SP_MessageBoxInformation;
    case NoticeBar::Kind::RolledBack:
    case NoticeBar::Kind::Interrupted:
    case NoticeBar::Kind::DeadLock:
    case NoticeBar::Kind::Changed: return QStyle::SP_MessageBoxWarning;
    }
    return QStyle::SP_MessageBoxInformation;
}

QString trafficText(const FleetSnapshot &fleet)
{
    const QString at = fleet.readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    if (!fleet.routerOk)
        return NoticeBar::tr("Traffic now: unknown, the router cannot be read (%1)").arg(fleet.routerError);
    if (const auto live = fleet.liveColour())
        return NoticeBar::tr("Traffic now: %1 %2 % (router read %3)").arg(colourName(*live).toUpper()).arg(fleet.router.percent(*live)).arg(at);
    return NoticeBar::tr("Traffic now: split, %1 (router read %2)").arg(fleet.router.describe(), at);
}

} // namespace

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this)), m_traffic(new QLabel(this)), m_action(new QPushButton(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    m_text->setObjectName(QStringLiteral("notice"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_traffic->setObjectName(QStringLiteral("noticeTraffic"));
    m_traffic->setWordWrap(true);
    m_icon->setAccessibleName(tr("Notice icon"));
    auto *words = new QVBoxLayout;
    words->setContentsMargins(0, 0, 0, 0);
    words->addWidget(m_text);
    words->addWidget(m_traffic);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(10, 6, 10, 6);
    row->addWidget(m_icon, 0, Qt::AlignTop);
    row->addLayout(words, 1);
    row->addWidget(m_action, 0, Qt::AlignVCenter);
    connect(m_action, &QPushButton::clicked, this, [this] {
        if (m_run)
            m_run();
    });
    m_action->hide();
    hide();
}

QString NoticeBar::word(Kind kind)
{
    switch (kind) {
    case Kind::Succeeded: return tr("SUCCEEDED");
    case Kind::Failed: return tr("FAILED");
    case Kind::RolledBack: return tr("ROLLED BACK");
    case Kind::Interrupted: return tr("INTERRUPTED DEPLOY");
    case Kind::Running: return tr("DEPLOY RUNNING");
    case Kind::DeadLock: return tr("DEAD LOCK");
    case Kind::Elsewhere: return tr("ELSEWHERE");
    case Kind::Changed: return tr("CHANGED");
    }
    return {};
}

void NoticeBar::post(Kind kind, const QString &text, std::optional<Colour> claimsLive, const Action &action)
{
    m_kind = kind;
    m_claimsLive = claimsLive;
    m_text->setText(QStringLiteral("%1 — %2").arg(word(kind), text));
    const QColor background = Theme::colour(roleOf(kind));
    const QString fg = Theme::textOn(background).name();
    setStyleSheet(QStringLiteral("QFrame#noticeBar { background: %1; border-radius: 4px; } QFrame#noticeBar > QLabel { color: %2; }")
                      .arg(background.name(), fg));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize) * 3 / 2;
    m_icon->setPixmap(style()->standardIcon(iconOf(kind)).pixmap(size, size));
    m_run = action.run;
    m_action->setObjectName(action.objectName);
    m_action->setText(action.text);
    m_action->setToolTip(action.toolTip);
    m_action->setAccessibleName(action.text);
    m_action->setAccessibleDescription(action.toolTip);
    m_action->setVisible(bool(action.run));
    setAccessibleName(word(kind));
    setAccessibleDescription(m_text->text());
    show();
    announce();
}

void NoticeBar::clear()
{
    m_kind.reset();
    m_claimsLive.reset();
    m_run = nullptr;
    m_action->hide();
    m_action->setObjectName(QString());
    hide();
}

void NoticeBar::routerRead(const FleetSnapshot &fleet)
{
    m_traffic->setText(trafficText(fleet));
    if (!m_kind || !m_claimsLive || !fleet.routerOk)
        return;
    const auto live = fleet.liveColour();
    if (live && *live == *m_claimsLive)
        return;
    // The notice said one thing; the router now says another: the router wins, said plainly.
    const QString was = m_text->text();
    post(Kind::Changed, tr("the router no longer matches the last notice (%1)").arg(was));
    m_traffic->setText(trafficText(fleet));
}

QString NoticeBar::text() const
{
    return m_text->text();
}

void NoticeBar::announce()
{
    if (!QAccessible::isActive())
        return;
    QAccessibleEvent event(this, QAccessible::Alert);
    QAccessible::updateAccessibility(&event);
}

} // namespace greenlight
