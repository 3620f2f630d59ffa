#pragma once

// `exec --on WHERE`: a colour (blue, green), a colour known only from the router (live, idle),
// all of both colours (not the router's host), the router's host (router), or host names
// separated by commas. Read strictly against the file.

#include "common/result.h"
#include "config/deploymentconfig.h"

#include <QString>
#include <QStringList>

namespace greenlight {

struct HostSelection
{
    QString relative; // "live" or "idle": resolved from the router; empty: `hosts` is the answer
    QStringList hosts;
};

// What `on` names in `config`; refuses empty items, unknown or repeated names, and selections
// that match no host, the message naming --on and what it accepts.
[[nodiscard]] Result<HostSelection> selectHosts(const QString &on, const DeploymentConfig &config);

} // namespace greenlight
