#include "requestcounter.h"

#include "config/deploymentconfig.h"
#include "http/httpcheck.h"
#include "ssh/hosthttp.h"

namespace greenlight {

namespace {
constexpr qsizetype kMaxCounterBytes = 20; // a decimal count: anything longer is not one
}

Result<qint64> readRequestCount(const DeploymentConfig &config, const QString &host, int timeoutMs, const CancelToken &cancel)
{
    const std::optional<HostConfig> hostConfig = config.host(host);
    const std::optional<Colour> colour = config.colourOfHost(host);
    if (!hostConfig || !colour)
        return Result<qint64>::failure(QStringLiteral("%1 is not a host of either colour").arg(host));
    const EnvironmentConfig &env = config.environment(*colour);
    if (env.requestsPath.isEmpty())
        return Result<qint64>::failure(QStringLiteral("%1 has no requests_path").arg(colourName(*colour)));
    const Result<HttpReply> reply = hostHttpGet(host, env.appUrl(hostConfig->address, env.requestsPath), timeoutMs, cancel);
    if (!reply)
        return Result<qint64>::failure(reply.error(), ErrorCode::Unreachable);
    const QByteArray body = reply->body.trimmed();
    bool number = false;
    const qint64 count = body.size() <= kMaxCounterBytes ? body.toLongLong(&number) : 0;
    if (reply->status != 200 || !number || count < 0)
        return Result<qint64>::failure(QStringLiteral("%1 %2 did not answer a request count (HTTP %3: \"%4\")")
                                           .arg(host, env.requestsPath)
                                           .arg(reply->status)
                                           .arg(QString::fromUtf8(body.left(40))));
    return count;
}

} // namespace greenlight
