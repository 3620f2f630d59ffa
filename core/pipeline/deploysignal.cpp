#include "deploysignal.h"

#include "pipeline/waits.h"

#include <QDeadlineTimer>

namespace greenlight {

namespace {
constexpr int kPollMs = 250;
} // namespace

Result<QString> DeploySignal::send(DeployLock::Signal signal, std::chrono::milliseconds timeout, const CancelToken &cancel)
{
    const bool abort = signal == DeployLock::Signal::Abort;
    const Result<LockInfo> before = m_lock.inspect(cancel);
    if (!before)
        return Result<QString>::failure(before.error(), before.code());
    if (!before->held)
        return Result<QString>::failure(QStringLiteral("no deployment is running (no lock at %1 on %2)").arg(m_lock.path(), m_lock.routerHost()));
    if (!before->alive())
        return Result<QString>::failure(QStringLiteral("no deployment is running: the lock on %1 is stale (%2; no heartbeat for %3). "
                                                       "`greenlight status` says what the dead deploy left; `greenlight resume` finishes or undoes it")
                                            .arg(m_lock.routerHost(), before->holder,
                                                 before->heartbeatAgeS < 0 ? QStringLiteral("ever") : QStringLiteral("%1 s").arg(before->heartbeatAgeS)));
    const QString token = before->token();
    if (const Status raised = m_lock.raise(signal, cancel); !raised)
        return Result<QString>::failure(raised.error(), raised.code());

    const QDeadlineTimer deadline(timeout);
    bool seen = false;
    while (true) {
        const Result<LockInfo> now = m_lock.inspect(cancel);
        if (now && now->held && now->token() == token) {
            seen = seen || (abort ? now->abortSeen : now->promoteSeen);
            if (seen && !abort)
                return QStringLiteral("the deploy (%1) read the promote at stage %2; it shifts traffic at its promote gate").arg(now->holder, now->stage);
        } else if (now && now->held && now->token().isEmpty()) {
            // Read while a lock was being let go or taken (folder there, holder not): read again.
        } else if (now) {
            // The lock was let go: the deploy is over. Its release says how it ended, and which
            // signals it had read (a fast deploy may read a promote and finish between two polls).
            const QStringList release = now->lastRelease.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            const bool ours = release.size() >= 3 && release.at(2) == token;
            const QString outcome = ours ? release.at(1) : QString();
            if (abort && outcome == QLatin1String("aborted"))
                return QStringLiteral("the deploy acknowledged the abort, put traffic back where it was and released its lock");
            if (!abort && ours && release.mid(3).contains(QStringLiteral("promote-seen")))
                return QStringLiteral("the deploy read the promote, shifted traffic and finished: %1").arg(outcome);
            return Result<QString>::failure(
                QStringLiteral("the deploy ended before it read the %1 (%2)")
                    .arg(abort ? QStringLiteral("abort") : QStringLiteral("promote"),
                         outcome.isEmpty() ? QStringLiteral("its lock was let go; last release: %1").arg(now->lastRelease.isEmpty() ? QStringLiteral("none recorded") : now->lastRelease)
                                           : QStringLiteral("it %1").arg(outcome)),
                ErrorCode::Failed);
        }
        if (cancel.isCancelled())
            return Result<QString>::failure(stopMessage(cancel.reason()), ErrorCode::Aborted);
        if (deadline.hasExpired())
            break;
        (void)waitUntil(QDeadlineTimer(std::min<qint64>(kPollMs, deadline.remainingTime())), cancel);
    }
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
    if (seen)
        return Result<QString>::failure(QStringLiteral("the deploy acknowledged the abort but has not finished putting traffic back after %1 s; "
                                                       "check `greenlight status`").arg(seconds), ErrorCode::TimedOut);
    return Result<QString>::failure(QStringLiteral("the running deploy did not acknowledge the %1 within %2 s; it stays raised in the lock")
                                        .arg(abort ? QStringLiteral("abort") : QStringLiteral("promote")).arg(seconds),
                                    ErrorCode::TimedOut);
}

} // namespace greenlight
