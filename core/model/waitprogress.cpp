#include "waitprogress.h"

namespace greenlight {

namespace {
QString formatted(const GateReading &g, double v)
{
    if (g.isRate())
        return QStringLiteral("%1 %").arg(v * 100, 0, 'f', 1);
    return QStringLiteral("%1 ms").arg(v, 0, 'f', 0);
}
} // namespace

QString GateReading::valueText() const
{
    if (!judged()) {
        const QString counted = source == QLatin1String("traffic") ? QStringLiteral("traffic requests")
                                : source == QLatin1String("probes") ? QStringLiteral("probes") : QStringLiteral("requests");
        return QStringLiteral("… (%1 of %2 %3)").arg(requests).arg(minSamples).arg(counted);
    }
    return formatted(*this, value) + (source.isEmpty() ? QString() : QStringLiteral(" of %1").arg(source));
}

QString GateReading::thresholdText() const
{
    return formatted(*this, threshold);
}

} // namespace greenlight
