#include "rollbackplan.h"

#include <QVersionNumber>

namespace greenlight {

namespace {

QString versionsText(const QStringList &versions)
{
    return versions.isEmpty() ? QStringLiteral("version unknown") : versions.join(QStringLiteral(" / "));
}

QString splitText(const FleetSnapshot &fleet)
{
    if (const auto live = fleet.liveColour())
        return QStringLiteral("%1 %2 %").arg(colourName(*live).toUpper()).arg(fleet.router.percent(*live));
    return fleet.router.describe();
}

// -1: every version of `a` is older than every version of `b`; 1: newer; 0: equal or not comparable.
int compareVersions(const QStringList &a, const QStringList &b)
{
    if (a.size() != 1 || b.size() != 1)
        return 0;
    qsizetype restA = 0;
    qsizetype restB = 0;
    const QVersionNumber va = QVersionNumber::fromString(a.first(), &restA);
    const QVersionNumber vb = QVersionNumber::fromString(b.first(), &restB);
    if (va.isNull() || vb.isNull() || restA != a.first().size() || restB != b.first().size())
        return 0;
    return QVersionNumber::compare(va, vb) < 0 ? -1 : (va == vb ? 0 : 1);
}

} // namespace

QString RollbackPlan::actionText() const
{
    return (kind == Kind::RollBack ? QStringLiteral("Roll back to %1") : QStringLiteral("Switch to %1")).arg(colourName(target).toUpper());
}

QString RollbackPlan::summary() const
{
    return QStringLiteral("%1 %2 — %3/%4 hosts healthy — now %5")
        .arg(actionText(), versionsText(versions))
        .arg(healthyHosts)
        .arg(totalHosts)
        .arg(now);
}

bool RollbackPlan::sameAs(const RollbackPlan &other) const
{
    return kind == other.kind && allowed == other.allowed && target == other.target && versions == other.versions
           && healthyHosts == other.healthyHosts && totalHosts == other.totalHosts && now == other.now;
}

RollbackPlan planRollback(const FleetSnapshot &fleet, const std::optional<QString> &colourBeforeLastDeploy, RollbackPlan::Kind kind)
{
    RollbackPlan plan;
    plan.kind = kind;
    if (!fleet.readAt.isValid()) {
        plan.reason = QStringLiteral("The router has not been read yet: nothing moves before the window has shown where traffic is");
        return plan;
    }
    if (!fleet.routerOk) {
        plan.reason = QStringLiteral("The router cannot be read (%1): nothing moves on a state not read").arg(fleet.routerError);
        return plan;
    }
    plan.now = splitText(fleet);
    const auto live = fleet.liveColour();
    if (kind == RollbackPlan::Kind::RollBack) {
        if (!colourBeforeLastDeploy) {
            plan.reason = QStringLiteral("The journal has not been read yet: the colour before the last deploy is not known");
            return plan;
        }
        const auto previous = colourFromName(*colourBeforeLastDeploy);
        if (!previous) {
            plan.reason = QStringLiteral("No deploy is recorded, so there is no previous colour to roll back to (use Switch traffic to choose one)");
            return plan;
        }
        plan.target = *previous;
    } else {
        if (!live) {
            plan.reason = QStringLiteral("Traffic is split (%1): roll back to the colour before the deploy instead").arg(plan.now);
            return plan;
        }
        plan.target = otherColour(*live);
    }

    for (const HostSnapshot &h : fleet.hosts) {
        if (h.colour != plan.target)
            continue;
        ++plan.totalHosts;
        if (h.isHealthy())
            ++plan.healthyHosts;
    }
    plan.versions = fleet.versions(plan.target);
    const QString name = colourName(plan.target).toUpper();
    if (live && *live == plan.target) {
        plan.alreadyLive = true;
        plan.reason = QStringLiteral("%1 already takes all traffic: there is nothing to roll back").arg(name);
        return plan;
    }
    if (plan.healthyHosts == 0) {
        plan.reason = QStringLiteral("No %1 host is healthy (the router sees none UP, nor answers its own health check): traffic would go nowhere").arg(name);
        return plan;
    }
    if (live && kind == RollbackPlan::Kind::Switch) {
        // A rollback goes back to an older build on purpose; a plain switch may do so by surprise.
        const QStringList liveVersions = fleet.versions(*live);
        if (compareVersions(plan.versions, liveVersions) < 0)
            plan.warning = QStringLiteral("%1 runs %2, older than %3 %4 now live").arg(name, versionsText(plan.versions),
                                                                                   colourName(*live).toUpper(), versionsText(liveVersions));
    }
    if (plan.versions.isEmpty())
        plan.warning = QStringLiteral("%1's version could not be read from its hosts").arg(name);
    plan.allowed = true;
    return plan;
}

} // namespace greenlight
