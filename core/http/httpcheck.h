#pragma once

#include "common/canceltoken.h"
#include "common/result.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <functional>

class QIODevice;
class QUrl;

namespace greenlight {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    double elapsedMs = 0; // from the connect to the whole answer, to the microsecond
    QString via;          // a host check's path, said after its result: "direct" or "over SSH" (ssh/hosthttp.h)
    [[nodiscard]] QString bodyText() const { return QString::fromUtf8(body).trimmed(); }
};

// Every request Greenlight makes to an application — verify, test traffic, the gates' probes,
// "served through the router", and the charts' probes (metrics/Prober) — is this one client: a
// blocking GET on the calling thread, framed by HttpResponseParser (Content-Length, chunked, or
// close; bounded), with redirects not followed and no proxy, judged by one verdict
// (answeredWell) and timed by one clock. So what the window draws is what a gate judges.
class HttpCheck final
{
public:
    // A blocking GET for worker threads, bounded by `timeoutMs` and the cancel token.
    [[nodiscard]] static Result<HttpReply> get(const QString &host, int port, const QString &path, int timeoutMs,
                                               const CancelToken &cancel = {});
    // `connectTo`, when given, is the address to connect to instead of the URL's host (which
    // still names the site in the Host header): a DNS router's own answer for the name.
    [[nodiscard]] static Result<HttpReply> get(const QUrl &url, int timeoutMs, const CancelToken &cancel = {},
                                               const QString &connectTo = {});
    [[nodiscard]] static Result<HttpReply> get(const QString &url, int timeoutMs, const CancelToken &cancel = {});
    // A stream already connected to the site — the local end of an SSH forward — opened by
    // `open` once the clock runs (HttpCheck owns the fd it returns). The URL's host still names
    // the site in the Host header; `via` ("over SSH") ends every error.
    using StreamOpener = std::function<Result<int>()>;
    [[nodiscard]] static Result<HttpReply> getOver(const StreamOpener &open, const QString &via, const QUrl &url, int timeoutMs,
                                                   const CancelToken &cancel = {});
    // Any method on the same client (the PowerDNS API's PATCH): `headers` are extra request
    // header lines, each ending in \r\n; a non-empty `body` is sent as JSON, with its length.
    [[nodiscard]] static Result<HttpReply> request(const QByteArray &method, const QUrl &url, const QByteArray &headers,
                                                   const QByteArray &body, int timeoutMs, const CancelToken &cancel = {},
                                                   const QString &connectTo = {});

    // Asks `base` + `path` `times` times (through a router, each may land on another server):
    // every answer must be HTTP 200 with a body in `accepted`. Returns the body served, or the
    // first answer that was not, as "the router served "x" (HTTP n)". `connectTo` as for get.
    [[nodiscard]] static Result<QString> expectServed(const QString &base, const QString &path, const QSet<QString> &accepted,
                                                      int times, int timeoutMs, const CancelToken &cancel = {},
                                                      const QString &connectTo = {});

    // Adds the CA certificates of the PEM file at `path` to what every https check of this
    // process trusts, beside the system's (the deployment file's tls_ca_file). Fails, naming the
    // file, when it holds none.
    [[nodiscard]] static Status trustCertificates(const QString &path);

    // The one verdict on a probe's answer: a 2xx status.
    [[nodiscard]] static bool answeredWell(int status) { return status >= 200 && status < 300; }
    [[nodiscard]] static QUrl url(const QString &host, int port, const QString &path);

private:
    // The request on a connected stream, framed by HttpResponseParser: the one exchange.
    [[nodiscard]] static Result<HttpReply> exchange(QIODevice &stream, const std::function<bool()> &closed, const QString &where,
                                                    const QByteArray &method,
                                                    const QUrl &target, const QByteArray &headers, const QByteArray &body, int timeoutMs,
                                                    const CancelToken &cancel, qint64 startedNs);
};

} // namespace greenlight
