#pragma once

#include "common/canceltoken.h"
#include "common/result.h"

#include <QByteArray>
#include <QSet>
#include <QString>

namespace greenlight {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    qint64 elapsedMs = 0;
    [[nodiscard]] QString bodyText() const { return QString::fromUtf8(body).trimmed(); }
};

// A blocking HTTP/1.1 GET for worker threads (no event loop needed), bounded by a deadline
// and a cancel token. For health and version checks, not for bulk traffic.
class HttpCheck final
{
public:
    [[nodiscard]] static Result<HttpReply> get(const QString &host, int port, const QString &path, int timeoutMs,
                                               const CancelToken &cancel = {});
    [[nodiscard]] static Result<HttpReply> get(const QString &url, int timeoutMs, const CancelToken &cancel = {});

    // Asks `base` + `path` `times` times (through a router, each may land on another server):
    // every answer must be HTTP 200 with a body in `accepted`. Returns the body served, or the
    // first answer that was not, as "the router served "x" (HTTP n)".
    [[nodiscard]] static Result<QString> expectServed(const QString &base, const QString &path, const QSet<QString> &accepted,
                                                      int times, int timeoutMs, const CancelToken &cancel = {});
};

} // namespace greenlight
