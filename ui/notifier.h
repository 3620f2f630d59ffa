#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QSystemTrayIcon;
class QWidget;

namespace greenlight {

// Tells an operator who looked away: a desktop notification (freedesktop Notifications over
// D-Bus when a notification server runs, else the tray icon's balloon where there is a tray)
// and the taskbar's attention flag on the window. Each request is kept, so the window (and its
// tests) can show what was said.
class Notifier final : public QObject
{
    Q_OBJECT
public:
    enum class Kind { BakeFinished, GateBreached, RolledBack, DeployFailed, WaitingForPromote, DeploySucceeded };
    enum class Channel { DesktopNotification, TrayBalloon, TaskbarOnly };

    struct Request
    {
        Kind kind;
        QString title;
        QString body;
        Channel channel;
    };

    explicit Notifier(QWidget *window);

    void notify(Kind kind, const QString &title, const QString &body);
    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }

Q_SIGNALS:
    void notified(const greenlight::Notifier::Request &request);

private:
    [[nodiscard]] bool sendDesktopNotification(Kind kind, const QString &title, const QString &body);

    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QList<Request> m_requests;
};

} // namespace greenlight
