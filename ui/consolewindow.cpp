#include "consolewindow.h"

#include "common/versiontext.h"

#include "bakecard.h"
#include "colourpanel.h"
#include "controller/deploymentcontroller.h"
#include "deployversiondialog.h"
#include "desktopsettings.h"
#include "historymodel.h"
#include "historyview.h"
#include "hostkeyreviewdialog.h"
#include "noticebar.h"
#include "notifier.h"
#include "remoteruns.h"
#include "rollbackcontrol.h"
#include "runobserver.h"
#include "runtimeline.h"
#include "theme.h"
#include "windowactions.h"

#include <QAccessible>
#include <QAction>
#include <QActionGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
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

QString jsonFileOf(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().first().isLocalFile())
        return {};
    const QString path = mime->urls().first().toLocalFile();
    return path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? path : QString();
}
} // namespace

ConsoleWindow::ConsoleWindow(DeploymentController *controller, QWidget *parent)
    : QMainWindow(parent), m_controller(controller),
      m_blue(new ColourPanel(Colour::Blue, controller->config().blue.hosts)),
      m_green(new ColourPanel(Colour::Green, controller->config().green.hosts)), m_banner(new QLabel), m_notice(new NoticeBar),
      m_rollbackTarget(new QLabel), m_recovery(new RecoveryFlow(controller, m_notice, this)), m_timeline(new RunTimeline(this)), m_timelineView(new QTreeView), m_bakeCard(new BakeCard),
      m_notifier(new Notifier(this)), m_observer(new RunObserver(m_bakeCard, m_notifier, this)), m_historyModel(new HistoryModel(this)),
      m_historyView(new HistoryView(m_historyModel)), m_remoteRuns(new RemoteRuns(m_timeline, m_historyModel, m_observer, this)),
      m_tabs(new QTabWidget)
{
    setWindowTitle(tr("Greenlight — %1").arg(controller->config().name));
    setAcceptDrops(true);
    buildActions();

    m_banner->setObjectName(QStringLiteral("liveBanner"));
    m_banner->setAccessibleName(tr("Where traffic is"));
    m_banner->setFocusPolicy(Qt::TabFocus); // a screen reader's first stop: the live colour
    QFont big = m_banner->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_banner->setFont(big);
    m_banner->setText(tr("Reading the router…"));
    m_banner->setStyleSheet(bannerStyle(Theme::colour(Theme::Role::Muted)));
    buildTimelineView();

    auto *colours = new QWidget;
    auto *side = new QHBoxLayout(colours);
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(m_blue);
    side->addWidget(m_green);
    m_split = new QSplitter(Qt::Vertical);
    m_split->setObjectName(QStringLiteral("mainSplit"));
    m_split->setChildrenCollapsible(false);
    m_tabs->setObjectName(QStringLiteral("runTabs"));
    m_tabs->setAccessibleName(tr("Runs"));
    m_tabs->addTab(m_timelineView, tr("&Timeline"));
    m_tabs->addTab(m_historyView, tr("&History"));
    m_split->addWidget(colours);
    m_split->addWidget(m_tabs);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addWidget(m_notice);
    layout->addWidget(m_bakeCard);
    layout->addWidget(m_split, 1);
    setCentralWidget(central);
    // Banner → panels' tables → runs; the toolbar and menus are reached by their shortcuts.
    setTabOrder(m_banner, m_blue->findChild<QWidget *>(QStringLiteral("blueHosts")));
    setTabOrder(m_blue->findChild<QWidget *>(QStringLiteral("blueHosts")), m_green->findChild<QWidget *>(QStringLiteral("greenHosts")));
    setTabOrder(m_green->findChild<QWidget *>(QStringLiteral("greenHosts")), m_tabs);
    DesktopSettings::restoreWindow(this, m_split);
    statusBar()->showMessage(tr("Connecting to %1 hosts…").arg(controller->config().hosts.size()));

    connect(controller, &DeploymentController::fleetChanged, this, &ConsoleWindow::showFleet);
    connect(controller, &DeploymentController::hostStatusChanged, this, [this](const QString &host, const HostStatus &s) {
        m_blue->setHostStatus(host, s);
        m_green->setHostStatus(host, s);
        if (s.state == HostState::Failed)
            statusBar()->showMessage(tr("%1: %2").arg(host, s.reason));
    });
    connect(controller, &DeploymentController::hostKeysToReview, this, &ConsoleWindow::reviewHostKeys);
    connect(controller, &DeploymentController::pipelineEvent, this, &ConsoleWindow::showEvent);
    connect(controller, &DeploymentController::logLine, m_timeline, &RunTimeline::addLogLine);
    connect(controller, &DeploymentController::deployFinished, this, [this](const PipelineOutcome &o) { showOutcome(RecoveryFlow::Run::Deploy, tr("Deploy"), o); });
    connect(controller, &DeploymentController::rollbackFinished, this, [this](const PipelineOutcome &o) {
        showOutcome(RecoveryFlow::Run::Rollback, tr("Rollback"), o);
        if (m_closeAfterRollback)
            close();
        else if (!m_openAfterRollback.isEmpty())
            Q_EMIT openRequested(std::exchange(m_openAfterRollback, QString()));
    });
    connect(controller, &DeploymentController::cleanupFinished, this, [this](const PipelineOutcome &o) { showOutcome(RecoveryFlow::Run::CleanUp, tr("Clean-up"), o); });
    connect(controller, &DeploymentController::resumeFinished, this, [this](const PipelineOutcome &o) { showOutcome(RecoveryFlow::Run::Resume, tr("Resume"), o); });
    connect(controller, &DeploymentController::warmWindowChanged, this, &ConsoleWindow::showWarmWindow);
    connect(controller, &DeploymentController::colourBeforeLastDeployRead, this, [this](const QString &colour) {
        m_rollbackControl->setColourBeforeLastDeploy(colour);
    });
    connect(controller, &DeploymentController::activityChanged, this, &ConsoleWindow::updateActions);
    connect(controller, &DeploymentController::recoveryChecked, m_recovery, &RecoveryFlow::recovery);
    connect(m_recovery, &RecoveryFlow::deployRequested, this, &ConsoleWindow::startDeploy);
    connect(m_recovery, &RecoveryFlow::deployDialogRequested, this, &ConsoleWindow::openDeployDialog);
    connect(m_recovery, &RecoveryFlow::changed, this, &ConsoleWindow::updateActions);
    connect(m_recovery, &RecoveryFlow::rollbackRequested, this, [this] { m_rollbackControl->confirm(RollbackPlan::Kind::RollBack); });
    connect(m_recovery, &RecoveryFlow::cleanupRequested, this, &ConsoleWindow::cleanUpOldColour);
    connect(controller, &DeploymentController::journalRecords, m_remoteRuns, &RemoteRuns::add);
    connect(controller, &DeploymentController::journalFollowFailed, this, [this](const QString &why) {
        statusBar()->showMessage(tr("The router host's journal could not be read (the history may be behind): %1").arg(why));
    });
    connect(m_remoteRuns, &RemoteRuns::changedElsewhere, this, [this](const QString &what) {
        // Whatever the window said before, the router is read again and the notice says who did what.
        m_notice->post(NoticeBar::Kind::Elsewhere, what);
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

    auto *charts = new QTimer(this);
    connect(charts, &QTimer::timeout, this, &ConsoleWindow::updateCharts);
    charts->start(kChartIntervalMs);
    updateActions();
}

ConsoleWindow::~ConsoleWindow()
{
    DesktopSettings::saveWindow(this, m_split);
}

void ConsoleWindow::buildActions()
{
    m_actions = new WindowActions(this);
    WindowActions &a = *m_actions;
    connect(a.open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open deployment file"), QString(), tr("Deployment files (*.json)"));
        if (!path.isEmpty())
            openFile(path);
    });
    connect(a.recent, &QMenu::aboutToShow, this, &ConsoleWindow::fillRecentMenu);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.deploy, &QAction::triggered, this, [this] { openDeployDialog(); });
    m_rollbackControl = new RollbackControl(m_controller, a.rollback, a.switchTraffic, m_rollbackTarget, this);
    connect(m_rollbackControl, &RollbackControl::refused, this, [this](const QString &why) { statusBar()->showMessage(why); });
    connect(m_rollbackControl, &RollbackControl::started, this, [this](const RollbackPlan &plan) {
        m_timeline->beginRun(plan.kind == RollbackPlan::Kind::RollBack ? tr("Rollback") : tr("Switch"));
        statusBar()->showMessage(tr("%1…").arg(plan.actionText()));
    });
    connect(a.promote, &QAction::triggered, m_controller, &DeploymentController::promote);
    connect(a.abort, &QAction::triggered, this, [this] {
        m_observer->mark(tr("abort requested"), true);
        m_controller->abort();
    });
    connect(a.cleanup, &QAction::triggered, this, &ConsoleWindow::cleanUpOldColour);
    connect(a.resume, &QAction::triggered, m_recovery, &RecoveryFlow::resumeInterrupted);
    connect(a.refresh, &QAction::triggered, m_controller, &DeploymentController::refresh);
    connect(a.showTimeline, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_timelineView); m_timelineView->setFocus(); });
    connect(a.showHistory, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_historyView); m_historyView->setFocus(); });
    connect(a.shortcuts, &QAction::triggered, this, [this] {
        QMessageBox::information(this, tr("Keyboard shortcuts"), m_actions->shortcutList());
    });
    connect(a.about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Greenlight"),
                           tr("Greenlight %1\nBlue-green deployments over SSH.\nLicensed under the Apache License 2.0.")
                               .arg(QCoreApplication::applicationVersion()));
    });

    if (QWidget *button = a.toolBar->widgetForAction(a.deploy))
        button->setStyleSheet(QStringLiteral("QToolButton { font-weight: bold; padding: 4px 14px; }"));
    if (QWidget *button = a.toolBar->widgetForAction(a.rollback)) {
        const QColor danger = Theme::colour(Theme::Role::Danger);
        QColor faded = danger;
        faded.setAlphaF(0.45);
        button->setStyleSheet(QStringLiteral("QToolButton { color: %1; background: %2; font-weight: bold; padding: 4px 14px; border-radius: 3px; } "
                                             "QToolButton:disabled { background: %3; }")
                                  .arg(Theme::textOn(danger).name(), danger.name(), faded.name(QColor::HexArgb)));
    }
    a.toolBar->insertWidget(a.promote, m_rollbackTarget);
    buildChartWindowChoice();
}

