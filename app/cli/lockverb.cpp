// `greenlight lock status|release`: the deploy lock on the router host, read or (when dead and
// its holder named, or with --force) released. A live lock is never released.

#include "clirunner.h"

#include "cli/argtext.h"
#include "cli/clicommon.h"
#include "cli/jsonlines.h"
#include "cli/unixsignals.h"
#include "cli/verbargs.h"
#include "cli/verbtable.h"
#include "controller/deploymentcontroller.h"
#include "pipeline/deploylock.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QEventLoop>

#include <optional>
#include <thread>

namespace greenlight {

namespace {

QJsonObject lockJson(const DeployLock &lock, const LockInfo &info, bool released)
{
    return {{QStringLiteral("type"), QStringLiteral("lock")},
            {QStringLiteral("router_host"), lock.routerHost()},
            {QStringLiteral("path"), lock.path()},
            {QStringLiteral("held"), info.held},
            {QStringLiteral("alive"), info.alive()},
            {QStringLiteral("holder"), info.holder},
            {QStringLiteral("token"), info.token()},
            {QStringLiteral("heartbeat_age_s"), info.held ? info.heartbeatAgeS : -1},
            {QStringLiteral("stage"), info.stage},
            {QStringLiteral("released"), released}};
}

QString describe(const DeployLock &lock, const LockInfo &info)
{
    const QString where = QStringLiteral("deploy lock on %1 (%2)").arg(lock.routerHost(), lock.path());
    if (!info.held)
        return where + QStringLiteral(": free\n");
    QString text = QStringLiteral("%1: held by %2\n").arg(where, info.holder);
    if (info.alive()) {
        text += QStringLiteral("  alive: heartbeat %1 s ago, at stage %2 — a deploy is running (greenlight abort stops it)\n")
                    .arg(info.heartbeatAgeS).arg(info.stage.isEmpty() ? QStringLiteral("?") : info.stage);
    } else {
        text += QStringLiteral("  dead: %1 — `greenlight status` says what it left; `greenlight resume` finishes it, "
                               "or `greenlight lock release --holder %2` lets go of the lock\n")
                    .arg(info.heartbeatAgeS < 0 ? QStringLiteral("no heartbeat") : QStringLiteral("no heartbeat for %1 s").arg(info.heartbeatAgeS),
                         info.token().isEmpty() ? QStringLiteral("TOKEN") : info.token());
    }
    return text;
}

} // namespace

int CliRunner::lock(const QStringList &words)
{
    VerbArgs args = argsFor(QStringLiteral("lock"));
    if (const auto stop = begin(args, words))
        return *stop;
    const QString action = args.positionals().first();
    if (action != QLatin1String("status") && action != QLatin1String("release"))
        return refuse(args, QStringLiteral("ACTION: expected status or release, got %1").arg(shown(action)));
    const bool release = action == QLatin1String("release");
    const bool force = args.isSet(QStringLiteral("force"));
    const QString holder = args.value(QStringLiteral("holder"));
    if (!release && (force || !holder.isEmpty()))
        return refuse(args, QStringLiteral("--holder and --force go with release: greenlight lock release --holder TOKEN"));
    if (force && !holder.isEmpty())
        return refuse(args, QStringLiteral("give --holder TOKEN or --force, not both"));
    const Result<Common> common = load(args);
    if (!common)
        return refuse(args, common.error(), false);
    const DeploymentConfig &config = common->config;

    HostPool pool(DeploymentController::sshTargets(config, common->policy, std::make_shared<AskpassInteraction>()), {});
    DeployLock deployLock(pool, config.router.host, config.name, config.router.lockPath);
    // The commands run on their own thread, so that this one's event loop hears Ctrl+C.
    CancelToken cancel;
    UnixSignals unixSignals;
    QObject::connect(&unixSignals, &UnixSignals::received, [cancel] { cancel.cancel(); });
    std::optional<Result<LockInfo>> read;
    std::optional<Result<bool>> broken;
    QEventLoop loop;
    std::thread worker([&] {
        Result<LockInfo> info = deployLock.inspect(cancel);
        const bool mayBreak = info && release && info->held && !info->alive() && (force || (!holder.isEmpty() && holder == info->token()));
        std::optional<Result<bool>> outcome;
        if (mayBreak)
            outcome = deployLock.breakDead(info->token(), cancel);
        QMetaObject::invokeMethod(&loop, [&, info, outcome] { read = info; broken = outcome; loop.quit(); }, Qt::QueuedConnection);
    });
    loop.exec();
    worker.join();

    if (!*read)
        return fail(args, read->code() == ErrorCode::Unreachable ? int(Unreachable) : int(Failed), read->error());
    const LockInfo &info = read->value();
    if (!release || !info.held) {
        if (common->json)
            printJsonLine(m_out, lockJson(deployLock, info, false));
        else
            m_out << describe(deployLock, info) << (release ? "nothing to release\n" : "");
        return Ok;
    }
    if (info.alive()) {
        return fail(args, Locked, QStringLiteral("a running deployment holds the lock: %1 (heartbeat %2 s ago). A live lock is never "
                                                 "released: wait for it, or stop it with greenlight abort")
                                      .arg(info.holder).arg(info.heartbeatAgeS));
    }
    if (!force && holder.isEmpty()) {
        return refuse(args, QStringLiteral("the dead lock is held by %1. Name its holder to release it: greenlight lock release --holder %2 "
                                           "(or --force)").arg(info.holder, info.token().isEmpty() ? QStringLiteral("TOKEN") : info.token()));
    }
    if (!broken)
        return fail(args, Locked, QStringLiteral("the lock is held by %1, not by %2; nothing was released").arg(info.holder, holder));
    if (!*broken)
        return fail(args, broken->code() == ErrorCode::LockHeld ? int(Locked) : broken->code() == ErrorCode::Unreachable ? int(Unreachable) : int(Failed),
                    broken->error());
    if (common->json)
        printJsonLine(m_out, lockJson(deployLock, info, broken->value()));
    else
        m_out << "released the dead deploy lock of " << info.holder << " on " << deployLock.routerHost() << '\n';
    return Ok;
}

} // namespace greenlight
