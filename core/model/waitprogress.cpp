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
    if (!judged())
        return QStringLiteral("… (%1 of %2 requests)").arg(requests).arg(minSamples);
    return formatted(*this, value);
}

QString GateReading::thresholdText() const
{
    return formatted(*this, threshold);
}

} // namespace greenlight
