// The window, offscreen, against the real lab: clicks Deploy and Roll back on the real widgets
// and checks that HAProxy's weights really moved and what clients get through the router.

#include "integration/clirun.h"
#include "integration/labfixture.h"

#include "colourpanel.h"
#include "consolewindow.h"
#include "controller/deploymentcontroller.h"
#include "historymodel.h"
#include "historyview.h"
#include "hostsmodel.h"
#include "http/httpcheck.h"
#include "noticebar.h"
#include "rollbackconfirm.h"
#include "runtimeline.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QChartView>
#include <QComboBox>
#include <QMenuBar>
#include <QTabWidget>
#include <QApplication>
#include <QDialog>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTreeView>
#include <QPushButton>
#include <QToolBar>
#include <QtTest>

using namespace greenlight;

namespace {
// Answers Yes to every question the window asks while it lives, keeping the last one's text.
struct YesToQuestions
{
    QTimer timer;
    QString asked;
    YesToQuestions()
    {
        QObject::connect(&timer, &QTimer::timeout, [this] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                asked = box->text();
                box->button(QMessageBox::Yes)->click();
            }
        });
        timer.start(100);
    }
};
} // namespace

class TestConsoleWindow final : public QObject
{
    Q_OBJECT

private:
    test::LabFixture m_lab;
    std::unique_ptr<DeploymentController> m_controller;
    std::unique_ptr<ConsoleWindow> m_window;

    QString servedThroughRouter() const
    {
        const Result<HttpReply> r = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        return r ? r->bodyText() : QStringLiteral("(error: %1)").arg(r.error());
    }

    void click(const char *actionName)
    {
        auto *action = m_window->findChild<QAction *>(QString::fromLatin1(actionName));
        QVERIFY(action);
        auto *bar = m_window->findChild<QToolBar *>();
        QWidget *button = bar->widgetForAction(action);
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
    }

    // The router, read again from scratch: not the window's opinion.
    FleetSnapshot freshFleet()
    {
        QSignalSpy fleets(m_controller.get(), &DeploymentController::fleetChanged);
        m_controller->refresh();
        if (!fleets.wait(15000))
            return {};
        return fleets.last().at(0).value<FleetSnapshot>();
    }

    bool allHostsReady() const
    {
        for (const HostConfig &h : m_controller->config().hosts) {
            if (m_controller->hostStatus(h.name).state != HostState::Ready)
                return false;
        }
        return true;
    }

    // A headless deploy SIGKILLed while it waits for a manual promote: the journal has its
    // start and no end, and its deploy lock is still held on the router host.
    bool killDeployWaitingForPromote(const QString &version)
    {
        const QString manual = test::variantConfig(m_lab.lab.configPath(), m_lab.lab.rootDir() + QStringLiteral("/manual.json"),
                                                   [](QJsonObject &root) {
                                                       QJsonArray pipeline = root.value(QStringLiteral("pipeline")).toArray();
                                                       QJsonObject shift = pipeline.at(2).toObject();
                                                       shift.insert(QStringLiteral("promote"), QStringLiteral("manual"));
                                                       pipeline.replace(2, shift);
                                                       root.insert(QStringLiteral("pipeline"), pipeline);
                                                   });
        QProcess headless;
        headless.start(qEnvironmentVariable("GREENLIGHT_BIN"), {QStringLiteral("deploy"), version, QStringLiteral("--config"), manual});
        if (!headless.waitForStarted(10000))
            return false;
        QByteArray out;
        QDeadlineTimer deadline(60000);
        while (!out.contains("waiting for promote") && !deadline.hasExpired() && headless.state() == QProcess::Running) {
            headless.waitForReadyRead(500);
            out += headless.readAllStandardOutput();
        }
        headless.kill();
        const bool killed = headless.waitForFinished(5000);
        if (!out.contains("waiting for promote"))
            qWarning("the headless deploy never waited for promote:\n%s\n%s", out.constData(), headless.readAllStandardError().constData());
        return killed && out.contains("waiting for promote");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_lab.start());
        m_controller = std::make_unique<DeploymentController>(*m_lab.config, HostKeyPolicy::Strict);
        m_window = std::make_unique<ConsoleWindow>(m_controller.get());
        m_window->show();
        m_controller->connectHosts(500);
        m_controller->metrics().start();
        QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().startsWith(QStringLiteral("BLUE is live — 1.0.0")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(allHostsReady(), 20000);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_controller.reset();
        m_lab.lab.stop();
    }

