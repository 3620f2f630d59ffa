// What Ctrl+R would do, worked out from readings only: every reason it refuses, and the target,
// versions, health and split it names when it does not. Pure data in, plan out.

#include "model/rollbackplan.h"

#include <QtTest>

using namespace greenlight;

namespace {

// Blue and green with one server each; `blueWeight`/`greenWeight` as the router reports them.
FleetSnapshot fleet(int blueWeight, int greenWeight, const QString &blueVersion, const QString &greenVersion, const QString &greenStatus = QStringLiteral("UP"))
{
    FleetSnapshot f;
    f.readAt = QDateTime::currentDateTimeUtc();
    f.routerOk = true;
    f.router.blueServers = {QStringLiteral("blue-1")};
    f.router.greenServers = {QStringLiteral("green-1")};
    f.router.servers.insert(QStringLiteral("blue-1"), ServerState{QStringLiteral("blue-1"), blueWeight, QStringLiteral("UP"), 0, 0});
    f.router.servers.insert(QStringLiteral("green-1"), ServerState{QStringLiteral("green-1"), greenWeight, greenStatus, 0, 0});
    f.hosts = {HostSnapshot{QStringLiteral("blue-1"), {}, Colour::Blue, blueVersion, {}, QStringLiteral("UP"), blueWeight},
               HostSnapshot{QStringLiteral("green-1"), {}, Colour::Green, greenVersion, {}, greenStatus, greenWeight}};
    return f;
}

} // namespace

class TestRollbackPlan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingReadYetIsNoRollback()
    {
        const RollbackPlan plan = planRollback(FleetSnapshot{}, QStringLiteral("blue"));
        QVERIFY(!plan.allowed);
        QVERIFY(plan.reason.contains(QStringLiteral("router has not been read")));
    }

    // A router that checks nothing (DNS): the target's hosts' own health checks decide.
    void aRouterWithoutChecksAsksTheHosts()
    {
        FleetSnapshot f = fleet(0, 100, QStringLiteral("1.0.0"), QStringLiteral("2.0.0"));
        f.hosts[0].routerStatus = QStringLiteral("no check");
        RollbackPlan plan = planRollback(f, QStringLiteral("blue"));
        QVERIFY(!plan.allowed); // not asked: not healthy
        QVERIFY2(plan.reason.contains(QStringLiteral("nor answers its own health check")), qPrintable(plan.reason));
        f.hosts[0].healthy = false;
        QVERIFY(!planRollback(f, QStringLiteral("blue")).allowed);
        f.hosts[0].healthy = true;
        plan = planRollback(f, QStringLiteral("blue"));
        QVERIFY2(plan.allowed, qPrintable(plan.reason));
        QCOMPARE(plan.healthyHosts, 1);
        // A router that does check has the last word, whatever the host says of itself.
        f.hosts[0].routerStatus = QStringLiteral("DOWN");
        QVERIFY(!planRollback(f, QStringLiteral("blue")).allowed);
    }

    void anUnreadableRouterIsNoRollback()
    {
        FleetSnapshot f = fleet(0, 100, QStringLiteral("1.0.0"), QStringLiteral("2.0.0"));
        f.routerOk = false;
        f.routerError = QStringLiteral("connection refused");
        const RollbackPlan plan = planRollback(f, QStringLiteral("blue"));
        QVERIFY(!plan.allowed);
        QVERIFY(plan.reason.contains(QStringLiteral("connection refused")));
    }

    void anUnreadJournalIsNoRollback()
    {
        const RollbackPlan plan = planRollback(fleet(0, 100, QStringLiteral("1.0.0"), QStringLiteral("2.0.0")), std::nullopt);
        QVERIFY(!plan.allowed);
        QVERIFY(plan.reason.contains(QStringLiteral("journal has not been read")));
    }

    void noDeployRecordedIsNoRollback()
    {
        const RollbackPlan plan = planRollback(fleet(100, 0, QStringLiteral("1.0.0"), QStringLiteral("0.9.0")), QString());
        QVERIFY(!plan.allowed);
        QVERIFY(plan.reason.contains(QStringLiteral("No deploy is recorded")));
    }

    void rollsBackToTheColourBeforeTheDeploy()
    {
        const RollbackPlan plan = planRollback(fleet(0, 100, QStringLiteral("1.0.0"), QStringLiteral("2.0.0")), QStringLiteral("blue"));
        QVERIFY2(plan.allowed, qPrintable(plan.reason));
        QCOMPARE(plan.target, Colour::Blue);
        QCOMPARE(plan.summary(), QStringLiteral("Roll back to BLUE 1.0.0 — 1/1 hosts healthy — now GREEN 100 %"));
        QVERIFY(plan.warning.isEmpty());
    }

    void midShiftItNamesTheSplit()
    {
        const RollbackPlan plan = planRollback(fleet(50, 50, QStringLiteral("1.0.0"), QStringLiteral("2.0.0")), QStringLiteral("blue"));
        QVERIFY(plan.allowed);
        QVERIFY2(plan.summary().endsWith(QStringLiteral("now blue 50% / green 50%")), qPrintable(plan.summary()));
    }

    void theTargetAlreadyLiveIsNothingToDo()
    {
        const RollbackPlan plan = planRollback(fleet(100, 0, QStringLiteral("1.0.0"), QStringLiteral("2.0.0")), QStringLiteral("blue"));
        QVERIFY(!plan.allowed);
        QVERIFY(plan.alreadyLive);
        QVERIFY(plan.reason.contains(QStringLiteral("BLUE already takes all traffic")));
    }

    void aTargetWithNoHealthyHostIsRefused()
    {
        const RollbackPlan plan = planRollback(fleet(100, 0, QStringLiteral("1.0.0"), QStringLiteral("0.9.0"), QStringLiteral("DOWN")),
                                               QStringLiteral("green"));
        QVERIFY(!plan.allowed);
        QVERIFY(plan.reason.contains(QStringLiteral("No GREEN host is healthy")));
    }

    void aSwitchNamesTheOlderVersion()
    {
        const RollbackPlan plan = planRollback(fleet(100, 0, QStringLiteral("1.0.0"), QStringLiteral("0.9.0")), QString(), RollbackPlan::Kind::Switch);
        QVERIFY(plan.allowed);
        QCOMPARE(plan.target, Colour::Green);
        QCOMPARE(plan.actionText(), QStringLiteral("Switch to GREEN"));
        QCOMPARE(plan.warning, QStringLiteral("GREEN runs 0.9.0, older than BLUE 1.0.0 now live"));
    }

    void anUnknownVersionIsSaidNotHidden()
    {
        const RollbackPlan plan = planRollback(fleet(0, 100, QString(), QStringLiteral("2.0.0")), QStringLiteral("blue"));
        QVERIFY(plan.allowed);
        QVERIFY(plan.summary().contains(QStringLiteral("version unknown")));
        QVERIFY(plan.warning.contains(QStringLiteral("could not be read")));
    }
};

QTEST_GUILESS_MAIN(TestRollbackPlan)
#include "tst_rollbackplan.moc"
