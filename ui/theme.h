#pragma once

#include "common/colour.h"

#include <QColor>

class QAbstractAxis;
class QPalette;
class QChart;

namespace greenlight {

// Every colour the window uses, in one place. Derived from the application's QPalette, so a
// dark desktop palette gives light text and dark charts; the state colours (blue, green, amber,
// red) have a light and a dark variant that keep their contrast against the palette's base.
namespace Theme {

enum class Role {
    Text,     // the palette's text
    Muted,    // secondary text (never a fixed grey)
    Success,  // succeeded, healthy
    Danger,   // failed, breach, rollback
    Warning,  // split traffic, warm, cancelled, thresholds
    Info,     // running
    Base,     // background of views and charts
};

[[nodiscard]] bool isDark();
// A dark Fusion palette, for desktops that do not hand one to Qt (GREENLIGHT_PALETTE=dark).
[[nodiscard]] QPalette darkPalette();
[[nodiscard]] QColor colour(Role role);
[[nodiscard]] QColor accent(Colour colour);
// Text that reads on `background`: black or white, whichever contrasts more.
[[nodiscard]] QColor textOn(const QColor &background);
void styleChart(QChart *chart);
void styleAxis(QAbstractAxis *axis);

} // namespace Theme

} // namespace greenlight
