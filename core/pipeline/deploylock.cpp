#include "deploylock.h"

#include "common/safename.h"
#include "common/shellquote.h"
#include "journal/journal.h"
#include "ssh/hostpool.h"

#include <QDateTime>
#include <QFuture>
#include <QUuid>

namespace greenlight {

namespace {
constexpr std::chrono::milliseconds kLockTimeout{10000};
constexpr int kHeldExitCode = 3;
constexpr int kAliveExitCode = 4;

// Shell: the age in seconds of the heartbeat in "$d" (a large number when there is none).
QString heartbeatAgeScript()
{
    return QStringLiteral("hb=$(cut -d' ' -f1 \"$d/heartbeat\" 2>/dev/null); case $hb in ''|*[!0-9]*) hb=0;; esac; "
                          "age=$(( $(date +%s) - hb )); ");
}
} // namespace

bool LockInfo::alive() const
{
    return held && heartbeatAgeS >= 0 && heartbeatAgeS <= DeployLock::kHeartbeatStaleS;
}

QString LockInfo::token() const
{
    const qsizetype open = holder.lastIndexOf(QLatin1Char('['));
    const qsizetype close = holder.lastIndexOf(QLatin1Char(']'));
    return open >= 0 && close > open ? holder.mid(open + 1, close - open - 1) : QString();
}

DeployLock::DeployLock(HostPool &pool, QString routerHost, const QString &deploymentName, const QString &path, Lane lane)
    : m_pool(pool), m_routerHost(std::move(routerHost)), m_path(path), m_lane(lane)
{
    if (m_path.isEmpty())
        m_path = QStringLiteral(".greenlight/locks/") + safeFileName(deploymentName) + QStringLiteral(".lock");
}

Result<QString> DeployLock::run(const QString &script, const CancelToken &cancel, int &exitCode)
{
    CommandRequest request;
    request.command = script;
    request.timeout = kLockTimeout;
    request.cancel = cancel;
    QFuture<CommandResult> f = m_pool.run(m_routerHost, request, m_lane);
    f.waitForFinished();
    const CommandResult r = f.result();
    if (r.error != CommandError::None)
        return Result<QString>::failure(QStringLiteral("lock on %1: %2").arg(m_routerHost, r.errorMessage), ErrorCode::Unreachable);
    exitCode = r.exitCode;
    return QString::fromUtf8(r.stdoutTail).trimmed();
}

Status DeployLock::acquire(const QString &version, bool force, const CancelToken &cancel)
{
    m_token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString holder = QStringLiteral("%1, deploying %2 since %3 [%4]")
                               .arg(Journal::operatorName(), version, QDateTime::currentDateTimeUtc().toString(Qt::ISODate), m_token);
    QString script = QStringLiteral("d=%1; mkdir -p \"$(dirname \"$d\")\" || exit 1; ").arg(shellQuote(m_path));
    if (force) {
        // Only a dead lock is broken: a deploy that beat within the stale limit is alive.
        script += QStringLiteral("if [ -d \"$d\" ]; then %1if [ -f \"$d/heartbeat\" ] && [ \"$age\" -le %2 ]; then "
                                 "echo \"$(head -n1 \"$d/holder\" 2>/dev/null) (heartbeat ${age} s ago)\"; exit %3; fi; "
                                 "rm -rf \"$d\"; fi; ")
                      .arg(heartbeatAgeScript(), QString::number(kHeartbeatStaleS), QString::number(kAliveExitCode));
    }
    script += QStringLiteral("if mkdir \"$d\" 2>/dev/null; then printf '%s\\n' %1 > \"$d/holder\" && "
                             "printf '%s lock\\n' \"$(date +%s)\" > \"$d/heartbeat\" || exit 1; "
                             "else cat \"$d/holder\" 2>/dev/null || echo 'someone (no holder recorded)'; exit %2; fi")
                  .arg(shellQuote(holder), QString::number(kHeldExitCode)); // one pass: a version may hold "%1"
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Status::failure(out.error(), out.code());
    if (code == kAliveExitCode) {
        m_token.clear();
        return Status::failure(QStringLiteral("a running deployment holds the lock on %1: %2. It is alive, so --force-unlock does not "
                                              "break it: wait for it, or stop it with greenlight abort").arg(m_routerHost, out.value()),
                               ErrorCode::LockHeld);
    }
    if (code == kHeldExitCode) {
        m_token.clear();
        return Status::failure(QStringLiteral("another deployment holds the lock on %1: %2. Wait for it, or, if it is stale, "
                                              "break it with --force-unlock").arg(m_routerHost, out.value()),
                               ErrorCode::LockHeld);
    }
    if (code != 0) {
        m_token.clear();
        return Status::failure(QStringLiteral("cannot take the lock %1 on %2 (exit %3)").arg(m_path, m_routerHost, QString::number(code)));
    }
    return {};
}

Status DeployLock::release(const QString &outcome)
{
    if (m_token.isEmpty())
        return {};
    // Only our own lock: grep for our token before removing. What became of the deploy is left
    // beside it, for `greenlight abort` to confirm.
    const QString script = QStringLiteral("d=%1; if grep -qF -- %2 \"$d/holder\" 2>/dev/null; then "
                                          "seen=''; for s in abort-seen promote-seen; do [ -e \"$d/$s\" ] && seen=\"$seen $s\"; done; "
                                          "printf '%s %s %s%s\\n' \"$(date +%s)\" %3 %2 \"$seen\" > \"$d.released\"; rm -rf \"$d\"; fi")
                               .arg(shellQuote(m_path), shellQuote(m_token), shellQuote(outcome));
    int code = -1;
    const Result<QString> out = run(script, CancelToken(), code);
    m_token.clear();
    if (!out)
        return Status::failure(out.error(), out.code());
    return code == 0 ? Status() : Status::failure(QStringLiteral("cannot release the lock %1 on %2").arg(m_path, m_routerHost));
}

Result<LockInfo> DeployLock::inspect(const CancelToken &cancel)
{
    // The release record is read last: a lock let go while this script runs then shows its
    // own release, never the one before it (the release is written before the folder goes).
    const QString script = QStringLiteral("d=%1; if [ -d \"$d\" ]; then %2echo \"held\"; "
                                          "[ -f \"$d/heartbeat\" ] && echo \"age $age $(head -n1 \"$d/heartbeat\" | cut -d' ' -f2-)\"; "
                                          "for s in abort promote abort-seen promote-seen; do [ -e \"$d/$s\" ] && echo \"signal $s\"; done; "
                                          "echo \"holder $(head -n1 \"$d/holder\" 2>/dev/null)\"; fi; "
                                          "head -n1 \"$d.released\" 2>/dev/null | sed 's/^/released /'; true")
                               .arg(shellQuote(m_path), heartbeatAgeScript());
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Result<LockInfo>::failure(out.error(), out.code());
    if (code != 0)
        return Result<LockInfo>::failure(QStringLiteral("cannot read the lock %1 on %2 (exit %3: %4)").arg(m_path, m_routerHost, QString::number(code), out.value()));
    LockInfo info;
    const QStringList lines = out.value().split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString word = line.section(QLatin1Char(' '), 0, 0);
        const QString rest = line.section(QLatin1Char(' '), 1);
        if (word == QLatin1String("held")) {
            info.held = true;
        } else if (word == QLatin1String("released")) {
            info.lastRelease = rest;
        } else if (word == QLatin1String("age")) {
            bool ok = false;
            const qint64 age = rest.section(QLatin1Char(' '), 0, 0).toLongLong(&ok);
            info.heartbeatAgeS = ok && age >= 0 ? age : -1;
            info.stage = rest.section(QLatin1Char(' '), 1);
        } else if (word == QLatin1String("holder")) {
            info.holder = rest.isEmpty() ? QStringLiteral("someone (no holder recorded)") : rest;
        } else if (word == QLatin1String("signal")) {
            info.abortRaised |= rest == QLatin1String("abort");
            info.abortSeen |= rest == QLatin1String("abort-seen");
            info.promoteRaised |= rest == QLatin1String("promote");
            info.promoteSeen |= rest == QLatin1String("promote-seen");
        }
    }
    return info;
}

