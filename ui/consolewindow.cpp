#include "consolewindow.h"

#include "common/versiontext.h"

#include "bakecard.h"
#include "colourpanel.h"
#include "controller/deploymentcontroller.h"
#include "deployversiondialog.h"
#include "historymodel.h"
#include "historyview.h"
#include "remoteruns.h"
#include "notifier.h"
#include "runobserver.h"
#include "runtimeline.h"
#include "theme.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItem>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace greenlight {

namespace {
// Probes come once a second: the charts follow them, no faster (bench/dashboard-cost.sh).
constexpr int kChartIntervalMs = 1000;

QString bannerStyle(const QColor &background)
{
    return QStringLiteral("QLabel { color: %1; background: %2; padding: 10px 16px; border-radius: 4px; }")
        .arg(Theme::textOn(background).name(), background.name());
}
} // namespace

ConsoleWindow::ConsoleWindow(DeploymentController *controller, QWidget *parent)
    : QMainWindow(parent), m_controller(controller),
      m_blue(new ColourPanel(Colour::Blue, controller->config().blue.hosts)),
      m_green(new ColourPanel(Colour::Green, controller->config().green.hosts)), m_banner(new QLabel),
      m_notice(new QLabel), m_resume(new QPushButton), m_timeline(new RunTimeline(this)), m_timelineView(new QTreeView), m_bakeCard(new BakeCard),
      m_notifier(new Notifier(this)), m_observer(new RunObserver(m_bakeCard, m_notifier, this)), m_historyModel(new HistoryModel(this)),
      m_historyView(new HistoryView(m_historyModel)), m_remoteRuns(new RemoteRuns(m_timeline, m_historyModel, m_observer, this)),
      m_tabs(new QTabWidget)
{
    setWindowTitle(tr("Greenlight — %1").arg(controller->config().name));
    resize(1400, 900);
    buildActions();

    m_banner->setObjectName(QStringLiteral("liveBanner"));
    QFont big = m_banner->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_banner->setFont(big);
    m_banner->setText(tr("Reading the router…"));
    m_banner->setStyleSheet(bannerStyle(Theme::colour(Theme::Role::Muted)));
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
    m_resume->setObjectName(QStringLiteral("resumeDeploy"));
    m_resume->hide();
    connect(m_resume, &QPushButton::clicked, this, &ConsoleWindow::resumeInterrupted);

    m_timelineView->setObjectName(QStringLiteral("timeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->setWordWrap(true); // whole log lines, wrapped in the first column
    m_timelineView->setTextElideMode(Qt::ElideNone);
    m_timelineView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_timelineView->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("Copy"), m_timelineView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &ConsoleWindow::copyTimelineSelection);
    m_timelineView->addAction(copy);
    m_timelineView->header()->setSectionResizeMode(RunTimeline::What, QHeaderView::Interactive);
    m_timelineView->header()->resizeSection(RunTimeline::What, 420);
    m_timelineView->header()->resizeSection(RunTimeline::State, 120);
    m_timelineView->header()->resizeSection(RunTimeline::Duration, 80);
    m_timelineView->header()->setStretchLastSection(true);
    connect(m_timeline, &RunTimeline::rowAppended, this, [this](const QModelIndex &index) {
        for (QModelIndex i = index.parent(); i.isValid(); i = i.parent())
            m_timelineView->expand(i);
        m_timelineView->expand(index);
        m_timelineView->scrollTo(index);
    });
    connect(m_timeline, &RunTimeline::failed, this, [this](const QModelIndex &index) {
        for (QModelIndex i = index.parent(); i.isValid(); i = i.parent())
            m_timelineView->expand(i);
        m_timelineView->setCurrentIndex(index);
        m_timelineView->scrollTo(index, QAbstractItemView::PositionAtCenter);
    });
    auto *ticks = new QTimer(this);
    connect(ticks, &QTimer::timeout, m_timeline, &RunTimeline::tick);
    ticks->start(1000);

    auto *colours = new QWidget;
    auto *side = new QHBoxLayout(colours);
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(m_blue);
    side->addWidget(m_green);
    auto *split = new QSplitter(Qt::Vertical);
    m_tabs->setObjectName(QStringLiteral("runTabs"));
    m_tabs->addTab(m_timelineView, tr("&Timeline"));
    m_tabs->addTab(m_historyView, tr("&History"));
    split->addWidget(colours);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    auto *noticeRow = new QHBoxLayout;
    noticeRow->addWidget(m_notice, 1);
    noticeRow->addWidget(m_resume);
    layout->addLayout(noticeRow);
    layout->addWidget(m_bakeCard);
    layout->addWidget(split, 1);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Connecting to %1 hosts…").arg(controller->config().hosts.size()));

    connect(controller, &DeploymentController::fleetChanged, this, &ConsoleWindow::showFleet);
    connect(controller, &DeploymentController::hostStatusChanged, this, [this](const QString &host, const HostStatus &s) {
        m_blue->setHostStatus(host, s);
        m_green->setHostStatus(host, s);
        if (s.state == HostState::Failed)
            statusBar()->showMessage(tr("%1: %2").arg(host, s.reason));
    });
    connect(controller, &DeploymentController::pipelineEvent, this, &ConsoleWindow::showEvent);
    connect(controller, &DeploymentController::logLine, m_timeline, &RunTimeline::addLogLine);
    connect(controller, &DeploymentController::deployFinished, this, [this](const PipelineOutcome &o) { showOutcome(tr("Deploy"), o); });
    connect(controller, &DeploymentController::rollbackFinished, this, [this](const PipelineOutcome &o) { showOutcome(tr("Rollback"), o); });
    connect(controller, &DeploymentController::cleanupFinished, this, [this](const PipelineOutcome &o) { showOutcome(tr("Clean-up"), o); });
    connect(controller, &DeploymentController::warmWindowChanged, this, &ConsoleWindow::showWarmWindow);
    connect(controller, &DeploymentController::activityChanged, this, &ConsoleWindow::updateActions);
    connect(controller, &DeploymentController::recoveryChecked, this, &ConsoleWindow::showRecovery);
    connect(controller, &DeploymentController::journalRecords, m_remoteRuns, &RemoteRuns::add);
    connect(controller, &DeploymentController::journalFollowFailed, this, [this](const QString &why) {
        statusBar()->showMessage(tr("The router host's journal could not be read (the history may be behind): %1").arg(why));
    });
    connect(m_remoteRuns, &RemoteRuns::changedElsewhere, this, [this](const QString &what) {
        // Whatever the window said before, the router is read again and the notice says who did what.
        const QColor background = Theme::colour(Theme::Role::Info);
        showNotice(tr("ELSEWHERE — %1").arg(what), Theme::textOn(background).name(), background.name());
        m_resume->hide();
        m_controller->refresh();
    });
    connect(m_historyView, &HistoryView::openRun, m_remoteRuns, &RemoteRuns::open);
    connect(m_remoteRuns, &RemoteRuns::opened, this, &ConsoleWindow::showRun);
    connect(controller, &DeploymentController::promoteSent, this, [this](const QString &error) {
        statusBar()->showMessage(error.isEmpty() ? tr("Promoted: traffic shifts now") : tr("Promote failed: %1").arg(error));
    });

    connect(m_observer, &RunObserver::markersChanged, this, [this](const QList<ChartMarker> &markers) {
        m_blue->setMarkers(markers);
        m_green->setMarkers(markers);
    });
    connect(m_abort, &QAction::triggered, this, [this] { m_observer->mark(tr("abort requested"), true); });

    auto *charts = new QTimer(this);
    connect(charts, &QTimer::timeout, this, &ConsoleWindow::updateCharts);
    charts->start(kChartIntervalMs);
    updateActions();
}

void ConsoleWindow::showWarmWindow(const QString &colour, const QDateTime &until)
{
    m_warmColour = colour;
    m_warmUntil = until;
    m_blue->setWarm(colour == QLatin1String("blue"), until);
    m_green->setWarm(colour == QLatin1String("green"), until);
}

void ConsoleWindow::buildActions()
{
    auto *bar = addToolBar(tr("Deployment"));
    bar->setObjectName(QStringLiteral("deploymentToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setMovable(false);

    m_deploy = bar->addAction(tr("Deploy version…"), this, &ConsoleWindow::openDeployDialog);
    m_deploy->setObjectName(QStringLiteral("deployAction"));
    m_deploy->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_rollback = bar->addAction(tr("Roll back"), this, &ConsoleWindow::rollBack);
    m_rollback->setObjectName(QStringLiteral("rollbackAction"));
    m_rollback->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_rollback->setToolTip(tr("Put all traffic back on the colour that was live before the last deploy (Ctrl+R)"));
    m_promote = bar->addAction(tr("Promote"), m_controller, &DeploymentController::promote);
    m_promote->setObjectName(QStringLiteral("promoteAction"));
    m_promote->setToolTip(tr("Let a deploy waiting at its manual promote gate shift traffic"));
    m_abort = bar->addAction(tr("Abort"), m_controller, &DeploymentController::abort);
    m_abort->setObjectName(QStringLiteral("abortAction"));
    m_cleanup = bar->addAction(tr("Clean up old colour…"), this, &ConsoleWindow::cleanUpOldColour);
    m_cleanup->setObjectName(QStringLiteral("cleanupAction"));
    m_cleanup->setToolTip(tr("Run the finish stage's clean-up on the colour the last deploy left warm for rollback"));
    bar->addSeparator();
    m_refresh = bar->addAction(tr("Refresh"), m_controller, &DeploymentController::refresh);
    m_refresh->setObjectName(QStringLiteral("refreshAction"));
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    buildChartWindowChoice(bar);
    if (QWidget *button = bar->widgetForAction(m_rollback))
        button->setStyleSheet(QStringLiteral("QToolButton { color: white; background: #c62828; font-weight: bold; padding: 4px 14px; "
                                             "border-radius: 3px; } QToolButton:disabled { background: #e0a0a0; }"));
    if (QWidget *button = bar->widgetForAction(m_deploy))
        button->setStyleSheet(QStringLiteral("QToolButton { font-weight: bold; padding: 4px 14px; }"));
}

void ConsoleWindow::buildChartWindowChoice(QToolBar *bar)
{
    bar->addSeparator();
    auto *label = new QLabel(tr(" Charts: "));
    m_chartWindow = new QComboBox;
    m_chartWindow->setObjectName(QStringLiteral("chartWindow"));
    m_chartWindow->setAccessibleName(tr("Chart time window"));
    label->setBuddy(m_chartWindow);
    m_chartWindow->addItem(tr("last 2 min"), 120);
    m_chartWindow->addItem(tr("last 15 min"), 900);
    m_chartWindow->addItem(tr("last 1 h"), 3600);
    connect(m_chartWindow, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int seconds = m_chartWindow->itemData(index).toInt();
        m_blue->setChartWindow(seconds);
        m_green->setChartWindow(seconds);
        updateCharts();
    });
    bar->addWidget(label);
    bar->addWidget(m_chartWindow);
}

void ConsoleWindow::setChartWindow(int seconds)
{
    const int index = m_chartWindow->findData(seconds);
    if (index >= 0)
        m_chartWindow->setCurrentIndex(index);
}

void ConsoleWindow::updateActions()
{
    const Activity activity = m_controller->activity();
    const bool idle = activity == Activity::Idle;
    m_deploy->setEnabled(idle);
    m_abort->setEnabled(activity == Activity::Deploying || activity == Activity::Resuming || activity == Activity::CleaningUp);
    m_promote->setEnabled(activity == Activity::Deploying);
    m_rollback->setEnabled(activity != Activity::RollingBack); // works mid-deploy: it never waits for the pipeline
    m_cleanup->setEnabled(idle);
}

void ConsoleWindow::cleanUpOldColour()
{
    if (m_warmColour.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to clean up: no deploy has left a colour warm since the last clean-up"));
        return;
    }
    const QString &colour = m_warmColour;
    const QDateTime &until = m_warmUntil;
    const QString window = until.isValid() && until > QDateTime::currentDateTimeUtc()
                               ? tr("Its rollback window runs until %1 UTC.").arg(until.toString(QStringLiteral("HH:mm")))
                               : tr("Its rollback window is over.");
    const auto answer = QMessageBox::question(
        this, tr("Clean up %1?").arg(colour),
        tr("Run the clean-up command on every %1 host? %2\n\nAfterwards a rollback to %1 needs a deploy first.").arg(colour, window),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes || !m_controller->cleanUp(true))
        return;
    m_timeline->beginRun(tr("Clean up %1").arg(colour));
    statusBar()->showMessage(tr("Cleaning up %1…").arg(colour));
}

QString ConsoleWindow::deployPlan() const
{
    const FleetSnapshot &fleet = m_controller->fleet();
    const auto live = fleet.liveColour();
    if (!live)
        return tr("No colour takes all traffic right now (%1): a deploy will refuse to start until one does.")
            .arg(fleet.routerOk ? fleet.router.describe() : fleet.routerError);
    const Colour idle = otherColour(*live);
    QStringList stages;
    for (const StageConfig &s : m_controller->config().pipeline) {
        QString name = stageKindName(s.kind);
        if (s.kind == StageKind::Shift) {
            QStringList weights;
            for (int w : s.weights)
                weights << QString::number(w) + QStringLiteral(" %");
            name += QStringLiteral(" ") + weights.join(QStringLiteral(" → "));
        }
        stages << name;
    }
    const QStringList versions = fleet.versions(idle);
    return tr("Deploy to %1 (idle, now %2). %3 stays live until the shift and warm afterwards for a rollback.\nStages: %4.")
        .arg(colourName(idle).toUpper(), versions.isEmpty() ? tr("version unknown") : versions.join(QStringLiteral(", ")),
             colourName(*live).toUpper(), stages.join(QStringLiteral(" → ")));
}

void ConsoleWindow::openDeployDialog()
{
    auto *dialog = new DeployVersionDialog(deployPlan(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startDeploy(dialog->version()); });
    dialog->open();
}

void ConsoleWindow::startDeploy(const QString &version, bool forceUnlock)
{
    DeployOptions options;
    options.forceUnlock = forceUnlock;
    if (!m_controller->deploy(version, options)) {
        const QString problem = versionProblem(version);
        statusBar()->showMessage(problem.isEmpty() ? tr("Cannot deploy now: another change is running") : tr("Cannot deploy: %1").arg(problem));
        return;
    }
    m_timeline->beginRun(tr("Deploy %1").arg(version));
    m_observer->runStarted(tr("deploy %1").arg(version));
    m_notice->hide();
    m_resume->hide();
    statusBar()->showMessage(tr("Deploying %1…").arg(version));
}

void ConsoleWindow::rollBack()
{
    if (!m_controller->rollback(tr("requested in the console")))
        return;
    m_timeline->beginRun(tr("Rollback"));
    statusBar()->showMessage(tr("Rolling back…"));
}

void ConsoleWindow::showFleet(const FleetSnapshot &fleet)
{
    m_blue->setFleet(fleet);
    m_green->setFleet(fleet);
    if (!fleet.routerOk) {
        m_banner->setText(tr("ROUTER UNREACHABLE: %1").arg(fleet.routerError));
        m_banner->setStyleSheet(bannerStyle(Theme::colour(Theme::Role::Danger)));
        return;
    }
    if (const auto live = fleet.liveColour()) {
        const QStringList versions = fleet.versions(*live);
        m_banner->setText(tr("%1 is live — %2 — %3 % of traffic")
                              .arg(colourName(*live).toUpper(), versions.isEmpty() ? tr("version unknown") : versions.join(QStringLiteral(" / ")))
                              .arg(fleet.router.percent(*live)));
        m_banner->setStyleSheet(bannerStyle(Theme::accent(*live)));
    } else {
        m_banner->setText(tr("SPLIT: %1").arg(fleet.router.describe()));
        m_banner->setStyleSheet(bannerStyle(Theme::colour(Theme::Role::Warning)));
    }
    statusBar()->showMessage(tr("Router read at %1").arg(fleet.readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))), 5000);
}

