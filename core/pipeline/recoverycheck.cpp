#include "recoverycheck.h"

#include "journal/journal.h"
#include "pipeline/deploylock.h"
#include "router/routeradapter.h"


namespace greenlight {

void RecoveryCheck::describeDeadLock(const LockInfo &lock, const Result<RouterState> &router, RecoveryReport &report) const
{
    report.deadLock = true;
    report.lastStage = lock.stage;
    const QString age = lock.heartbeatAgeS < 0 ? QStringLiteral("it never beat") : QStringLiteral("no heartbeat for %1 s").arg(lock.heartbeatAgeS);
    const QString advice = !router              ? QStringLiteral("Read the router again with `greenlight status` before acting.")
                           : router->liveColour() ? QStringLiteral("All traffic is on %1: `greenlight resume` clears the lock and moves nothing.")
                                                        .arg(colourName(*router->liveColour()))
                                                  : QStringLiteral("Traffic is SPLIT (%1): put it on one colour with `greenlight rollback --to COLOUR`, "
                                                                   "then `greenlight resume` clears the lock.").arg(report.routerState);
    report.situation = QStringLiteral("A dead deploy's lock is left on %1 (%2; %3, last at stage %4); no deploy in this journal was cut "
                                      "short, so it died around its start or its end, or ran from another machine. Deploys are refused "
                                      "until it is cleared.")
                           .arg(m_config.router.host, lock.holder, age, lock.stage.isEmpty() ? QStringLiteral("-") : lock.stage);
    report.summary = report.situation + QLatin1Char(' ') + advice;
}

RecoveryReport RecoveryCheck::run(const CancelToken &cancel)
{
    RecoveryReport report;
    const Result<LockInfo> lock = DeployLock(m_pool, m_config.router.host, m_config.name, m_config.router.lockPath, Lane::Control).inspect(cancel);
    if (lock && lock->held) {
        report.lockHolder = lock->holder;
        report.heartbeatAgeS = lock->heartbeatAgeS;
    }
    if (lock && lock->alive()) {
        // The heartbeat is the truth: the journal of a live deploy always looks unfinished.
        report.running = true;
        report.lastStage = lock->stage;
        report.situation = QStringLiteral("A deploy is running: %1, at stage %2 (heartbeat %3 s ago).")
                               .arg(lock->holder, lock->stage)
                               .arg(lock->heartbeatAgeS);
        report.summary = report.situation + QStringLiteral(" `greenlight abort` stops it.");
        return report;
    }
    // The last deploy's own records (by its run id: another deploy's never mix in).
    const std::optional<DeploySummary> last = m_journal.lastDeploy(m_config.name);
    const bool interrupted = last && last->interrupted();
    if (!interrupted && !(lock && lock->held))
        return report;
    // Something needs the operator: where traffic is now decides what to advise.
    const Result<RouterState> router = m_router.readState(cancel);
    report.routerState = router ? router->describe() : QStringLiteral("unreadable: %1").arg(router.error());
    if (!interrupted) {
        describeDeadLock(lock.value(), router, report);
        return report;
    }
    report.interrupted = true;
    report.version = last->version;
    report.fromColour = last->fromColour;
    report.toColour = last->toColour;
    report.lastStage = last->lastStage;
    if (!lock)
        report.lockHolder = QStringLiteral("unknown: %1").arg(lock.error());

    QString where = report.routerState;
    QString advice;
    if (router && router->liveColour() && colourName(*router->liveColour()) == report.fromColour) {
        where = QStringLiteral("all traffic is on %1, where it was before").arg(report.fromColour);
        advice = QStringLiteral("`greenlight resume` deploys %1 again (breaking the dead deploy's lock); `greenlight resume --undo` "
                                "leaves %2 live and closes it.").arg(report.version, report.fromColour);
    } else if (router && router->liveColour()) {
        where = QStringLiteral("all traffic is on %1, which received %2").arg(colourName(*router->liveColour()), report.version);
        advice = QStringLiteral("`greenlight resume` checks %2 through the router and closes the deploy as done; `greenlight resume --undo` "
                                "puts all traffic back on %1.").arg(report.fromColour, report.version);
    } else if (router) {
        where = QStringLiteral("traffic is SPLIT (%1)").arg(report.routerState);
        advice = QStringLiteral("`greenlight resume` puts all traffic back on %1 and deploys %2 again; `greenlight resume --undo` "
                                "only puts it back.").arg(report.fromColour, report.version);
    } else {
        advice = QStringLiteral("Read the router again with `greenlight status` before acting.");
    }
    report.situation = QStringLiteral("A deploy of %1 from %2 to %3 was cut short during %4; nothing beats in its lock%5. Now %6.")
                           .arg(report.version, report.fromColour, report.toColour,
                                report.lastStage.isEmpty() ? QStringLiteral("its start") : report.lastStage,
                                report.lockHolder.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(report.lockHolder), where);
    report.summary = report.situation + QLatin1Char(' ') + advice;
    return report;
}

} // namespace greenlight
