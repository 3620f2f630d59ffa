// The deploy's stage sequencing: order, hooks at stage boundaries, the first failure ending the
// deploy, a stop between stages, and traffic put back once it moved — and only then.
//
// Scripted stages and a scripted traffic restore stand in for the real ones HERE ONLY: what is
// checked is the sequencing itself, which no lab run can drive into each of these corners on
// demand (a stop exactly between two stages, a router that cannot be restored). The journal is
// a real file; the lab tests (tst_enginetruth, tst_headless) run the real stages end to end.

#include "config/deploymentconfig.h"
#include "journal/journal.h"
#include "pipeline/deployplan.h"
#include "pipeline/runreporter.h"
#include "pipeline/stages/stagecontext.h"
#include "pipeline/stagesequence.h"
#include "pipeline/waits.h"
#include "router/routerfactory.h"
#include "ssh/hostpool.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace greenlight;

namespace {

// A stage whose run is a script; it notes that it ran.
class ScriptedStage final : public Stage
{
public:
    using Script = std::function<StageResult(StageContext &)>;
    ScriptedStage(QString name, QStringList &ran, Script script, bool restores = true)
        : m_name(std::move(name)), m_ran(ran), m_script(std::move(script)), m_restores(restores)
    {
    }
    QString name() const override { return m_name; }
    QList<PlanStep> plan(const PlanContext &) const override { return {PlanStep{m_name, {}, QStringLiteral("scripted")}}; }
    StageResult run(StageContext &context) override
    {
        m_ran << m_name;
        return m_script(context);
    }
    bool restoresTrafficOnFailure() const override { return m_restores; }

private:
    QString m_name;
    QStringList &m_ran;
    Script m_script;
    bool m_restores;
};

StageResult ok(StageContext &) { return StageResult::done(QStringLiteral("done")); }

// A shift that went through: traffic moved.
StageResult movesTraffic(StageContext &c)
{
    c.trafficMoved = true;
    return StageResult::done();
}

DeploymentConfig labLikeConfig()
{
    DeploymentConfig config;
    config.name = QStringLiteral("shop");
    config.hosts = {HostConfig{QStringLiteral("router"), QStringLiteral("127.0.0.1"), 22, {}},
                    HostConfig{QStringLiteral("blue-1"), QStringLiteral("127.0.0.2"), 22, {}},
                    HostConfig{QStringLiteral("green-1"), QStringLiteral("127.0.0.3"), 22, {}}};
    config.blue.colour = Colour::Blue;
    config.blue.hosts = {QStringLiteral("blue-1")};
    config.blue.deployCommand = QStringLiteral("deploy {version}");
    config.green.colour = Colour::Green;
    config.green.hosts = {QStringLiteral("green-1")};
    config.green.deployCommand = QStringLiteral("deploy {version}");
    config.router.host = QStringLiteral("router");
    config.router.adminSocket = QStringLiteral("/run/haproxy.sock");
    config.router.frontendUrl = QStringLiteral("http://127.0.0.1:8080");
    return config;
}

// One sequence run with everything around it real but the stages and the restore.
struct Harness
{
    QTemporaryDir dir;
    DeploymentConfig config = labLikeConfig();
    HostPool pool{{}, {}};
    std::unique_ptr<RouterAdapter> router = makeRouter(pool, config, Lane::Work);
    Journal journal{dir.filePath(QStringLiteral("journal.jsonl"))};
    QList<PipelineEvent> events;
    RunReporter report{journal, nullptr, config, [this](const PipelineEvent &e) { events << e; }};
    CancelToken cancel;
    StageContext context{config, pool, *router, report, cancel, Colour::Blue, QStringLiteral("2.0.0")};
    QStringList ran;
    QList<Colour> restoredTo;
    TrafficRestore restoreAnswer{false, true, {}};

    StageSequence::End run(StageSequence::Stages stages)
    {
        StageSequence sequence(std::move(stages));
        return sequence.run(context, [this](Colour live) {
            restoredTo << live;
            return restoreAnswer;
        });
    }
    // "deploy:Running", "deploy:Succeeded", … for the stage events.
    QStringList stageEvents() const
    {
        QStringList out;
        for (const PipelineEvent &e : events) {
            if (e.kind == PipelineEvent::Kind::Stage)
                out << e.stage + QLatin1Char(':') + stepStateName(e.state);
        }
        return out;
    }
    QList<QJsonObject> records(const QString &kind) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &r : journal.readAll()) {
            if (r.value(QStringLiteral("kind")).toString() == kind)
                out << r;
        }
        return out;
    }
};

template<typename... S>
StageSequence::Stages stagesOf(S... s)
{
    StageSequence::Stages stages;
    (stages.push_back(std::unique_ptr<Stage>(s)), ...);
    return stages;
}

} // namespace

