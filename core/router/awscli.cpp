#include "awscli.h"

#include "common/shellquote.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QThread>

namespace greenlight {

namespace {
constexpr int kCallTimeoutMs = 60000;       // one CLI call (its own retries included)
constexpr qsizetype kMaxOutputBytes = 1 << 20; // what a describe call may print
constexpr qsizetype kMaxQuotedBytes = 600;  // of the CLI's error text, in a message
constexpr int kSliceMs = 50;

// A CLI call that exited non-zero: its own words quoted. It says "Could not connect to the
// endpoint URL" when nothing answers there.
Result<QByteArray> cliFailed(const QString &what, int exitCode, const QString &said)
{
    const ErrorCode code = said.contains(QLatin1String("Could not connect")) || said.contains(QLatin1String("Connect timeout"))
                               ? ErrorCode::Unreachable
                               : ErrorCode::RefusedByRouter;
    return Result<QByteArray>::failure(
        QStringLiteral("%1 failed (exit %2): %3").arg(what).arg(exitCode).arg(said.isEmpty() ? QStringLiteral("(no message)") : said), code);
}

QString quoted(const QString &arg)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@,+-]+$"));
    return plain.match(arg).hasMatch() ? arg : shellQuote(arg);
}
} // namespace

AwsCli::AwsCli(AwsRouterConfig config, HostPool *pool, Lane lane)
    : m_config(std::move(config)), m_pool(pool), m_lane(lane)
{
}

QStringList AwsCli::arguments(const QStringList &args) const
{
    QStringList out{QStringLiteral("--output"), QStringLiteral("json")};
    if (!m_config.profile.isEmpty())
        out << QStringLiteral("--profile") << m_config.profile;
    if (!m_config.region.isEmpty())
        out << QStringLiteral("--region") << m_config.region;
    if (!m_config.endpointUrl.isEmpty())
        out << QStringLiteral("--endpoint-url") << m_config.endpointUrl;
    return out + args;
}

QString AwsCli::commandLine(const QStringList &args) const
{
    QStringList words{quoted(m_config.command)};
    for (const QString &a : arguments(args))
        words << quoted(a);
    return words.join(QLatin1Char(' '));
}

Result<QByteArray> AwsCli::run(const QStringList &args, const CancelToken &cancel) const
{
    const QString what = QStringLiteral("aws %1").arg(args.mid(0, 2).join(QLatin1Char(' ')));
    if (cancel.isCancelled())
        return Result<QByteArray>::failure(QStringLiteral("%1 not run: cancelled").arg(what), ErrorCode::Aborted);
    if (!m_config.runOn.isEmpty())
        return runOnHost(args, cancel);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AWS_PAGER"), QString()); // never wait for a pager
    process.setProcessEnvironment(env);
    process.start(m_config.command, arguments(args));
    if (!process.waitForStarted(kCallTimeoutMs))
        return Result<QByteArray>::failure(QStringLiteral("cannot run %1: %2 (is the AWS CLI installed? apt-get install awscli)")
                                               .arg(m_config.command, process.errorString()));
    process.closeWriteChannel();
    QByteArray out;
    QElapsedTimer clock;
    clock.start();
    const auto stop = [&process] {
        process.kill();
        process.waitForFinished(1000);
    };
    while (!process.waitForFinished(kSliceMs)) {
        out += process.readAllStandardOutput();
        if (out.size() > kMaxOutputBytes) {
            stop();
            return Result<QByteArray>::failure(QStringLiteral("%1 printed more than %2 bytes; refusing to read it").arg(what).arg(kMaxOutputBytes));
        }
        if (cancel.isCancelled()) {
            stop();
            return Result<QByteArray>::failure(QStringLiteral("%1 cancelled").arg(what), ErrorCode::Aborted);
        }
        if (clock.elapsed() >= kCallTimeoutMs) {
            stop();
            return Result<QByteArray>::failure(QStringLiteral("%1 did not finish within %2 s").arg(what).arg(kCallTimeoutMs / 1000), ErrorCode::TimedOut);
        }
    }
    out += process.readAllStandardOutput();
    if (out.size() > kMaxOutputBytes)
        return Result<QByteArray>::failure(QStringLiteral("%1 printed more than %2 bytes; refusing to read it").arg(what).arg(kMaxOutputBytes));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString said = QString::fromUtf8(process.readAllStandardError()).trimmed().left(kMaxQuotedBytes);
        return cliFailed(what, process.exitCode(), said);
    }
    return out;
}

Result<QByteArray> AwsCli::runOnHost(const QStringList &args, const CancelToken &cancel) const
{
    const QString what = QStringLiteral("aws %1 on %2").arg(args.mid(0, 2).join(QLatin1Char(' ')), m_config.runOn);
    if (!m_pool)
        return Result<QByteArray>::failure(QStringLiteral("%1: no SSH connection to run it over").arg(what), ErrorCode::Unreachable);
    CommandRequest request;
    request.command = QStringLiteral("AWS_PAGER= ") + commandLine(args); // never wait for a pager
    request.timeout = std::chrono::milliseconds(kCallTimeoutMs);
    request.cancel = cancel;
    QFuture<CommandResult> future = m_pool->run(m_config.runOn, request, m_lane);
    future.waitForFinished(); // bounded by the request's timeout and cancel token
    const CommandResult r = future.result();
    if (r.error == CommandError::Cancelled || cancel.isCancelled())
        return Result<QByteArray>::failure(QStringLiteral("%1 cancelled").arg(what), ErrorCode::Aborted);
    if (r.error == CommandError::TimedOut)
        return Result<QByteArray>::failure(QStringLiteral("%1 did not finish within %2 s").arg(what).arg(kCallTimeoutMs / 1000), ErrorCode::TimedOut);
    if (r.error != CommandError::None)
        return Result<QByteArray>::failure(QStringLiteral("%1: %2").arg(what, r.summary()), ErrorCode::Unreachable);
    if (r.droppedBytes > 0)
        return Result<QByteArray>::failure(QStringLiteral("%1 printed more than Greenlight keeps of a remote command (%2 bytes dropped); refusing to read it")
                                               .arg(what).arg(r.droppedBytes));
    if (!r.ok())
        return cliFailed(what, r.exitCode, QString::fromUtf8(r.stderrTail).trimmed().right(kMaxQuotedBytes));
    if (r.stdoutTail.size() > kMaxOutputBytes)
        return Result<QByteArray>::failure(QStringLiteral("%1 printed more than %2 bytes; refusing to read it").arg(what).arg(kMaxOutputBytes));
    return r.stdoutTail;
}

bool AwsCli::pause(int ms, const CancelToken &cancel)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (cancel.isCancelled())
            return false;
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(kSliceMs, ms - clock.elapsed())));
    }
    return !cancel.isCancelled();
}

} // namespace greenlight
