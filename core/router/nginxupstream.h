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
// for the last server tried. Returns how many bytes were whole lines (the rest is kept for
// the next read).
struct Counts
{
    qint64 requests = 0;
    qint64 errors5xx = 0;
};
qsizetype countAccessLog(const QByteArray &chunk, QHash<QString, Counts> &byAddress);

} // namespace greenlight::nginxupstream
