#pragma once

#include "httprequest.h"

#include <QByteArray>

// Incremental HTTP/1.x request parser. Bodies (Content-Length or chunked) are consumed
// and discarded; a request is reported complete once its body has been read.
class HttpRequestParser final
{
public:
    static constexpr qsizetype maxHeadSize = 16 * 1024;

    enum class Status { NeedMore, Complete, Error };

    struct Result final
    {
        Status status = Status::NeedMore;
        HttpRequest request;   // valid when Complete
        int errorStatus = 400; // HTTP status to answer with when Error
        QByteArray errorMessage;
    };

    // Consumes what it can from the front of buffer.
    [[nodiscard]] Result parse(QByteArray &buffer);

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers };

    [[nodiscard]] Result parseHead(QByteArray &buffer);
    [[nodiscard]] Result parseBody(QByteArray &buffer);
    [[nodiscard]] Result finish();
    [[nodiscard]] static Result error(int status, QByteArray message);

    State m_state = State::Head;
    HttpRequest m_request;
    qint64 m_remaining = 0;
    qsizetype m_trailerBytes = 0;
};