void ConsoleWindow::buildTimelineView()
{
    m_timelineView->setObjectName(QStringLiteral("timeline"));
    m_timelineView->setAccessibleName(tr("Timeline"));
    m_timelineView->setAccessibleDescription(tr("Every run: its stages, steps, hosts and log lines as they happen"));
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
}

void ConsoleWindow::buildChartWindowChoice()
{
    QToolBar *bar = m_actions->toolBar;
    bar->addSeparator();
    auto *label = new QLabel(tr(" Charts: "));
    m_chartWindow = new QComboBox;
    m_chartWindow->setObjectName(QStringLiteral("chartWindow"));
    m_chartWindow->setAccessibleName(tr("Chart time window"));
    label->setBuddy(m_chartWindow);
    auto *group = new QActionGroup(this);
    const QList<QPair<QString, int>> windows = {{tr("last 2 min"), 120}, {tr("last 15 min"), 900}, {tr("last 1 h"), 3600}};
    for (const auto &[text, seconds] : windows) {
        m_chartWindow->addItem(text, seconds);
        QAction *choice = m_actions->chartWindow->addAction(text);
        choice->setCheckable(true);
        choice->setChecked(seconds == 120);
        group->addAction(choice);
        connect(choice, &QAction::triggered, this, [this, seconds = seconds] { setChartWindow(seconds); });
    }
    connect(m_chartWindow, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int seconds = m_chartWindow->itemData(index).toInt();
        m_actions->chartWindow->actions().at(index)->setChecked(true);
        m_blue->setChartWindow(seconds);
        m_green->setChartWindow(seconds);
        updateCharts();
    });
    bar->addWidget(label);
    bar->addWidget(m_chartWindow);
}

