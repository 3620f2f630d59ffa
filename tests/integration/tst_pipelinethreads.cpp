// The pipeline's threads in one process, on the lab: a deploy on a worker thread (its verify
// checks on threads of their own, its heartbeat on another, its SSH commands on the hosts'
// threads) while a second thread reads the very router adapter the deploy shifts with. In any
// build it proves a deploy and concurrent reads of one adapter give true answers; built by
// `scripts/sanitize.sh tsan` it is the pipeline's race check (RouterAdapter serialises every
// read and change under one mutex; the stages hand values between threads by futures only).

#include "config/deploymentconfig.h"
#include "controller/deploymentcontroller.h"
#include "http/httpcheck.h"
#include "journal/journal.h"
#include "labfixture.h"
#include "pipeline/pipelinerun.h"
#include "router/routeradapter.h"
#include "router/routerfactory.h"
#include "ssh/hostpool.h"

#include <QMutex>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace greenlight;

class TestPipelineThreads final : public QObject
{
    Q_OBJECT

    test::LabFixture m_lab;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_lab.start()); }
    void cleanupTestCase() { m_lab.lab.stop(); }

    void aDeployAndConcurrentReadsOfItsRouterAdapter()
    {
        QTemporaryDir dir;
        DeploymentConfig config = *m_lab.config;
        config.journalPath = dir.filePath(QStringLiteral("journal.jsonl"));
        HostPool pool(DeploymentController::sshTargets(config, HostKeyPolicy::Strict), {config.router.host});
        pool.connectAll();
        const std::unique_ptr<RouterAdapter> router = makeRouter(pool, config, Lane::Work);
        Journal journal(config.journalPath);
        const Result<RouterState> before = router->readState(CancelToken());
        QVERIFY2(before && before->liveColour(), qPrintable(before ? before->describe() : before.error()));
        const Colour to = otherColour(*before->liveColour());

        QMutex eventsLock;
        QStringList stages;
        std::atomic_bool done = false;
        PipelineOutcome outcome;
        std::thread deployer([&] {
            outcome = PipelineRun(config, pool, *router, journal, [&](const PipelineEvent &e) {
                          if (e.kind != PipelineEvent::Kind::Stage || e.state != StepState::Succeeded)
                              return;
                          const QMutexLocker locked(&eventsLock);
                          stages << e.stage;
                      }, CancelToken()).execute(QStringLiteral("41.0"));
            done = true;
        });
        // Every read while the deploy runs is a whole state: one colour, or a split that adds
        // up to all of the traffic. A torn read would show neither.
        int reads = 0;
        QStringList torn;
        std::thread reader([&] {
            while (!done) {
                if (const Result<RouterState> s = router->readState(CancelToken())) {
                    ++reads;
                    const qint64 total = s->colourWeight(Colour::Blue) + s->colourWeight(Colour::Green);
                    if (total <= 0)
                        torn << s->describe();
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
        const bool finished = QTest::qWaitFor([&] { return done.load(); }, 180000);
        deployer.join();
        reader.join();
        QVERIFY(finished);
        QVERIFY2(outcome.succeeded, qPrintable(outcome.message));
        QVERIFY2(reads > 0, "the reader never read the router while the deploy ran");
        QVERIFY2(torn.isEmpty(), qPrintable(torn.join(QLatin1Char('\n'))));
        QVERIFY2(stages.contains(QStringLiteral("verify")) && stages.contains(QStringLiteral("shift")), qPrintable(stages.join(QLatin1Char(' '))));
        const Result<RouterState> after = router->readState(CancelToken());
        QVERIFY2(after && after->carries(to, 100), qPrintable(after ? after->describe() : after.error()));
        const Result<HttpReply> served = HttpCheck::get(m_lab.lab.frontendUrl() + QStringLiteral("version"), 3000);
        QVERIFY2(served && served->bodyText() == QLatin1String("41.0"), qPrintable(served ? served->bodyText() : served.error()));
    }
};

QTEST_GUILESS_MAIN(TestPipelineThreads)
#include "tst_pipelinethreads.moc"
