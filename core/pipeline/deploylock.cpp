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

DeployLock::DeployLock(HostPool &pool, QString routerHost, const QString &deploymentName, const QString &path)
    : m_pool(pool), m_routerHost(std::move(routerHost)), m_path(path)
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
    QFuture<CommandResult> f = m_pool.run(m_routerHost, request);
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

Result<QString> DeployLock::holder(const CancelToken &cancel)
{
    int code = -1;
    return run(QStringLiteral("cat %1/holder 2>/dev/null; true").arg(shellQuote(m_path)), cancel, code);
}

} // namespace greenlight
