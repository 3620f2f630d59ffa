// PipelineRun, the optional stages around the core deploy → verify → shift: migrate (once per
// version, after a backup), test traffic against the new colour before any user reaches it,
// and finish (the old colour's warm window and clean-up).

#include "pipelinerun.h"

#include "common/safename.h"
#include "common/shellquote.h"
#include "journal/journal.h"
#include "metrics/percentile.h"
#include "pipeline/deploylock.h"
#include "pipeline/hookrunner.h"
#include "pipeline/httpcheck.h"
#include "pipeline/waits.h"
#include "router/routercommand.h"
#include "router/routeradapter.h"
#include "ssh/fanout.h"
#include "ssh/hostpool.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kMarkerTimeout{10000};
} // namespace

QHash<QString, QString> PipelineRun::hookVariables(Colour live, const QString &version, const QString &stage) const
{
    const Colour idle = otherColour(live);
    return {{QStringLiteral("GL_DEPLOYMENT"), m_config.name},
            {QStringLiteral("GL_VERSION"), version},
            {QStringLiteral("GL_FROM_COLOUR"), colourName(live)},
            {QStringLiteral("GL_TO_COLOUR"), colourName(idle)},
            {QStringLiteral("GL_HOSTS"), m_config.environment(idle).hosts.join(QLatin1Char(' '))},
            {QStringLiteral("GL_OPERATOR"), Journal::operatorName()},
            {QStringLiteral("GL_STAGE"), stage}};
}

bool PipelineRun::failStage(const QString &stage, const QString &message, qint64 durationMs, ErrorCode code)
{
    setFailure(stage, message, code);
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, m_cancel.isCancelled() ? StepState::Cancelled : StepState::Failed,
              m_outcome.message, durationMs);
    return false;
}

Status PipelineRun::runCommandStep(const QString &stage, const QString &step, const HookConfig &command,
                                   const QHash<QString, QString> &variables)
{
    const QString where = command.host.isEmpty() ? QStringLiteral("local") : command.host;
    emitEvent(PipelineEvent::Kind::Step, stage, step, where, StepState::Running, command.command);
    QElapsedTimer clock;
    clock.start();
    HookRunner runner(m_pool, variables);
    const Status ran = runner.run(command, m_cancel, [&](const QString &, const QString &line) {
        emitEvent(PipelineEvent::Kind::Log, stage, step, where, StepState::Running, line);
    });
    emitEvent(PipelineEvent::Kind::Step, stage, step, where, ran ? StepState::Succeeded : StepState::Failed, ran.error(), clock.elapsed());
    return ran;
}

QString PipelineRun::migrationMarker(const QString &version) const
{
    const QString base = m_config.router.lockPath.isEmpty() ? QStringLiteral(".greenlight")
                                                            : QFileInfo(m_config.router.lockPath).path();
    return QStringLiteral("%1/migrations/%2/%3.applied").arg(base, safeFileName(m_config.name), safeFileName(version));
}