void ConsoleWindow::fillRecentMenu()
{
    QMenu *menu = m_actions->recent;
    menu->clear();
    const QStringList files = DesktopSettings::recentFiles();
    for (const QString &file : files)
        connect(menu->addAction(file), &QAction::triggered, this, [this, file] { openFile(file); });
    if (files.isEmpty())
        menu->addAction(tr("(none yet)"))->setEnabled(false);
}

void ConsoleWindow::setChartWindow(int seconds)
{
    const int index = m_chartWindow->findData(seconds);
    if (index >= 0)
        m_chartWindow->setCurrentIndex(index);
}

void ConsoleWindow::showWarmWindow(const QString &colour, const QDateTime &until)
{
    m_warmColour = colour;
    m_warmUntil = until;
    m_blue->setWarm(colour == QLatin1String("blue"), until);
    m_green->setWarm(colour == QLatin1String("green"), until);
}

void ConsoleWindow::updateActions()
{
    const Activity activity = m_controller->activity();
    const bool idle = activity == Activity::Idle;
    const bool running = activity == Activity::Deploying || activity == Activity::Resuming;
    m_actions->deploy->setEnabled(idle);
    m_actions->abort->setEnabled(running || activity == Activity::CleaningUp);
    m_actions->promote->setEnabled(activity == Activity::Deploying);
    m_actions->cleanup->setEnabled(idle);
    m_actions->resume->setEnabled(idle && m_recovery->canResume());

    m_rollbackControl->update();
}

