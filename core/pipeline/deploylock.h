#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "ssh/hostpool.h"

#include <QString>

namespace greenlight {

// What the lock on the router host says right now, read in one command with the router host's
// own clock (so no clock skew between machines can make a live deploy look dead).
struct LockInfo
{
    bool held = false;
    QString holder;           // "<operator> on <machine>, deploying <version> since <time> [token]"
    qint64 heartbeatAgeS = -1; // seconds since the running deploy last beat; -1: no heartbeat
    QString stage;            // the stage the heartbeat named
    bool abortRaised = false;
    bool abortSeen = false;   // the running deploy acknowledged the abort
    bool promoteRaised = false;
    bool promoteSeen = false;
    QString lastRelease;      // "<epoch> <outcome> <token> [abort-seen] [promote-seen]" of the last lock released

    // A deploy is running only while it beats; a lock without a fresh heartbeat is stale.
    [[nodiscard]] bool alive() const;
    [[nodiscard]] QString token() const; // the holder's token, between the last brackets
};

// The deploy lock, held on the router host for a whole deployment (Kamal-style: an atomic
// mkdir, with a file naming the holder). The running deploy beats in it every second; a
// second deploy is refused and told who holds it; --force-unlock breaks only a dead lock.
class DeployLock final
{
public:
    static constexpr int kHeartbeatStaleS = 10; // a deploy that has not beaten for this long is dead

    // `path` on the router host; empty: .greenlight/locks/<deployment>.lock in the login folder.
    DeployLock(HostPool &pool, QString routerHost, const QString &deploymentName, const QString &path = {}, Lane lane = Lane::Work);

    // Holder: "<operator> on <machine>, deploying <version> since <time>". `force` breaks a lock
    // whose deploy is dead (no heartbeat for kHeartbeatStaleS); a live one is never broken.
    [[nodiscard]] Status acquire(const QString &version, bool force, const CancelToken &cancel);
    // `outcome` (one word: succeeded, failed, aborted) is left beside the lock for an operator
    // waiting on `greenlight abort` to read.
    [[nodiscard]] Status release(const QString &outcome = QStringLiteral("finished"));
    [[nodiscard]] Result<LockInfo> inspect(const CancelToken &cancel);
    // An operator's release of a dead lock (`greenlight lock release`): only when nothing beats
    // in it (kHeartbeatStaleS) and, with `token` given, only when that token holds it. A live lock
    // is never broken (LockHeld). Leaves "<epoch> broken <token>" beside it, as a release does.
    // True when a lock was broken, false when none was held.
    [[nodiscard]] Result<bool> breakDead(const QString &token, const CancelToken &cancel);

    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString routerHost() const { return m_routerHost; }
    // This process's token once acquired (the heartbeat proves the lock is still ours with it).
    [[nodiscard]] QString token() const { return m_token; }

    // Operators talk to a running deploy (in any process, on any machine) through files in
    // the lock: "promote" lets a manual promote gate pass, "abort" stops the deploy.
    enum class Signal { None, Promote, Abort, LockLost };
    // Refused when no deploy is running or its lock is stale.
    [[nodiscard]] Status raise(Signal signal, const CancelToken &cancel);
    // The running deploy's beat: records `stage` and the time, acknowledges a signal and says
    // which is pending (LockLost: the lock is no longer ours).
    [[nodiscard]] Result<Signal> beat(const QString &token, const QString &stage, const CancelToken &cancel);

private:
    [[nodiscard]] Result<QString> run(const QString &script, const CancelToken &cancel, int &exitCode);

    HostPool &m_pool;
    QString m_routerHost;
    QString m_path;  // relative to the login folder on the router host
    QString m_token; // ours, to release only our own lock
    Lane m_lane;
};

} // namespace greenlight
