#include "desktopsettings.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QSplitter>

namespace greenlight::DesktopSettings {

namespace {
constexpr int kRecentFiles = 8;
const QString kRecent = QStringLiteral("recentFiles");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kSplit = QStringLiteral("window/split");
} // namespace

QStringList recentFiles()
{
    QStringList files = QSettings().value(kRecent).toStringList();
    files.removeIf([](const QString &f) { return !QFileInfo::exists(f); });
    return files;
}

void addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = QSettings().value(kRecent).toStringList();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kRecentFiles)
        files.removeLast();
    QSettings().setValue(kRecent, files);
}

void restoreWindow(QMainWindow *window, QSplitter *split)
{
    const QSettings settings;
    if (!window->restoreGeometry(settings.value(kGeometry).toByteArray())) {
        // First launch: as large as is useful, never larger than the screen's free area.
        const QScreen *screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
        const QRect free = screen ? screen->availableGeometry() : QRect(0, 0, 1366, 768);
        if (free.height() < 1000) {
            // A laptop screen (1366×768): every pixel of height goes to the charts and the timeline.
            window->setGeometry(free);
        } else {
            const QSize size(qMin(1400, free.width() * 9 / 10), qMin(900, free.height() * 9 / 10));
            window->resize(size);
            window->move(free.center() - QPoint(size.width() / 2, size.height() / 2));
        }
    }
    window->restoreState(settings.value(kState).toByteArray());
    split->restoreState(settings.value(kSplit).toByteArray());
}

void saveWindow(const QMainWindow *window, const QSplitter *split)
{
    QSettings settings;
    settings.setValue(kGeometry, window->saveGeometry());
    settings.setValue(kState, window->saveState());
    settings.setValue(kSplit, split->saveState());
}

} // namespace greenlight::DesktopSettings