QString ConsoleWindow::bannerText() const
{
    return m_banner->text();
}

void ConsoleWindow::showEvent(const PipelineEvent &event)
{
    m_observer->event(event);
    if (event.kind == PipelineEvent::Kind::Progress)
        return; // the bake card's, not the timeline's
    if (event.stage == QLatin1String("rollback") && m_timeline->currentRun()
        && !m_timeline->currentRun()->text().startsWith(tr("Rollback")))
        m_timeline->beginRun(tr("Rollback"));
    m_timeline->addEvent(event);
}

void ConsoleWindow::showNotice(const QString &text, const QString &foreground, const QString &background)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(QStringLiteral("QLabel { padding: 8px 12px; border-radius: 4px; color: %1; background: %2; }").arg(foreground, background));
    m_notice->show();
}

void ConsoleWindow::showOutcome(const QString &what, const PipelineOutcome &outcome)
{
    m_resume->hide();
    m_observer->finished(what, outcome);
    const QColor background = Theme::colour(outcome.succeeded ? Theme::Role::Success : Theme::Role::Danger);
    showNotice(QStringLiteral("%1: %2").arg(what, outcome.message), Theme::textOn(background).name(), background.name());
    statusBar()->showMessage(outcome.message);
}

void ConsoleWindow::showRecovery(const RecoveryReport &report)
{
    const bool wasRunning = m_recovery.running;
    if (report.running || wasRunning)
        m_recovery = report;
    if (report.running) {
        // Someone else's deploy is alive (its heartbeat is fresh): say so; nothing to resume.
        showNotice(tr("DEPLOY RUNNING — %1").arg(report.summary), QStringLiteral("black"), QStringLiteral("#90caf9"));
        return;
    }
    if (report.deadLock) {
        // A lock nothing beats in, with no cut-short deploy behind it: deploys are refused until
        // `greenlight resume` clears it.
        showNotice(tr("DEAD LOCK — %1").arg(report.summary), QStringLiteral("black"), QStringLiteral("#ffcc80"));
        return;
    }
    if (!report.interrupted) {
        if (wasRunning)
            m_notice->hide(); // it ended
        return;
    }
    m_recovery = report;
    showNotice(tr("INTERRUPTED DEPLOY — %1").arg(report.summary), QStringLiteral("black"), QStringLiteral("#ffcc80"));
    m_resume->setText(tr("Resume: deploy %1 again").arg(report.version));
    m_resume->setToolTip(tr("Runs the whole pipeline for %1 again (deploy steps are safe to repeat; a migration already "
                            "applied is not re-run). Roll back instead with the Roll back button.").arg(report.version));
    m_resume->show();
}

