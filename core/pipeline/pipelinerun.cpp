#include "pipelinerun.h"

#include "common/shellquote.h"
#include "journal/journal.h"
#include "journal/journalshipper.h"
#include "pipeline/deploylock.h"
#include "pipeline/hookrunner.h"
#include "pipeline/lockheartbeat.h"
#include "metrics/gateevaluator.h"
#include "pipeline/httpcheck.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"
#include "ssh/fanout.h"
#include "ssh/hostpool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>
#include <QThread>
#include <QUrl>

#include <array>
#include <future>

namespace greenlight {

namespace {
constexpr qsizetype kVerifyParallel = 16; // hosts verified at once
constexpr std::chrono::seconds kPreflightCommandTimeout{20}; // a connect (10 s) and one `true`
} // namespace

PipelineRun::PipelineRun(const DeploymentConfig &config, HostPool &pool, RouterAdapter &router, Journal &journal,
                         EventSink sink, CancelToken cancel, DeployOptions options)
    : m_config(config), m_pool(pool), m_router(router), m_journal(journal), m_sink(std::move(sink)), m_cancel(std::move(cancel)),
      m_options(options), m_record(m_journal.beginRun(m_config.name)), m_shipper(m_pool, m_config, Lane::Work)
{
}

QString PipelineRun::expandCommand(const QString &pattern, const QString &version, const QString &host, Colour colour)
{
    // One pass over the pattern: a value is never searched for placeholders again (a version
    // "x{host}y" stays itself), and each is shell-quoted once.
    const std::array<std::pair<QLatin1String, QString>, 3> values{{{QLatin1String("{version}"), version},
                                                                   {QLatin1String("{host}"), host},
                                                                   {QLatin1String("{colour}"), colourName(colour)}}};
    QString command;
    command.reserve(pattern.size() + version.size() + host.size() + 16);
    for (qsizetype i = 0; i < pattern.size();) {
        bool replaced = false;
        if (pattern.at(i) == QLatin1Char('{')) {
            for (const auto &[name, value] : values) {
                if (QStringView(pattern).mid(i).startsWith(name)) {
                    command += shellQuote(value);
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced)
            command += pattern.at(i++);
    }
    return command;
}

void PipelineRun::emitEvent(PipelineEvent::Kind kind, const QString &stage, const QString &step, const QString &host,
                            StepState state, const QString &message, qint64 durationMs)
{
    PipelineEvent e;
    e.kind = kind;
    e.stage = stage;
    e.step = step;
    e.host = host;
    e.state = state;
    e.message = message;
    e.durationMs = durationMs;
    if (kind == PipelineEvent::Kind::Stage && state == StepState::Running && m_heartbeat)
        m_heartbeat->setStage(stage);
    if (kind != PipelineEvent::Kind::Log)
        journalFailed(m_record.record(e));
    if (m_sink)
        m_sink(e);
    // A stage's records go to the router host at once (its steps with it): a kill -9 loses
    // at most the stage in flight there.
    if (kind == PipelineEvent::Kind::Stage)
        shipJournal();
}

void PipelineRun::journalFailed(const Status &written)
{
    if (written || m_journalWarned || !m_sink)
        return;
    m_journalWarned = true;
    PipelineEvent warning;
    warning.kind = PipelineEvent::Kind::Log;
    warning.stage = QStringLiteral("journal");
    warning.state = StepState::Failed;
    warning.message = QStringLiteral("JOURNAL: %1 — that record is lost; the deploy goes on and its result will say so").arg(written.error());
    m_sink(warning);
}

void PipelineRun::shipJournal()
{
    const Status shipped = m_shipper.shipPending(m_journal);
    const bool warn = !shipped && !m_shipWarned;
    m_shipWarned = !shipped;
    if (warn && m_sink) {
        PipelineEvent warning;
        warning.kind = PipelineEvent::Kind::Log;
        warning.stage = QStringLiteral("journal");
        warning.state = StepState::Failed;
        warning.message = shipped.error();
        m_sink(warning);
    }
}

const StageConfig &PipelineRun::stageConfig(StageKind kind) const
{
    const StageConfig *s = m_config.stage(kind);
    return s ? *s : m_defaultStage;
}

QString PipelineRun::cancelledOr(const QString &message) const
{
    return m_cancel.isCancelled() ? stopMessage(m_cancel.reason()) : message;
}

PipelineOutcome PipelineRun::execute(const QString &version)
{
    m_outcome = {};
    m_outcome.version = version;
    // Nothing is lost silently: a deploy whose records cannot be written does not start.
    if (const Status writable = m_journal.checkWritable(); !writable) {
        m_outcome.failedStage = QStringLiteral("journal");
        m_outcome.code = ErrorCode::JournalFailure;
        m_outcome.message = QStringLiteral("the journal cannot be written, so the deploy did not start: %1").arg(writable.error());
        if (m_sink)
            m_sink(PipelineEvent{PipelineEvent::Kind::Stage, QDateTime::currentDateTimeUtc(), QStringLiteral("journal"), {}, {},
                                 StepState::Failed, m_outcome.message, 0});
        return m_outcome;
    }
    Colour live = Colour::Blue;
    if (!preflight(live))
        return m_outcome;
    DeployLock lock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath);
    if (!takeLock(lock, version))
        return m_outcome;
    bool succeeded = false;
    {
        // Held for the whole deployment, beating every second, released whatever happens.
        DeployLock beatLock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath, Lane::Control);
        LockHeartbeat heartbeat(beatLock, lock.token(), m_cancel);
        m_heartbeat = &heartbeat;
        succeeded = runStages(live, version);
        m_heartbeat = nullptr;
    }
    if (succeeded) {
        m_outcome.succeeded = true;
        m_outcome.code = ErrorCode::None;
        m_outcome.message = m_outcome.oldColourCleanedUp
                                ? QStringLiteral("%1 is live on %2; %3 was cleaned up").arg(version, colourName(otherColour(live)), colourName(live))
                                : QStringLiteral("%1 is live on %2; %3 stays warm for rollback").arg(version, colourName(otherColour(live)), colourName(live));
    } else if (m_cancel.isCancelled()) {
        m_outcome.code = ErrorCode::Aborted;
    }
    if (const Status lost = m_record.firstFailure(); !lost) {
        m_outcome.message += QStringLiteral(" — %1 journal record(s) could not be written locally (%2)").arg(QString::number(m_record.failedRecords()), lost.error());
        if (m_outcome.succeeded)
            m_outcome.code = ErrorCode::JournalFailure;
    }
    journalFailed(m_record.end(m_outcome));
    const QString released = succeeded ? QStringLiteral("succeeded") : m_cancel.isCancelled() ? QStringLiteral("aborted") : QStringLiteral("failed");
    if (const Status unlocked = lock.release(released); !unlocked)
        emitEvent(PipelineEvent::Kind::Stage, QStringLiteral("unlock"), {}, m_config.router.host, StepState::Failed, unlocked.error());
    shipJournal();
    return m_outcome;
}

bool PipelineRun::abortRequested()
{
    if (m_cancel.isCancelled() && m_outcome.message.isEmpty())
        setFailure(QStringLiteral("aborted"), QStringLiteral("traffic was not moved"), ErrorCode::Aborted);
    return m_cancel.isCancelled();
}

void PipelineRun::setFailure(const QString &stage, const QString &message, ErrorCode code)
{
    m_outcome.failedStage = stage;
    m_outcome.message = cancelledOr(message);
    m_outcome.code = m_cancel.isCancelled() ? ErrorCode::Aborted : code;
}

bool PipelineRun::takeLock(DeployLock &lock, const QString &version)
{
    const QString stage = QStringLiteral("lock");
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, m_config.router.host, StepState::Running,
              m_options.forceUnlock ? QStringLiteral("breaking any stale lock first (--force-unlock)") : QString());
    QElapsedTimer clock;
    clock.start();
    const Status taken = lock.acquire(version, m_options.forceUnlock, m_cancel);
    if (!taken) {
        setFailure(stage, taken.error(), taken.code());
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, m_config.router.host, StepState::Failed, m_outcome.message, clock.elapsed());
        return false;
    }
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, m_config.router.host, StepState::Succeeded,
              QStringLiteral("%1 on %2").arg(lock.path(), m_config.router.host), clock.elapsed());
    return true;
}

