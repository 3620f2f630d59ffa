#include "httprequestparser.h"

#include <QUrl>

#include <algorithm>
#include <cctype>

#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qsizetype maxChunkLine = 1024;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool hasControlChars(QByteArrayView text)
{
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            return true;
    }
    return false;
}

// Comma-separated header value contains the token (case-insensitive)?
bool listContains(const QByteArray &value, QByteArrayView token)
{
    const QList<QByteArray> items = value.split(',');
    for (const QByteArray &item : items) {
        if (QByteArrayView(item).trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// Removes one line (without its CR LF / LF) from the front of buffer.
bool takeLine(QByteArray &buffer, QByteArray &line)
{
    const qsizetype end = buffer.indexOf('\n');
    if (end < 0)
        return false;
    line = buffer.left(end);
    if (line.endsWith('\r'))
        line.chop(1);
    buffer.remove(0, end + 1);
    return true;
}

} // namespace

HttpRequestParser::Result HttpRequestParser::parse(QByteArray &buffer)
{
    if (m_state == State::Head)
        return parseHead(buffer);
    return parseBody(buffer);
}

HttpRequestParser::Result HttpRequestParser::error(int status, QByteArray message)
{
    Result result;
    result.status = Status::Error;
    result.errorStatus = status;
    result.errorMessage = std::move(message);
    return result;
}

HttpRequestParser::Result HttpRequestParser::finish()
{
    Result result;
    result.status = Status::Complete;
    result.request = std::exchange(m_request, HttpRequest{});
    m_state = State::Head;
    m_remaining = 0;
    m_trailerBytes = 0;
    return result;
}

HttpRequestParser::Result HttpRequestParser::parseHead(QByteArray &buffer)
{
    // Empty lines before a request line are tolerated (RFC 9112, 2.2).
    while (buffer.startsWith("\r\n") || buffer.startsWith('\n'))
        buffer.remove(0, buffer.startsWith('\n') ? 1 : 2);

    qsizetype end = -1;
    for (qsizetype pos = buffer.indexOf('\n'); pos >= 0; pos = buffer.indexOf('\n', pos + 1)) {
        if (buffer.size() > pos + 1 && buffer.at(pos + 1) == '\n') {
            end = pos + 2;
            break;
        }
        if (buffer.size() > pos + 2 && buffer.at(pos + 1) == '\r' && buffer.at(pos + 2) == '\n') {
            end = pos + 3;
            break;
        }
        if (pos > maxHeadSize)
            break;
    }
    if (end < 0) {
        if (buffer.size() > maxHeadSize)
            return error(400, "request header too large\n"_ba);
        return {};
    }
    if (end > maxHeadSize)
        return error(400, "request header too large\n"_ba);

    QByteArray head = buffer.left(end);
    buffer.remove(0, end);

    QByteArray line;
    (void)takeLine(head, line);
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()
        || hasControlChars(parts.at(1)))
        return error(400, "malformed request line\n"_ba);

    const QByteArray &version = parts.at(2);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.'
        || !std::isdigit(static_cast<unsigned char>(version.at(5)))
        || !std::isdigit(static_cast<unsigned char>(version.at(7))))
        return error(400, "malformed HTTP version\n"_ba);
    if (version.at(5) != '1')
        return error(505, "only HTTP/1.x is supported\n"_ba);

    HttpRequest &request = m_request;
    request.method = parts.at(0);
    request.target = parts.at(1);
    request.minorVersion = version.at(7) - '0';

    if (request.target == "*") {
        request.path = u"*"_s;
    } else {
        const QUrl url = QUrl::fromEncoded(request.target, QUrl::StrictMode);
        if (!url.isValid() || (url.isRelative() && !request.target.startsWith('/')))
            return error(400, "malformed request target\n"_ba);
        request.path = url.path(QUrl::FullyDecoded);
        if (request.path.isEmpty())
            request.path = u"/"_s;
        request.query = QUrlQuery(url);
    }

    while (takeLine(head, line) && !line.isEmpty()) {
        if (line.startsWith(' ') || line.startsWith('\t'))
            return error(400, "obsolete header folding is not supported\n"_ba);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return error(400, "malformed header line\n"_ba);
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (value.contains('\0') || value.contains('\r'))
            return error(400, "malformed header value\n"_ba);
        request.headers.append({line.left(colon), value});
    }

    const QByteArray connection = request.header("Connection");
    if (request.minorVersion == 0)
        request.keepAlive = listContains(connection, "keep-alive") && !listContains(connection, "close");
    else
        request.keepAlive = !listContains(connection, "close");

    // Body framing: chunked or Content-Length; both at once is rejected (smuggling risk).
    const QByteArray transferEncoding = request.header("Transfer-Encoding");
    qint64 contentLength = 0;
    bool haveLength = false;
    for (const auto &[name, value] : request.headers) {
        if (QByteArrayView(name).compare("Content-Length", Qt::CaseInsensitive) != 0)
            continue;
        bool ok = false;
        const qint64 length = value.toLongLong(&ok);
        if (!ok || length < 0 || value.startsWith('+') || (haveLength && length != contentLength))
            return error(400, "invalid Content-Length\n"_ba);
        contentLength = length;
        haveLength = true;
    }
    if (!transferEncoding.isNull()) {
        if (haveLength)
            return error(400, "both Transfer-Encoding and Content-Length given\n"_ba);
        if (transferEncoding.trimmed().toLower() != "chunked")
            return error(501, "unsupported Transfer-Encoding\n"_ba);
        m_state = State::ChunkSize;
        return parseBody(buffer);
    }
    if (contentLength > 0) {
        m_state = State::Body;
        m_remaining = contentLength;
        return parseBody(buffer);
    }
    return finish();
}

HttpRequestParser::Result HttpRequestParser::parseBody(QByteArray &buffer)
{
    QByteArray line;
    for (;;) {
        switch (m_state) {
        case State::Head:
            return {};
        case State::Body:
        case State::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, buffer.size());
            buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return {};
            if (m_state == State::Body)
                return finish();
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkSize: {
            if (!takeLine(buffer, line))
                return buffer.size() > maxChunkLine ? error(400, "malformed chunk\n"_ba) : Result{};
            const qsizetype semicolon = line.indexOf(';');
            const QByteArray size = (semicolon >= 0 ? line.left(semicolon) : line).trimmed();
            bool ok = false;
            m_remaining = size.toLongLong(&ok, 16);
            if (!ok || m_remaining < 0 || size.startsWith('+') || size.startsWith('-'))
                return error(400, "malformed chunk\n"_ba);
            m_state = m_remaining == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkDataEnd:
            if (!takeLine(buffer, line))
                return buffer.size() > 2 ? error(400, "malformed chunk\n"_ba) : Result{};
            if (!line.isEmpty())
                return error(400, "malformed chunk\n"_ba);
            m_state = State::ChunkSize;
            break;
        case State::Trailers:
            if (!takeLine(buffer, line))
                return buffer.size() > maxHeadSize ? error(400, "trailers too large\n"_ba) : Result{};
            m_trailerBytes += line.size() + 2;
            if (m_trailerBytes > maxHeadSize)
                return error(400, "trailers too large\n"_ba);
            if (line.isEmpty())
                return finish();
            break;
        }
    }
}
