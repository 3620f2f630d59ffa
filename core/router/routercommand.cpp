#include "routercommand.h"

namespace greenlight {

Result<QByteArray> runOnRouter(HostPool &pool, const QString &host, Lane lane, const QString &what, const QString &command,
                               const QByteArray &input, std::chrono::milliseconds timeout, const CancelToken &cancel)
{
    CommandRequest request;
    request.command = command;
    request.input = input;
    request.timeout = timeout;
    request.cancel = cancel;
    QFuture<CommandResult> future = pool.run(host, request, lane);
    future.waitForFinished();
    const CommandResult result = future.result();
    if (result.error != CommandError::None)
        return Result<QByteArray>::failure(QStringLiteral("%1 on %2: %3").arg(what, host, result.errorMessage));
    if (!result.ok()) {
        const QString said = QString::fromUtf8(result.stderrTail).trimmed();
        return Result<QByteArray>::failure(QStringLiteral("%1 on %2 failed (%3)%4")
                                               .arg(what, host,
                                                    result.exitSignal.isEmpty() ? QStringLiteral("exit %1").arg(result.exitCode)
                                                                                : QStringLiteral("signal %1").arg(result.exitSignal),
                                                    said.isEmpty() ? QString() : QStringLiteral(": ") + said));
    }
    return result.stdoutTail;
}

} // namespace greenlight