bool PipelineRun::migrate(Colour live, const QString &version)
{
    const QString stage = QStringLiteral("migrate");
    const StageConfig &cfg = stageConfig(StageKind::Migrate);
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running, QStringLiteral("once per version, after a backup"));
    QElapsedTimer clock;
    clock.start();
    // The record of applied migrations lives on the router host, beside the lock: every
    // operator's deploys see it. A migration that ran is never run again, by a redeploy of
    // the same version or by a rollback (which runs no deploy step at all).
    const QString marker = migrationMarker(version);
    const Result<QByteArray> seen = runOnRouter(m_pool, m_config.router.host, Lane::Work, QStringLiteral("reading the migration record"),
                                                QStringLiteral("cat -- %1 2>/dev/null || true").arg(shellQuote(marker)), {},
                                                kMarkerTimeout, m_cancel);
    if (!seen)
        return failStage(stage, QStringLiteral("%1; nothing was migrated or deployed").arg(seen.error()), clock.elapsed());
    if (!seen->trimmed().isEmpty()) {
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded,
                  QStringLiteral("already applied for %1 (%2); not run again").arg(version, QString::fromUtf8(seen->trimmed())),
                  clock.elapsed());
        return true;
    }
    const QHash<QString, QString> variables = hookVariables(live, version, stage);
    const HookConfig backup{cfg.backupCommand, cfg.host, cfg.timeoutS};
    if (const Status b = runCommandStep(stage, QStringLiteral("backup"), backup, variables); !b)
        return failStage(stage, QStringLiteral("backup failed (%1); the migration did not run, nothing was deployed").arg(b.error()),
                         clock.elapsed());
    const HookConfig migration{cfg.command, cfg.host, cfg.timeoutS};
    if (const Status m = runCommandStep(stage, QStringLiteral("migration"), migration, variables); !m)
        return failStage(stage, QStringLiteral("migration failed (%1); the backup taken just before it is the way back; nothing was deployed")
                                    .arg(m.error()), clock.elapsed());
    const QString record = QStringLiteral("by %1 at %2").arg(Journal::operatorName(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    const Result<QByteArray> written = runOnRouter(
        m_pool, m_config.router.host, Lane::Work, QStringLiteral("recording the migration"),
        QStringLiteral("mkdir -p -- \"$(dirname -- %1)\" && printf '%s\\n' %2 > %1").arg(shellQuote(marker), shellQuote(record)), {},
        kMarkerTimeout, CancelToken());
    if (!written)
        return failStage(stage, QStringLiteral("the migration ran but could not be recorded (%1): record it by hand in %2 on %3 "
                                               "before deploying %4 again")
                                    .arg(written.error(), marker, m_config.router.host, version), clock.elapsed());
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded,
              QStringLiteral("applied and recorded; it will not run again for %1").arg(version), clock.elapsed());
    return true;
}

QString PipelineRun::sendTestRequests(const HostConfig &host, const EnvironmentConfig &env, const StageConfig &cfg, QString &reading)
{
    QList<double> latencies;
    int errors = 0;
    QString firstError;
    for (const QString &path : cfg.paths) {
        for (int i = 0; i < cfg.requests && !m_cancel.isCancelled(); ++i) {
            const Result<HttpReply> r = HttpCheck::get(host.address, env.appPort, path, kHttpTimeoutMs, m_cancel);
            if (r && r->status < 500 && r->status != 0) {
                latencies << static_cast<double>(r->elapsedMs);
            } else {
                ++errors;
                if (firstError.isEmpty())
                    firstError = QStringLiteral("%1: %2").arg(path, r ? QStringLiteral("HTTP %1").arg(r->status) : r.error());
            }
        }
    }
    const auto total = static_cast<double>(latencies.size() + errors);
    const double errorRate = total > 0 ? errors / total : 1.0;
    const double p95 = percentile(latencies, 0.95);
    reading = QStringLiteral("%1 requests, %2 errors (%3 %), p95 %4 ms")
                  .arg(static_cast<int>(total)).arg(errors).arg(errorRate * 100, 0, 'f', 1).arg(p95, 0, 'f', 0);
    if (errorRate > cfg.maxErrorRate)
        return QStringLiteral("error rate %1 % above %2 % (first: %3)").arg(errorRate * 100, 0, 'f', 1).arg(cfg.maxErrorRate * 100).arg(firstError);
    if (cfg.maxP95Ms > 0 && p95 > cfg.maxP95Ms)
        return QStringLiteral("p95 %1 ms above %2 ms").arg(p95, 0, 'f', 0).arg(cfg.maxP95Ms);
    return {};
}

