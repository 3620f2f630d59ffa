#include "notifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSystemTrayIcon>
#include <QVariantMap>
#include <QWidget>

namespace greenlight {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");

bool urgent(Notifier::Kind kind)
{
    return kind == Notifier::Kind::GateBreached || kind == Notifier::Kind::RolledBack || kind == Notifier::Kind::DeployFailed;
}
} // namespace

Notifier::Notifier(QWidget *window) : QObject(window), m_window(window) {}

bool Notifier::sendDesktopNotification(Kind kind, const QString &title, const QString &body)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() || !bus.interface()->isServiceRegistered(kService))
        return false;
    QDBusMessage call = QDBusMessage::createMethodCall(kService, QStringLiteral("/org/freedesktop/Notifications"), kService,
                                                       QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue<uchar>(urgent(kind) ? 2 : 1));
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("io.greenlight.Greenlight"));
    call << QStringLiteral("Greenlight") << 0u << QStringLiteral("io.greenlight.Greenlight") << title << body << QStringList()
         << hints << (urgent(kind) ? 0 : 10000);
    // Asynchronous: a slow notification server never stalls the window.
    return bus.send(call);
}

void Notifier::notify(Kind kind, const QString &title, const QString &body)
{
    Channel channel = Channel::TaskbarOnly;
    if (sendDesktopNotification(kind, title, body)) {
        channel = Channel::DesktopNotification;
    } else if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
            m_tray->setToolTip(QStringLiteral("Greenlight"));
            m_tray->show();
        }
        m_tray->showMessage(title, body, urgent(kind) ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information);
        channel = Channel::TrayBalloon;
    }
    // The taskbar entry asks for attention until the window is activated.
    QApplication::alert(m_window);
    const Request request{kind, title, body, channel};
    m_requests << request;
    Q_EMIT notified(request);
}

} // namespace greenlight
