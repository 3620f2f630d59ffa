#pragma once

#include <QString>

namespace greenlight {

// A deployment name made safe for a file or folder name: anything but letters, digits, '-',
// '_' and '.' becomes '_'.
[[nodiscard]] inline QString safeFileName(QString name)
{
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    }
    return name;
}

} // namespace greenlight