void ConsoleWindow::resumeInterrupted()
{
    bool force = false;
    if (!m_recovery.lockHolder.isEmpty()) {
        // The lock of the deploy that died is still there; breaking it is the operator's call.
        const auto answer = QMessageBox::question(
            this, tr("Break the deploy lock?"),
            tr("The deploy lock is held: %1\n\nIf that is the deploy that was cut short (and nobody else is deploying), "
               "resuming breaks the lock and deploys %2 again.").arg(m_recovery.lockHolder, m_recovery.version),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
        force = true;
    }
    startDeploy(m_recovery.version, force);
}

void ConsoleWindow::copyTimelineSelection()
{
    // Whole rows, tab-separated, in the view's order: a log line is copied entire.
    QModelIndexList rows = m_timelineView->selectionModel()->selectedRows(RunTimeline::What);
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex &a, const QModelIndex &b) {
        return m_timelineView->visualRect(a).top() < m_timelineView->visualRect(b).top();
    });
    QStringList lines;
    for (const QModelIndex &first : rows) {
        QStringList cells;
        for (int c = 0; c < RunTimeline::ColumnCount; ++c)
            cells << first.siblingAtColumn(c).data().toString();
        while (!cells.isEmpty() && cells.last().isEmpty())
            cells.removeLast();
        lines << cells.join(QLatin1Char('\t'));
    }
    QGuiApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void ConsoleWindow::showRun(const QString &runId)
{
    QStandardItem *run = m_timeline->runItem(runId);
    if (!run)
        return;
    m_tabs->setCurrentWidget(m_timelineView);
    m_timelineView->expand(run->index());
    m_timelineView->setCurrentIndex(run->index());
    m_timelineView->scrollTo(run->index(), QAbstractItemView::PositionAtTop);
}

void ConsoleWindow::updateCharts()
{
    if (!isVisible())
        return;
    m_blue->updateMetrics(m_controller->metrics());
    m_green->updateMetrics(m_controller->metrics());
}

} // namespace greenlight
