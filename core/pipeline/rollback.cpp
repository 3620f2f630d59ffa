#include "rollback.h"

#include "journal/journal.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"
#include "pipeline/servedcheck.h"
#include "pipeline/waits.h"
#include "router/routeradapter.h"

#include <QElapsedTimer>
#include <QSet>

namespace greenlight {

namespace {
constexpr int kRouterChecks = 4;
} // namespace

Rollback::Rollback(const DeploymentConfig &config, RouterAdapter &router, Journal &journal, EventSink sink)
    : m_config(config), m_router(router), m_journal(journal), m_record(journal.beginRun(config.name)), m_sink(std::move(sink))
{
}

void Rollback::emitEvent(const QString &step, StepState state, const QString &message, qint64 durationMs)
{
    PipelineEvent e;
    e.kind = step.isEmpty() ? PipelineEvent::Kind::Stage : PipelineEvent::Kind::Step;
    e.stage = QStringLiteral("rollback");
    e.step = step;
    e.state = state;
    e.message = message;
    e.durationMs = durationMs;
    (void)m_record.record(e); // counted by the run; said loudly at the end
    if (m_sink)
        m_sink(e);
}

QSet<QString> Rollback::versionsServed(Colour target) const
{
    const EnvironmentConfig &env = m_config.environment(target);
    QSet<QString> versions;
    for (const QString &name : env.hosts) {
        const auto host = m_config.host(name);
        const Result<HttpReply> r = hostHttpGet(name, env.appUrl(host->address, env.versionPath), kHttpTimeoutMs);
        if (r && r->status == 200)
            versions.insert(r->bodyText());
    }
    return versions;
}

bool Rollback::verifyServing(Colour target, const QSet<QString> &expected, QString &detail)
{
    // What the target's hosts serve, asked of each directly before the change, must be what
    // clients get through the router now.
    const Result<Served> served = checkServedThroughRouter(m_config, m_router, target, expected, kRouterChecks, CancelToken());
    if (!served) {
        detail = QStringLiteral("%1; %2 serves %3")
                     .arg(served.error(), colourName(target), QStringList(expected.cbegin(), expected.cend()).join(QLatin1Char('/')));
        return false;
    }
    detail = QStringLiteral("%1 serves %2 through the router").arg(colourName(target), served->version);
    return true;
}

PipelineOutcome Rollback::execute(std::optional<Colour> target, const QString &reason)
{
    QElapsedTimer clock;
    clock.start();
    PipelineOutcome outcome;
    emitEvent({}, StepState::Running, reason);

    const Result<RouterState> before = m_router.readState(CancelToken());
    if (!target) {
        if (const auto previous = colourFromName(m_journal.colourBeforeLastDeploy()))
            target = previous;
        else if (before && before->liveColour())
            target = otherColour(*before->liveColour());
        else
            target = Colour::Blue;
    }
    outcome.toColour = colourName(*target);
    outcome.fromColour = before ? (before->liveColour() ? colourName(*before->liveColour()) : before->describe()) : QString();

    if (before) {
        const QStringList notUp = before->serversNotUp(*target);
        const auto total = (*target == Colour::Blue ? before->blueServers : before->greenServers).size();
        if (total > 0 && notUp.size() == total) {
            // Moving traffic onto a colour with no healthy server would turn errors into an outage.
            outcome.message = QStringLiteral("ROLLBACK REFUSED: the router sees no %1 server healthy (%2); traffic left as it was (%3)")
                                  .arg(colourName(*target), notUp.join(QStringLiteral(", ")), before->describe());
            emitEvent({}, StepState::Failed, outcome.message, clock.elapsed());
            return outcome;
        }
    }
    // Not onto a colour none of whose hosts answers (cleaned up, stopped): a router without
    // health checks (DNS) would send every client there.
    const QSet<QString> expected = versionsServed(*target);
    if (expected.isEmpty()) {
        outcome.message = QStringLiteral("ROLLBACK REFUSED: no %1 host answers %2 (cleaned up or down?); traffic left as it was%3")
                              .arg(colourName(*target), m_config.environment(*target).versionPath,
                                   before ? QStringLiteral(" (%1)").arg(before->describe()) : QString());
        emitEvent({}, StepState::Failed, outcome.message, clock.elapsed());
        return outcome;
    }
    const QString step = QStringLiteral("all traffic to %1").arg(colourName(*target));
    emitEvent(step, StepState::Running, {});
    const Result<RouterState> after = m_router.shift(*target, 100, CancelToken());
    if (!after) {
        outcome.message = QStringLiteral("ROLLBACK FAILED: %1").arg(after.error());
        emitEvent(step, StepState::Failed, after.error(), clock.elapsed());
        emitEvent({}, StepState::Failed, outcome.message, clock.elapsed());
        return outcome;
    }
    emitEvent(step, StepState::Succeeded, after->describe(), clock.elapsed());

    QString detail;
    const bool serving = verifyServing(*target, expected, detail);
    emitEvent(QStringLiteral("served through the router"), serving ? StepState::Succeeded : StepState::Failed, detail, clock.elapsed());
    (void)m_record.switched(outcome.fromColour, outcome.toColour, {}, QStringLiteral("rollback: ") + reason);
    outcome.succeeded = serving;
    outcome.rolledBack = true;
    outcome.message = serving ? QStringLiteral("rolled back to %1 in %2 ms: %3").arg(colourName(*target)).arg(clock.elapsed()).arg(detail)
                              : QStringLiteral("traffic is on %1, but it does not serve correctly: %2").arg(colourName(*target), detail);
    if (const Status lost = m_record.firstFailure(); !lost)
        outcome.message += QStringLiteral(" — BUT the journal could not record it (%1): note it by hand")
                               .arg(lost.error());
    emitEvent({}, serving ? StepState::Succeeded : StepState::Failed, outcome.message, clock.elapsed());
    return outcome;
}

} // namespace greenlight
