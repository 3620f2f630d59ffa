#include "httpcheck.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace greenlight {

namespace {
constexpr int kSliceMs = 20; // how often a blocking GET looks at its token and deadline
} // namespace

QUrl HttpCheck::url(const QString &host, int port, const QString &path)
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(host);
    u.setPort(port);
    const qsizetype query = path.indexOf(QLatin1Char('?'));
    u.setPath(query < 0 ? path : path.left(query));
    if (query >= 0)
        u.setQuery(path.mid(query + 1));
    return u;
}

QNetworkRequest HttpCheck::request(const QUrl &url, int timeoutMs)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("greenlight"));
    return request;
}

Result<HttpReply> HttpCheck::get(const QString &host, int port, const QString &path, int timeoutMs, const CancelToken &cancel)
{
    return get(url(host, port, path), timeoutMs, cancel);
}

Result<HttpReply> HttpCheck::get(const QString &url, int timeoutMs, const CancelToken &cancel)
{
    return get(QUrl(url), timeoutMs, cancel);
}

Result<HttpReply> HttpCheck::get(const QUrl &target, int timeoutMs, const CancelToken &cancel)
{
    const QString where = target.toDisplayString();
    const auto fail = [&](const QString &why) { return Result<HttpReply>::failure(QStringLiteral("%1: %2").arg(where, why)); };
    if (!target.isValid() || (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https")))
        return fail(QStringLiteral("not an http:// or https:// URL"));
    if (cancel.isCancelled())
        return fail(QStringLiteral("cancelled"));

    // One manager per call: worker threads keep no event loop between calls.
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = network.get(request(target, timeoutMs));
    QString stopped;
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (cancel.isCancelled())
            stopped = QStringLiteral("cancelled");
        else if (clock.elapsed() >= timeoutMs)
            stopped = QStringLiteral("no complete answer within %1 ms").arg(timeoutMs);
        else if (reply->bytesAvailable() > kMaxBodyBytes)
            stopped = QStringLiteral("an answer longer than %1 bytes").arg(kMaxBodyBytes);
        if (!stopped.isEmpty())
            reply->abort();
    });
    tick.start(kSliceMs);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    tick.stop();
    const qint64 elapsed = clock.elapsed();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorText = reply->errorString();
    HttpReply answer;
    answer.body = reply->read(kMaxBodyBytes + 1);
    delete reply;
    if (!stopped.isEmpty())
        return fail(stopped);
    if (answer.body.size() > kMaxBodyBytes)
        return fail(QStringLiteral("an answer longer than %1 bytes").arg(kMaxBodyBytes));
    // An HTTP status is an answer (a 500 too); no status is a failure to talk at all.
    if (!status.isValid())
        return fail(error == QNetworkReply::OperationCanceledError ? QStringLiteral("no complete answer within %1 ms").arg(timeoutMs)
                                                                     : errorText);
    answer.status = status.toInt();
    answer.elapsedMs = elapsed;
    return answer;
}

Result<QString> HttpCheck::expectServed(const QString &base, const QString &path, const QSet<QString> &accepted, int times,
                                        int timeoutMs, const CancelToken &cancel)
{
    const QUrl root(base);
    QUrl target = root;
    target.setPath(path);
    QString served;
    for (int i = 0; i < times; ++i) {
        const Result<HttpReply> r = get(target, timeoutMs, cancel);
        if (!r)
            return Result<QString>::failure(r.error());
        if (r->status != 200 || !accepted.contains(r->bodyText()))
            return Result<QString>::failure(QStringLiteral("the router served \"%1\" (HTTP %2)").arg(r->bodyText(), QString::number(r->status)));
        served = r->bodyText();
    }
    return served;
}

} // namespace greenlight
