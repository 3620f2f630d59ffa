#pragma once

#include "common/colour.h"
#include "common/result.h"
#include "config/deploymentconfig.h"
#include "router/routerstate.h"

#include <QByteArray>
#include <QHash>
#include <QList>

namespace greenlight::nginxupstream {

// One backend server as nginx reaches it: the host's address and its colour's app port.
struct Server
{
    QString host;
    QString address; // "10.0.0.5:8080"
    Colour colour = Colour::Blue;
};

[[nodiscard]] QList<Server> servers(const DeploymentConfig &config);

// The whole upstream file for `percent` of traffic on `colour`. A server with no share is
// marked `down` (nginx has no weight 0). Each server line names its host in a comment, so the
// file reads back into the same hosts.
[[nodiscard]] QByteArray render(const QString &upstream, const QList<Server> &servers, const QStringList &directives,
                                Colour colour, int percent, int liveWeight);

// Reads the `upstream NAME { ... }` block back into per-host weights. Servers are matched by
// their "# greenlight host=" comment, else by address.
[[nodiscard]] Result<RouterState> parse(const QByteArray &file, const QString &upstream, const QList<Server> &servers);

// Per-server request and 5xx counts from access-log lines in the "greenlight" format
// ('$msec|$upstream_addr|$upstream_status|$upstream_response_time'). Retried requests count
// for the last server tried. Each server tried also gets its own attempt's upstream time
// (nginx lists them in the order of the addresses), so a server that failed slowly before a
// retry shows its slowness. A line longer than kMaxLineBytes is skipped; a server keeps its
// newest kMaxUpstreamSamples times. Returns how many bytes were whole lines (the rest is kept
// for the next read).
inline constexpr qsizetype kMaxLineBytes = 4096;
inline constexpr qsizetype kMaxUpstreamSamples = 4096;
struct Counts
{
    qint64 requests = 0;
    qint64 errors5xx = 0;
    QList<double> upstreamMs; // appended to, oldest first; the caller clears it between reads
};
qsizetype countAccessLog(const QByteArray &chunk, QHash<QString, Counts> &byAddress);

} // namespace greenlight::nginxupstream