bool PipelineRun::testTraffic(Colour live, const QString &version)
{
    const QString stage = QStringLiteral("test traffic");
    const StageConfig &cfg = stageConfig(StageKind::TestTraffic);
    const Colour idle = otherColour(live);
    const EnvironmentConfig &env = m_config.environment(idle);
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running,
              QStringLiteral("%1 requests a host and path, straight to %2 (no user traffic)").arg(cfg.requests).arg(colourName(idle)));
    QElapsedTimer clock;
    clock.start();
    QStringList urls;
    for (const QString &name : env.hosts) {
        const std::optional<HostConfig> host = m_config.host(name);
        urls << QStringLiteral("http://%1:%2").arg(host->address, QString::number(env.appPort));
        // Each host gets `retries` more tries when its requests miss the limits.
        for (int attempt = 0; attempt <= cfg.retries; ++attempt) {
            const QString step = attempt == 0 ? QStringLiteral("requests") : QStringLiteral("requests (retry %1)").arg(attempt);
            emitEvent(PipelineEvent::Kind::Step, stage, step, name, StepState::Running);
            QElapsedTimer hostClock;
            hostClock.start();
            QString reading;
            const QString why = sendTestRequests(*host, env, cfg, reading);
            if (m_cancel.isCancelled())
                return failStage(stage, QStringLiteral("aborted; traffic was not moved"), clock.elapsed());
            emitEvent(PipelineEvent::Kind::Step, stage, step, name, why.isEmpty() ? StepState::Succeeded : StepState::Failed,
                      why.isEmpty() ? reading : QStringLiteral("%1: %2").arg(why, reading), hostClock.elapsed());
            if (why.isEmpty())
                break;
            if (attempt == cfg.retries)
                return failStage(stage, QStringLiteral("%1 on %2: %3; traffic was not moved").arg(colourName(idle), name, why), clock.elapsed());
            (void)pause(kRetryPauseMs, m_cancel);
        }
    }
    if (!cfg.smokeCommand.isEmpty()) {
        QHash<QString, QString> variables = hookVariables(live, version, stage);
        variables.insert(QStringLiteral("GL_TARGET_URLS"), urls.join(QLatin1Char(' ')));
        if (const Status smoke = runCommandStep(stage, QStringLiteral("smoke test"), HookConfig{cfg.smokeCommand, cfg.host, cfg.timeoutS}, variables);
            !smoke)
            return failStage(stage, QStringLiteral("smoke test failed (%1); traffic was not moved").arg(smoke.error()), clock.elapsed());
    }
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, {}, clock.elapsed());
    return true;
}

bool PipelineRun::finish(Colour live, const QString &version)
{
    // `live` is the colour that was live before this deploy: now the old one, kept warm.
    const QString stage = QStringLiteral("finish");
    const StageConfig &cfg = stageConfig(StageKind::Finish);
    QElapsedTimer clock;
    clock.start();
    if (cfg.keepWarmS > 0 || cfg.cleanupCommand.isEmpty()) {
        const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(cfg.keepWarmS);
        m_outcome.warmUntil = cfg.keepWarmS > 0 ? until : QDateTime();
        const QString message = cfg.cleanupCommand.isEmpty()
                                    ? QStringLiteral("%1 stays warm for rollback (no clean-up configured)").arg(colourName(live))
                                    : QStringLiteral("%1 stays warm for rollback until %2 UTC; then `greenlight cleanup` stops it")
                                          .arg(colourName(live), until.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        journalFailed(m_record.warmWindow(colourName(live), version, m_outcome.warmUntil, false));
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, message, clock.elapsed());
        return true;
    }
    // No warm window: clean up now, once the router confirms the old colour has no traffic.
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running, QStringLiteral("clean up %1").arg(colourName(live)));
    const Status cleaned = cleanUp(live);
    if (!cleaned && cfg.continueOnFailure) {
        // on_failure "continue": the deploy is done; the clean-up is left for `greenlight cleanup`.
        journalFailed(m_record.warmWindow(colourName(live), version, QDateTime(), false));
        emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded,
                  QStringLiteral("%1 (on_failure continue: %2 left running; `greenlight cleanup` retries)").arg(cleaned.error(), colourName(live)),
                  clock.elapsed());
        return true;
    }
    if (!cleaned)
        return failStage(stage, QStringLiteral("%1; %2 is live and serving %3").arg(cleaned.error(), colourName(otherColour(live)), version),
                         clock.elapsed());
    m_outcome.oldColourCleanedUp = true;
    journalFailed(m_record.warmWindow(colourName(live), version, QDateTime::currentDateTimeUtc(), true));
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, QStringLiteral("%1 cleaned up").arg(colourName(live)),
              clock.elapsed());
    return true;
}

