#pragma once

#include "config/problemlist.h"

#include <QByteArray>

namespace greenlight {

// Checks JSON text before it is parsed, in one iterative walk linear in its size: nesting deeper
// than configlimits::kMaxDepth (the walk stops there, so no parser ever recurses that deep), more
// members or elements than kMaxEntries in one container or kMaxValues in all (so parsing stays
// cheap), strings and keys longer than their limits, numbers no double can hold, and keys given
// twice in one object (the parser would silently keep the last). Each problem names its JSON path
// and line.
class JsonGuard final
{
public:
    [[nodiscard]] static ProblemList check(const QByteArray &text);
};

} // namespace greenlight