bool PipelineRun::runStages(Colour live, const QString &version)
{
    const Colour idle = otherColour(live);
    m_outcome.fromColour = colourName(live);
    m_outcome.toColour = colourName(idle);
    // The start record is the proof the journal works: written before anything changes.
    if (const Status started = m_record.start(m_outcome.fromColour, m_outcome.toColour, version); !started) {
        setFailure(QStringLiteral("journal"), QStringLiteral("the journal cannot be written (%1); nothing was changed").arg(started.error()),
                   ErrorCode::JournalFailure);
        return false;
    }
    if (!runHooks(QStringLiteral("pre-deploy"), m_config.preDeployHooks, live, version) || abortRequested())
        return false;
    // Each stage the pipeline runs, with its before_/after_ hooks around it.
    const auto stage = [&](StageKind kind, const std::function<bool()> &body) {
        if (!m_config.stage(kind))
            return true;
        const QString name = stageKindName(kind);
        return stageHooks(QStringLiteral("before_") + name, live, version) && !abortRequested() && body() && !abortRequested()
               && stageHooks(QStringLiteral("after_") + name, live, version) && !abortRequested();
    };
    if (!stage(StageKind::Migrate, [&] { return migrate(live, version); }) || !stage(StageKind::Deploy, [&] { return deploy(idle, version); })
        || !stage(StageKind::Verify, [&] { return verify(idle, version); })
        || !stage(StageKind::TestTraffic, [&] { return testTraffic(live, version); })
        || !stage(StageKind::Shift, [&] { return shift(live, idle, version); }) || !stage(StageKind::Bake, [&] { return bake(live, idle); }))
        return false;
    if (!runHooks(QStringLiteral("post-deploy"), m_config.postDeployHooks, live, version))
        return false;
    return stage(StageKind::Finish, [&] { return finish(live, version); });
}