class TestStageSequence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsEveryStageInOrderAndJournalsEach()
    {
        Harness h;
        const StageSequence::End end = h.run(stagesOf(new ScriptedStage(QStringLiteral("deploy"), h.ran, ok),
                                                      new ScriptedStage(QStringLiteral("verify"), h.ran, ok),
                                                      new ScriptedStage(QStringLiteral("shift"), h.ran, ok)));
        QVERIFY(end.succeeded);
        QCOMPARE(end.code, ErrorCode::None);
        QCOMPARE(h.ran, (QStringList{QStringLiteral("deploy"), QStringLiteral("verify"), QStringLiteral("shift")}));
        const QString running = stepStateName(StepState::Running);
        const QString succeeded = stepStateName(StepState::Succeeded);
        QCOMPARE(h.stageEvents(), (QStringList{QStringLiteral("deploy:") + running, QStringLiteral("deploy:") + succeeded,
                                               QStringLiteral("verify:") + running, QStringLiteral("verify:") + succeeded,
                                               QStringLiteral("shift:") + running, QStringLiteral("shift:") + succeeded}));
        // Each stage event is a journal record of this run.
        const QList<QJsonObject> stageRecords = h.records(QStringLiteral("stage"));
        QCOMPARE(stageRecords.size(), 6);
        for (const QJsonObject &r : stageRecords)
            QCOMPARE(r.value(QStringLiteral("run")).toString(), h.report.record().id());
        QVERIFY(h.restoredTo.isEmpty());
    }

    void theFirstFailureEndsTheDeployWithItsCode()
    {
        Harness h;
        const StageSequence::End end = h.run(stagesOf(
            new ScriptedStage(QStringLiteral("deploy"), h.ran, ok),
            new ScriptedStage(QStringLiteral("verify"), h.ran,
                              [](StageContext &) { return StageResult::failed(ErrorCode::TimedOut, QStringLiteral("green-1 did not answer")); }),
            new ScriptedStage(QStringLiteral("shift"), h.ran, ok)));
        QVERIFY(!end.succeeded);
        QCOMPARE(end.failedStage, QStringLiteral("verify"));
        QCOMPARE(end.code, ErrorCode::TimedOut);
        QCOMPARE(end.message, QStringLiteral("green-1 did not answer"));
        QCOMPARE(h.ran, (QStringList{QStringLiteral("deploy"), QStringLiteral("verify")}));
        QVERIFY2(h.restoredTo.isEmpty(), "traffic never moved: nothing to put back");
        QCOMPARE(h.stageEvents().constLast(), QStringLiteral("verify:") + stepStateName(StepState::Failed));
    }

    void aFailureAfterTrafficMovedPutsItBack()
    {
        Harness h;
        const StageSequence::End end = h.run(stagesOf(
            new ScriptedStage(QStringLiteral("shift"), h.ran, movesTraffic),
            new ScriptedStage(QStringLiteral("bake"), h.ran,
                              [](StageContext &) { return StageResult::failed(ErrorCode::GateBreach, QStringLiteral("error rate 12 % > 5 %")); })));
        QCOMPARE(end.code, ErrorCode::GateBreach);
        QCOMPARE(h.restoredTo, QList<Colour>{Colour::Blue});
        QVERIFY(end.rolledBack);
        QCOMPARE(end.message, QStringLiteral("bake failed (error rate 12 % > 5 %); rolled back automatically: traffic is back on blue"));
        const QList<QJsonObject> switches = h.records(QStringLiteral("switch"));
        QCOMPARE(switches.size(), 1);
        QCOMPARE(switches.first().value(QStringLiteral("to")).toString(), QStringLiteral("blue"));
        QCOMPARE(switches.first().value(QStringLiteral("reason")).toString(), QStringLiteral("automatic rollback: error rate 12 % > 5 %"));
    }

    void aRouterThatNeverChangedIsReadAndLeftAlone()
    {
        Harness h;
        h.restoreAnswer = TrafficRestore{true, true, {}};
        const StageSequence::End end = h.run(stagesOf(new ScriptedStage(QStringLiteral("shift"), h.ran, [](StageContext &c) {
            c.trafficMoved = true;
            return StageResult::failed(ErrorCode::RefusedByRouter, QStringLiteral("the router refused the weight"));
        })));
        QCOMPARE(end.code, ErrorCode::RefusedByRouter);
        QVERIFY(end.rolledBack);
        QVERIFY2(end.message.contains(QStringLiteral("traffic never left blue")), qPrintable(end.message));
        QVERIFY2(h.records(QStringLiteral("switch")).isEmpty(), "nothing moved, so no switch is recorded");
    }

    void aRestoreThatFailsSaysSoLoudly()
    {
        Harness h;
        h.restoreAnswer = TrafficRestore{false, false, QStringLiteral("router host unreachable")};
        const StageSequence::End end = h.run(stagesOf(new ScriptedStage(QStringLiteral("shift"), h.ran, [](StageContext &c) {
            c.trafficMoved = true;
            return StageResult::failed(ErrorCode::NoData, QStringLiteral("no router data for 10 s"));
        })));
        QVERIFY(!end.rolledBack);
        QVERIFY2(end.message.contains(QStringLiteral("could NOT be restored to blue: router host unreachable")), qPrintable(end.message));
        QVERIFY2(end.message.contains(QStringLiteral("Check the router now")), qPrintable(end.message));
    }

    void aStopBetweenStagesEndsBeforeTheNextStarts()
    {
        Harness h;
        const StageSequence::End end = h.run(stagesOf(new ScriptedStage(QStringLiteral("verify"), h.ran,
                                                                        [](StageContext &c) {
                                                                            c.cancel.cancel(CancelReason::RemoteAbort);
                                                                            return StageResult::done();
                                                                        }),
                                                      new ScriptedStage(QStringLiteral("shift"), h.ran, ok)));
        QCOMPARE(h.ran, QStringList{QStringLiteral("verify")});
        QCOMPARE(end.code, ErrorCode::Aborted);
        QCOMPARE(end.failedStage, QStringLiteral("shift"));
        QCOMPARE(end.message, stopMessage(CancelReason::RemoteAbort));
        QVERIFY(h.restoredTo.isEmpty());
        QCOMPARE(h.stageEvents().constLast(), QStringLiteral("shift:") + stepStateName(StepState::Cancelled));
    }

    void aStopAfterTrafficMovedPutsItBackEvenBetweenStages()
    {
        Harness h;
        const StageSequence::End end = h.run(stagesOf(new ScriptedStage(QStringLiteral("shift"), h.ran,
                                                                        [](StageContext &c) {
                                                                            c.trafficMoved = true;
                                                                            c.cancel.cancel(CancelReason::Operator);
                                                                            return StageResult::done();
                                                                        }),
                                                      new ScriptedStage(QStringLiteral("bake"), h.ran, ok)));
        QCOMPARE(end.code, ErrorCode::Aborted);
        QCOMPARE(h.restoredTo, QList<Colour>{Colour::Blue});
        QVERIFY2(end.message.contains(QStringLiteral("traffic is back on blue")), qPrintable(end.message));
    }

    void nothingIsPutBackOnceTheNewColourIsDeclaredLive()
    {
        Harness h;
        const StageSequence::End end = h.run(stagesOf(
            new ScriptedStage(QStringLiteral("shift"), h.ran, movesTraffic),
            new ScriptedStage(QStringLiteral("post-deploy"), h.ran,
                              [](StageContext &) { return StageResult::failed(ErrorCode::Failed, QStringLiteral("notify failed")); },
                              false)));
        QCOMPARE(end.failedStage, QStringLiteral("post-deploy"));
        QVERIFY(h.restoredTo.isEmpty());
        QVERIFY(!end.rolledBack);

        Harness cleaned; // the old colour is gone: there is nothing to go back to
        (void)cleaned.run(stagesOf(new ScriptedStage(QStringLiteral("finish"), cleaned.ran,
                                                     [](StageContext &c) {
                                                         c.trafficMoved = true;
                                                         c.oldColourCleanedUp = true;
                                                         return StageResult::done();
                                                     }),
                                   new ScriptedStage(QStringLiteral("after_finish"), cleaned.ran, [](StageContext &) {
                                       return StageResult::failed(ErrorCode::Failed, QStringLiteral("hook failed"));
                                   })));
        QVERIFY(cleaned.restoredTo.isEmpty());
    }

    void aFailureWithoutACodeStillFails()
    {
        const StageResult result = StageResult::failed(ErrorCode::None, QStringLiteral("why"));
        QVERIFY(!result.ok());
        QCOMPARE(result.code, ErrorCode::Failed);
    }

    void theDeploymentsHooksSitAtTheirStageBoundaries()
    {
        DeploymentConfig config = labLikeConfig();
        for (StageKind kind : {StageKind::Deploy, StageKind::Verify, StageKind::Shift, StageKind::Finish}) {
            StageConfig stage;
            stage.kind = kind;
            config.pipeline << stage;
        }
        const HookConfig hook{QStringLiteral("true"), {}, 5};
        config.preDeployHooks = {hook};
        config.postDeployHooks = {hook};
        config.stageHooks.insert(QStringLiteral("before_verify"), {hook});
        config.stageHooks.insert(QStringLiteral("after_shift"), {hook, hook});
        QStringList names;
        const StageSequence sequence = StageSequence::forDeployment(config);
        for (const auto &stage : sequence.stages())
            names << stage->name();
        QCOMPARE(names, (QStringList{QStringLiteral("pre-deploy"), QStringLiteral("deploy"), QStringLiteral("before_verify"),
                                     QStringLiteral("verify"), QStringLiteral("shift"), QStringLiteral("after_shift"),
                                     QStringLiteral("post-deploy"), QStringLiteral("finish")}));

        // `greenlight plan` is built from the same objects: its stages come in the same order.
        HostPool pool({}, {});
        const std::unique_ptr<RouterAdapter> router = makeRouter(pool, config, Lane::Work);
        QStringList planned;
        for (const PlanStep &step : DeployPlan::build(config, *router, Colour::Blue, QStringLiteral("2.0.0"))) {
            if (planned.isEmpty() || planned.constLast() != step.stage)
                planned << step.stage;
        }
        QCOMPARE(planned, QStringList{QStringLiteral("preflight")} + QStringList{QStringLiteral("lock")} + names
                              + QStringList{QStringLiteral("unlock")});
    }
};

QTEST_GUILESS_MAIN(TestStageSequence)
#include "tst_stagesequence.moc"
