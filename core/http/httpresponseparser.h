#pragma once

#include <QByteArray>

namespace greenlight {

// An HTTP/1.1 answer read from an application, as bytes arrive: status line, headers, and a
// body framed by Content-Length, by Transfer-Encoding: chunked, or by the connection closing.
// Remote text, so hostile until checked: sizes are bounded, bad framing is an error, never a
// guess.
class HttpResponseParser final
{
public:
    static constexpr qsizetype kMaxHeaderBytes = 16 * 1024;
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024; // a health or version answer is short

    enum class State { NeedMore, Complete, Invalid };

    // `data`: everything read so far; `closed`: the peer closed the connection.
    [[nodiscard]] State parse(const QByteArray &data, bool closed);

    [[nodiscard]] int status() const { return m_status; }
    [[nodiscard]] const QByteArray &body() const { return m_body; }
    [[nodiscard]] const QByteArray &error() const { return m_error; } // when Invalid

private:
    [[nodiscard]] State invalid(const char *why);
    [[nodiscard]] State parseChunked(const QByteArray &data, qsizetype from, bool closed);

    int m_status = 0;
    QByteArray m_body;
    QByteArray m_error;
};

} // namespace greenlight
