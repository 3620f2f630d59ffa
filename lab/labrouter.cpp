// The lab's router: HAProxy (also behind the custom-command router) or nginx, started after
// the backends and ready only once it routes to them (the DNS routers: labdnsrouter.cpp).

#include "lab.h"

#include "lab/labfiles.h"
#include "lab/labprocess.h"
#include "http/httpcheck.h"
#include "router/haproxyrouter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QThread>
#include <QUrl>

namespace greenlight {

Status Lab::startRouter(RouterType type)
{
    if (type == RouterType::Pdns || type == RouterType::Rfc2136)
        return startDns(type);
    return type == RouterType::Nginx ? startNginx() : startHaproxy();
}

Status Lab::startHaproxy()
{
    const QString dir = rootDir() + QStringLiteral("/router");
    QProcess *p = startLabProcess(m_account, m_programs.router,
                                  {QStringLiteral("-db"), QStringLiteral("-f"), dir + QStringLiteral("/haproxy.cfg")},
                                  dir + QStringLiteral("/haproxy.log"), this);
    m_processes << p;
    QElapsedTimer clock;
    clock.start();
    while (!portAccepts(address(10), m_appPort) || !QFile::exists(dir + QStringLiteral("/haproxy.sock"))) {
        if (p->state() == QProcess::NotRunning || clock.elapsed() > kLabStartTimeoutMs)
            return Status::failure(QStringLiteral("HAProxy did not start: %1").arg(fileTail(dir + QStringLiteral("/haproxy.log"))));
        QThread::msleep(20);
    }
    // Ready means HAProxy itself sees every server UP, not just that it listens.
    QString notUp;
    while (clock.elapsed() < kLabStartTimeoutMs) {
        QLocalSocket socket;
        socket.connectToServer(dir + QStringLiteral("/haproxy.sock"));
        if (socket.waitForConnected(1000)) {
            socket.write("show stat\n");
            QByteArray csv;
            while (socket.waitForReadyRead(1000))
                csv += socket.readAll();
            csv += socket.readAll();
            QStringList blue;
            QStringList green;
            for (const LabHost &h : std::as_const(m_hosts))
                (h.colour == QLatin1String("blue") ? blue : green) << h.name;
            green.removeAll(QStringLiteral("router"));
            const Result<RouterState> state = HaproxyRouter::parseStat(csv, QStringLiteral("app"), blue, green);
            if (state) {
                notUp = (state->serversNotUp(Colour::Blue) + state->serversNotUp(Colour::Green)).join(QStringLiteral(", "));
                if (notUp.isEmpty())
                    return {};
            }
        }
        QThread::msleep(50);
    }
    return Status::failure(QStringLiteral("HAProxy does not see the backends healthy: %1").arg(notUp));
}

Status Lab::startNginx()
{
    const QString dir = rootDir() + QStringLiteral("/router");
    QProcess *p = startLabProcess(m_account, m_programs.router,
                                  {QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                                   QStringLiteral("-e"), dir + QStringLiteral("/nginx-error.log")},
                                  dir + QStringLiteral("/nginx.log"), this);
    m_processes << p;
    // Ready means a request through nginx reaches a backend (nginx has no health checks of its own).
    QElapsedTimer clock;
    clock.start();
    QString last;
    while (clock.elapsed() < kLabStartTimeoutMs) {
        if (p->state() == QProcess::NotRunning)
            break;
        const Result<HttpReply> r = HttpCheck::get(address(10), m_appPort, QStringLiteral("/version"), 1000);
        if (r && r->status == 200)
            return {};
        last = r ? QStringLiteral("HTTP %1").arg(r->status) : r.error();
        QThread::msleep(50);
    }
    return Status::failure(QStringLiteral("nginx did not start routing (%1): %2")
                               .arg(last, fileTail(dir + QStringLiteral("/nginx-error.log"))));
}

} // namespace greenlight
