#include "httpresponse.h"

#include <utility>

using namespace Qt::Literals::StringLiterals;

HttpResponse HttpResponse::text(int status, QByteArray body)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    HttpResponse response;
    response.status = status;
    response.contentType = "application/json"_ba;
    response.body = std::move(body);
    return response;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK"_ba;
    case 400: return "Bad Request"_ba;
    case 404: return "Not Found"_ba;
    case 405: return "Method Not Allowed"_ba;
    case 500: return "Internal Server Error"_ba;
    case 501: return "Not Implemented"_ba;
    case 503: return "Service Unavailable"_ba;
    case 505: return "HTTP Version Not Supported"_ba;
    default: return "Unknown"_ba;
    }
}

QByteArray HttpResponse::serialize(const HttpHeaders &commonHeaders, bool headOnly,
                                   ConnectionHeader connection) const
{
    QByteArray out;
    out.reserve(256 + (headOnly ? 0 : body.size()));
    out += "HTTP/1.1 "_ba + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: "_ba + contentType + "\r\n";
    if (chunked)
        out += "Transfer-Encoding: chunked\r\n"_ba;
    else
        out += "Content-Length: "_ba + QByteArray::number(body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\n"_ba;
    for (const auto &[name, value] : commonHeaders)
        out += name + ": " + value + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    switch (connection) {
    case ConnectionHeader::None: break;
    case ConnectionHeader::KeepAlive: out += "Connection: keep-alive\r\n"_ba; break;
    case ConnectionHeader::Close: out += "Connection: close\r\n"_ba; break;
    }
    out += "\r\n"_ba;
    if (headOnly)
        return out;
    if (!chunked) {
        out += body;
        return out;
    }
    // Two chunks when there is a body to split, as a streaming app would send it.
    const qsizetype half = body.size() / 2;
    for (const QByteArray &chunk : {body.left(half), body.mid(half)}) {
        if (!chunk.isEmpty())
            out += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    }
    out += "0\r\n\r\n"_ba;
    return out;
}
