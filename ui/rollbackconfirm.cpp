#include "rollbackconfirm.h"

#include "theme.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace greenlight {

RollbackConfirm::RollbackConfirm(const RollbackPlan &plan, QWidget *parent)
    : QDialog(parent), m_summary(new QLabel(this)), m_warning(new QLabel(this)), m_confirm(nullptr)
{
    setObjectName(QStringLiteral("rollbackConfirm"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_summary->setFont(bold);
    m_summary->setObjectName(QStringLiteral("rollbackSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning->setObjectName(QStringLiteral("rollbackWarning"));
    m_warning->setWordWrap(true);
    const QColor warn = Theme::colour(Theme::Role::Warning);
    m_warning->setStyleSheet(QStringLiteral("QLabel { color: %1; background: %2; padding: 6px 10px; border-radius: 3px; }")
                                 .arg(Theme::textOn(warn).name(), warn.name()));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_confirm = buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmRollbackButton"));
    m_confirm->setDefault(true);
    m_confirm->setAutoDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *keys = new QLabel(tr("Enter confirms · Esc cancels"), this);
    keys->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_warning);
    layout->addWidget(keys);
    layout->addWidget(buttons);
    setMinimumWidth(480);
    setPlan(plan);
    m_confirm->setFocus();
}

void RollbackConfirm::setPlan(const RollbackPlan &plan)
{
    m_plan = plan;
    setWindowTitle(plan.actionText() + QStringLiteral("?"));
    m_summary->setText(plan.allowed ? plan.summary() : tr("%1: not now — %2").arg(plan.actionText(), plan.reason));
    m_warning->setText(tr("⚠ WARNING: %1").arg(plan.warning));
    m_warning->setVisible(!plan.warning.isEmpty());
    m_confirm->setText(plan.actionText());
    m_confirm->setEnabled(plan.allowed);
    m_confirm->setAccessibleDescription(plan.allowed ? plan.summary() : plan.reason);
    setAccessibleDescription(m_summary->text());
}

} // namespace greenlight
