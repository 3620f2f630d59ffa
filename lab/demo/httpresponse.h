#pragma once

#include "httprequest.h"

#include <QByteArray>

// A complete response; serialised by HttpConnection with the connection's common headers.
struct HttpResponse final
{
    enum class ConnectionHeader { None, KeepAlive, Close };

    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    HttpHeaders headers;
    bool chunked = false; // Transfer-Encoding: chunked (in two chunks) instead of Content-Length

    [[nodiscard]] static HttpResponse text(int status, QByteArray body);
    [[nodiscard]] static HttpResponse json(int status, QByteArray body);
    [[nodiscard]] static QByteArray reasonPhrase(int status);

    // Status line and headers, plus the body unless headOnly (HEAD requests).
    [[nodiscard]] QByteArray serialize(const HttpHeaders &commonHeaders, bool headOnly,
                                       ConnectionHeader connection) const;
};