PipelineOutcome PipelineRun::executeCleanup(bool ignoreWindow)
{
    const QString stage = QStringLiteral("cleanup");
    m_outcome = {};
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Running);
    QElapsedTimer clock;
    clock.start();
    const std::optional<Journal::WarmWindow> warm = m_journal.lastWarmWindow(m_config.name);
    if (!warm) {
        failStage(stage, QStringLiteral("the journal has no finished deploy whose old colour is still warm; nothing to clean up"), clock.elapsed());
        return m_outcome;
    }
    const std::optional<Colour> old = colourFromName(warm->colour);
    const QDateTime &until = warm->until;
    if (!old) {
        failStage(stage, QStringLiteral("the journal's warm-window record names no colour"), clock.elapsed());
        return m_outcome;
    }
    if (until.isValid() && until > QDateTime::currentDateTimeUtc() && !ignoreWindow) {
        failStage(stage, QStringLiteral("%1 stays warm for rollback until %2 UTC (%3 min left); --now cleans up anyway")
                             .arg(colourName(*old), until.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                             .arg((QDateTime::currentDateTimeUtc().secsTo(until) + 59) / 60),
                  clock.elapsed());
        return m_outcome;
    }
    // Under the deploy lock: never while a deploy is putting a new version on that colour.
    DeployLock lock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath);
    if (const Status taken = lock.acquire(QStringLiteral("cleanup of %1").arg(colourName(*old)), false, m_cancel); !taken) {
        failStage(stage, taken.error(), clock.elapsed());
        return m_outcome;
    }
    const Status cleaned = cleanUp(*old);
    (void)lock.release();
    if (!cleaned) {
        failStage(stage, cleaned.error(), clock.elapsed());
        return m_outcome;
    }
    journalFailed(m_record.warmWindow(colourName(*old), warm->version,
                               QDateTime::currentDateTimeUtc(), true));
    m_outcome.succeeded = true;
    m_outcome.oldColourCleanedUp = true;
    m_outcome.message = QStringLiteral("%1 cleaned up; a rollback to it now needs a deploy first").arg(colourName(*old));
    emitEvent(PipelineEvent::Kind::Stage, stage, {}, {}, StepState::Succeeded, m_outcome.message, clock.elapsed());
    shipJournal();
    return m_outcome;
}

Status PipelineRun::cleanUp(Colour old)
{
    const StageConfig &cfg = stageConfig(StageKind::Finish);
    const Result<RouterState> state = m_router.readState(m_cancel);
    if (!state)
        return Status::failure(QStringLiteral("cannot read the router before clean-up: %1").arg(state.error()));
    if (state->colourWeight(old) > 0)
        return Status::failure(QStringLiteral("not cleaning up %1: the router still sends it traffic (%2)").arg(colourName(old), state->describe()));
    // Every host of the old colour at once, each to its own end (one failure does not stop the rest).
    const QString stage = QStringLiteral("finish");
    const QString step = QStringLiteral("clean up");
    const FanoutResult result = Fanout(m_pool, FanoutPolicy{0, 100, false}).run(
        m_config.environment(old).hosts,
        [&](const QString &host) {
            CommandRequest request;
            request.command = expandCommand(cfg.cleanupCommand, {}, host, old);
            request.timeout = std::chrono::seconds(cfg.timeoutS);
            request.tag = QStringLiteral("cleanup %1").arg(host);
            request.cancel = m_cancel;
            return request;
        },
        [&](const QString &host, int) { emitEvent(PipelineEvent::Kind::Step, stage, step, host, StepState::Running); },
        [&](const CommandResult &r) {
            emitEvent(PipelineEvent::Kind::Step, stage, step, r.host, r.ok() ? StepState::Succeeded : StepState::Failed,
                      r.ok() ? QString() : r.summary(), r.durationMs);
        });
    QStringList failed;
    for (const CommandResult &r : result.results) {
        if (!r.ok())
            failed << r.summary();
    }
    if (!failed.isEmpty())
        return Status::failure(QStringLiteral("clean-up failed on %1").arg(failed.join(QStringLiteral("; "))));
    return {};
}

} // namespace greenlight
