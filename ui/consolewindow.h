#pragma once

#include "model/fleetsnapshot.h"
#include "model/newhostkey.h"
#include "model/pipelineevent.h"
#include "recoveryflow.h"

#include <QDateTime>
#include <QMainWindow>

class QComboBox;
class QLabel;
class QSplitter;
class QTabWidget;
class QTreeView;

namespace greenlight {

class BakeCard;
class ColourPanel;
class HistoryModel;
class HistoryView;
class NoticeBar;
class RemoteRuns;
class DeploymentController;
class Notifier;
class RollbackControl;
class RunObserver;
class RunTimeline;
class WindowActions;

// The console: a live banner (which colour serves, read from the router), blue and green side
// by side, the timeline of every run, and the actions — deploy, roll back, abort — in a menu bar
// with shortcuts and a toolbar. It drives a DeploymentController it does not own, never blocks,
// and moves no traffic on a state it has not shown.
class ConsoleWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit ConsoleWindow(DeploymentController *controller, QWidget *parent = nullptr);
    ~ConsoleWindow() override;

    // As if the deploy dialog had been confirmed with `version`.
    void startDeploy(const QString &version, bool forceUnlock = false);
    [[nodiscard]] RunTimeline *timeline() const { return m_timeline; }
    [[nodiscard]] QString bannerText() const;
    [[nodiscard]] BakeCard *bakeCard() const { return m_bakeCard; }
    [[nodiscard]] Notifier *notifier() const { return m_notifier; }
    [[nodiscard]] HistoryView *history() const { return m_historyView; }
    [[nodiscard]] QTreeView *timelineView() const { return m_timelineView; }
    [[nodiscard]] NoticeBar *noticeBar() const { return m_notice; }
    // Ctrl+C or SIGTERM: nothing is asked. A running change is stopped and its moved traffic put
    // back (a rollback), then the window closes; when idle it closes at once.
    void stopAndClose();
    // Both charts' time window: 120 (2 min), 900 (15 min) or 3600 (1 h) seconds.
    void setChartWindow(int seconds);

Q_SIGNALS:
    // The operator chose another deployment file (File → Open, recent, drag and drop).
    void openRequested(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildActions();
    void buildTimelineView();
    void buildChartWindowChoice();
    void fillRecentMenu();
    void openDeployDialog(bool forceUnlock = false);
    void cleanUpOldColour();
    void showWarmWindow(const QString &colour, const QDateTime &until);
    void showFleet(const FleetSnapshot &fleet);
    void showEvent(const PipelineEvent &event);
    // One dialog for every new host key met while connecting (HostKeyPolicy::Review).
    void reviewHostKeys(const QList<NewHostKey> &keys);
    void showOutcome(RecoveryFlow::Run run, const QString &what, const PipelineOutcome &outcome);
    // Asks before a running change is left (closing the window, or opening `openAfter`): true
    // when nothing runs; else starts the rollback that puts moved traffic back, and false (the
    // window closes, or opens the file, when the rollback ends).
    bool leaveChangeRunning(const QString &openAfter = {});
    void openFile(const QString &path);
    void updateActions();
    void updateCharts();
    void copyTimelineSelection();
    void announce(QWidget *widget);
    // Shows a run's group in the timeline tab, expanded and selected.
    void showRun(const QString &runId);
    [[nodiscard]] QString deployPlan() const;

    DeploymentController *m_controller;
    WindowActions *m_actions = nullptr;
    ColourPanel *m_blue;
    ColourPanel *m_green;
    QLabel *m_banner;
    NoticeBar *m_notice;
    QLabel *m_rollbackTarget; // next to the Roll back button: where it would go, or why not
    RecoveryFlow *m_recovery;
    QString m_warmColour; // left warm by the last deploy; empty: none
    QDateTime m_warmUntil;
    RollbackControl *m_rollbackControl = nullptr;
    bool m_closeAfterRollback = false;
    QString m_openAfterRollback; // a file the operator chose while a change ran: opened once it is rolled back
    RunTimeline *m_timeline;
    QTreeView *m_timelineView;
    BakeCard *m_bakeCard;
    Notifier *m_notifier;
    RunObserver *m_observer;
    QComboBox *m_chartWindow = nullptr;
    HistoryModel *m_historyModel;
    HistoryView *m_historyView;
    RemoteRuns *m_remoteRuns;
    QTabWidget *m_tabs;
    QSplitter *m_split = nullptr;
};

} // namespace greenlight
