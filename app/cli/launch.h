#pragma once

// What one start of `greenlight` is, decided from its command line before any QApplication
// exists: a headless verb, the window, or an answer printed at once (help, version, a usage
// error). Only the window needs a display, and only the window is ever given one.

#include "gui/guilauncher.h"

#include <QString>
#include <QStringList>

namespace greenlight {

struct Launch
{
    enum class Kind { Verb, Window, Answer };
    Kind kind = Kind::Answer;
    int exitCode = 0;          // Answer: 0 for help and version, 2 for a usage error
    QString out;               // Answer: for stdout
    QString err;               // Answer: for stderr
    QStringList verbArguments; // Verb: the program, the verb, then its words
    WindowOptions window;      // Window
};

// `arguments`: as in argv, the program first. `display`: whether a window could be shown.
[[nodiscard]] Launch decideLaunch(const QStringList &arguments, bool display, const QString &version);
// WAYLAND_DISPLAY, DISPLAY or QT_QPA_PLATFORM set (offscreen counts as a display).
[[nodiscard]] bool displayFromEnvironment();

} // namespace greenlight
