#pragma once

#include <QList>

#include <algorithm>

namespace greenlight {

// Nearest-rank percentile (p in 0..1) of unsorted values; 0 for none.
[[nodiscard]] inline double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<qsizetype>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

} // namespace greenlight
