#pragma once

class QApplication;

namespace greenlight {

// Opens the console: on a deployment file, or (--lab) on a local lab it starts and tears down.
[[nodiscard]] int runGui(QApplication &app);

} // namespace greenlight
