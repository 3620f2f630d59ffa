#include "windowactions.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

namespace greenlight {

WindowActions::WindowActions(QMainWindow *window) : QObject(window)
{
    open = make(QStringLiteral("openAction"), tr("&Open deployment file…"), QKeySequence::Open, tr("Open another deployment file in this window"));
    quit = make(QStringLiteral("quitAction"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Close the console (asks first while a change runs)"));
    deploy = make(QStringLiteral("deployAction"), tr("&Deploy version…"), QKeySequence(Qt::CTRL | Qt::Key_D),
                  tr("Deploy a version to the idle colour and run the pipeline"));
    rollback = make(QStringLiteral("rollbackAction"), tr("&Roll back…"), QKeySequence(Qt::CTRL | Qt::Key_R),
                    tr("Put all traffic back on the colour that was live before the last deploy (asks first: Enter confirms)"));
    switchTraffic = make(QStringLiteral("switchAction"), tr("&Switch traffic to the other colour…"), QKeySequence(),
                         tr("With no deploy recorded: send all traffic to the other colour (asks first, names its version)"));
    promote = make(QStringLiteral("promoteAction"), tr("&Promote"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                   tr("Let a deploy waiting at its manual promote gate shift traffic"));
    abort = make(QStringLiteral("abortAction"), tr("&Abort"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                 tr("Stop the running change; moved traffic is put back"));
    cleanup = make(QStringLiteral("cleanupAction"), tr("&Clean up old colour…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K),
                   tr("Run the finish stage's clean-up on the colour the last deploy left warm for rollback"));
    resume = make(QStringLiteral("resumeAction"), tr("Res&ume interrupted deploy…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U),
                  tr("Deploy the version of a deploy that was cut short again"));
    refresh = make(QStringLiteral("refreshAction"), tr("Re&fresh"), QKeySequence(Qt::Key_F5), tr("Read the router and every host again"));
    showTimeline = make(QStringLiteral("showTimelineAction"), tr("&Timeline"), QKeySequence(Qt::CTRL | Qt::Key_1), tr("Show the timeline of runs"));
    showHistory = make(QStringLiteral("showHistoryAction"), tr("&History"), QKeySequence(Qt::CTRL | Qt::Key_2), tr("Show every recorded run"));
    shortcuts = make(QStringLiteral("shortcutsAction"), tr("&Keyboard shortcuts"), QKeySequence::HelpContents, tr("List every shortcut"));
    about = make(QStringLiteral("aboutAction"), tr("&About Greenlight"), QKeySequence(), tr("Version and licence"));

    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(open);
    recent = file->addMenu(tr("Open &recent"));
    recent->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    file->addAction(quit);
    QMenu *deployment = bar->addMenu(tr("&Deployment"));
    deployment->addActions({deploy, promote, abort});
    deployment->addSeparator();
    deployment->addActions({rollback, switchTraffic});
    deployment->addSeparator();
    deployment->addActions({cleanup, resume, refresh});
    QMenu *view = bar->addMenu(tr("&View"));
    view->addActions({showTimeline, showHistory});
    chartWindow = view->addMenu(tr("&Charts window"));
    chartWindow->setObjectName(QStringLiteral("chartWindowMenu"));
    QMenu *help = bar->addMenu(tr("&Help"));
    help->addActions({shortcuts, about});

    toolBar = window->addToolBar(tr("Deployment"));
    toolBar->setObjectName(QStringLiteral("deploymentToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->setMovable(false);
    toolBar->addActions({deploy, rollback, promote, abort}); // the incident's actions; the rest are in the menus
    toolBar->addSeparator();
    toolBar->addAction(refresh);
    // Shortcuts work wherever focus is in the window, menus open or not.
    window->addActions(m_all);
}

QAction *WindowActions::make(const QString &objectName, const QString &text, const QKeySequence &key, const QString &tip)
{
    auto *action = new QAction(text, parent());
    action->setObjectName(objectName);
    action->setShortcut(key);
    const QString keyText = key.toString(QKeySequence::NativeText);
    action->setToolTip(keyText.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, keyText));
    action->setStatusTip(tip);
    m_all << action;
    return action;
}

QString WindowActions::shortcutList() const
{
    QStringList lines;
    for (const QAction *a : m_all) {
        if (!a->shortcut().isEmpty())
            lines << QStringLiteral("%1\t%2").arg(a->shortcut().toString(QKeySequence::NativeText), QString(a->text()).remove(QLatin1Char('&')));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace greenlight