    void panelsShowBothColoursFromTheRouter()
    {
        auto *blue = m_window->findChild<ColourPanel *>(QStringLiteral("bluePanel"));
        auto *green = m_window->findChild<ColourPanel *>(QStringLiteral("greenPanel"));
        QVERIFY(blue && green);
        QTRY_VERIFY(blue->headline().contains(QStringLiteral("LIVE")));
        QVERIFY(green->headline().contains(QStringLiteral("IDLE")));
        QTRY_VERIFY(green->headline().contains(QStringLiteral("0.9.0 · 0 % of traffic")));
        HostsModel *hosts = blue->hostsModel();
        QCOMPARE(hosts->rowCount(), 2);
        QTRY_COMPARE(hosts->index(0, HostsModel::Ssh).data().toString(), QStringLiteral("ready"));
        QTRY_COMPARE(hosts->index(0, HostsModel::Version).data().toString(), QStringLiteral("1.0.0"));
        QVERIFY(hosts->index(0, HostsModel::Router).data().toString().contains(QStringLiteral("weight 100")));

        // The lab's light traffic, as HAProxy counts it, reaches the live colour's error rate.
        auto *summary = blue->findChild<QLabel *>(QStringLiteral("metricsSummary"));
        QVERIFY(summary);
        const QRegularExpression routed(QStringLiteral("\\+ ([1-9]\\d*) routed requests"));
        QTRY_VERIFY_WITH_TIMEOUT(routed.match(summary->text()).hasMatch(), 15000);
    }

    // Nothing moves before the window has shown where traffic is.
    void ctrlRBeforeTheRouterIsReadDoesNothingAndSaysWhy()
    {
        DeploymentController controller(*m_lab.config, HostKeyPolicy::Strict);
        ConsoleWindow window(&controller); // never connected: the router is not read
        window.show();
        auto *rollback = window.findChild<QAction *>(QStringLiteral("rollbackAction"));
        QVERIFY(!rollback->isEnabled());
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
        QTest::qWait(200);
        QVERIFY(!window.findChild<RollbackConfirm *>());
        const QString why = window.findChild<QLabel *>(QStringLiteral("rollbackTarget"))->text();
        QVERIFY2(why.contains(QStringLiteral("router has not been read")), qPrintable(why));
        QVERIFY(rollback->toolTip().contains(QStringLiteral("router has not been read")));
    }

    // A fresh lab: blue 1.0.0 live, green 0.9.0, no deploy recorded. Ctrl+R has no previous
    // colour to go back to; switching is a separate action that names the older version.
    void ctrlROnAFreshLabMovesNothing()
    {
        auto *rollback = m_window->findChild<QAction *>(QStringLiteral("rollbackAction"));
        const QString why = m_window->findChild<QLabel *>(QStringLiteral("rollbackTarget"))->text();
        QTRY_VERIFY2(m_window->findChild<QLabel *>(QStringLiteral("rollbackTarget"))->text().contains(QStringLiteral("No deploy is recorded")), qPrintable(why));
        QVERIFY(!rollback->isEnabled());
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
        QTest::qWait(200);
        QVERIFY(!m_window->findChild<RollbackConfirm *>());

        auto *switchAction = m_window->findChild<QAction *>(QStringLiteral("switchAction"));
        QVERIFY(switchAction->isEnabled());
        QVERIFY2(switchAction->text().contains(QStringLiteral("GREEN")), qPrintable(switchAction->text()));
        switchAction->trigger();
        RollbackConfirm *confirm = nullptr;
        QTRY_VERIFY((confirm = m_window->findChild<RollbackConfirm *>(QStringLiteral("rollbackConfirm"))) && confirm->isVisible());
        const QString warning = confirm->findChild<QLabel *>(QStringLiteral("rollbackWarning"))->text();
        QVERIFY2(warning.contains(QStringLiteral("GREEN runs 0.9.0, older than BLUE 1.0.0")), qPrintable(warning));
        QTest::keyClick(confirm, Qt::Key_Escape);
        QTRY_VERIFY(!m_window->findChild<RollbackConfirm *>() || !confirm->isVisible());
        QTest::qWait(300);
        QCOMPARE(freshFleet().router.percent(Colour::Blue), 100);
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }

