#pragma once

#include "common/canceltoken.h"
#include "common/result.h"

#include <QByteArray>
#include <QSet>
#include <QString>

class QNetworkRequest;
class QUrl;

namespace greenlight {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    qint64 elapsedMs = 0;
    [[nodiscard]] QString bodyText() const { return QString::fromUtf8(body).trimmed(); }
};

// Every request Greenlight makes to an application — verify, test traffic, the gates' probes,
// "served through the router", and the charts' probes — is judged here by one verdict
// (answeredWell), with redirects not followed and no proxy, so what the window draws is what a
// gate judges. The pipeline's checks are blocking GETs on the calling thread, framed by
// HttpResponseParser (Content-Length, chunked, or close; bounded); the charts' probes are the
// same request on Qt's asynchronous client (request()).
class HttpCheck final
{
public:
    // A blocking GET for worker threads, bounded by `timeoutMs` and the cancel token.
    [[nodiscard]] static Result<HttpReply> get(const QString &host, int port, const QString &path, int timeoutMs,
                                               const CancelToken &cancel = {});
    [[nodiscard]] static Result<HttpReply> get(const QUrl &url, int timeoutMs, const CancelToken &cancel = {});
    [[nodiscard]] static Result<HttpReply> get(const QString &url, int timeoutMs, const CancelToken &cancel = {});

    // Asks `base` + `path` `times` times (through a router, each may land on another server):
    // every answer must be HTTP 200 with a body in `accepted`. Returns the body served, or the
    // first answer that was not, as "the router served "x" (HTTP n)".
    [[nodiscard]] static Result<QString> expectServed(const QString &base, const QString &path, const QSet<QString> &accepted,
                                                      int times, int timeoutMs, const CancelToken &cancel = {});

    // The one request: for the blocking GET and for the charts' asynchronous probes.
    [[nodiscard]] static QNetworkRequest request(const QUrl &url, int timeoutMs);
    // The one verdict on a probe's answer: a 2xx status.
    [[nodiscard]] static bool answeredWell(int status) { return status >= 200 && status < 300; }
    [[nodiscard]] static QUrl url(const QString &host, int port, const QString &path);
};

} // namespace greenlight
