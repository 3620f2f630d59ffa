#pragma once

#include <QStringList>

class QMainWindow;
class QSplitter;

namespace greenlight {

// What the desktop remembers between launches (QSettings): recent deployment files, the
// window's geometry and the splitter between the colours and the timeline. A first launch
// fits the screen's available geometry.
namespace DesktopSettings {

[[nodiscard]] QStringList recentFiles();
void addRecentFile(const QString &path);
void restoreWindow(QMainWindow *window, QSplitter *split);
void saveWindow(const QMainWindow *window, const QSplitter *split);

} // namespace DesktopSettings

} // namespace greenlight
