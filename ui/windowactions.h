#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;
class QToolBar;

namespace greenlight {

// Every action of the console, once: the menu bar (File, Deployment, View, Help) carries all of
// them with their shortcuts, the toolbar the ones used during an incident. The window connects
// them and enables them; this class only names and places them.
class WindowActions final : public QObject
{
    Q_OBJECT
public:
    explicit WindowActions(QMainWindow *window);

    QAction *open;
    QMenu *recent;
    QAction *quit;
    QAction *deploy;
    QAction *rollback;
    QAction *switchTraffic;
    QAction *promote;
    QAction *abort;
    QAction *cleanup;
    QAction *resume;
    QAction *refresh;
    QAction *showTimeline;
    QAction *showHistory;
    QMenu *chartWindow;
    QAction *shortcuts;
    QAction *about;
    QToolBar *toolBar;

    // "Deploy version… — Ctrl+D" for every action with a shortcut: the Help → Keyboard shortcuts text.
    [[nodiscard]] QString shortcutList() const;

private:
    QAction *make(const QString &objectName, const QString &text, const QKeySequence &key, const QString &tip);
    QList<QAction *> m_all;
};

} // namespace greenlight
