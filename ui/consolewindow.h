#pragma once

#include "model/fleetsnapshot.h"
#include "model/pipelineevent.h"
#include "model/recoveryreport.h"

#include <QDateTime>
#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace greenlight {

class BakeCard;
class ColourPanel;
class HistoryModel;
class HistoryView;
class RemoteRuns;
class DeploymentController;
class Notifier;
class RunObserver;
class RunTimeline;

// The console: a live banner (which colour serves, read from the router), blue and green side
// by side, the timeline of every run, and the actions — deploy, roll back, abort. It drives a
// DeploymentController it does not own and never blocks.
class ConsoleWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit ConsoleWindow(DeploymentController *controller, QWidget *parent = nullptr);

    // As if the deploy dialog had been confirmed with `version`.
    void startDeploy(const QString &version, bool forceUnlock = false);
    [[nodiscard]] RunTimeline *timeline() const { return m_timeline; }
    [[nodiscard]] QString bannerText() const;
    [[nodiscard]] BakeCard *bakeCard() const { return m_bakeCard; }
    [[nodiscard]] Notifier *notifier() const { return m_notifier; }
    [[nodiscard]] HistoryView *history() const { return m_historyView; }
    [[nodiscard]] QTreeView *timelineView() const { return m_timelineView; }
    // Both charts' time window: 120 (2 min), 900 (15 min) or 3600 (1 h) seconds.
    void setChartWindow(int seconds);

private:
    void buildActions();
    void buildChartWindowChoice(class QToolBar *bar);
    void openDeployDialog();
    void rollBack();
    void cleanUpOldColour();
    void showWarmWindow(const QString &colour, const QDateTime &until);
    void showFleet(const FleetSnapshot &fleet);
    void showEvent(const PipelineEvent &event);
    void showOutcome(const QString &what, const PipelineOutcome &outcome);
    void showRecovery(const RecoveryReport &report);
    // The banner under the live colour: `text` in `foreground` on `background`.
    void showNotice(const QString &text, const QString &foreground, const QString &background);
    void updateActions();
    void updateCharts();
    void copyTimelineSelection();
    // Shows a run's group in the timeline tab, expanded and selected.
    void showRun(const QString &runId);
    [[nodiscard]] QString deployPlan() const;

    DeploymentController *m_controller;
    ColourPanel *m_blue;
    ColourPanel *m_green;
    QLabel *m_banner;
    QLabel *m_notice;
    QPushButton *m_resume;      // shown after an interrupted deploy: deploy its version again
    RecoveryReport m_recovery;
    QString m_warmColour; // left warm by the last deploy; empty: none
    QDateTime m_warmUntil;
    void resumeInterrupted();
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
    QAction *m_deploy = nullptr;
    QAction *m_rollback = nullptr;
    QAction *m_abort = nullptr;
    QAction *m_promote = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_cleanup = nullptr;
};

} // namespace greenlight