bool PipelineRun::stageHooks(const QString &when, Colour live, const QString &version)
{
    const QList<HookConfig> hooks = m_config.stageHooks.value(when);
    if (hooks.isEmpty() || runHooks(when, hooks, live, version))
        return true;
    // After traffic moved, a failing hook puts it back (unless the old colour is already gone).
    if (m_shiftStarted && !m_outcome.oldColourCleanedUp)
        restoreTraffic(live, m_outcome.message, when, m_outcome.code);
    return false;
}

bool PipelineRun::runHooks(const QString &stage, const QList<HookConfig> &hooks, Colour live, const QString &version)
{
    if (hooks.isEmpty())
        return true;
    const Colour idle = otherColour(live);
    HookRunner runner(m_pool, hookVariables(live, version, stage));
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running, QStringLiteral("%1 hooks").arg(hooks.size()));
    QElapsedTimer clock;
    clock.start();
    for (const HookConfig &hook : hooks) {
        const QString where = hook.host.isEmpty() ? QStringLiteral("local") : hook.host;
        emitEvent(PipelineEvent::Kind::Step, stage, hook.command, where, StepState::Running);
        QElapsedTimer hookClock;
        hookClock.start();
        const Status ran = runner.run(hook, m_cancel, [&](const QString &, const QString &line) {
            emitEvent(PipelineEvent::Kind::Log, stage, hook.command, where, StepState::Running, line);
        });
        emitEvent(PipelineEvent::Kind::Step, stage, hook.command, where, ran ? StepState::Succeeded : StepState::Failed, ran.error(),
                  hookClock.elapsed());
        if (!ran) {
            setFailure(stage,
                       stage == QLatin1String("post-deploy") ? QStringLiteral("%1; %2 %3 is live and serving").arg(ran.error(), colourName(idle), version)
                       : stage == QLatin1String("pre-deploy") ? QStringLiteral("%1; nothing was deployed and traffic was not moved").arg(ran.error())
                       : m_shiftStarted                      ? ran.error()
                                                             : QStringLiteral("%1; traffic was not moved").arg(ran.error()),
                       ran.code());
            emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Failed, m_outcome.message, clock.elapsed());
            return false;
        }
    }
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, {}, clock.elapsed());
    return true;
}

