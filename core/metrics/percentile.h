#pragma once

#include <QList>

#include <algorithm>

namespace greenlight {

// Nearest-rank percentile (p in 0..1) of values already sorted; 0 for none.
[[nodiscard]] inline double percentileOfSorted(const QList<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const auto index = static_cast<qsizetype>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted.at(std::clamp<qsizetype>(index, 0, sorted.size() - 1));
}

// Nearest-rank percentile (p in 0..1) of unsorted values; 0 for none.
[[nodiscard]] inline double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return percentileOfSorted(values, p);
}

} // namespace greenlight
