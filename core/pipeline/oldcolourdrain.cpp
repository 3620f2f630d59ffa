#include "oldcolourdrain.h"

#include "config/deploymentconfig.h"
#include "http/httpcheck.h"
#include "pipeline/waits.h"

#include <QMap>

namespace greenlight {

namespace {
constexpr qsizetype kMaxCounterBytes = 20; // a decimal count: anything longer is not one
}

OldColourDrain::OldColourDrain(const DeploymentConfig &config, Colour old, const QDateTime &switchedAt)
    : m_config(config), m_old(old), m_ends(switchedAt.addSecs(config.router.drainS))
{
}

qint64 OldColourDrain::msLeft() const
{
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(m_ends));
}

QString OldColourDrain::pendingText() const
{
    return QStringLiteral("clients may still be sent to %1 until %2 UTC (DNS TTL %3 s; drain_s %4)")
        .arg(colourName(m_old), m_ends.toUTC().toString(QStringLiteral("HH:mm:ss")))
        .arg(m_config.router.ttl)
        .arg(m_config.router.drainS);
}

Result<qint64> OldColourDrain::requestsServed(const QString &host, const CancelToken &cancel) const
{
    const EnvironmentConfig &env = m_config.environment(m_old);
    const std::optional<HostConfig> config = m_config.host(host);
    if (!config)
        return Result<qint64>::failure(QStringLiteral("%1 is not a configured host").arg(host));
    const Result<HttpReply> reply = HttpCheck::get(config->address, env.appPort, env.requestsPath, kHttpTimeoutMs, cancel);
    if (!reply)
        return Result<qint64>::failure(reply.error(), ErrorCode::Unreachable);
    const QByteArray body = reply->body.trimmed();
    bool number = false;
    const qint64 count = body.size() <= kMaxCounterBytes ? body.toLongLong(&number) : 0;
    if (reply->status != 200 || !number || count < 0)
        return Result<qint64>::failure(QStringLiteral("%1 %2 did not answer a request count (HTTP %3: \"%4\")")
                                           .arg(host, env.requestsPath)
                                           .arg(reply->status)
                                           .arg(QString::fromUtf8(body.left(40))));
    return count;
}

Status OldColourDrain::check(const CancelToken &cancel) const
{
    if (msLeft() > 0)
        return Status::failure(QStringLiteral("not cleaning up %1 yet: %2").arg(colourName(m_old), pendingText()));
    const EnvironmentConfig &env = m_config.environment(m_old);
    if (env.requestsPath.isEmpty())
        return {};
    QMap<QString, qint64> before;
    for (const QString &host : env.hosts) {
        const Result<qint64> count = requestsServed(host, cancel);
        if (!count)
            return Status::failure(QStringLiteral("not cleaning up %1: cannot tell whether it still serves: %2").arg(colourName(m_old), count.error()),
                                   count.code());
        before.insert(host, count.value());
    }
    if (pause(kQuietS * 1000, cancel) != Woke::Deadline)
        return Status::failure(stopMessage(cancel.reason()), ErrorCode::Aborted);
    qint64 total = 0;
    QStringList perHost;
    for (const QString &host : env.hosts) {
        const Result<qint64> count = requestsServed(host, cancel);
        if (!count)
            return Status::failure(QStringLiteral("not cleaning up %1: cannot tell whether it still serves: %2").arg(colourName(m_old), count.error()),
                                   count.code());
        const qint64 earlier = before.value(host);
        const qint64 served = count.value() >= earlier ? count.value() - earlier : count.value(); // a restarted server counts from 0
        total += served;
        perHost << QStringLiteral("%1 %2").arg(host).arg(served);
    }
    if (total > 0)
        return Status::failure(QStringLiteral("not cleaning up %1: draining: %2 requests in the last %3 s (%4)")
                                   .arg(colourName(m_old))
                                   .arg(total)
                                   .arg(kQuietS)
                                   .arg(perHost.join(QStringLiteral(", "))),
                               ErrorCode::SplitTraffic);
    return {};
}

} // namespace greenlight
