#include "rollbackcontrol.h"

#include "controller/deploymentcontroller.h"
#include "rollbackconfirm.h"

#include <QAction>
#include <QLabel>

namespace greenlight {

RollbackControl::RollbackControl(DeploymentController *controller, QAction *rollback, QAction *switchTraffic, QLabel *target,
                                 QWidget *dialogParent)
    : QObject(dialogParent), m_controller(controller), m_rollback(rollback), m_switch(switchTraffic), m_target(target),
      m_dialogParent(dialogParent)
{
    m_target->setObjectName(QStringLiteral("rollbackTarget"));
    m_target->setAccessibleName(tr("Rollback target"));
    connect(m_rollback, &QAction::triggered, this, [this] { confirm(RollbackPlan::Kind::RollBack); });
    connect(m_switch, &QAction::triggered, this, [this] { confirm(RollbackPlan::Kind::Switch); });
}

void RollbackControl::setColourBeforeLastDeploy(const QString &colour)
{
    // A journal never loses a deploy: an empty reading after a known colour is one taken before
    // the deploy's first record (reads run on workers and may arrive late), not news.
    if (colour.isEmpty() && m_colourBeforeLastDeploy && !m_colourBeforeLastDeploy->isEmpty())
        return;
    m_colourBeforeLastDeploy = colour;
    update();
}

RollbackPlan RollbackControl::plan() const
{
    RollbackPlan plan = planRollback(m_controller->fleet(), m_colourBeforeLastDeploy, RollbackPlan::Kind::RollBack);
    const Activity activity = m_controller->activity();
    if (plan.alreadyLive && (activity == Activity::Deploying || activity == Activity::Resuming)) {
        // Before the shift the old colour still has all traffic: rolling back stops the deploy
        // and makes sure of it.
        plan.allowed = true;
        plan.reason.clear();
        plan.warning = tr("stops the running deploy; %1 keeps all traffic").arg(colourName(plan.target).toUpper());
    }
    if (activity == Activity::RollingBack) {
        plan.allowed = false;
        plan.reason = tr("A rollback is running");
    }
    return plan;
}

RollbackPlan RollbackControl::switchPlan() const
{
    RollbackPlan plan = planRollback(m_controller->fleet(), m_colourBeforeLastDeploy, RollbackPlan::Kind::Switch);
    if (plan.allowed && m_controller->activity() != Activity::Idle) {
        plan.allowed = false;
        plan.reason = tr("A change is running: roll back or abort it instead");
    }
    return plan;
}

void RollbackControl::update()
{
    const RollbackPlan now = plan();
    m_rollback->setEnabled(now.allowed);
    m_rollback->setText(now.allowed ? tr("Roll back to %1…").arg(colourName(now.target).toUpper()) : tr("Roll back…"));
    const QString why = now.allowed ? now.summary() : tr("Roll back is off: %1").arg(now.reason);
    m_rollback->setToolTip(why + tr(" (Ctrl+R)"));
    m_rollback->setStatusTip(why);
    const QString target = now.allowed ? tr("→ %1 %2").arg(colourName(now.target).toUpper(),
                                                           now.versions.isEmpty() ? tr("version unknown") : now.versions.join(QStringLiteral("/")))
                                       : now.reason;
    m_target->setText(QLatin1Char(' ') + m_target->fontMetrics().elidedText(target, Qt::ElideRight, 260) + QLatin1Char(' '));
    m_target->setToolTip(why);
    m_target->setAccessibleDescription(why);

    const RollbackPlan other = switchPlan();
    m_switch->setEnabled(other.allowed);
    m_switch->setText(other.allowed ? tr("&Switch all traffic to %1…").arg(colourName(other.target).toUpper())
                                    : tr("&Switch traffic to the other colour…"));
    m_switch->setStatusTip(other.allowed ? other.summary() : other.reason);
    if (m_confirm) {
        const RollbackPlan shown = m_confirm->plan().kind == RollbackPlan::Kind::RollBack ? now : other;
        if (!shown.sameAs(m_confirm->plan()))
            m_confirm->setPlan(shown);
    }
}

void RollbackControl::confirm(RollbackPlan::Kind kind)
{
    const RollbackPlan asked = kind == RollbackPlan::Kind::RollBack ? plan() : switchPlan();
    if (!asked.allowed) {
        Q_EMIT refused(asked.reason);
        return;
    }
    if (m_confirm && m_confirm->isVisible())
        return; // already asking
    m_confirm = new RollbackConfirm(asked, m_dialogParent);
    connect(m_confirm, &QDialog::finished, m_confirm, &QObject::deleteLater);
    connect(m_confirm, &QDialog::accepted, this, [this] {
        // What the dialog showed when Enter was pressed is what moves: its target, no other.
        const RollbackPlan shown = m_confirm->plan();
        if (!shown.allowed)
            return;
        const QString reason = shown.kind == RollbackPlan::Kind::RollBack ? tr("requested in the console") : tr("switched in the console");
        if (m_controller->rollback(reason, shown.target))
            Q_EMIT started(shown);
    });
    m_confirm->open();
}

} // namespace greenlight
