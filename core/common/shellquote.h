#pragma once

#include <QString>

namespace greenlight {

// Quotes a value for a POSIX shell: the result is always one word, never expanded.
[[nodiscard]] inline QString shellQuote(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace greenlight