Result<bool> DeployLock::breakDead(const QString &token, const CancelToken &cancel)
{
    constexpr int kNoLock = 6;
    constexpr int kOtherHolder = 7;
    const QString script = QStringLiteral("d=%1; t=%2; [ -d \"$d\" ] || exit %3; %4"
                                          "if [ -f \"$d/heartbeat\" ] && [ \"$age\" -le %5 ]; then "
                                          "echo \"$(head -n1 \"$d/holder\" 2>/dev/null) (heartbeat ${age} s ago)\"; exit %6; fi; "
                                          "if [ -n \"$t\" ] && ! grep -qF -- \"[$t]\" \"$d/holder\" 2>/dev/null; then head -n1 \"$d/holder\"; exit %7; fi; "
                                          "printf '%s broken %s\\n' \"$(date +%s)\" \"$t\" > \"$d.released\" && rm -rf \"$d\"")
                               .arg(shellQuote(m_path), shellQuote(token), QString::number(kNoLock), heartbeatAgeScript(),
                                    QString::number(kHeartbeatStaleS), QString::number(kAliveExitCode), QString::number(kOtherHolder));
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Result<bool>::failure(out.error(), out.code());
    if (code == kNoLock)
        return false;
    if (code == kAliveExitCode)
        return Result<bool>::failure(QStringLiteral("a running deployment holds the lock on %1: %2. A live lock is never broken: wait for it, "
                                                    "or stop it with greenlight abort").arg(m_routerHost, out.value()),
                                     ErrorCode::LockHeld);
    if (code == kOtherHolder)
        return Result<bool>::failure(QStringLiteral("the lock on %1 is now held by %2, not by %3; nothing was released")
                                         .arg(m_routerHost, out.value(), token),
                                     ErrorCode::LockHeld);
    if (code != 0)
        return Result<bool>::failure(QStringLiteral("cannot release the lock %1 on %2 (exit %3)").arg(m_path, m_routerHost, QString::number(code)));
    return true;
}

