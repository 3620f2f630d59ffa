#pragma once

#include "config/deploymentconfig.h"

#include <QString>

class QApplication;

namespace greenlight {

// The window's command line, read (and checked) before any QApplication exists.
struct WindowOptions
{
    QString file;                              // the deployment file; empty: ask for one (or the lab's)
    bool lab = false;                          // start a local lab and open it
    RouterType labRouter = RouterType::Haproxy;
    QString deployOnStart;                     // deploy this version once the fleet has been read (demos)
};

// Opens the console: on a deployment file, or (--lab) on a local lab it starts and tears down.
[[nodiscard]] int runGui(QApplication &app, const WindowOptions &options);

} // namespace greenlight
