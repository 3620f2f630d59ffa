#pragma once

#include "model/rollbackplan.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QAction;
class QLabel;
class QWidget;

namespace greenlight {

class DeploymentController;
class RollbackConfirm;

// Roll back (Ctrl+R) and Switch traffic: enabled only on a plan made of readings (the router,
// the hosts' versions, the journal), with the target beside the button or the reason why not,
// and a confirmation that follows every new reading while it is open.
class RollbackControl final : public QObject
{
    Q_OBJECT
public:
    RollbackControl(DeploymentController *controller, QAction *rollback, QAction *switchTraffic, QLabel *target, QWidget *dialogParent);

    // From the journal ("" when no deploy is recorded), or from a deploy this window starts.
    void setColourBeforeLastDeploy(const QString &colour);
    // What Ctrl+R would do now (and why not, when it would not).
    [[nodiscard]] RollbackPlan plan() const;
    // After any new reading or change of activity.
    void update();
    void confirm(RollbackPlan::Kind kind);

Q_SIGNALS:
    void started(const greenlight::RollbackPlan &plan);
    void refused(const QString &reason);

private:
    [[nodiscard]] RollbackPlan switchPlan() const;

    DeploymentController *m_controller;
    QAction *m_rollback;
    QAction *m_switch;
    QLabel *m_target;
    QWidget *m_dialogParent;
    std::optional<QString> m_colourBeforeLastDeploy; // nullopt until the journal was read
    QPointer<RollbackConfirm> m_confirm;
};

} // namespace greenlight
