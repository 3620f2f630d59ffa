#include "hookrunner.h"

#include "common/shellquote.h"
#include "ssh/hostpool.h"
#include "ssh/sshinteraction.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QProcess>

namespace greenlight {

Status HookRunner::run(const HookConfig &hook, const CancelToken &cancel, const LineSink &onLine)
{
    return hook.host.isEmpty() ? runLocally(hook, cancel, onLine) : runOnHost(hook, cancel);
}

Status HookRunner::runLocally(const HookConfig &hook, const CancelToken &cancel, const LineSink &onLine)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The askpass program answers Greenlight's passphrase questions: a hook must not be able to ask it.
    for (const QString &name : AskpassInteraction::environmentVariables())
        env.remove(name);
    for (auto it = m_variables.cbegin(); it != m_variables.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), hook.command});
    if (!process.waitForStarted(5000))
        return Status::failure(QStringLiteral("hook \"%1\" did not start: %2").arg(hook.command, process.errorString()));
    QElapsedTimer clock;
    clock.start();
    QByteArray pending;
    const auto drain = [&](bool all) {
        pending += process.readAll();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            onLine(QStringLiteral("local"), QString::fromUtf8(pending.left(nl)));
            pending.remove(0, nl + 1);
        }
        if (all && !pending.isEmpty())
            onLine(QStringLiteral("local"), QString::fromUtf8(pending));
    };
    while (!process.waitForFinished(50)) {
        drain(false);
        if (cancel.isCancelled() || clock.elapsed() > hook.timeoutS * 1000LL) {
            process.kill();
            process.waitForFinished(2000);
            return Status::failure(cancel.isCancelled() ? QStringLiteral("hook \"%1\" cancelled").arg(hook.command)
                                                        : QStringLiteral("hook \"%1\" timed out after %2 s").arg(hook.command).arg(hook.timeoutS));
        }
    }
    drain(true);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Status::failure(QStringLiteral("hook \"%1\" failed on this machine (exit %2)").arg(hook.command).arg(process.exitCode()));
    return {};
}

Status HookRunner::runOnHost(const HookConfig &hook, const CancelToken &cancel)
{
    // Variables as shell assignments: works with any sshd (no AcceptEnv needed).
    QStringList exports;
    for (auto it = m_variables.cbegin(); it != m_variables.cend(); ++it)
        exports << QStringLiteral("%1=%2").arg(it.key(), shellQuote(it.value()));
    exports.sort();
    CommandRequest request;
    request.command = QStringLiteral("export %1; %2").arg(exports.join(QLatin1Char(' ')), hook.command);
    request.timeout = std::chrono::seconds(hook.timeoutS);
    request.tag = QStringLiteral("hook ") + hook.host;
    request.cancel = cancel;
    QFuture<CommandResult> f = m_pool.run(hook.host, request);
    f.waitForFinished();
    const CommandResult r = f.result();
    if (!r.ok())
        return Status::failure(QStringLiteral("hook \"%1\" failed: %2").arg(hook.command, r.summary()));
    return {};
}

} // namespace greenlight
