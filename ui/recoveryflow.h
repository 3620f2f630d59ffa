#pragma once

#include "model/pipelineevent.h"
#include "model/recoveryreport.h"

#include <QObject>

class QWidget;

namespace greenlight {

class DeploymentController;
class NoticeBar;

// What the window says after a run ends or a deploy is found cut short, and the next step it
// offers — resume, break a dead lock after naming its holder and heartbeat, deploy again —
// so no notice ends in a CLI flag. Asks its questions over `dialogParent`.
class RecoveryFlow final : public QObject
{
    Q_OBJECT
public:
    enum class Run { Deploy, Rollback, CleanUp, Resume };

    RecoveryFlow(DeploymentController *controller, NoticeBar *notice, QWidget *dialogParent);

    // `what`: the run's name as the notice says it ("Deploy", "Rollback"…).
    void outcome(Run run, const QString &what, const PipelineOutcome &outcome);
    void recovery(const RecoveryReport &report);
    // A deploy started: what was blocked or interrupted before is the past.
    void deployStarted();
    void resumeInterrupted();
    [[nodiscard]] bool canResume() const { return m_report.interrupted; }

Q_SIGNALS:
    void deployRequested(const QString &version, bool forceUnlock);
    void deployDialogRequested(bool forceUnlock);
    void rollbackRequested(); // asks first, as Ctrl+R does
    void cleanupRequested();  // asks first, as the menu does
    void changed(); // what canResume says may have changed

private:
    void breakDeadLock();

    DeploymentController *m_controller;
    NoticeBar *m_notice;
    QWidget *m_dialogParent;
    RecoveryReport m_report;
    QString m_blockedVersion; // a deploy refused for a held lock: offered again once the lock is read
};

} // namespace greenlight
