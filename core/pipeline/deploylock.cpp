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
} // namespace

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
        return Result<QString>::failure(QStringLiteral("lock on %1: %2").arg(m_routerHost, r.errorMessage));
    exitCode = r.exitCode;
    return QString::fromUtf8(r.stdoutTail).trimmed();
}

Status DeployLock::acquire(const QString &version, bool force, const CancelToken &cancel)
{
    m_token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString holder = QStringLiteral("%1, deploying %2 since %3 [%4]")
                               .arg(Journal::operatorName(), version, QDateTime::currentDateTimeUtc().toString(Qt::ISODate), m_token);
    const QString dir = shellQuote(m_path);
    QString script = QStringLiteral("d=%1; mkdir -p \"$(dirname \"$d\")\" || exit 1; ").arg(dir);
    if (force)
        script += QStringLiteral("rm -rf \"$d\"; ");
    script += QStringLiteral("if mkdir \"$d\" 2>/dev/null; then printf '%s\\n' %1 > \"$d/holder\"; "
                             "else cat \"$d/holder\" 2>/dev/null || echo 'someone (no holder recorded)'; exit %2; fi")
                  .arg(shellQuote(holder))
                  .arg(kHeldExitCode);
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Status::failure(out.error());
    if (code == kHeldExitCode) {
        m_token.clear();
        return Status::failure(QStringLiteral("another deployment holds the lock on %1: %2. Wait for it, or, if it is stale, "
                                              "break it with --force-unlock").arg(m_routerHost, out.value()));
    }
    if (code != 0) {
        m_token.clear();
        return Status::failure(QStringLiteral("cannot take the lock %1 on %2 (exit %3)").arg(m_path, m_routerHost).arg(code));
    }
    return {};
}

Status DeployLock::release()
{
    if (m_token.isEmpty())
        return {};
    // Only our own lock: grep for our token before removing.
    const QString script = QStringLiteral("d=%1; if grep -qF %2 \"$d/holder\" 2>/dev/null; then rm -rf \"$d\"; fi")
                               .arg(shellQuote(m_path), shellQuote(m_token));
    int code = -1;
    const Result<QString> out = run(script, CancelToken(), code);
    m_token.clear();
    if (!out)
        return Status::failure(out.error());
    return code == 0 ? Status() : Status::failure(QStringLiteral("cannot release the lock %1 on %2").arg(m_path, m_routerHost));
}

Status DeployLock::raise(Signal signal, const CancelToken &cancel)
{
    const QString name = signal == Signal::Promote ? QStringLiteral("promote") : QStringLiteral("abort");
    const QString script = QStringLiteral("d=%1; [ -d \"$d\" ] || exit %2; touch \"$d/%3\"").arg(shellQuote(m_path)).arg(kHeldExitCode).arg(name);
    int code = -1;
    const Result<QString> out = run(script, cancel, code);
    if (!out)
        return Status::failure(out.error());
    if (code == kHeldExitCode)
        return Status::failure(QStringLiteral("no deployment is running (no lock at %1 on %2)").arg(m_path, m_routerHost));
    return code == 0 ? Status() : Status::failure(QStringLiteral("cannot signal %1 on %2 (exit %3)").arg(name, m_routerHost).arg(code));
}

Result<DeployLock::Signal> DeployLock::pending(const CancelToken &cancel)
{
    int code = -1;
    const Result<QString> out = run(QStringLiteral("d=%1; if [ -e \"$d/abort\" ]; then echo abort; elif [ -e \"$d/promote\" ]; then echo promote; fi")
                                        .arg(shellQuote(m_path)), cancel, code);
    if (!out)
        return Result<Signal>::failure(out.error());
    if (out.value() == QLatin1String("abort"))
        return Signal::Abort;
    return out.value() == QLatin1String("promote") ? Signal::Promote : Signal::None;
}

Result<QString> DeployLock::holder(const CancelToken &cancel)
{
    int code = -1;
    return run(QStringLiteral("cat %1/holder 2>/dev/null; true").arg(shellQuote(m_path)), cancel, code);
}

} // namespace greenlight