void ConsoleWindow::cleanUpOldColour()
{
    if (m_warmColour.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to clean up: no deploy has left a colour warm since the last clean-up"));
        return;
    }
    const QString &colour = m_warmColour;
    const QString window = m_warmUntil.isValid() && m_warmUntil > QDateTime::currentDateTimeUtc()
                               ? tr("Its rollback window runs until %1 UTC.").arg(m_warmUntil.toString(QStringLiteral("HH:mm")))
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

void ConsoleWindow::openDeployDialog(bool forceUnlock)
{
    auto *dialog = new DeployVersionDialog(deployPlan(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, forceUnlock] { startDeploy(dialog->version(), forceUnlock); });
    dialog->open();
}

void ConsoleWindow::startDeploy(const QString &version, bool forceUnlock)
{
    DeployOptions options;
    options.forceUnlock = forceUnlock;
    const auto live = m_controller->fleet().liveColour();
    if (!m_controller->deploy(version, options)) {
        const QString problem = versionProblem(version);
        statusBar()->showMessage(problem.isEmpty() ? tr("Cannot deploy now: another change is running") : tr("Cannot deploy: %1").arg(problem));
        return;
    }
    if (live)
        m_rollbackControl->setColourBeforeLastDeploy(colourName(*live)); // what this deploy records as its "from"
    m_recovery->deployStarted();
    m_timeline->beginRun(tr("Deploy %1").arg(version));
    m_observer->runStarted(tr("deploy %1").arg(version));
    statusBar()->showMessage(tr("Deploying %1…").arg(version));
    updateActions();
}

void ConsoleWindow::showFleet(const FleetSnapshot &fleet)
{
    m_blue->setFleet(fleet);
    m_green->setFleet(fleet);
    m_notice->routerRead(fleet);
    const QString before = m_banner->text();
    if (!fleet.routerOk) {
        m_banner->setText(tr("⚠ ROUTER UNREACHABLE: %1").arg(fleet.routerError));
        m_banner->setStyleSheet(bannerStyle(Theme::colour(Theme::Role::Danger)));
    } else if (const auto live = fleet.liveColour()) {
        const QStringList versions = fleet.versions(*live);
        m_banner->setText(tr("%1 is live — %2 — %3 % of traffic")
                              .arg(colourName(*live).toUpper(), versions.isEmpty() ? tr("version unknown") : versions.join(QStringLiteral(" / ")))
                              .arg(fleet.router.percent(*live)));
        m_banner->setStyleSheet(bannerStyle(Theme::accent(*live)));
        statusBar()->showMessage(tr("Router read at %1").arg(fleet.readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))), 5000);
    } else {
        m_banner->setText(tr("◐ SPLIT: %1").arg(fleet.router.describe()));
        m_banner->setStyleSheet(bannerStyle(Theme::colour(Theme::Role::Warning)));
    }
    if (m_banner->text() != before)
        announce(m_banner);
    updateActions();
}

