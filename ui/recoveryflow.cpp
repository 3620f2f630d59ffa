#include "recoveryflow.h"

#include "controller/deploymentcontroller.h"
#include "noticebar.h"

#include <QMessageBox>

namespace greenlight {

RecoveryFlow::RecoveryFlow(DeploymentController *controller, NoticeBar *notice, QWidget *dialogParent)
    : QObject(dialogParent), m_controller(controller), m_notice(notice), m_dialogParent(dialogParent)
{
}

void RecoveryFlow::deployStarted()
{
    m_blockedVersion.clear();
    m_notice->clear();
}

void RecoveryFlow::outcome(Run run, const QString &what, const PipelineOutcome &outcome)
{
    if (outcome.code == ErrorCode::LockHeld) {
        // The lock's heartbeat decides what comes next: alive → wait; dead → offer to break it.
        m_blockedVersion = outcome.version;
        m_notice->post(NoticeBar::Kind::Failed, tr("%1 %2 did not start: another deployment holds the deploy lock. Reading its heartbeat…")
                                                    .arg(what, outcome.version));
        m_controller->recheckLock();
        return;
    }
    NoticeBar::Kind kind = NoticeBar::Kind::Failed;
    std::optional<Colour> claims;
    if (outcome.succeeded) {
        kind = run == Run::Rollback ? NoticeBar::Kind::RolledBack : NoticeBar::Kind::Succeeded;
        claims = colourFromName(outcome.toColour);
    } else if (outcome.rolledBack) {
        kind = NoticeBar::Kind::RolledBack;
        claims = colourFromName(outcome.fromColour);
    }
    // A failure offers its next step here, never a command to type elsewhere.
    NoticeBar::Action next;
    const bool failed = !outcome.succeeded && !outcome.rolledBack;
    if (failed && run == Run::Deploy && !outcome.version.isEmpty()) {
        const QString version = outcome.version;
        next = {QStringLiteral("retryDeploy"), tr("Deploy %1 again").arg(version), tr("Runs the whole pipeline for %1 again").arg(version),
                [this, version] { Q_EMIT deployRequested(version, false); }};
    } else if (failed && run == Run::Rollback) {
        next = {QStringLiteral("retryRollback"), tr("Roll back again…"), tr("Asks first, then tries the rollback again"),
                [this] { Q_EMIT rollbackRequested(); }};
    } else if (failed && run == Run::CleanUp) {
        next = {QStringLiteral("retryCleanup"), tr("Clean up again…"), tr("Asks first, then runs the clean-up again"),
                [this] { Q_EMIT cleanupRequested(); }};
    } else if (failed && run == Run::Resume && m_report.interrupted) {
        next = {QStringLiteral("resumeDeploy"), tr("Resume again"), tr("Deploys %1 again").arg(m_report.version), [this] { resumeInterrupted(); }};
    }
    m_notice->post(kind, QStringLiteral("%1: %2").arg(what, outcome.message), claims, next);
    if (outcome.code == ErrorCode::None || outcome.succeeded)
        m_report = {};
    Q_EMIT changed();
}

void RecoveryFlow::recovery(const RecoveryReport &report)
{
    const bool wasShowing = m_report.needsAttention();
    m_report = report;
    Q_EMIT changed();
    const QString lockText = report.heartbeatAgeS < 0 ? tr("held by %1, which never beat").arg(report.lockHolder)
                                                       : tr("held by %1, last heartbeat %2 s ago").arg(report.lockHolder).arg(report.heartbeatAgeS);
    if (report.running) {
        // Someone's deploy is alive (its heartbeat is fresh): nothing to break, nothing to resume.
        m_notice->post(NoticeBar::Kind::Running, report.situation + tr(" Wait for it; its steps appear in the timeline."));
        return;
    }
    if (report.deadLock || (report.interrupted && !m_blockedVersion.isEmpty())) {
        // A lock nothing beats in: deploys are refused until it is broken, which the window does
        // after the operator has seen who holds it and how old its heartbeat is.
        const QString version = m_blockedVersion;
        const NoticeBar::Action breakLock{QStringLiteral("breakLock"),
                                          version.isEmpty() ? tr("Break the dead lock and deploy…") : tr("Break the dead lock and deploy %1").arg(version),
                                          tr("The lock is %1; asks before breaking it").arg(lockText), [this] { breakDeadLock(); }};
        m_notice->post(report.deadLock ? NoticeBar::Kind::DeadLock : NoticeBar::Kind::Interrupted, report.situation, std::nullopt, breakLock);
        return;
    }
    if (!report.interrupted) {
        if (wasShowing && (m_notice->kind() == NoticeBar::Kind::Running || m_notice->kind() == NoticeBar::Kind::DeadLock))
            m_notice->clear(); // it ended
        return;
    }
    const NoticeBar::Action resume{QStringLiteral("resumeDeploy"), tr("Resume: deploy %1 again").arg(report.version),
                                   tr("Runs the whole pipeline for %1 again (deploy steps are safe to repeat; a migration already "
                                      "applied is not re-run). Roll back instead with Roll back (Ctrl+R).").arg(report.version),
                                   [this] { resumeInterrupted(); }};
    m_notice->post(NoticeBar::Kind::Interrupted, report.situation, std::nullopt, resume);
}

void RecoveryFlow::breakDeadLock()
{
    const RecoveryReport report = m_report;
    if (report.running || (!report.deadLock && !report.interrupted)) {
        m_notice->post(NoticeBar::Kind::Running, tr("The lock is not dead any more: nothing to break."));
        return;
    }
    const QString age = report.heartbeatAgeS < 0 ? tr("it never beat") : tr("its last heartbeat was %1 s ago").arg(report.heartbeatAgeS);
    const auto answer = QMessageBox::question(
        m_dialogParent, tr("Break the dead deploy lock?"),
        tr("The deploy lock is held by:\n%1\n\n%2: nothing beats in it, so no deploy is running under it. Break it only if that "
           "deploy is not running on another machine.")
            .arg(report.lockHolder, age),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    if (m_blockedVersion.isEmpty())
        Q_EMIT deployDialogRequested(true);
    else
        Q_EMIT deployRequested(m_blockedVersion, true);
}

void RecoveryFlow::resumeInterrupted()
{
    if (!m_report.interrupted)
        return;
    bool force = false;
    if (!m_report.lockHolder.isEmpty()) {
        // The lock of the deploy that died is still there; breaking it is the operator's call.
        const auto answer = QMessageBox::question(
            m_dialogParent, tr("Break the deploy lock?"),
            tr("The deploy lock is held: %1\n\nIf that is the deploy that was cut short (and nobody else is deploying), "
               "resuming breaks the lock and deploys %2 again.").arg(m_report.lockHolder, m_report.version),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
        force = true;
    }
    Q_EMIT deployRequested(m_report.version, force);
}

} // namespace greenlight