bool PipelineRun::preflight(Colour &live)
{
    const QString stage = QStringLiteral("preflight");
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running);
    QElapsedTimer clock;
    clock.start();
    const Result<RouterState> state = m_router.readState(m_cancel);
    if (!state) {
        setFailure(stage, QStringLiteral("cannot read the router: %1").arg(state.error()), ErrorCode::Unreachable);
    } else if (!state->liveColour()) {
        setFailure(stage, QStringLiteral("traffic is split (%1); finish or roll back the running shift first").arg(state->describe()),
                   ErrorCode::SplitTraffic);
    } else if (const QStringList faults = unreachableHosts(stage); !faults.isEmpty()) {
        setFailure(stage, QStringLiteral("%1 of %2 hosts cannot be used; nothing was changed. %3")
                              .arg(QString::number(faults.size()), QString::number(m_config.blue.hosts.size() + m_config.green.hosts.size()),
                                   faults.join(QStringLiteral("; "))),
                   ErrorCode::Unreachable);
    } else {
        live = *state->liveColour();
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded,
                  QStringLiteral("%1 is live (%2); every host answers; deploying to %3")
                      .arg(colourName(live), state->describe(), colourName(otherColour(live))),
                  clock.elapsed());
        return true;
    }
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Failed, m_outcome.message, clock.elapsed());
    return false;
}

QStringList PipelineRun::unreachableHosts(const QString &stage)
{
    // Preflight sees everything before anything changes: every host of both colours is logged
    // in to (host keys checked) and runs a command — the new colour's for the deploy, the live
    // colour's for a rollback. Every host at fault is named, with its reason.
    QStringList faults;
    const QStringList hosts = m_config.blue.hosts + m_config.green.hosts;
    const FanoutResult result = Fanout(m_pool, FanoutPolicy{0, 100, false}).run(hosts, [&](const QString &) {
        CommandRequest request;
        request.command = QStringLiteral("true");
        request.timeout = kPreflightCommandTimeout;
        request.cancel = m_cancel;
        return request;
    });
    for (const CommandResult &r : result.results) {
        if (r.ok())
            continue;
        faults << r.summary(); // names the host
        emitEvent(PipelineEvent::Kind::Step, stage, QStringLiteral("reach"), r.host, StepState::Failed,
                  r.error != CommandError::None ? r.errorMessage : r.summary(), r.durationMs);
    }
    return faults;
}

bool PipelineRun::deploy(Colour idle, const QString &version)
{
    const QString stage = QStringLiteral("deploy");
    const StageConfig &cfg = stageConfig(StageKind::Deploy);
    const EnvironmentConfig &env = m_config.environment(idle);
    const QString step = QStringLiteral("deploy ") + version;
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running,
              QStringLiteral("%1 to %2 (%3 hosts)").arg(version, colourName(idle), QString::number(env.hosts.size())));
    QElapsedTimer clock;
    clock.start();

    Fanout fanout(m_pool, FanoutPolicy{cfg.maxParallel, cfg.batchPercent, !cfg.continueOnFailure});
    const auto requestFor = [&](const QString &host) {
        CommandRequest request;
        request.command = expandCommand(env.deployCommand, version, host, idle);
        request.timeout = std::chrono::seconds(cfg.timeoutS);
        request.tag = QStringLiteral("deploy ") + host;
        request.cancel = m_cancel;
        return request;
    };
    QStringList pending = env.hosts;
    QStringList failures;
    QStringList skipped;
    for (int attempt = 0; attempt <= cfg.retries && !pending.isEmpty() && !m_cancel.isCancelled(); ++attempt) {
        const QString note = attempt > 0 ? QStringLiteral("retry %1 of %2").arg(attempt).arg(cfg.retries) : QString();
        const FanoutResult result = fanout.run(
            pending, requestFor,
            [&](const QString &host, int) { emitEvent(PipelineEvent::Kind::Step, stage, step, host, StepState::Running, note); },
            [&](const CommandResult &r) {
                const StepState state = r.ok() ? StepState::Succeeded : (r.error == CommandError::Cancelled ? StepState::Cancelled : StepState::Failed);
                emitEvent(PipelineEvent::Kind::Step, stage, step, r.host, state, r.summary(), r.durationMs);
            });
        pending = result.failedHosts() + result.skipped;
        skipped = result.skipped;
        failures.clear();
        for (const CommandResult &r : result.results) {
            if (!r.ok())
                failures << r.summary();
        }
    }
    for (const QString &host : std::as_const(skipped))
        emitEvent(PipelineEvent::Kind::Step, stage, step, host, StepState::Skipped, QStringLiteral("an earlier batch failed"));
    if (pending.isEmpty()) {
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, {}, clock.elapsed());
        return true;
    }
    setFailure(stage, QStringLiteral("deploy failed on %1; traffic was not moved. %2")
                          .arg(pending.join(QStringLiteral(", ")), failures.join(QStringLiteral("; "))), ErrorCode::Failed);
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, m_cancel.isCancelled() ? StepState::Cancelled : StepState::Failed,
              m_outcome.message, clock.elapsed());
    return false;
}

