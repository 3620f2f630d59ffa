#include "oldcolourdrain.h"

#include "config/deploymentconfig.h"
#include "metrics/requestcounter.h"
#include "pipeline/waits.h"

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

Result<QMap<QString, qint64>> OldColourDrain::countsNow(const CancelToken &cancel) const
{
    QMap<QString, qint64> counts;
    for (const QString &host : m_config.environment(m_old).hosts) {
        const Result<qint64> count = readRequestCount(m_config, host, kHttpTimeoutMs, cancel);
        if (!count)
            return Result<QMap<QString, qint64>>::failure(
                QStringLiteral("not cleaning up %1: cannot tell whether it still serves: %2").arg(colourName(m_old), count.error()), count.code());
        counts.insert(host, count.value());
    }
    return counts;
}

Status OldColourDrain::check(const CancelToken &cancel) const
{
    if (msLeft() > 0)
        return Status::failure(QStringLiteral("not cleaning up %1 yet: %2").arg(colourName(m_old), pendingText()));
    if (m_config.environment(m_old).requestsPath.isEmpty())
        return {};
    const Result<QMap<QString, qint64>> before = countsNow(cancel);
    if (!before)
        return Status::failure(before.error(), before.code());
    if (pause(kQuietS * 1000, cancel) != Woke::Deadline)
        return Status::failure(stopMessage(cancel.reason()), ErrorCode::Aborted);
    const Result<QMap<QString, qint64>> after = countsNow(cancel);
    if (!after)
        return Status::failure(after.error(), after.code());
    qint64 total = 0;
    QStringList perHost;
    for (const QString &host : m_config.environment(m_old).hosts) { // in the file's order
        const qint64 earlier = before->value(host);
        const qint64 now = after->value(host);
        const qint64 served = now >= earlier ? now - earlier : now; // a restarted server counts from 0
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
