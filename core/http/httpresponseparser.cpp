#include "httpresponseparser.h"

#include <QList>

namespace greenlight {

HttpResponseParser::State HttpResponseParser::invalid(const char *why)
{
    m_error = why;
    return State::Invalid;
}

HttpResponseParser::State HttpResponseParser::parse(const QByteArray &data, bool closed)
{
    const qsizetype headerEnd = data.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (data.size() > kMaxHeaderBytes)
            return invalid("headers longer than 16 KiB");
        return closed ? invalid("the connection closed inside the headers") : State::NeedMore;
    }
    if (headerEnd > kMaxHeaderBytes)
        return invalid("headers longer than 16 KiB");
    const QList<QByteArray> lines = data.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1."))
        return invalid("not an HTTP/1.x status line");
    bool ok = false;
    m_status = statusLine.at(1).toInt(&ok);
    if (!ok || m_status < 100 || m_status > 999)
        return invalid("no valid status code");
    qint64 length = -1;
    bool chunked = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            length = value.toLongLong(&ok);
            if (!ok || length < 0)
                return invalid("a Content-Length that is not a number");
        } else if (name == "transfer-encoding") {
            chunked = value.toLower().endsWith("chunked");
        }
    }
    // 1xx, 204 and 304 carry no body.
    if (m_status < 200 || m_status == 204 || m_status == 304) {
        m_body.clear();
        return State::Complete;
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (chunked)
        return parseChunked(data, bodyStart, closed);
    const QByteArray body = data.mid(bodyStart);
    if (length >= 0) {
        if (length > kMaxBodyBytes)
            return invalid("a body longer than 64 KiB");
        if (body.size() < length)
            return closed ? invalid("the connection closed inside the body") : State::NeedMore;
        m_body = body.left(length);
        return State::Complete;
    }
    if (body.size() > kMaxBodyBytes)
        return invalid("a body longer than 64 KiB");
    m_body = body;
    return closed ? State::Complete : State::NeedMore;
}

HttpResponseParser::State HttpResponseParser::parseChunked(const QByteArray &data, qsizetype from, bool closed)
{
    QByteArray body;
    qsizetype at = from;
    const auto needMore = [&] { return closed ? invalid("the connection closed inside a chunk") : State::NeedMore; };
    while (true) {
        const qsizetype lineEnd = data.indexOf("\r\n", at);
        if (lineEnd < 0)
            return data.size() - at > 64 ? invalid("a chunk size line longer than 64 bytes") : needMore();
        QByteArray sizeText = data.mid(at, lineEnd - at);
        if (const qsizetype ext = sizeText.indexOf(';'); ext >= 0)
            sizeText.truncate(ext); // chunk extensions are allowed and ignored
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0)
            return invalid("a chunk size that is not hexadecimal");
        if (size > kMaxBodyBytes || body.size() + size > kMaxBodyBytes)
            return invalid("a body longer than 64 KiB");
        at = lineEnd + 2;
        if (size == 0)
            break;
        if (data.size() < at + size + 2)
            return needMore();
        if (data.mid(at + size, 2) != "\r\n")
            return invalid("a chunk not ended by CRLF");
        body += data.mid(at, size);
        at += size + 2;
    }
    // The trailer: header lines until an empty one.
    while (true) {
        const qsizetype lineEnd = data.indexOf("\r\n", at);
        if (lineEnd < 0)
            return data.size() - at > kMaxHeaderBytes ? invalid("a trailer longer than 16 KiB") : needMore();
        if (lineEnd == at)
            break;
        at = lineEnd + 2;
    }
    m_body = body;
    return State::Complete;
}

} // namespace greenlight
