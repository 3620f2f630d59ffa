#pragma once

#include "httprequestparser.h"
#include "httpresponse.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>

class QTcpSocket;

// One accepted HTTP/1.x connection: parses requests (pipelined or not), hands each to the
// handler, and writes responses strictly in request order, whenever they become ready.
// Deletes itself (deleteLater) once the socket is gone.
class HttpConnection final : public QObject
{
    Q_OBJECT

public:
    // The handler must eventually call respond() with the request id, now or later.
    using RequestHandler =
        std::function<void(HttpConnection &connection, quint64 requestId, const HttpRequest &request)>;

    HttpConnection(QTcpSocket *socket, HttpHeaders commonHeaders, RequestHandler handler,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    // Supplies the response for a request; unknown or stale ids are ignored.
    void respond(quint64 requestId, HttpResponse response);

    [[nodiscard]] qsizetype pendingCount() const { return static_cast<qsizetype>(m_pending.size()); }

Q_SIGNALS:
    void finished();

private:
    struct Pending final
    {
        quint64 id = 0;
        bool headOnly = false;
        bool closeAfter = false;
        bool http10KeepAlive = false;
        std::optional<HttpResponse> response;
    };

    void processInput();
    void parseRequests();
    [[nodiscard]] bool writeReady();
    void beginClose();
    void shutdownWrite();
    void onBytesWritten();
    void onIdleTimeout();
    void finish();
    [[nodiscard]] bool canAcceptMore() const;

    QTcpSocket *m_socket;
    HttpHeaders m_commonHeaders;
    RequestHandler m_handler;
    HttpRequestParser m_parser;
    QByteArray m_input;
    std::deque<Pending> m_pending;
    quint64 m_nextId = 0;
    QTimer m_idleTimer;
    QTimer m_lingerTimer;
    bool m_processing = false;   // inside processInput (guards against recursion)
    bool m_closing = false;      // no further requests are read
    bool m_closeQueued = false;  // last response written, waiting to shut down
    bool m_writeShutdown = false;
    bool m_finished = false;
};