    // Every control has an accessible name; Tab goes round the window and out of every table.
    void keyboardAndScreenReaders()
    {
        const QStringList menus = [this] {
            QStringList titles;
            for (QAction *a : m_window->menuBar()->actions())
                titles << a->text();
            return titles;
        }();
        QCOMPARE(menus, (QStringList{QStringLiteral("&File"), QStringLiteral("&Deployment"), QStringLiteral("&View"), QStringLiteral("&Help")}));
        for (const char *name : {"deployAction", "rollbackAction", "promoteAction", "abortAction", "cleanupAction", "resumeAction", "refreshAction"})
            QVERIFY2(!m_window->findChild<QAction *>(QString::fromLatin1(name))->shortcut().isEmpty(), name);

        QStringList unnamed;
        for (QWidget *w : m_window->findChildren<QWidget *>()) {
            // (A table's header is part of the table's own accessible interface.)
            const bool control = qobject_cast<QAbstractButton *>(w) || (qobject_cast<QAbstractItemView *>(w) && !qobject_cast<QHeaderView *>(w))
                                 || qobject_cast<QChartView *>(w)
                                 || qobject_cast<QComboBox *>(w) || qobject_cast<QLineEdit *>(w) || qobject_cast<QTabWidget *>(w);
            if (!control || !w->isVisible())
                continue;
            QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
            if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
                unnamed << QStringLiteral("%1 %2").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
        }
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));

        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto *banner = m_window->findChild<QLabel *>(QStringLiteral("liveBanner"));
        banner->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), banner);
        QList<QWidget *> visited;
        for (int i = 0; i < 60 && (visited.isEmpty() || QApplication::focusWidget() != banner); ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            visited << QApplication::focusWidget();
        }
        QCOMPARE(visited.last(), static_cast<QWidget *>(banner)); // round the window and back: no trap
        for (const char *name : {"blueHosts", "greenHosts", "timeline"}) {
            auto *w = m_window->findChild<QWidget *>(QString::fromLatin1(name));
            QCOMPARE(visited.count(w), 1); // one tab stop each, not a walk through every cell
        }
    }

    // Two launches: the second opens where and as large as the first was left.
    void theWindowRemembersItsGeometry()
    {
        const QSize chosen(1111, 666);
        {
            DeploymentController controller(*m_lab.config, HostKeyPolicy::Strict);
            ConsoleWindow window(&controller);
            window.show();
            window.resize(chosen);
            QTRY_COMPARE(window.size(), chosen);
        }
        DeploymentController controller(*m_lab.config, HostKeyPolicy::Strict);
        ConsoleWindow window(&controller);
        window.show();
        QTRY_COMPARE(window.size(), chosen);
    }

    void noticeIsReplacedWhenTheRouterContradictsIt()
    {
        NoticeBar bar;
        bar.post(NoticeBar::Kind::RolledBack, QStringLiteral("Rollback: rolled back to green"), Colour::Green);
        FleetSnapshot fleet;
        fleet.readAt = QDateTime::currentDateTimeUtc();
        fleet.routerOk = true;
        fleet.router = freshFleet().router; // the lab's real router: blue takes all traffic
        QCOMPARE(fleet.liveColour(), std::optional<Colour>(Colour::Blue));
        bar.routerRead(fleet);
        QCOMPARE(bar.kind(), std::optional<NoticeBar::Kind>(NoticeBar::Kind::Changed));
        QVERIFY2(bar.text().startsWith(QStringLiteral("CHANGED — the router no longer matches")), qPrintable(bar.text()));
        QVERIFY(bar.findChild<QLabel *>(QStringLiteral("noticeTraffic"))->text().startsWith(QStringLiteral("Traffic now: BLUE 100 %")));
    }

    void deployFromTheWindowMovesHaproxy()
    {
        QSignalSpy finished(m_controller.get(), &DeploymentController::deployFinished);
        click("deployAction");
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("deployDialog"))) && dialog->isVisible());
        auto *version = dialog->findChild<QLineEdit *>(QStringLiteral("versionEdit"));
        auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("confirmDeployButton"));
        QVERIFY(version && confirm);
        QVERIFY(!confirm->isEnabled()); // nothing typed yet
        QTest::keyClicks(version, QStringLiteral("2.0.0"));
        QVERIFY(confirm->isEnabled());
        QTest::mouseClick(confirm, Qt::LeftButton);

        // While it runs: Deploy is disabled, Roll back is not.
        QTRY_COMPARE(m_controller->activity(), Activity::Deploying);
        QVERIFY(!m_window->findChild<QAction *>(QStringLiteral("deployAction"))->isEnabled());
        QVERIFY(m_window->findChild<QAction *>(QStringLiteral("rollbackAction"))->isEnabled());
        QVERIFY(m_window->findChild<QAction *>(QStringLiteral("abortAction"))->isEnabled());

        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));

        const FleetSnapshot fleet = freshFleet();
        QVERIFY2(fleet.routerOk, qPrintable(fleet.routerError));
        QCOMPARE(fleet.router.percent(Colour::Green), 100);
        QCOMPARE(fleet.router.servers.value(QStringLiteral("blue-1")).weight, 0);
        QCOMPARE(servedThroughRouter(), QStringLiteral("2.0.0"));
        QTRY_VERIFY(m_window->bannerText().startsWith(QStringLiteral("GREEN is live — 2.0.0")));
        // Blue, live before, stays up for rollback: the lab's finish stage keeps it warm 30 minutes.
        auto *blue = m_window->findChild<ColourPanel *>(QStringLiteral("bluePanel"));
        QTRY_VERIFY2(blue->headline().contains(QStringLiteral("IDLE · warm for rollback until")), qPrintable(blue->headline()));

        // The timeline shows each stage done, and the deploy script's own output under its step.
        for (const char *stage : {"preflight", "lock", "deploy", "verify", "shift"}) {
            QStandardItem *item = m_window->timeline()->stageItem(QString::fromLatin1(stage));
            QVERIFY2(item, stage);
            const QStandardItem *state = (item->parent() ? item->parent() : m_window->timeline()->invisibleRootItem())->child(item->row(), RunTimeline::State);
            QCOMPARE(state->data(Qt::UserRole).toInt(), static_cast<int>(StepState::Succeeded));
        }
        QStandardItem *deployStage = m_window->timeline()->stageItem(QStringLiteral("deploy"));
        QCOMPARE(deployStage->rowCount(), 2); // one step per green host
        bool sawScriptOutput = false;
        for (int i = 0; i < deployStage->child(0)->rowCount(); ++i)
            sawScriptOutput = sawScriptOutput || deployStage->child(0)->child(i)->text().contains(QStringLiteral("is up at version 2.0.0"));
        QVERIFY(sawScriptOutput);
        QCOMPARE(m_controller->activity(), Activity::Idle);
        QVERIFY(m_window->findChild<QAction *>(QStringLiteral("deployAction"))->isEnabled());
    }

    // The 3 a.m. path: Ctrl+R names the target, its version, its health and the split; Enter moves it.
    void rollBackWithCtrlRThenEnter()
    {
        QSignalSpy finished(m_controller.get(), &DeploymentController::rollbackFinished);
        QTRY_VERIFY(m_window->findChild<QAction *>(QStringLiteral("rollbackAction"))->isEnabled());
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
        RollbackConfirm *confirm = nullptr;
        QTRY_VERIFY((confirm = m_window->findChild<RollbackConfirm *>(QStringLiteral("rollbackConfirm"))) && confirm->isVisible());
        const QString summary = confirm->findChild<QLabel *>(QStringLiteral("rollbackSummary"))->text();
        QVERIFY2(summary.startsWith(QStringLiteral("Roll back to BLUE 1.0.0 — 2/2 hosts healthy — now GREEN 100 %")), qPrintable(summary));
        QVERIFY(finished.isEmpty()); // nothing moved while the question is open
        QCOMPARE(freshFleet().router.percent(Colour::Green), 100);
        QElapsedTimer clock;
        clock.start();
        QTest::keyClick(confirm, Qt::Key_Return);
        QVERIFY(finished.wait(30000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
        qInfo("Enter to blue serving through the router: %lld ms", static_cast<long long>(clock.elapsed()));
        const FleetSnapshot fleet = freshFleet();
        QCOMPARE(fleet.router.percent(Colour::Blue), 100);
        QTRY_VERIFY(m_window->bannerText().startsWith(QStringLiteral("BLUE is live — 1.0.0")));
        QVERIFY(m_window->timeline()->stageItem(QStringLiteral("rollback")));
        // The notice says what happened in a word, not only a colour, and where traffic is now.
        auto *notice = m_window->findChild<QLabel *>(QStringLiteral("notice"));
        QVERIFY2(notice->text().startsWith(QStringLiteral("ROLLED BACK — Rollback: rolled back to blue")), qPrintable(notice->text()));
        QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("noticeTraffic"))->text().startsWith(QStringLiteral("Traffic now: BLUE 100 %")));
        // Rolled back: BLUE, the colour before the deploy, is live; Ctrl+R has nothing to do and says so.
        QTRY_VERIFY(!m_window->findChild<QAction *>(QStringLiteral("rollbackAction"))->isEnabled());
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("rollbackTarget"))->text().contains(QStringLiteral("BLUE already takes all traffic")));
    }

    // A rollback run from the CLI (another operator, another machine: anything that is not this
    // window) reaches the window through the router host's journal: it appears live in the
    // timeline and in the history, and the notice says who moved traffic where.
    void aRollbackFromTheCliAppearsInTheTimelineAndHistory()
    {
        const QString config = m_lab.lab.configPath();
        const test::Run toGreen = test::runGreenlight({QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("green"),
                                                       QStringLiteral("--reason"), QStringLiteral("drill from the CLI"),
                                                       QStringLiteral("--config"), config});
        QVERIFY2(toGreen.exitCode == 0, qPrintable(toGreen.out + toGreen.err));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().startsWith(QStringLiteral("GREEN is live")), 20000);
        RunTimeline *timeline = m_window->timeline();
        const auto cliRun = [&]() -> QStandardItem * {
            for (int row = timeline->rowCount() - 1; row >= 0; --row) {
                if (timeline->item(row)->text().startsWith(QStringLiteral("Rollback — by ")))
                    return timeline->item(row);
            }
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(cliRun() && timeline->stageItem(QStringLiteral("rollback")), 20000);
        auto *notice = m_window->findChild<QLabel *>(QStringLiteral("notice"));
        QTRY_VERIFY2(notice->text().contains(QStringLiteral("ELSEWHERE — Rollback by")) && notice->text().contains(QStringLiteral("→ green")),
                     qPrintable(notice->text()));

        // The history lists it, newest first, with its reason; the filter finds it; Enter opens it.
        HistoryView *history = m_window->history();
        QTableView *table = history->table();
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0
                                     && table->model()->index(0, HistoryModel::What).data().toString().startsWith(QStringLiteral("rollback")),
                                 20000);
        QCOMPARE(table->model()->index(0, HistoryModel::Why).data().toString(), QStringLiteral("drill from the CLI"));
        QTest::keyClicks(history->filter(), QStringLiteral("drill"));
        QCOMPARE(table->model()->rowCount(), 1);
        const QString runId = history->runIdAt(0);
        QVERIFY(!runId.isEmpty());
        table->setCurrentIndex(table->model()->index(0, 0));
        QTest::keyClick(table, Qt::Key_Return);
        QTRY_COMPARE(m_window->timelineView()->currentIndex(), timeline->runItem(runId)->index());
        history->filter()->clear();

        // Back to blue the same way, for the tests that follow.
        const test::Run toBlue = test::runGreenlight({QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("blue"),
                                                      QStringLiteral("--config"), config});
        QVERIFY2(toBlue.exitCode == 0, qPrintable(toBlue.out + toBlue.err));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->bannerText().startsWith(QStringLiteral("BLUE is live")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(notice->text().contains(QStringLiteral("→ blue")), 20000);
    }

    void timelineModelKeepsRunsApart()
    {
        RunTimeline timeline;
        timeline.beginRun(QStringLiteral("Deploy 3.0"));
        PipelineEvent stage;
        stage.kind = PipelineEvent::Kind::Stage;
        stage.stage = QStringLiteral("deploy");
        timeline.addEvent(stage);
        PipelineEvent step;
        step.stage = QStringLiteral("deploy");
        step.step = QStringLiteral("deploy 3.0");
        step.host = QStringLiteral("green-1");
        timeline.addEvent(step);
        timeline.addLogLine(QStringLiteral("green-1"), QStringLiteral("deploy green-1"), OutputStream::Stderr, QStringLiteral("oops"));
        step.state = StepState::Failed;
        step.message = QStringLiteral("green-1: exit 1: oops");
        timeline.addEvent(step); // same row, new state
        QStandardItem *deploy = timeline.stageItem(QStringLiteral("deploy"));
        QCOMPARE(deploy->rowCount(), 1);
        QCOMPARE(deploy->child(0)->text(), QStringLiteral("deploy 3.0 @ green-1"));
        QCOMPARE(deploy->child(0)->child(0)->text(), QStringLiteral("oops"));
        QCOMPARE(deploy->child(0, RunTimeline::State)->data(Qt::UserRole).toInt(), static_cast<int>(StepState::Failed));
        timeline.beginRun(QStringLiteral("Rollback"));
        QCOMPARE(timeline.rowCount(), 2);
        QVERIFY(!timeline.stageItem(QStringLiteral("deploy"))); // the new run starts empty
    }

    // The dead end that was: after an interruption, the next deploy met a held lock and was told
    // to use a CLI flag. Now the window reads the lock's heartbeat, names its holder and breaks it
    // once the operator has seen both; then rolls back with Ctrl+R, Enter.
    void aDeployRefusedForADeadLockGoesOnFromTheWindow()
    {
        QVERIFY(killDeployWaitingForPromote(QStringLiteral("2.5.0")));
        DeploymentController controller(*m_lab.config, HostKeyPolicy::Strict);
        ConsoleWindow window(&controller);
        window.show();
        controller.connectHosts(500);
        QTRY_VERIFY_WITH_TIMEOUT(window.noticeBar()->kind() == NoticeBar::Kind::Interrupted, 45000);
        QTRY_VERIFY_WITH_TIMEOUT(controller.fleet().liveColour().has_value(), 20000);

        QSignalSpy finished(&controller, &DeploymentController::deployFinished);
        window.startDeploy(QStringLiteral("2.6.0"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).value<PipelineOutcome>().code, ErrorCode::LockHeld);
        QPushButton *breakLock = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((breakLock = window.findChild<QPushButton *>(QStringLiteral("breakLock"))) && breakLock->isVisible(), 20000);
        QVERIFY2(breakLock->text().contains(QStringLiteral("2.6.0")), qPrintable(breakLock->text()));
        const QString notice = window.noticeBar()->text();
        QVERIFY2(!notice.contains(QStringLiteral("--")) && !notice.contains(QStringLiteral("`greenlight")), qPrintable(notice));

        const YesToQuestions yes; // the questions are modal: a timer answers them
        const QString &asked = yes.asked;
        finished.clear();
        QTest::mouseClick(breakLock, Qt::LeftButton);
        QVERIFY2(asked.contains(QStringLiteral("heartbeat")) && asked.contains(QStringLiteral("2.5.0")), qPrintable(asked));
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));
        QCOMPARE(servedThroughRouter(), QStringLiteral("2.6.0"));

        // And back, from the keyboard: the confirmation names blue, Enter moves it.
        QSignalSpy rolledBack(&controller, &DeploymentController::rollbackFinished);
        QTRY_VERIFY(window.findChild<QAction *>(QStringLiteral("rollbackAction"))->isEnabled());
        window.findChild<QAction *>(QStringLiteral("rollbackAction"))->trigger();
        RollbackConfirm *confirm = nullptr;
        QTRY_VERIFY((confirm = window.findChild<RollbackConfirm *>()) && confirm->isVisible());
        QTest::keyClick(confirm, Qt::Key_Return);
        QVERIFY(rolledBack.wait(30000));
        QCOMPARE(servedThroughRouter(), QStringLiteral("1.0.0"));
    }

    void anInterruptedDeployIsResumedFromTheWindow()
    {
        QVERIFY(killDeployWaitingForPromote(QStringLiteral("3.0.0")));

        // A console opened now says where it stopped and offers to resume.
        DeploymentController controller(*m_lab.config, HostKeyPolicy::Strict);
        ConsoleWindow window(&controller);
        window.show();
        controller.connectHosts(500);
        // Alive until its heartbeat is stale (a few seconds): then the window offers to resume.
        QPushButton *resume = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((resume = window.findChild<QPushButton *>(QStringLiteral("resumeDeploy"))) && resume->isVisible(), 45000);
        QVERIFY2(resume->text().contains(QStringLiteral("3.0.0")), qPrintable(resume->text()));
        auto *notice = window.findChild<QLabel *>(QStringLiteral("notice"));
        QVERIFY(notice->text().startsWith(QStringLiteral("INTERRUPTED DEPLOY")));
        QVERIFY2(notice->text().contains(QStringLiteral("nothing beats in its lock")), qPrintable(notice->text()));

        // Resuming asks before breaking the dead deploy's lock; the answer comes from a timer
        // because the question is modal.
        const YesToQuestions yes;
        QSignalSpy finished(&controller, &DeploymentController::deployFinished);
        QTest::mouseClick(resume, Qt::LeftButton);
        QVERIFY2(yes.asked.contains(QStringLiteral("deploy lock is held")), qPrintable(yes.asked));
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));
        QCOMPARE(servedThroughRouter(), QStringLiteral("3.0.0"));
        QVERIFY(!resume->isVisible());
    }

    void cleanUpTheOldColourFromTheWindow()
    {
        // After the resumed deploy green serves and blue is warm: Clean up stops blue's backends
        // once the operator confirms.
        const YesToQuestions yes; // the questions are modal: a timer answers them
        const QString &asked = yes.asked;
        QSignalSpy finished(m_controller.get(), &DeploymentController::cleanupFinished);
        m_window->findChild<QAction *>(QStringLiteral("cleanupAction"))->trigger(); // Deployment menu (Ctrl+Shift+K)
        QVERIFY2(asked.contains(QStringLiteral("clean-up command on every blue host")), qPrintable(asked));
        QVERIFY(finished.wait(60000));
        const auto outcome = finished.first().at(0).value<PipelineOutcome>();
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));
        QCOMPARE(servedThroughRouter(), QStringLiteral("3.0.0"));
        // Blue's backends are gone: HAProxy's own checks see them down.
        QTRY_VERIFY_WITH_TIMEOUT(freshFleet().router.serversNotUp(Colour::Blue).size() == 2, 20000);
        auto *blue = m_window->findChild<ColourPanel *>(QStringLiteral("bluePanel"));
        QTRY_VERIFY2(!blue->headline().contains(QStringLiteral("warm")), qPrintable(blue->headline()));
    }

    // Closing mid-deploy asks, then does what it said: the deploy stops, traffic goes back to the
    // colour before it, and the window closes once the rollback has ended.
    void closingMidDeployPutsTrafficBackThenCloses()
    {
        DeploymentController controller(*m_lab.config, HostKeyPolicy::Strict);
        ConsoleWindow window(&controller);
        window.show();
        QSignalSpy checked(&controller, &DeploymentController::recoveryChecked);
        controller.connectHosts(500);
        QTRY_VERIFY_WITH_TIMEOUT(controller.fleet().liveColour() == std::optional<Colour>(Colour::Green) && checked.count() == 1, 20000);
        // A journal reading in flight as the deploy begins (here the lock re-check's) was taken
        // before the deploy's first record: it must not reach the window, or the question below
        // would aim at the colour before the *previous* deploy (a CI run once saw exactly that).
        QSignalSpy journalRead(&controller, &DeploymentController::colourBeforeLastDeployRead);
        controller.recheckLock();
        window.startDeploy(QStringLiteral("5.0.0"));
        QVERIFY(checked.wait(20000));
        QCOMPARE(journalRead.count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(window.timeline()->stageItem(QStringLiteral("deploy")), 30000);
        QCOMPARE(controller.activity(), Activity::Deploying);

        const YesToQuestions yes; // the questions are modal: a timer answers them
        const QString &asked = yes.asked;
        QSignalSpy rolledBack(&controller, &DeploymentController::rollbackFinished);
        QVERIFY(!window.close()); // not yet: the rollback runs first
        QVERIFY2(asked.contains(QStringLiteral("put back on GREEN")) && asked.contains(QStringLiteral("the window closes")), qPrintable(asked));
        QVERIFY(rolledBack.wait(30000));
        QTRY_VERIFY(!window.isVisible());
        QCOMPARE(freshFleet().router.percent(Colour::Green), 100);
        QCOMPARE(servedThroughRouter(), QStringLiteral("3.0.0"));
    }
};

QTEST_MAIN(TestConsoleWindow)
#include "tst_consolewindow.moc"
