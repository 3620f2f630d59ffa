#include "httpcheck.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QUrl>

namespace greenlight {

namespace {

constexpr int kSliceMs = 25;

// Parses a complete response in `data`; false while more bytes are needed.
bool parseResponse(const QByteArray &data, bool closed, HttpReply &reply)
{
    const qsizetype headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const QList<QByteArray> lines = data.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    reply.status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    qsizetype length = -1;
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    const QByteArray body = data.mid(headerEnd + 4);
    if (length >= 0) {
        if (body.size() < length)
            return false;
        reply.body = body.left(length);
        return true;
    }
    reply.body = body;
    return closed;
}

} // namespace

Result<HttpReply> HttpCheck::get(const QString &url, int timeoutMs, const CancelToken &cancel)
{
    const QUrl u(url);
    if (!u.isValid() || u.scheme() != QLatin1String("http"))
        return Result<HttpReply>::failure(QStringLiteral("not an http:// URL: %1").arg(url));
    QString path = u.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    if (u.hasQuery())
        path += QLatin1Char('?') + u.query(QUrl::FullyEncoded);
    return get(u.host(), u.port(80), path, timeoutMs, cancel);
}

Result<QString> HttpCheck::expectServed(const QString &base, const QString &path, const QSet<QString> &accepted, int times,
                                        int timeoutMs, const CancelToken &cancel)
{
    const QUrl url(base);
    QString served;
    for (int i = 0; i < times; ++i) {
        const Result<HttpReply> r = get(url.host(), url.port(80), path, timeoutMs, cancel);
        if (!r)
            return Result<QString>::failure(r.error());
        if (r->status != 200 || !accepted.contains(r->bodyText()))
            return Result<QString>::failure(QStringLiteral("the router served \"%1\" (HTTP %2)").arg(r->bodyText(), QString::number(r->status)));
        served = r->bodyText();
    }
    return served;
}

Result<HttpReply> HttpCheck::get(const QString &host, int port, const QString &path, int timeoutMs, const CancelToken &cancel)
{
    const QString where = QStringLiteral("http://%1:%2%3").arg(host, QString::number(port), path);
    QElapsedTimer clock;
    clock.start();
    const auto expired = [&] { return clock.elapsed() >= timeoutMs; };
    const auto fail = [&](const QString &why) { return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };

    QTcpSocket socket;
    socket.connectToHost(host, static_cast<quint16>(port));
    while (socket.state() != QAbstractSocket::ConnectedState) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (expired())
            return fail(QStringLiteral("no connection within %1 ms").arg(timeoutMs));
        if (!socket.waitForConnected(kSliceMs) && socket.state() == QAbstractSocket::UnconnectedState)
            return fail(socket.errorString());
    }
    const QByteArray request = "GET " + path.toUtf8() + " HTTP/1.1\r\nHost: " + host.toUtf8() + ':' + QByteArray::number(port)
                               + "\r\nUser-Agent: greenlight\r\nConnection: close\r\n\r\n";
    socket.write(request);
    HttpReply reply;
    QByteArray data;
    while (true) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (expired())
            return fail(QStringLiteral("no complete answer within %1 ms").arg(timeoutMs));
        socket.waitForReadyRead(kSliceMs);
        data += socket.readAll();
        const bool closed = socket.state() == QAbstractSocket::UnconnectedState;
        if (parseResponse(data, closed, reply))
            break;
        if (closed)
            return fail(QStringLiteral("connection closed before a complete answer"));
    }
    reply.elapsedMs = clock.elapsed();
    return reply;
}

} // namespace greenlight
