#pragma once

#include "common/canceltoken.h"
#include "common/result.h"

#include <QByteArray>
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
};

} // namespace greenlight
