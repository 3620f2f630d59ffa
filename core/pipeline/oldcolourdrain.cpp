#include "oldcolourdrain.h"

#include "config/deploymentconfig.h"
#include "metrics/requestcounter.h"
#include "pipeline/waits.h"

#include <QMap>

namespace greenlight {

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
        .arg(m_config.router.dnsTtl())
        .arg(m_config.router.drainS);
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
        const Result<qint64> count = readRequestCount(m_config, host, kHttpTimeoutMs, cancel);
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
        const Result<qint64> count = readRequestCount(m_config, host, kHttpTimeoutMs, cancel);
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
