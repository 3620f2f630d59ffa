#include "hosthttp.h"

#include "ssh/jumptunnel.h"
#include "ssh/sshconfigresolver.h"

#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUrl>

#include <optional>

namespace greenlight {

namespace {
constexpr int kAutoConnectMs = 1000; // auto: a TCP connect within this says "direct"
constexpr int kSliceMs = 20;
const QString kDirect = QStringLiteral("direct");
const QString kOverSsh = QStringLiteral("over SSH");

// Auto's question: does a TCP connect to address:port succeed within a second (or the stop)?
bool connectsDirectly(const QString &address, int port, const CancelToken &cancel)
{
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    socket.connectToHost(address, static_cast<quint16>(port));
    QElapsedTimer clock;
    clock.start();
    while (socket.state() != QAbstractSocket::ConnectedState) {
        if (cancel.isCancelled() || clock.elapsed() >= kAutoConnectMs)
            return false;
        if (!socket.waitForConnected(kSliceMs) && socket.state() == QAbstractSocket::UnconnectedState)
            return false;
    }
    return true;
}
} // namespace

// One host's route: its SSH target and, once a check went over SSH, the session (a JumpTunnel
// whose hop is the host itself, over the host's own jump chain) that carries every forward.
struct HostHttpRoutes::Route
{
    explicit Route(SshTarget t) : target(std::move(t)) {}
    const SshTarget target;
    std::mutex mutex;
    std::optional<bool> autoOverSsh; // auto's decision, forgotten after a failed check
    std::shared_ptr<JumpTunnel> tunnel;
    QString destination; // the host's HostName, as ssh_config resolves it

    // The session to the host, opened once and kept while it is usable.
    Result<std::pair<std::shared_ptr<JumpTunnel>, QString>> session()
    {
        std::lock_guard lock(mutex);
        if (tunnel && tunnel->usable())
            return std::make_pair(tunnel, destination);
        const Result<ResolvedSsh> settings = SshConfigResolver().resolve(target);
        if (!settings)
            return Result<std::pair<std::shared_ptr<JumpTunnel>, QString>>::failure(settings.error(), ErrorCode::Unreachable);
        tunnel = std::make_shared<JumpTunnel>(target, settings.value());
        destination = settings->hostName;
        ++HostHttpRoutes::instance().m_sessionsOpened;
        return std::make_pair(tunnel, destination);
    }
};

HostHttpRoutes &HostHttpRoutes::instance()
{
    static HostHttpRoutes routes;
    return routes;
}

quint64 HostHttpRoutes::add(const QList<SshTarget> &targets)
{
    std::lock_guard lock(m_mutex);
    const quint64 id = m_next++;
    for (const SshTarget &t : targets)
        m_routes.append({id, std::make_shared<Route>(t)});
    return id;
}

void HostHttpRoutes::remove(quint64 registration)
{
    std::lock_guard lock(m_mutex);
    m_routes.removeIf([&](const auto &r) { return r.first == registration; });
}

std::shared_ptr<HostHttpRoutes::Route> HostHttpRoutes::find(const QString &hostName)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_routes.crbegin(); it != m_routes.crend(); ++it) {
        if (it->second->target.hostName == hostName)
            return it->second;
    }
    return {};
}

Result<HttpReply> hostHttpGet(const QString &hostName, const QUrl &url, int timeoutMs, const CancelToken &cancel)
{
    const auto said = [](Result<HttpReply> r, const QString &via) {
        if (!r)
            return r;
        HttpReply reply = std::move(r).value();
        reply.via = via;
        return Result<HttpReply>(std::move(reply));
    };
    const std::shared_ptr<HostHttpRoutes::Route> route = HostHttpRoutes::instance().find(hostName);
    const HttpVia via = route ? route->target.httpVia : HttpVia::Direct;
    bool overSsh = via == HttpVia::Ssh;
    if (via == HttpVia::Auto) {
        std::optional<bool> decided;
        {
            std::lock_guard lock(route->mutex);
            decided = route->autoOverSsh;
        }
        if (!decided) {
            decided = !connectsDirectly(url.host(), url.port(80), cancel);
            if (cancel.isCancelled()) // a stop decides nothing
                return Result<HttpReply>::failure(QStringLiteral("%1: cancelled").arg(url.toDisplayString()), ErrorCode::Aborted);
            std::lock_guard lock(route->mutex);
            route->autoOverSsh = decided;
        }
        overSsh = *decided;
    }
    Result<HttpReply> reply = Result<HttpReply>::failure(QString());
    if (!overSsh) {
        reply = said(HttpCheck::get(url, timeoutMs, cancel), kDirect);
    } else {
        const auto session = route->session();
        if (!session) {
            reply = Result<HttpReply>::failure(QStringLiteral("%1 (%2): %3").arg(url.toDisplayString(), kOverSsh, session.error()),
                                               session.code());
        } else {
            const auto &[tunnel, destination] = session.value();
            // To the app as the host itself sees it: at the address its sshd was reached on
            // (its HostName), where an app on all addresses or on its service address answers.
            const int port = url.port(80);
            const auto open = [&, tunnel = tunnel, destination = destination] { return tunnel->open(destination, port, cancel, timeoutMs); };
            reply = said(HttpCheck::getOver(open, kOverSsh, url, timeoutMs, cancel), kOverSsh);
        }
    }
    if (!reply && via == HttpVia::Auto && !cancel.isCancelled()) {
        std::lock_guard lock(route->mutex);
        route->autoOverSsh.reset(); // decided again at the next check
    }
    return reply;
}

} // namespace greenlight
