#include "httpconnection.h"

#include <QTcpSocket>

#include <sys/socket.h>

#include <chrono>
#include <utility>

using namespace std::chrono_literals;

namespace {

constexpr qint64 inputChunk = 64 * 1024;
constexpr qsizetype maxPending = 128;            // pipelined requests awaiting a response
constexpr qint64 maxUnsentBytes = 1024 * 1024;   // stop reading while the peer is not reading
constexpr auto idleTimeout = 120s;
constexpr auto lingerTimeout = 2s;

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpHeaders commonHeaders,
                               RequestHandler handler, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_commonHeaders(std::move(commonHeaders))
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    // Bounded socket buffer: when we stop reading, TCP flow control pushes back on the client.
    m_socket->setReadBufferSize(inputChunk);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(idleTimeout);
    m_lingerTimer.setSingleShot(true);
    m_lingerTimer.setInterval(lingerTimeout);

    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::processInput);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            finish();
    });
    connect(&m_idleTimer, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    connect(&m_lingerTimer, &QTimer::timeout, m_socket, &QTcpSocket::abort);

    m_idleTimer.start();
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QTimer::singleShot(0, this, &HttpConnection::finish);
    else if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &HttpConnection::processInput);
}

HttpConnection::~HttpConnection()
{
    m_socket->disconnect(this);
}

bool HttpConnection::canAcceptMore() const
{
    return static_cast<qsizetype>(m_pending.size()) < maxPending && m_socket->bytesToWrite() < maxUnsentBytes;
}

void HttpConnection::processInput()
{
    if (m_finished || m_processing)
        return;
    if (m_closing) {
        m_socket->readAll(); // lingering close: drain and ignore
        return;
    }
    m_processing = true;
    m_idleTimer.start();
    // Parse as much as the queue allows, write what is ready, and go round again while
    // writing freed queue space and there is input left.
    for (bool again = true; again;) {
        parseRequests();
        again = writeReady() && !m_closing && (!m_input.isEmpty() || m_socket->bytesAvailable() > 0);
    }
    m_processing = false;
}

void HttpConnection::parseRequests()
{
    while (!m_closing && !m_finished && canAcceptMore()) {
        if (m_input.size() < inputChunk && m_socket->bytesAvailable() > 0)
            m_input.append(m_socket->read(inputChunk - m_input.size()));

        HttpRequestParser::Result result = m_parser.parse(m_input);
        if (result.status == HttpRequestParser::Status::NeedMore) {
            if (m_socket->bytesAvailable() == 0 || m_input.size() >= inputChunk)
                return;
            continue;
        }
        Pending pending;
        pending.id = m_nextId++;
        if (result.status == HttpRequestParser::Status::Error) {
            m_closing = true;
            m_input.clear();
            pending.closeAfter = true;
            pending.response = HttpResponse::text(result.errorStatus, result.errorMessage);
            m_pending.push_back(std::move(pending));
            return;
        }
        const HttpRequest &request = result.request;
        pending.headOnly = request.isHead();
        pending.closeAfter = !request.keepAlive;
        pending.http10KeepAlive = request.keepAlive && request.minorVersion == 0;
        const quint64 id = pending.id;
        m_pending.push_back(std::move(pending));
        if (!request.keepAlive) {
            m_closing = true; // anything after this request is ignored
            m_input.clear();
        }
        m_handler(*this, id, request); // may call respond() right away
    }
}

void HttpConnection::respond(quint64 requestId, HttpResponse response)
{
    for (Pending &pending : m_pending) {
        if (pending.id == requestId) {
            if (!pending.response)
                pending.response = std::move(response);
            break;
        }
    }
    if (m_processing)
        return; // processInput() writes it when the handler returns
    if (writeReady() && !m_closing)
        processInput(); // queue space was freed; pick up buffered pipelined requests
}

bool HttpConnection::writeReady()
{
    if (m_finished || m_closeQueued)
        return false;
    QByteArray out;
    bool closeNow = false;
    while (!m_pending.empty() && m_pending.front().response) {
        const Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        using Connection = HttpResponse::ConnectionHeader;
        const Connection header = pending.closeAfter      ? Connection::Close
                                  : pending.http10KeepAlive ? Connection::KeepAlive
                                                            : Connection::None;
        out += pending.response->serialize(m_commonHeaders, pending.headOnly, header);
        if (pending.closeAfter) {
            m_pending.clear();
            closeNow = true;
            break;
        }
    }
    if (out.isEmpty())
        return false;
    m_socket->write(out);
    m_idleTimer.start();
    if (closeNow)
        beginClose();
    return true;
}

void HttpConnection::beginClose()
{
    m_closing = true;
    m_closeQueued = true;
    m_idleTimer.stop();
    m_input.clear();
    m_socket->flush();
    if (m_socket->bytesToWrite() == 0)
        shutdownWrite();
}

void HttpConnection::onBytesWritten()
{
    if (m_finished)
        return;
    if (m_closeQueued) {
        if (!m_writeShutdown && m_socket->bytesToWrite() == 0)
            shutdownWrite();
        return;
    }
    if (!m_closing && (!m_input.isEmpty() || m_socket->bytesAvailable() > 0))
        processInput(); // resumes if reading was paused for unsent output
}

// Send FIN after the last response but keep reading until the peer closes, so that
// unread pipelined input does not turn our close into a RST that destroys the response.
void HttpConnection::shutdownWrite()
{
    if (m_writeShutdown || m_finished)
        return;
    m_writeShutdown = true;
    const qintptr fd = m_socket->socketDescriptor();
    if (fd < 0 || ::shutdown(static_cast<int>(fd), SHUT_WR) != 0) {
        m_socket->disconnectFromHost();
        return;
    }
    m_lingerTimer.start();
    m_socket->readAll();
}

void HttpConnection::onIdleTimeout()
{
    if (m_pending.empty() && m_input.isEmpty())
        beginClose();
    else
        m_idleTimer.start();
}

void HttpConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_idleTimer.stop();
    m_lingerTimer.stop();
    m_pending.clear();
    Q_EMIT finished();
    deleteLater();
}