Status DeployLock::raise(Signal signal, const CancelToken &cancel)
{
    const QString name = signal == Signal::Promote ? QStringLiteral("promote") : QStringLiteral("abort");
    const QString script = QStringLiteral("d=%1; [ -d \"$d\" ] || exit %2; %3[ \"$age\" -le %4 ] || { echo \"$age\"; exit %5; }; touch \"$d/%6\"")
                               .arg(shellQuote(m_path), QString::number(kHeldExitCode), heartbeatAgeScript(),
                                    QString::number(kHeartbeatStaleS), QString::number(kAliveExitCode), name);
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Status::failure(out.error(), out.code());
    if (code == kHeldExitCode)
        return Status::failure(QStringLiteral("no deployment is running (no lock at %1 on %2)").arg(m_path, m_routerHost));
    if (code == kAliveExitCode)
        return Status::failure(QStringLiteral("no deployment is running: the lock at %1 on %2 is stale (no heartbeat for %3 s). "
                                              "`greenlight status` says what the dead deploy left; `greenlight resume` finishes or undoes it")
                                   .arg(m_path, m_routerHost, out.value()));
    return code == 0 ? Status() : Status::failure(QStringLiteral("cannot signal %1 on %2 (exit %3)").arg(name, m_routerHost, QString::number(code)));
}

Result<DeployLock::Signal> DeployLock::beat(const QString &token, const QString &stage, const CancelToken &cancel)
{
    const QString script = QStringLiteral("d=%1; grep -qF -- %2 \"$d/holder\" 2>/dev/null || { echo lost; exit 0; }; "
                                          "printf '%s %s\\n' \"$(date +%s)\" %3 > \"$d/heartbeat.new\" && mv -f \"$d/heartbeat.new\" \"$d/heartbeat\" || exit 5; "
                                          "if [ -e \"$d/abort\" ]; then touch \"$d/abort-seen\"; echo abort; "
                                          "elif [ -e \"$d/promote\" ]; then touch \"$d/promote-seen\"; echo promote; fi")
                               .arg(shellQuote(m_path), shellQuote(token), shellQuote(stage.isEmpty() ? QStringLiteral("-") : stage));
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Result<Signal>::failure(out.error(), out.code());
    if (code != 0)
        return Result<Signal>::failure(QStringLiteral("cannot write the heartbeat in %1 on %2 (exit %3)").arg(m_path, m_routerHost, QString::number(code)));
    if (out.value() == QLatin1String("lost"))
        return Signal::LockLost;
    if (out.value() == QLatin1String("abort"))
        return Signal::Abort;
    return out.value() == QLatin1String("promote") ? Signal::Promote : Signal::None;
}

} // namespace greenlight
