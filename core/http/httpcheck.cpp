#include "httpcheck.h"

#include "common/weburl.h"
#include "http/httpresponseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocalSocket>
#include <QNetworkProxy>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUrl>

#include <memory>
#include <mutex>

#include <sys/socket.h>
#include <unistd.h>

namespace greenlight {

namespace {
constexpr int kSliceMs = 20; // how often a blocking GET looks at its stop and deadline
} // namespace

namespace {
std::mutex g_trustMutex;
QList<QSslCertificate> g_trusted; // trustCertificates' CAs, for every https check of the process

QSslConfiguration tlsConfiguration()
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    const std::lock_guard lock(g_trustMutex);
    if (!g_trusted.isEmpty())
        conf.addCaCertificates(g_trusted);
    return conf;
}

// Why a connection ended before it could carry a request: the certificate's faults when TLS
// refused it ("The host name did not match any of the valid hosts for this certificate"), else
// the socket's error.
QString tlsRefusal(const QSslSocket &socket)
{
    QStringList why;
    for (const QSslError &e : socket.sslHandshakeErrors())
        why << e.errorString();
    return why.isEmpty() ? socket.errorString() : QStringLiteral("TLS refused the certificate: %1").arg(why.join(QStringLiteral("; ")));
}
} // namespace

Status HttpCheck::trustCertificates(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::failure(QStringLiteral("tls_ca_file %1: %2").arg(path, file.errorString()), ErrorCode::InvalidInput);
    // Bounded: a CA bundle is a few hundred KiB; a file far larger is not one.
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.read(8 * 1024 * 1024), QSsl::Pem);
    if (certificates.isEmpty())
        return Status::failure(QStringLiteral("tls_ca_file %1: no PEM certificate in it").arg(path), ErrorCode::InvalidInput);
    const std::lock_guard lock(g_trustMutex);
    g_trusted << certificates;
    return {};
}

QUrl HttpCheck::url(const QString &host, int port, const QString &path)
{
    return webUrl(QStringLiteral("http"), host, port, path);
}

Result<HttpReply> HttpCheck::get(const QString &host, int port, const QString &path, int timeoutMs, const CancelToken &cancel)
{
    return get(url(host, port, path), timeoutMs, cancel);
}

Result<HttpReply> HttpCheck::get(const QString &url, int timeoutMs, const CancelToken &cancel)
{
    return get(QUrl(url), timeoutMs, cancel);
}

Result<HttpReply> HttpCheck::get(const QUrl &target, int timeoutMs, const CancelToken &cancel, const QString &connectTo)
{
    return request("GET", target, "Accept-Encoding: identity\r\n", {}, timeoutMs, cancel, connectTo);
}

Result<HttpReply> HttpCheck::request(const QByteArray &method, const QUrl &target, const QByteArray &headers, const QByteArray &body,
                                     int timeoutMs, const CancelToken &cancel, const QString &connectTo)
{
    const QString where = connectTo.isEmpty() ? target.toDisplayString()
                                              : QStringLiteral("%1 (at %2)").arg(target.toDisplayString(), connectTo);
    const auto fail = [&](const QString &why) { return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
    const bool tls = target.scheme() == QLatin1String("https");
    if (!target.isValid() || (!tls && target.scheme() != QLatin1String("http")) || target.host().isEmpty())
        return fail(QStringLiteral("not an http:// or https:// URL"));
    QElapsedTimer clock;
    clock.start();
    const auto expired = [&] { return clock.elapsed() >= timeoutMs; };

    // A socket on the calling thread, waited on in slices: no event loop, no thread of Qt's
    // own, and every slice looks at the stop and the deadline. https: TLS trusting the system's
    // CAs and trustCertificates', the certificate checked against the URL's host even when
    // `connectTo` says where to connect.
    // http never touches QSslSocket: that would load and initialise OpenSSL in every process
    // (and leave its per-thread state on every worker thread) for nothing.
    std::unique_ptr<QTcpSocket> owned = tls ? std::make_unique<QSslSocket>() : std::make_unique<QTcpSocket>();
    QTcpSocket &socket = *owned;
    auto *secure = qobject_cast<QSslSocket *>(owned.get());
    socket.setProxy(QNetworkProxy::NoProxy);
    const int port = target.port(tls ? 443 : 80);
    const QString address = connectTo.isEmpty() ? target.host() : connectTo;
    if (secure) {
        secure->setSslConfiguration(tlsConfiguration());
        secure->connectToHostEncrypted(address, static_cast<quint16>(port), target.host());
    } else {
        socket.connectToHost(address, static_cast<quint16>(port));
    }
    const auto ready = [&] { return socket.state() == QAbstractSocket::ConnectedState && (!secure || secure->isEncrypted()); };
    while (!ready()) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (expired())
            return fail(secure && socket.state() == QAbstractSocket::ConnectedState ? QStringLiteral("no TLS handshake within %1 ms").arg(timeoutMs)
                                                                                     : QStringLiteral("no connection within %1 ms").arg(timeoutMs));
        if (secure && socket.state() == QAbstractSocket::ConnectedState ? secure->waitForEncrypted(kSliceMs) : socket.waitForConnected(kSliceMs))
            continue;
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return fail(secure ? tlsRefusal(*secure) : socket.errorString());
    }
    // Closed: by the peer, or (TLS) its close_notify read, which QSslSocket reports as an error —
    // caught as it is raised, since the next wait's timeout overwrites socket.error(). A TLS
    // answer framed by the close (HTTP/1.0) also ends once the kernel holds nothing more and the
    // peer's FIN has come (a peek reads 0).
    const auto peerClosed = std::make_shared<bool>(false); // shared: the socket outlives this frame's locals
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, &socket, [peerClosed](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError)
            *peerClosed = true;
    });
    const auto closed = [&] {
        if (*peerClosed || socket.state() != QAbstractSocket::ConnectedState)
            return true;
        char byte = 0;
        const auto fd = static_cast<int>(socket.socketDescriptor());
        return secure && fd >= 0 && ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
    };
    return exchange(socket, closed, where, method, target, headers, body,
                    timeoutMs, cancel, clock.nsecsElapsed());
}