void ConsoleWindow::showOutcome(RecoveryFlow::Run run, const QString &what, const PipelineOutcome &outcome)
{
    m_observer->finished(what, outcome);
    statusBar()->showMessage(outcome.message);
    m_recovery->outcome(run, what, outcome);
}

QString ConsoleWindow::bannerText() const
{
    return m_banner->text();
}

void ConsoleWindow::announce(QWidget *widget)
{
    if (!QAccessible::isActive())
        return;
    QAccessibleEvent event(widget, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&event);
}

void ConsoleWindow::showEvent(const PipelineEvent &event)
{
    m_observer->event(event);
    if (event.kind == PipelineEvent::Kind::Progress)
        return; // the bake card's, not the timeline's
    if (event.stage == QLatin1String("rollback") && m_timeline->currentRun()
        && !m_timeline->currentRun()->text().startsWith(tr("Rollback")) && !m_timeline->currentRun()->text().startsWith(tr("Switch")))
        m_timeline->beginRun(tr("Rollback"));
    m_timeline->addEvent(event);
}

void ConsoleWindow::reviewHostKeys(const QList<NewHostKey> &keys)
{
    // Window-modal, not exec(): the window goes on showing what it reads meanwhile.
    auto *dialog = new HostKeyReviewDialog(keys, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog] {
        const QList<NewHostKey> trusted = dialog->trusted();
        statusBar()->showMessage(trusted.isEmpty() ? tr("No new host key trusted: those hosts stay disconnected")
                                                   : tr("Trusted %1 of %2 new host keys; connecting").arg(trusted.size()).arg(dialog->keys().size()));
        m_controller->answerHostKeys(trusted);
    });
    dialog->open();
}

bool ConsoleWindow::leaveChangeRunning(const QString &openAfter)
{
    // `openAfter` empty: the window is closing; else the operator chose that file.
    const Activity activity = m_controller->activity();
    if (activity == Activity::Idle)
        return true;
    const bool closing = openAfter.isEmpty();
    const QString after = closing ? tr("the window closes") : tr("%1 opens").arg(QFileInfo(openAfter).fileName());
    if (activity != Activity::RollingBack) {
        const RollbackPlan plan = m_rollbackControl->plan();
        const QString target = plan.allowed ? colourName(plan.target).toUpper() : tr("the colour live before it");
        const auto answer = QMessageBox::question(
            this, tr("A change is running"),
            tr("The running change will be aborted and all traffic put back on %1; then %2.").arg(target, after),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
        if (m_controller->rollback(tr("the console was left during a change"), plan.allowed ? std::optional<Colour>(plan.target) : std::nullopt))
            m_timeline->beginRun(tr("Rollback"));
    }
    m_closeAfterRollback = closing;
    m_openAfterRollback = openAfter;
    statusBar()->showMessage(tr("Putting traffic back; then %1").arg(after));
    return false;
}

void ConsoleWindow::stopAndClose()
{
    const Activity activity = m_controller->activity();
    m_closeAfterRollback = true;
    if (activity == Activity::Idle) {
        close();
        return;
    }
    if (activity != Activity::RollingBack) {
        const RollbackPlan plan = m_rollbackControl->plan();
        if (m_controller->rollback(tr("the console was stopped by a signal during a change"),
                                   plan.allowed ? std::optional<Colour>(plan.target) : std::nullopt))
            m_timeline->beginRun(tr("Rollback"));
    }
    statusBar()->showMessage(tr("Stopping: traffic is being put back; the window closes once that is done"));
}

void ConsoleWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeAfterRollback && m_controller->activity() != Activity::RollingBack) {
        event->accept();
        return;
    }
    if (!leaveChangeRunning()) {
        event->ignore();
        return;
    }
    event->accept();
}

void ConsoleWindow::openFile(const QString &path)
{
    if (!leaveChangeRunning(path))
        return;
    Q_EMIT openRequested(path);
}

void ConsoleWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!jsonFileOf(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ConsoleWindow::dropEvent(QDropEvent *event)
{
    const QString path = jsonFileOf(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(path);
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
