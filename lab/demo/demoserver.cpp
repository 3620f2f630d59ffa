#include "demoserver.h"

#include "httpconnection.h"

#include <QDir>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <utility>

using namespace Qt::Literals::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int listenBacklog = 1024;

// Version and host end up in header values; keep them on one line.
QByteArray headerValue(const QString &text)
{
    QByteArray value = text.toUtf8();
    for (char &c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            c = ' ';
    }
    return value;
}

HttpResponse methodNotAllowed(QByteArray allow)
{
    HttpResponse response = HttpResponse::text(405, "method not allowed\n"_ba);
    response.headers.append({"Allow"_ba, std::move(allow)});
    return response;
}

bool isGetOrHead(const HttpRequest &request)
{
    return request.method == "GET" || request.method == "HEAD";
}

} // namespace

DemoServer::DemoServer(DemoServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_store(QDir(m_config.stateDir).filePath(u"faults.json"_s))
    , m_server(new QTcpServer(this))
{
    FaultStore::LoadResult loaded = m_store.load();
    m_faults = loaded.settings;
    m_faultsWarning = std::move(loaded.warning);
    m_commonHeaders = {
        {"X-Greenlight-Version"_ba, headerValue(m_config.version)},
        {"X-Greenlight-Host"_ba, headerValue(m_config.host)},
    };
    m_server->setListenBacklogSize(listenBacklog);
    connect(m_server, &QTcpServer::newConnection, this, &DemoServer::acceptConnections);
    connect(m_server, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        // Typically out of file descriptors: back off briefly instead of spinning.
        qWarning("greenlight-demo: accept failed: %s", qUtf8Printable(m_server->errorString()));
        m_server->pauseAccepting();
        QTimer::singleShot(100ms, m_server, &QTcpServer::resumeAccepting);
    });
}

DemoServer::~DemoServer() = default;

bool DemoServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

void DemoServer::close()
{
    m_server->close();
}

bool DemoServer::isListening() const
{
    return m_server->isListening();
}

QHostAddress DemoServer::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 DemoServer::serverPort() const
{
    return m_server->serverPort();
}

QString DemoServer::errorString() const
{
    return m_server->errorString();
}

void DemoServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new HttpConnection(
            socket, m_commonHeaders,
            [this](HttpConnection &c, quint64 id, const HttpRequest &request) {
                handleRequest(c, id, request);
            },
            this);
        ++m_connectionCount;
        connect(connection, &QObject::destroyed, this, [this] { --m_connectionCount; });
    }
}

void DemoServer::handleRequest(HttpConnection &connection, quint64 requestId,
                               const HttpRequest &request)
{
    ++m_requestCount;
    if (request.path == u"/")
        ++m_pageCount;
    if (request.path == u"/__lab" || request.path.startsWith(u"/__lab/")) {
        connection.respond(requestId, labResponse(request));
        return;
    }

    const bool faultable = isGetOrHead(request)
                           && (request.path == u"/" || request.path == u"/version"
                               || request.path == u"/health");
    if (!faultable) {
        connection.respond(requestId, appResponse(request));
        return;
    }

    const FaultSettings faults = m_faults; // the request sees the knobs as they are now
    HttpResponse response;
    if (request.path != u"/health" && faults.errorRate > 0.0
        && QRandomGenerator::global()->generateDouble() < faults.errorRate)
        response = HttpResponse::text(500, "injected error\n"_ba);
    else
        response = appResponse(request);
    response.chunked = faults.chunked;

    if (faults.latencyMs <= 0) {
        connection.respond(requestId, std::move(response));
        return;
    }
    // The timer dies with the connection, so a vanished client cancels it.
    QTimer::singleShot(std::chrono::milliseconds(faults.latencyMs), &connection,
                       [connection = &connection, requestId, response = std::move(response)] {
                           connection->respond(requestId, response);
                       });
}

HttpResponse DemoServer::appResponse(const HttpRequest &request) const
{
    const QString &path = request.path;
    const bool known = path == u"/" || path == u"/version" || path == u"/health";
    if (!known)
        return HttpResponse::text(404, "not found\n"_ba);
    if (request.method == "OPTIONS") {
        HttpResponse response = HttpResponse::text(200, {});
        response.headers.append({"Allow"_ba, "GET, HEAD, OPTIONS"_ba});
        return response;
    }
    if (!isGetOrHead(request))
        return methodNotAllowed("GET, HEAD, OPTIONS"_ba);

    if (path == u"/")
        return HttpResponse::text(200, (m_config.host + u' ' + m_config.version + u'\n').toUtf8());
    if (path == u"/version")
        return HttpResponse::text(200, (m_config.version + u'\n').toUtf8());
    if (!m_faults.healthy)
        return HttpResponse::text(503, "unhealthy\n"_ba);
    return HttpResponse::text(200, "ok\n"_ba);
}

HttpResponse DemoServer::labResponse(const HttpRequest &request)
{
    if (request.path == u"/__lab/requests") {
        if (!isGetOrHead(request))
            return methodNotAllowed("GET, HEAD"_ba);
        return HttpResponse::text(200, QByteArray::number(m_pageCount) + '\n');
    }
    if (request.path != u"/__lab/faults")
        return HttpResponse::text(404, "not found\n"_ba);
    if (!isGetOrHead(request) && request.method != "POST")
        return methodNotAllowed("GET, HEAD, POST"_ba);

    FaultSettings updated = m_faults;
    const FaultSettings::QueryResult result = updated.applyQuery(request.query);
    if (!result.ok)
        return HttpResponse::text(400, (result.error + u'\n').toUtf8());
    if (!result.changed)
        return HttpResponse::json(200, m_faults.toJsonBytes());

    const bool different = updated != m_faults;
    m_faults = updated;
    if (different)
        Q_EMIT faultsChanged(m_faults);
    QString error;
    if (!m_store.save(m_faults, &error)) {
        qWarning("greenlight-demo: %s", qUtf8Printable(error));
        return HttpResponse::text(500, (u"faults applied but not persisted: "_s + error + u'\n').toUtf8());
    }
    return HttpResponse::json(200, m_faults.toJsonBytes());
}
