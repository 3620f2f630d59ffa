#include "pdnsapi.h"

#include "http/httpresponseparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkProxy>
#include <QTcpSocket>
#include <QUrl>

namespace greenlight {

namespace {
constexpr int kSliceMs = 20;
constexpr qint64 kMaxKeyBytes = 4096;
} // namespace

PdnsApi::PdnsApi(QString baseUrl, QString keyFile, QString keyEnv)
    : m_baseUrl(std::move(baseUrl)), m_keyFile(std::move(keyFile)), m_keyEnv(std::move(keyEnv))
{
    while (m_baseUrl.endsWith(QLatin1Char('/')))
        m_baseUrl.chop(1);
}

QString PdnsApi::zonePath(const QString &zone)
{
    return QStringLiteral("/api/v1/servers/localhost/zones/") + zone;
}

QString PdnsApi::zoneUrl(const QString &zone) const
{
    return m_baseUrl + zonePath(zone);
}

Result<QByteArray> PdnsApi::key() const
{
    QByteArray key;
    if (!m_keyEnv.isEmpty()) {
        key = qgetenv(m_keyEnv.toLocal8Bit().constData()).trimmed();
        if (key.isEmpty())
            return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key: the environment variable %1 is not set").arg(m_keyEnv));
    } else {
        QFile file(m_keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key: cannot read %1: %2").arg(m_keyFile, file.errorString()));
        key = file.read(kMaxKeyBytes).trimmed();
        if (key.isEmpty())
            return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key: %1 is empty").arg(m_keyFile));
    }
    if (key.contains('\n') || key.contains('\r'))
        return Result<QByteArray>::failure(QStringLiteral("the PowerDNS API key holds a line break; give the key alone"));
    return key;
}

Result<PdnsApi::Reply> PdnsApi::request(const QByteArray &method, const QString &path, const QByteArray &body, int timeoutMs,
                                        const CancelToken &cancel) const
{
    const QUrl target(m_baseUrl + path);
    const QString where = QStringLiteral("PowerDNS API %1 %2").arg(QString::fromLatin1(method), target.toDisplayString());
    const auto fail = [&](const QString &why) { return Result<Reply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
    const Result<QByteArray> apiKey = key();
    if (!apiKey)
        return Result<Reply>::failure(apiKey.error());
    if (!target.isValid() || target.scheme() != QLatin1String("http") || target.host().isEmpty())
        return fail(QStringLiteral("not an http:// URL"));
    QElapsedTimer clock;
    clock.start();
    QTcpSocket socket;
    socket.setProxy(QNetworkProxy::NoProxy);
    const int port = target.port(80);
    socket.connectToHost(target.host(), static_cast<quint16>(port));
    while (socket.state() != QAbstractSocket::ConnectedState) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (clock.elapsed() >= timeoutMs)
            return fail(QStringLiteral("no connection within %1 ms").arg(timeoutMs));
        if (!socket.waitForConnected(kSliceMs) && socket.state() == QAbstractSocket::UnconnectedState)
            return fail(socket.errorString());
    }
    const QByteArray query = target.hasQuery() ? '?' + target.query(QUrl::FullyEncoded).toLatin1() : QByteArray();
    QByteArray head = method + ' ' + target.path(QUrl::FullyEncoded).toLatin1() + query + " HTTP/1.1\r\nHost: "
                      + target.host(QUrl::FullyEncoded).toLatin1() + ':' + QByteArray::number(port)
                      + "\r\nUser-Agent: greenlight\r\nAccept: application/json\r\nConnection: close\r\nX-API-Key: " + apiKey.value() + "\r\n";
    if (!body.isEmpty())
        head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    socket.write(head + "\r\n" + body);
    HttpResponseParser parser;
    QByteArray data;
    while (true) {
        if (cancel.isCancelled())
            return fail(QStringLiteral("cancelled"));
        if (clock.elapsed() >= timeoutMs)
            return fail(QStringLiteral("no complete answer within %1 ms").arg(timeoutMs));
        socket.waitForReadyRead(kSliceMs);
        data += socket.read(HttpResponseParser::kMaxHeaderBytes + HttpResponseParser::kMaxBodyBytes + 1 - data.size());
        const bool closed = socket.state() == QAbstractSocket::UnconnectedState;
        const HttpResponseParser::State state = parser.parse(data, closed);
        if (state == HttpResponseParser::State::Complete)
            break;
        if (state == HttpResponseParser::State::Invalid)
            return fail(QString::fromLatin1(parser.error()));
    }
    Reply reply;
    reply.status = parser.status();
    reply.body = parser.body();
    reply.elapsedMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    return reply;
}

} // namespace greenlight
