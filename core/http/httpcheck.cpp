#include "httpcheck.h"

#include "http/httpresponseparser.h"

#include <QElapsedTimer>
#include <QLocalSocket>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUrl>

#include <unistd.h>

namespace greenlight {

namespace {
constexpr int kSliceMs = 20; // how often a blocking GET looks at its stop and deadline
} // namespace

QUrl HttpCheck::url(const QString &host, int port, const QString &path)
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(host);
    u.setPort(port);
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    u.setPath(query < 0 ? path : path.left(query));
    if (query >= 0)
        u.setQuery(path.mid(query + 1));
    return u;
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
    if (!target.isValid() || target.scheme() != QLatin1String("http") || target.host().isEmpty())
        return fail(QStringLiteral("not an http:// URL"));
    QElapsedTimer clock;
    clock.start();
    const auto expired = [&] { return clock.elapsed() >= timeoutMs; };

    // A socket on the calling thread, waited on in slices: no event loop, no thread of Qt's
    // own, and every slice looks at the stop and the deadline.
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    const int port = target.port(80);
    socket.connectToHost(connectTo.isEmpty() ? target.host() : connectTo, static_cast<quint16>(port));
    while (socket.state() != QAbstractSocket::ConnectedState) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (expired())
            return fail(QStringLiteral("no connection within %1 ms").arg(timeoutMs));
        if (!socket.waitForConnected(kSliceMs) && socket.state() == QAbstractSocket::UnconnectedState)
            return fail(socket.errorString());
    }
    return exchange(socket, [&] { return socket.state() == QAbstractSocket::UnconnectedState; }, where, method, target, headers, body,
                    timeoutMs, cancel, clock.nsecsElapsed());
}

Result<HttpReply> HttpCheck::getOver(const StreamOpener &open, const QString &via, const QUrl &target, int timeoutMs,
                                     const CancelToken &cancel)
{
    const QString where = QStringLiteral("%1 (%2)").arg(target.toDisplayString(), via);
    const auto fail = [&](const QString &why) { return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
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
    HttpResponseParser parser;
    QByteArray data;
    while (true) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (expired())
            return fail(QStringLiteral("no complete answer within %1 ms").arg(timeoutMs));
        socket.waitForReadyRead(kSliceMs);
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