bool PipelineRun::verifyHost(const HostConfig &host, const EnvironmentConfig &env, const QString &version, qint64 deadline,
                             QString &why) const
{
    QElapsedTimer clock;
    clock.start();
    while (!m_cancel.isCancelled()) {
        const int budget = static_cast<int>(std::min<qint64>(kHttpTimeoutMs, std::max<qint64>(deadline - clock.elapsed(), 1)));
        const Result<HttpReply> health = HttpCheck::get(host.address, env.appPort, env.healthPath, budget, m_cancel);
        if (!health)
            why = health.error();
        else if (health->status != 200)
            why = QStringLiteral("%1 answered HTTP %2").arg(env.healthPath, QString::number(health->status));
        else {
            const Result<HttpReply> v = HttpCheck::get(host.address, env.appPort, env.versionPath, budget, m_cancel);
            if (!v)
                why = v.error();
            else if (v->status != 200)
                why = QStringLiteral("%1 answered HTTP %2").arg(env.versionPath, QString::number(v->status));
            else if (v->bodyText() != version)
                why = QStringLiteral("serves version \"%1\", expected \"%2\"").arg(v->bodyText(), version);
            else
                return true;
        }
        if (clock.elapsed() + kRetryPauseMs >= deadline)
            return false;
        (void)pause(kRetryPauseMs, m_cancel);
    }
    why = stopMessage(m_cancel.reason());
    return false;
}

bool PipelineRun::verify(Colour idle, const QString &version)
{
    const QString stage = QStringLiteral("verify");
    const StageConfig &cfg = stageConfig(StageKind::Verify);
    const EnvironmentConfig &env = m_config.environment(idle);
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running,
              QStringLiteral("health %1 and version on %2").arg(env.healthPath, colourName(idle)));
    QElapsedTimer clock;
    clock.start();
    const qint64 deadline = static_cast<qint64>(cfg.timeoutS) * 1000;
    // Every host at once (in waves of kVerifyParallel): a slow host delays no other. Each check
    // runs on its own thread; events are sent from this one, in host order.
    struct Check { QString host; std::future<std::pair<bool, QString>> result; };
    QStringList failed;
    for (qsizetype first = 0; first < env.hosts.size(); first += kVerifyParallel) {
        QElapsedTimer waveClock;
        waveClock.start();
        std::vector<Check> wave;
        for (const QString &name : env.hosts.mid(first, kVerifyParallel)) {
            emitEvent(PipelineEvent::Kind::Step, stage, QStringLiteral("health"), name, StepState::Running);
            const HostConfig host = *m_config.host(name);
            const qint64 budget = std::max<qint64>(deadline - clock.elapsed(), 1);
            wave.push_back({name, std::async(std::launch::async, [this, host, &env, &version, budget] {
                                QString why;
                                const bool ok = verifyHost(host, env, version, budget, why);
                                return std::make_pair(ok, why);
                            })});
        }
        for (Check &check : wave) {
            const auto [ok, why] = check.result.get();
            emitEvent(PipelineEvent::Kind::Step, stage, QStringLiteral("health"), check.host, ok ? StepState::Succeeded : StepState::Failed,
                      ok ? QStringLiteral("healthy, serving %1").arg(version) : why, waveClock.elapsed());
            if (!ok)
                failed << QStringLiteral("%1: %2").arg(check.host, why);
        }
    }
    if (failed.isEmpty()) {
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, {}, clock.elapsed());
        return true;
    }
    setFailure(stage, QStringLiteral("%1 is not healthy; traffic was not moved. %2").arg(colourName(idle), failed.join(QStringLiteral("; "))),
               ErrorCode::Failed);
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Failed, m_outcome.message, clock.elapsed());
    return false;
}

} // namespace greenlight