Result<HttpReply> HttpCheck::getOver(const StreamOpener &open, const QString &via, const QUrl &target, int timeoutMs,
                                     const CancelToken &cancel)
{
    const QString where = QStringLiteral("%1 (%2)").arg(target.toDisplayString(), via);
    const auto fail = [&](const QString &why) { return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
    if (target.scheme() == QLatin1String("https"))
        return Result<HttpReply>::failure(
            QStringLiteral("%1: https is not carried over an SSH forward yet: set this host's http_via to \"direct\"").arg(where),
            ErrorCode::InvalidInput);
    if (!target.isValid() || target.scheme() != QLatin1String("http") || target.host().isEmpty())
        return fail(QStringLiteral("not an http:// URL"));
    QElapsedTimer clock;
    clock.start();
    if (cancel.isCancelled())
        return fail(QStringLiteral("cancelled"));
    const Result<int> fd = open();
    if (!fd)
        return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, fd.error()), fd.code());
    // A local stream socket (the forward's socketpair end): QLocalSocket takes it and closes it.
    QLocalSocket stream;
    if (!stream.setSocketDescriptor(fd.value(), QLocalSocket::ConnectedState, QIODevice::ReadWrite)) {
        ::close(fd.value());
        return fail(stream.errorString());
    }
    return exchange(stream, [&] { return stream.state() == QLocalSocket::UnconnectedState; }, where, "GET", target,
                    "Accept-Encoding: identity\r\n", {}, timeoutMs, cancel, clock.nsecsElapsed());
}

Result<HttpReply> HttpCheck::exchange(QIODevice &socket, const std::function<bool()> &closed, const QString &where, const QByteArray &method,
                                      const QUrl &target, const QByteArray &headers, const QByteArray &body, int timeoutMs,
                                      const CancelToken &cancel, qint64 startedNs)
{
    const auto fail = [&](const QString &why) { return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
    QElapsedTimer clock;
    clock.start();
    const auto elapsedNs = [&] { return startedNs + clock.nsecsElapsed(); };
    const auto expired = [&] { return elapsedNs() >= qint64(timeoutMs) * 1000000; };
    const int port = target.port(80);
    const QString encodedPath = target.path(QUrl::FullyEncoded);
    const QByteArray path = encodedPath.isEmpty() ? QByteArray("/") : encodedPath.toLatin1();
    const QByteArray query = target.hasQuery() ? '?' + target.query(QUrl::FullyEncoded).toLatin1() : QByteArray();
    QByteArray head = method + ' ' + path + query + " HTTP/1.1\r\nHost: " + target.host(QUrl::FullyEncoded).toLatin1() + ':'
                      + QByteArray::number(port) + "\r\nUser-Agent: greenlight\r\nConnection: close\r\n" + headers;
    if (!body.isEmpty())
        head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    socket.write(head + "\r\n" + body);
    // QSslSocket queues its encrypted writes to the event loop this thread does not run.
    if (auto *tls = qobject_cast<QSslSocket *>(&socket))
        tls->flush();
    HttpResponseParser parser;
    QByteArray data;
    while (true) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (expired())
            return fail(QStringLiteral("no complete answer within %1 ms").arg(timeoutMs));
        socket.waitForReadyRead(kSliceMs);
        // QSslSocket acts on a peer's close_notify (and flushes) through queued calls to itself:
        // delivered here, as this thread runs no event loop.
        QCoreApplication::sendPostedEvents(&socket, QEvent::MetaCall);
        data += socket.read(HttpResponseParser::kMaxHeaderBytes + HttpResponseParser::kMaxBodyBytes + 1 - data.size());
        const HttpResponseParser::State state = parser.parse(data, closed());
        if (state == HttpResponseParser::State::Complete)
            break;
        if (state == HttpResponseParser::State::Invalid)
            return fail(QString::fromLatin1(parser.error()));
    }
    HttpReply reply;
    reply.status = parser.status();
    reply.body = parser.body();
    reply.elapsedMs = static_cast<double>(elapsedNs()) / 1e6;
    return reply;
}

Result<QString> HttpCheck::expectServed(const QString &base, const QString &path, const QSet<QString> &accepted, int times,
                                        int timeoutMs, const CancelToken &cancel, const QString &connectTo)
{
    const QUrl root(base);
    QUrl target = root;
    target.setPath(path);
    QString served;
    for (int i = 0; i < times; ++i) {
        const Result<HttpReply> r = get(target, timeoutMs, cancel, connectTo);
        if (!r)
            return Result<QString>::failure(r.error());
        if (r->status != 200 || !accepted.contains(r->bodyText()))
            return Result<QString>::failure(QStringLiteral("the router served \"%1\" (HTTP %2)").arg(r->bodyText(), QString::number(r->status)));
        served = r->bodyText();
    }
    return served;
}

} // namespace greenlight
