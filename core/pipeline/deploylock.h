#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "ssh/hostpool.h"

#include <QString>

namespace greenlight {



// The deploy lock, held on the router host for a whole deployment (Kamal-style: an atomic
// mkdir, with a file naming the holder). A second deploy is refused and told who holds it; a
// stale lock is broken only when asked to (force).
class DeployLock final
{
public:
    // `path` on the router host; empty: .greenlight/locks/<deployment>.lock in the login folder.
    DeployLock(HostPool &pool, QString routerHost, const QString &deploymentName, const QString &path = {}, Lane lane = Lane::Work);

    // Holder: "<operator> on <machine>, deploying <version> since <time>".
    [[nodiscard]] Status acquire(const QString &version, bool force, const CancelToken &cancel);
    [[nodiscard]] Status release();
    // Who holds it now; empty when free.
    [[nodiscard]] Result<QString> holder(const CancelToken &cancel);

    [[nodiscard]] QString path() const { return m_path; }

    // Operators talk to a running deploy (in any process, on any machine) through files in
    // the lock: "promote" lets a manual promote gate pass, "abort" stops the deploy.
    enum class Signal { None, Promote, Abort };
    [[nodiscard]] Status raise(Signal signal, const CancelToken &cancel);
    [[nodiscard]] Result<Signal> pending(const CancelToken &cancel);

private:
    [[nodiscard]] Result<QString> run(const QString &script, const CancelToken &cancel, int &exitCode);

    HostPool &m_pool;
    QString m_routerHost;
    QString m_path;  // relative to the login folder on the router host
    QString m_token; // ours, to release only our own lock
    Lane m_lane;
};

} // namespace greenlight
